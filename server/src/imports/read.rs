//! Reading what was imported: the import records and their history, an Anexo C's items, and
//! the schedule versions with their tasks.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use ote_shared::api::{
    ComparacionVersiones, Conteos, EstadoImportacion, FaseImportacion, Importacion, PartidaAnexo,
    Predecesora, RowError, TareaCronograma, TareaResumen, TipoImportacion, VersionCronograma,
};
use sqlx::PgPool;
use sqlx::types::Json;

/// The imports with ids `ids`, in that order (those that do not exist left out).
async fn records(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<Importacion>> {
    let rows = sqlx::query!(
        r#"SELECT i.id, i.kind, i.work_order_id, w.orden_trabajo, i.file_name, i.size, i.sha256,
               u.username AS "usuario?", i.status, i.fase, i.progress_done, i.progress_total,
               i.counts AS "conteos: Json<Conteos>", i.errors AS "errores: Json<Vec<RowError>>",
               i.error_code, i.error_message, i.nombre_version,
               i.creado AS "creado: DateTime<FixedOffset>",
               i.started_at AS "inicio: DateTime<FixedOffset>",
               i.finished_at AS "fin: DateTime<FixedOffset>"
           FROM imports i JOIN work_orders w ON w.id = i.work_order_id
           LEFT JOIN users u ON u.id = i.user_id
           WHERE i.id = ANY($1) ORDER BY array_position($1, i.id)"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    // The columns' CHECK constraints hold them to the enums' keys.
    let unknown = |column: &str, value: &str| {
        sqlx::Error::Decode(format!("imports.{column} desconocido: {value}").into())
    };
    rows.into_iter()
        .map(|r| {
            Ok(Importacion {
                id: r.id,
                tipo: TipoImportacion::de_clave(&r.kind).ok_or_else(|| unknown("kind", &r.kind))?,
                id_ot: r.work_order_id,
                orden_trabajo: r.orden_trabajo,
                archivo: r.file_name,
                tamano: r.size,
                sha256: r.sha256,
                usuario: r.usuario,
                estado: EstadoImportacion::de_clave(&r.status)
                    .ok_or_else(|| unknown("status", &r.status))?,
                fase: FaseImportacion::de_clave(&r.fase).ok_or_else(|| unknown("fase", &r.fase))?,
                hechos: r.progress_done,
                total: r.progress_total,
                conteos: r.conteos.0,
                errores: r.errores.0,
                codigo_error: r.error_code,
                mensaje_error: r.error_message,
                nombre_version: r.nombre_version,
                creado: r.creado,
                inicio: r.inicio,
                fin: r.fin,
            })
        })
        .collect()
}

/// One import, if it exists.
pub async fn import(pool: &PgPool, id: i64) -> sqlx::Result<Option<Importacion>> {
    Ok(records(pool, &[id]).await?.pop())
}

/// Columns the history can be sorted by.
pub const ORDERABLE: [&str; 8] = [
    "id",
    "creado",
    "archivo",
    "tipo",
    "estado",
    "tamano",
    "usuario",
    "orden_trabajo",
];

/// Which imports to list.
#[derive(Debug, Clone, Default)]
pub struct ImportFilter {
    /// Only this work order's.
    pub work_order_id: Option<i64>,
    /// Text in the file name, the folio or the user.
    pub q: Option<String>,
    /// One of [`ORDERABLE`] and whether descending; newest first when `None`.
    pub order: Option<(&'static str, bool)>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A page of the import history.
#[derive(Debug)]
pub struct HistoryPage {
    /// Imports of the filter's work order (all, without one).
    pub total: i64,
    /// Those that match the search.
    pub filtered: i64,
    /// The page of those.
    pub rows: Vec<Importacion>,
}

/// A page of the import history `f` asks for.
pub async fn history(pool: &PgPool, f: &ImportFilter) -> sqlx::Result<HistoryPage> {
    let pattern = f.q.as_deref().map(crate::db::containing);
    let (column, desc) = f.order.unwrap_or(("creado", true));
    let dir = if desc { "DESC" } else { "ASC" };
    // `column` is one of ORDERABLE, never the caller's text.
    let (total, filtered, ids): (i64, i64, Vec<i64>) = sqlx::query_as(&format!(
        "WITH scope AS (
             SELECT i.id, i.creado, i.file_name AS archivo, i.kind AS tipo, i.status AS estado,
                    i.size AS tamano, u.username AS usuario, w.orden_trabajo
             FROM imports i JOIN work_orders w ON w.id = i.work_order_id
             LEFT JOIN users u ON u.id = i.user_id
             WHERE $1::bigint IS NULL OR i.work_order_id = $1),
         hits AS (SELECT * FROM scope WHERE $2::text IS NULL
                  OR archivo ILIKE $2 OR orden_trabajo ILIKE $2 OR usuario ILIKE $2),
         page AS (SELECT id FROM hits ORDER BY {column} {dir} NULLS LAST, id DESC
                  OFFSET $3 LIMIT $4)
         SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM hits),
                ARRAY(SELECT id FROM page)"
    ))
    .bind(f.work_order_id)
    .bind(pattern)
    .bind(f.offset)
    .bind(f.limit)
    .fetch_one(pool)
    .await?;
    Ok(HistoryPage {
        total,
        filtered,
        rows: records(pool, &ids).await?,
    })
}

/// The import whose items a work order shows: its latest finished Anexo C (a newer file
/// replaces the older).
pub async fn latest_anexo(pool: &PgPool, work_order_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar!(
        "SELECT id FROM imports WHERE work_order_id = $1 AND kind = 'anexo'
         AND status = 'terminada' ORDER BY finished_at DESC, id DESC LIMIT 1",
        work_order_id
    )
    .fetch_optional(pool)
    .await
}

/// The items of the work order's latest finished Anexo C, in the file's order.
pub async fn anexo_items(pool: &PgPool, work_order_id: i64) -> sqlx::Result<Vec<PartidaAnexo>> {
    match latest_anexo(pool, work_order_id).await? {
        Some(import) => import_items(pool, import).await,
        None => Ok(Vec::new()),
    }
}

/// The items one Anexo C import stored, in the file's order (none for another kind of import,
/// or one that failed: a failed import writes nothing).
pub async fn import_items(pool: &PgPool, import: i64) -> sqlx::Result<Vec<PartidaAnexo>> {
    sqlx::query_as!(
        PartidaAnexo,
        "SELECT partida, descripcion, unidad, cantidad, precio_unitario_mxn, precio_unitario_usd,
                importe_mxn, importe_usd, hoja, fila
         FROM anexo_items WHERE import_id = $1 ORDER BY orden",
        import
    )
    .fetch_all(pool)
    .await
}

/// The work order's schedule versions, newest first.
pub async fn schedule_versions(
    pool: &PgPool,
    work_order_id: i64,
) -> sqlx::Result<Vec<VersionCronograma>> {
    sqlx::query_as!(
        VersionCronograma,
        r#"SELECT id, nombre_version, creado AS "creado: DateTime<FixedOffset>",
               task_count AS tareas, import_id AS id_importacion
           FROM schedule_versions WHERE work_order_id = $1 ORDER BY creado DESC, id DESC"#,
        work_order_id
    )
    .fetch_all(pool)
    .await
}

/// Whether every one of `versions` is one of the work order's schedule versions.
async fn are_versions_of(
    pool: &PgPool,
    work_order_id: i64,
    versions: &[i64],
) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT count(*) = cardinality(ARRAY(SELECT DISTINCT unnest($1::int8[]))) AS "all!"
           FROM schedule_versions WHERE id = ANY($1) AND work_order_id = $2"#,
        versions,
        work_order_id
    )
    .fetch_one(pool)
    .await
}

