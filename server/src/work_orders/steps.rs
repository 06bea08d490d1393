//! Reading a work order's steps from their rows, for seed 000's `detalle/datatable/`.

use chrono::NaiveDate;
use ote_shared::model::Archivo;
use serde::Serialize;
use sqlx::PgPool;
use sqlx::types::Json;

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

/// One step as seed 000's `detalle/datatable/` lists it: with its template's name and its
/// status's.
#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StepRow {
    /// Numeric id (the seeds' `OTDetalle.id`).
    pub id: i64,
    /// The work order's numeric id.
    pub id_ot: i64,
    /// The template it was made from.
    pub id_paso: i64,
    /// The template's name.
    pub paso: Option<String>,
    /// Status code.
    pub estatus_paso: i16,
    /// Status name.
    pub estatus: Option<String>,
    /// Delivery date.
    pub fecha_entrega: Option<NaiveDate>,
    /// Start.
    pub fecha_inicio: Option<NaiveDate>,
    /// End.
    pub fecha_termino: Option<NaiveDate>,
    /// Comment.
    pub comentario: String,
    /// The attached file.
    #[schema(value_type = Option<Archivo>)]
    pub archivo: Option<Json<Archivo>>,
}

/// A page of one work order's steps.
#[derive(Debug)]
pub struct StepPage {
    /// The work order's steps.
    pub total: i64,
    /// Those that match the search.
    pub filtered: i64,
    /// The page of those.
    pub rows: Vec<StepRow>,
}

/// The steps of the work order, those matching the search, and the page asked for.
const SCOPE: &str = "WITH scope AS (
        SELECT s.id, s.work_order_id AS id_ot, s.id_paso, p.descripcion AS paso, s.estatus_paso,
               e.descripcion AS estatus, s.fecha_entrega, s.fecha_inicio, s.fecha_termino,
               s.comentario, s.archivo
        FROM work_order_steps s
        LEFT JOIN pasos_ot p ON p.id = s.id_paso
        LEFT JOIN estatus_paso e ON e.id = s.estatus_paso
        WHERE s.work_order_id = $1),
    hits AS (SELECT * FROM scope WHERE $2::text IS NULL OR paso ILIKE $2 OR comentario ILIKE $2)";

/// The page of the work order's steps `f` asks for, with the counts DataTables shows.
pub async fn page(pool: &PgPool, f: &StepFilter) -> sqlx::Result<StepPage> {
    let pattern = f.q.as_deref().map(crate::db::containing);
    let (column, desc) = f.order.unwrap_or(("id_paso", false));
    let dir = if desc { "DESC" } else { "ASC" };
    let (total, filtered): (i64, i64) = sqlx::query_as(&format!(
        "{SCOPE} SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM hits)"
    ))
    .bind(f.work_order_id)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    // `column` is one of SORTABLE, never the caller's text.
    let rows = sqlx::query_as(&format!(
        "{SCOPE} SELECT * FROM hits ORDER BY {column} {dir} NULLS LAST, id OFFSET $3 LIMIT $4"
    ))
    .bind(f.work_order_id)
    .bind(&pattern)
    .bind(f.offset)
    .bind(f.limit)
    .fetch_all(pool)
    .await?;
    Ok(StepPage {
        total,
        filtered,
        rows,
    })
}
