//! Queries of the server-owned catalogs.

/// The active work sites (`embarcaciones`, `plataformas`, `intercoms`, `patios`: each a list of
/// `{id, descripcion, id_frente}`), of one front or of all, as JSON text.
pub async fn sites(pool: &sqlx::PgPool, frente: Option<i64>) -> Result<String, sqlx::Error> {
    let list = |table: &str| {
        format!(
            "COALESCE((SELECT json_agg(json_build_object('id', id, 'descripcion', descripcion,
                 'id_frente', id_frente) ORDER BY descripcion, id)
             FROM {table} WHERE activo AND ($1::bigint IS NULL OR id_frente = $1)), '[]')"
        )
    };
    sqlx::query_scalar(&format!(
        "SELECT json_build_object('embarcaciones', {}, 'plataformas', {}, 'intercoms', {},
             'patios', {})::text",
        list("embarcaciones"),
        list("plataformas"),
        list("intercoms"),
        list("patios")
    ))
    .bind(frente)
    .fetch_one(pool)
    .await
}

/// Every catalog a form needs, as one JSON object of arrays (`tipos`, `estatus_ot`,
/// `estatus_paso`, `clientes`, `frentes`, `responsables_proyecto`, `pte_headers`,
/// `pasos_plantilla`, `empleados`, and the active sites by kind as [`sites`] gives them).
pub async fn all(pool: &sqlx::PgPool) -> Result<serde_json::Value, sqlx::Error> {
    let tables = [
        ("tipos", "tipos"),
        ("estatus_ot", "estatus_ot"),
        ("estatus_paso", "estatus_paso"),
        ("clientes", "clientes"),
        ("frentes", "frentes"),
        ("responsables_proyecto", "responsables_proyecto"),
        ("pte_headers", "pte_headers"),
        ("pasos_plantilla", "pasos_ot"),
        ("empleados", "empleados"),
    ];
    let parts: Vec<String> = tables
        .iter()
        .map(|(key, table)| {
            format!("'{key}', COALESCE((SELECT json_agg(t ORDER BY t.id) FROM {table} t), '[]')")
        })
        .collect();
    let text: String = sqlx::query_scalar(&format!(
        "SELECT json_build_object({})::text",
        parts.join(", ")
    ))
    .fetch_one(pool)
    .await?;
    let parse = |t: &str| -> Result<serde_json::Value, sqlx::Error> {
        serde_json::from_str(t).map_err(|e| sqlx::Error::Decode(e.into()))
    };
    let mut catalogs = parse(&text)?;
    let sitios = parse(&sites(pool, None).await?)?;
    catalogs["sitios"] = sitios;
    Ok(catalogs)
}
