//! Reading what was imported, as JSON text built by PostgreSQL (decimals as strings, so money
//! stays exact on the wire).

use sqlx::PgPool;

/// One import's record: file, user, times, status, phase, progress, counts, errors.
const IMPORT_JSON: &str = "json_build_object(
    'id', i.id, 'tipo', i.kind, 'id_ot', i.work_order_id, 'orden_trabajo', w.orden_trabajo,
    'archivo', i.file_name, 'tamano', i.size, 'sha256', i.sha256, 'usuario', u.username,
    'estado', i.status, 'fase', i.fase, 'hechos', i.progress_done, 'total', i.progress_total,
    'conteos', i.counts, 'errores', i.errors, 'codigo_error', i.error_code,
    'mensaje_error', i.error_message, 'nombre_version', i.nombre_version, 'creado', i.creado,
    'inicio', i.started_at, 'fin', i.finished_at)";

const IMPORT_FROM: &str = "FROM imports i JOIN work_orders w ON w.id = i.work_order_id
    LEFT JOIN users u ON u.id = i.user_id";

/// One import with its work order's numeric id, if it exists.
pub async fn import(pool: &PgPool, id: i64) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(&format!(
        "SELECT i.work_order_id, {IMPORT_JSON}::text {IMPORT_FROM} WHERE i.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
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

/// A page of the import history: `(total, filtered, rows as a JSON array)`.
pub async fn history(pool: &PgPool, f: &ImportFilter) -> sqlx::Result<(i64, i64, String)> {
    let pattern = f.q.as_deref().map(crate::db::containing);
    let (column, desc) = f.order.unwrap_or(("creado", true));
    let dir = if desc { "DESC" } else { "ASC" };
    sqlx::query_as(&format!(
        "WITH scope AS (
             SELECT i.id, i.creado, i.file_name AS archivo, i.kind AS tipo, i.status AS estado,
                    i.size AS tamano, u.username AS usuario, w.orden_trabajo
             {IMPORT_FROM} WHERE $1::bigint IS NULL OR i.work_order_id = $1),
         hits AS (SELECT * FROM scope WHERE $2::text IS NULL
                  OR archivo ILIKE $2 OR orden_trabajo ILIKE $2 OR usuario ILIKE $2),
         page AS (SELECT id, row_number() OVER (ORDER BY {column} {dir} NULLS LAST, id DESC) AS n
                  FROM hits ORDER BY n OFFSET $3 LIMIT $4)
         SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM hits),
                COALESCE((SELECT json_agg({IMPORT_JSON} ORDER BY p.n)
                          FROM page p JOIN imports i ON i.id = p.id JOIN work_orders w ON w.id = i.work_order_id
                          LEFT JOIN users u ON u.id = i.user_id), '[]')::text"
    ))
    .bind(f.work_order_id)
    .bind(pattern)
    .bind(f.offset)
    .bind(f.limit)
    .fetch_one(pool)
    .await
}

/// The import whose items a work order (`$1`) shows: its latest finished Anexo C (a newer
/// file replaces the older).
pub const LATEST_ANEXO: &str = "SELECT id FROM imports WHERE work_order_id = $1 AND kind = 'anexo'
    AND status = 'terminada' ORDER BY finished_at DESC, id DESC LIMIT 1";

/// The items of the work order's latest finished Anexo C.
pub async fn anexo_items(pool: &PgPool, work_order_id: i64) -> sqlx::Result<String> {
    sqlx::query_scalar(&format!(
        "SELECT COALESCE(json_agg(json_build_object(
             'partida', a.partida, 'descripcion', a.descripcion, 'unidad', a.unidad,
             'cantidad', a.cantidad::text,
             'precio_unitario_mxn', a.precio_unitario_mxn::text, 'precio_unitario_usd', a.precio_unitario_usd::text,
             'importe_mxn', a.importe_mxn::text, 'importe_usd', a.importe_usd::text,
             'hoja', a.hoja, 'fila', a.fila) ORDER BY a.orden), '[]')::text
         FROM anexo_items a
         WHERE a.import_id = ({LATEST_ANEXO})"
    ))
    .bind(work_order_id)
    .fetch_one(pool)
    .await
}

