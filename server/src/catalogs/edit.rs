//! The office's edits of the catalogs: add an entry, rename it, deactivate or reactivate it,
//! order a type's step templates. Nothing is deleted: a work order that names an entry keeps
//! reading its name. Every change is written with its audit entry (who, the route, the entry
//! before and after) in one transaction.
//!
//! The ten catalogs share one shape here (a name, `activo`, and a site's front or a template's
//! type and order), so their statements are built from [`Shape`]'s fixed table and column
//! names, never from what a caller sent.

use ote_shared::api::{CambioEntrada, EntradaCatalogo, NuevaEntrada, OrdenPasos, TipoCatalogo};
use serde_json::json;
use sqlx::{PgPool, Postgres, Transaction};

/// The longest name accepted.
pub const MAX_NAME_CHARS: usize = 200;

/// Why an edit was refused.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The name is empty or too long.
    #[error("el nombre es obligatorio y tiene a lo más 200 caracteres")]
    InvalidName,
    /// A step template needs its type.
    #[error("un paso de plantilla necesita su tipo (5 o 18)")]
    NoTipo,
    /// The front named does not exist.
    #[error("el frente no existe")]
    NoFrente,
    /// Another entry has that name where names are unique (a PTE's oficio).
    #[error("ya existe una entrada con ese nombre")]
    Duplicate,
    /// The order does not list every template of the type exactly once.
    #[error("el orden debe nombrar cada paso de ese tipo una vez")]
    Order,
    /// No such entry.
    #[error("la entrada no existe")]
    NotFound,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Who made a change, as the audit trail records it.
pub struct Author<'a> {
    /// The user.
    pub user_id: i64,
    /// `METHOD /path` of the route.
    pub route: &'a str,
}

/// Where a catalog lives: its table and the column that names an entry.
struct Shape {
    table: &'static str,
    name: &'static str,
}

fn shape(catalogo: TipoCatalogo) -> Shape {
    let (table, name) = match catalogo {
        TipoCatalogo::Clientes => ("clientes", "nombre"),
        TipoCatalogo::Frentes => ("frentes", "descripcion"),
        TipoCatalogo::Embarcaciones => ("embarcaciones", "descripcion"),
        TipoCatalogo::Plataformas => ("plataformas", "descripcion"),
        TipoCatalogo::Intercoms => ("intercoms", "descripcion"),
        TipoCatalogo::Patios => ("patios", "descripcion"),
        TipoCatalogo::ResponsablesProyecto => ("responsables_proyecto", "nombre"),
        TipoCatalogo::PteHeaders => ("pte_headers", "oficio_pte"),
        TipoCatalogo::Empleados => ("empleados", "nombre"),
        TipoCatalogo::PasosPlantilla => ("pasos_ot", "descripcion"),
    };
    Shape { table, name }
}

/// The columns of an [`EntradaCatalogo`] for `catalogo`.
fn columns(catalogo: TipoCatalogo) -> String {
    let Shape { name, .. } = shape(catalogo);
    let frente = if catalogo.es_sitio() {
        "id_frente"
    } else {
        "NULL::int8"
    };
    let (tipo, orden) = match catalogo {
        TipoCatalogo::PasosPlantilla => ("tipo", "orden"),
        _ => ("NULL::int4", "NULL::int4"),
    };
    format!("id, {name} AS nombre, activo, {frente} AS id_frente, {tipo} AS tipo, {orden} AS orden")
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    nombre: String,
    activo: bool,
    id_frente: Option<i64>,
    tipo: Option<i32>,
    orden: Option<i32>,
}

impl From<Row> for EntradaCatalogo {
    fn from(r: Row) -> EntradaCatalogo {
        EntradaCatalogo {
            id: r.id,
            nombre: r.nombre,
            activo: r.activo,
            id_frente: r.id_frente,
            tipo: r.tipo,
            orden: r.orden,
        }
    }
}

/// Every entry of `catalogo`, active or not: templates by type and order, the rest by name.
pub async fn list(
    pool: &PgPool,
    catalogo: TipoCatalogo,
) -> Result<Vec<EntradaCatalogo>, sqlx::Error> {
    let order = match catalogo {
        TipoCatalogo::PasosPlantilla => "tipo, orden NULLS LAST, id",
        _ => "nombre, id",
    };
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {order}",
        columns(catalogo),
        shape(catalogo).table
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(pool).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

async fn one(
    tx: &mut Transaction<'_, Postgres>,
    catalogo: TipoCatalogo,
    id: i64,
) -> Result<EntradaCatalogo, CatalogError> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = $1",
        columns(catalogo),
        shape(catalogo).table
    );
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(Into::into).ok_or(CatalogError::NotFound)
}

fn checked_name(name: &str) -> Result<String, CatalogError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(CatalogError::InvalidName);
    }
    Ok(name.to_owned())
}

