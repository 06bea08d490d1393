//! Reading a work order's steps from their rows, for seed 000's `detalle/datatable/`.

use sqlx::PgPool;

/// Columns the steps can be sorted by.
pub const SORTABLE: [&str; 6] = [
    "id",
    "id_paso",
    "estatus_paso",
    "fecha_entrega",
    "fecha_inicio",
    "fecha_termino",
];

/// Which steps of one work order.
#[derive(Debug, Clone)]
pub struct StepFilter {
    /// The work order's numeric id.
    pub work_order_id: i64,
    /// Text in the step's name or comment.
    pub q: Option<String>,
    /// One of [`SORTABLE`] and whether descending; template order when `None`.
    pub order: Option<(&'static str, bool)>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// `(total, filtered, rows as a JSON array)`: each row `{id, id_ot, id_paso, paso,
/// estatus_paso, estatus, fecha_entrega, fecha_inicio, fecha_termino, comentario, archivo}`.
pub async fn page(pool: &PgPool, f: &StepFilter) -> sqlx::Result<(i64, i64, String)> {
    let pattern = f.q.as_deref().map(crate::db::containing);
    let (column, desc) = f.order.unwrap_or(("id_paso", false));
    let dir = if desc { "DESC" } else { "ASC" };
    sqlx::query_as(&format!(
        "WITH scope AS (
             SELECT s.*, p.descripcion AS paso, e.descripcion AS estatus
             FROM work_order_steps s
             LEFT JOIN pasos_ot p ON p.id = s.id_paso
             LEFT JOIN estatus_paso e ON e.id = s.estatus_paso
             WHERE s.work_order_id = $1),
         hits AS (SELECT * FROM scope WHERE $2::text IS NULL OR paso ILIKE $2 OR comentario ILIKE $2),
         page AS (SELECT * FROM hits ORDER BY {column} {dir} NULLS LAST, id OFFSET $3 LIMIT $4)
         SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM hits),
                COALESCE((SELECT json_agg(json_build_object('id', id, 'id_ot', work_order_id,
                    'id_paso', id_paso, 'paso', paso, 'estatus_paso', estatus_paso, 'estatus', estatus,
                    'fecha_entrega', fecha_entrega, 'fecha_inicio', fecha_inicio,
                    'fecha_termino', fecha_termino, 'comentario', comentario, 'archivo', archivo)
                    ORDER BY {column} {dir} NULLS LAST, id) FROM page), '[]')::text"
    ))
    .bind(f.work_order_id)
    .bind(pattern)
    .bind(f.offset)
    .bind(f.limit)
    .fetch_one(pool)
    .await
}