/// The work order's schedule versions, newest first.
pub async fn schedule_versions(pool: &PgPool, work_order_id: i64) -> sqlx::Result<String> {
    sqlx::query_scalar(
        "SELECT COALESCE(json_agg(json_build_object('id', v.id, 'nombre_version', v.nombre_version,
             'creado', v.creado, 'tareas', v.task_count, 'id_importacion', v.import_id)
             ORDER BY v.creado DESC, v.id DESC), '[]')::text
         FROM schedule_versions v WHERE v.work_order_id = $1",
    )
    .bind(work_order_id)
    .fetch_one(pool)
    .await
}

/// The tasks of one version of the work order's schedule, in outline order; `None` when the
/// version is not the work order's.
pub async fn schedule_tasks(
    pool: &PgPool,
    work_order_id: i64,
    version: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT COALESCE((SELECT json_agg(json_build_object(
             'uid', t.uid, 'id', t.id_tarea, 'wbs', t.wbs, 'nombre', t.nombre, 'nivel', t.nivel,
             'padre', t.padre, 'inicio', t.inicio, 'fin', t.fin,
             'duracion_horas', t.duracion_horas::text, 'porcentaje_completado', t.porcentaje_completado::text,
             'hito', t.hito, 'resumen', t.resumen,
             'predecesoras', COALESCE((SELECT json_agg(json_build_object('uid', p.predecessor_uid,
                 'tipo', p.tipo, 'retraso_horas', p.retraso_horas::text) ORDER BY p.predecessor_uid)
                 FROM schedule_predecessors p WHERE p.version_id = t.version_id AND p.task_uid = t.uid), '[]'))
             ORDER BY t.id_tarea NULLS LAST, t.uid)
             FROM schedule_tasks t WHERE t.version_id = v.id), '[]')::text
         FROM schedule_versions v WHERE v.id = $2 AND v.work_order_id = $1",
    )
    .bind(work_order_id)
    .bind(version)
    .fetch_optional(pool)
    .await
}

/// What changed from version `from` to version `to` of the work order's schedule, matching
/// tasks by UID (MS Project keeps it across saves): tasks added, removed, and moved (start or
/// finish changed, with the shift of the finish in hours). `None` when a version is not the
/// work order's.
pub async fn compare_versions(
    pool: &PgPool,
    work_order_id: i64,
    from: i64,
    to: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "WITH v AS (SELECT count(*) AS n FROM schedule_versions WHERE work_order_id = $1 AND id IN ($2, $3)),
              a AS (SELECT uid, nombre, inicio, fin FROM schedule_tasks WHERE version_id = $2),
              b AS (SELECT uid, nombre, inicio, fin FROM schedule_tasks WHERE version_id = $3)
         SELECT json_build_object(
             'de', $2, 'a', $3,
             'agregadas', COALESCE((SELECT json_agg(json_build_object('uid', b.uid, 'nombre', b.nombre,
                 'inicio', b.inicio, 'fin', b.fin) ORDER BY b.uid)
                 FROM b WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.uid = b.uid)), '[]'),
             'eliminadas', COALESCE((SELECT json_agg(json_build_object('uid', a.uid, 'nombre', a.nombre,
                 'inicio', a.inicio, 'fin', a.fin) ORDER BY a.uid)
                 FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.uid = a.uid)), '[]'),
             'movidas', COALESCE((SELECT json_agg(json_build_object('uid', b.uid, 'nombre', b.nombre,
                 'inicio_antes', a.inicio, 'inicio_despues', b.inicio, 'fin_antes', a.fin, 'fin_despues', b.fin,
                 'desfase_horas', round((extract(epoch FROM b.fin - a.fin) / 3600)::numeric, 2)::text) ORDER BY b.uid)
                 FROM a JOIN b USING (uid)
                 WHERE a.inicio IS DISTINCT FROM b.inicio OR a.fin IS DISTINCT FROM b.fin), '[]'),
             'sin_cambios', (SELECT count(*) FROM a JOIN b USING (uid)
                 WHERE a.inicio IS NOT DISTINCT FROM b.inicio AND a.fin IS NOT DISTINCT FROM b.fin)
         )::text FROM v WHERE v.n = CASE WHEN $2 = $3 THEN 1 ELSE 2 END",
    )
    .bind(work_order_id)
    .bind(from)
    .bind(to)
    .fetch_optional(pool)
    .await
}