/// Adds an entry to `catalogo` (active); a step template goes last among its type's.
pub async fn add(
    pool: &PgPool,
    author: &Author<'_>,
    catalogo: TipoCatalogo,
    nueva: &NuevaEntrada,
) -> Result<EntradaCatalogo, CatalogError> {
    let name = checked_name(&nueva.nombre)?;
    let Shape {
        table,
        name: column,
    } = shape(catalogo);
    let mut tx = pool.begin().await?;
    let inserted: Result<i64, sqlx::Error> = match catalogo {
        TipoCatalogo::PasosPlantilla => {
            let tipo = nueva
                .tipo
                .filter(|t| (1..=999).contains(t))
                .ok_or(CatalogError::NoTipo)?;
            sqlx::query_scalar(
                "INSERT INTO pasos_ot (descripcion, tipo, orden)
                 SELECT $1, $2, (SELECT max(orden) + 1 FROM pasos_ot WHERE tipo = $2) RETURNING id",
            )
            .bind(&name)
            .bind(tipo)
            .fetch_one(&mut *tx)
            .await
        }
        c if c.es_sitio() => {
            sqlx::query_scalar(&format!(
                "INSERT INTO {table} ({column}, id_frente) VALUES ($1, $2) RETURNING id"
            ))
            .bind(&name)
            .bind(nueva.id_frente)
            .fetch_one(&mut *tx)
            .await
        }
        _ => {
            sqlx::query_scalar(&format!(
                "INSERT INTO {table} ({column}) VALUES ($1) RETURNING id"
            ))
            .bind(&name)
            .fetch_one(&mut *tx)
            .await
        }
    };
    let id = inserted.map_err(refusal)?;
    let entrada = one(&mut tx, catalogo, id).await?;
    audit(
        &mut tx,
        author,
        "catalogo_agregar",
        catalogo,
        None,
        &entrada,
    )
    .await?;
    tx.commit().await?;
    Ok(entrada)
}

/// Renames, deactivates or reactivates the entry `id` of `catalogo`.
pub async fn change(
    pool: &PgPool,
    author: &Author<'_>,
    catalogo: TipoCatalogo,
    id: i64,
    cambio: &CambioEntrada,
) -> Result<EntradaCatalogo, CatalogError> {
    let name = cambio.nombre.as_deref().map(checked_name).transpose()?;
    let Shape {
        table,
        name: column,
    } = shape(catalogo);
    let mut tx = pool.begin().await?;
    let before = one(&mut tx, catalogo, id).await?;
    sqlx::query(&format!(
        "UPDATE {table} SET {column} = COALESCE($2, {column}), activo = COALESCE($3, activo)
         WHERE id = $1"
    ))
    .bind(id)
    .bind(name)
    .bind(cambio.activo)
    .execute(&mut *tx)
    .await
    .map_err(refusal)?;
    let after = one(&mut tx, catalogo, id).await?;
    audit(
        &mut tx,
        author,
        "catalogo_cambiar",
        catalogo,
        Some(&before),
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Orders the step templates of `orden.tipo` as `orden.ids` lists them (every one, once).
pub async fn reorder(
    pool: &PgPool,
    author: &Author<'_>,
    orden: &OrdenPasos,
) -> Result<Vec<EntradaCatalogo>, CatalogError> {
    let mut tx = pool.begin().await?;
    let mut current: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM pasos_ot WHERE tipo = $1 ORDER BY id FOR UPDATE")
            .bind(orden.tipo)
            .fetch_all(&mut *tx)
            .await?;
    let mut asked = orden.ids.clone();
    asked.sort_unstable();
    current.sort_unstable();
    if current.is_empty() || asked != current {
        return Err(CatalogError::Order);
    }
    sqlx::query(
        "UPDATE pasos_ot SET orden = o.n FROM unnest($1::int8[]) WITH ORDINALITY AS o(id, n)
         WHERE pasos_ot.id = o.id",
    )
    .bind(&orden.ids)
    .execute(&mut *tx)
    .await?;
    let detail =
        json!({ "catalogo": TipoCatalogo::PasosPlantilla, "tipo": orden.tipo, "orden": orden.ids });
    insert_audit(&mut tx, author, "catalogo_ordenar", detail).await?;
    tx.commit().await?;
    let all = list(pool, TipoCatalogo::PasosPlantilla).await?;
    Ok(all
        .into_iter()
        .filter(|e| e.tipo == Some(orden.tipo))
        .collect())
}

/// A statement the schema refused, as the caller's mistake it was.
fn refusal(e: sqlx::Error) -> CatalogError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => CatalogError::Duplicate,
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => CatalogError::NoFrente,
        _ => CatalogError::Database(e),
    }
}

async fn audit(
    tx: &mut Transaction<'_, Postgres>,
    author: &Author<'_>,
    action: &str,
    catalogo: TipoCatalogo,
    before: Option<&EntradaCatalogo>,
    after: &EntradaCatalogo,
) -> Result<(), sqlx::Error> {
    let detail = json!({ "catalogo": catalogo, "antes": before, "despues": after });
    insert_audit(tx, author, action, detail).await
}

async fn insert_audit(
    tx: &mut Transaction<'_, Postgres>,
    author: &Author<'_>,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO audit_log (user_id, source, action, detail) VALUES ($1, $2, $3, $4::text::jsonb)",
        author.user_id,
        author.route,
        action,
        detail.to_string()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