/// The tasks of one version of the work order's schedule, in outline order; `None` when the
/// version is not the work order's.
pub async fn schedule_tasks(
    pool: &PgPool,
    work_order_id: i64,
    version: i64,
) -> sqlx::Result<Option<Vec<TareaCronograma>>> {
    if !are_versions_of(pool, work_order_id, &[version]).await? {
        return Ok(None);
    }
    let (tasks, links) = tokio::try_join!(
        sqlx::query!(
            "SELECT uid, id_tarea, wbs, nombre, nivel, padre, inicio, fin, duracion_horas,
                    porcentaje_completado, hito, resumen
             FROM schedule_tasks WHERE version_id = $1 ORDER BY id_tarea NULLS LAST, uid",
            version
        )
        .fetch_all(pool),
        sqlx::query!(
            "SELECT task_uid, predecessor_uid, tipo, retraso_horas FROM schedule_predecessors
             WHERE version_id = $1 ORDER BY task_uid, predecessor_uid",
            version
        )
        .fetch_all(pool),
    )?;
    let mut predecesoras: BTreeMap<i32, Vec<Predecesora>> = BTreeMap::new();
    for l in links {
        predecesoras
            .entry(l.task_uid)
            .or_default()
            .push(Predecesora {
                uid: l.predecessor_uid,
                tipo: l.tipo,
                retraso_horas: l.retraso_horas,
            });
    }
    let tareas = tasks.into_iter().map(|t| TareaCronograma {
        predecesoras: predecesoras.remove(&t.uid).unwrap_or_default(),
        uid: t.uid,
        id: t.id_tarea,
        wbs: t.wbs,
        nombre: t.nombre,
        nivel: t.nivel,
        padre: t.padre,
        inicio: t.inicio,
        fin: t.fin,
        duracion_horas: t.duracion_horas,
        porcentaje_completado: t.porcentaje_completado,
        hito: t.hito,
        resumen: t.resumen,
    });
    Ok(Some(tareas.collect()))
}

/// What changed from version `from` to version `to` of the work order's schedule (see
/// [`ComparacionVersiones::of`]); `None` when a version is not the work order's.
pub async fn compare_versions(
    pool: &PgPool,
    work_order_id: i64,
    from: i64,
    to: i64,
) -> sqlx::Result<Option<ComparacionVersiones>> {
    if !are_versions_of(pool, work_order_id, &[from, to]).await? {
        return Ok(None);
    }
    let (antes, despues) = tokio::try_join!(task_summaries(pool, from), task_summaries(pool, to))?;
    Ok(Some(ComparacionVersiones::of(from, &antes, to, &despues)))
}

async fn task_summaries(pool: &PgPool, version: i64) -> sqlx::Result<Vec<TareaResumen>> {
    sqlx::query_as!(
        TareaResumen,
        "SELECT uid, nombre, inicio, fin FROM schedule_tasks WHERE version_id = $1 ORDER BY uid",
        version
    )
    .fetch_all(pool)
    .await
}
