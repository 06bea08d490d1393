//! Progress of work orders from their rows (seed 000's `obtener_progreso_general_ot/`): one work
//! order with its steps by status, or every active work order the caller sees, by front, client
//! and status. A work order's progress is the projection's (steps done of those that apply).

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};

use super::queries;
use crate::auth::Viewer;

/// One work order's progress.
#[derive(Debug, Serialize)]
pub struct Progreso {
    /// Numeric id.
    pub id: i64,
    /// Folio.
    pub orden_trabajo: String,
    /// Progress, 0–100, as decimal text.
    pub progreso: Decimal,
    /// Its steps by status.
    pub pasos: PasosPorEstatus,
}

/// A work order's steps counted by status.
#[derive(Debug, Serialize)]
pub struct PasosPorEstatus {
    /// Every step.
    pub total: i64,
    /// Not begun.
    pub pendientes: i64,
    /// Under way.
    pub en_proceso: i64,
    /// Done.
    pub terminados: i64,
    /// Not applicable.
    pub no_aplica: i64,
}

/// Every active work order the caller sees: how many, their average progress, and the same by
/// front, client and status.
#[derive(Debug, Default, Serialize)]
pub struct ProgresoGeneral {
    /// How many.
    pub ots: i64,
    /// Their average progress, two decimals.
    pub progreso: Decimal,
    /// By front.
    pub por_frente: Vec<Grupo>,
    /// By client.
    pub por_cliente: Vec<Grupo>,
    /// By status of the work.
    pub por_estatus: Vec<Grupo>,
}

/// The work orders of one front, client or status.
#[derive(Debug, Serialize)]
pub struct Grupo {
    /// The front's, client's or status's id; `None` for those without one.
    pub id: Option<i64>,
    /// Its name.
    pub descripcion: Option<String>,
    /// How many work orders.
    pub ots: i64,
    /// Their average progress, two decimals.
    pub progreso: Decimal,
}

/// One work order's progress, if it exists and `viewer` may see it.
pub async fn one(pool: &PgPool, id: i64, viewer: Viewer) -> sqlx::Result<Option<Progreso>> {
    if !queries::visible(pool, id, viewer).await? {
        return Ok(None);
    }
    let row = sqlx::query!(
        r#"SELECT w.id, w.orden_trabajo, w.progreso,
               count(s.id) AS "total!",
               count(s.id) FILTER (WHERE s.estatus_paso = 1) AS "pendientes!",
               count(s.id) FILTER (WHERE s.estatus_paso = 2) AS "en_proceso!",
               count(s.id) FILTER (WHERE s.estatus_paso = 3) AS "terminados!",
               count(s.id) FILTER (WHERE s.estatus_paso = 4) AS "no_aplica!"
           FROM work_orders w LEFT JOIN work_order_steps s ON s.work_order_id = w.id
           WHERE w.id = $1 GROUP BY w.id"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Progreso {
        id: r.id,
        orden_trabajo: r.orden_trabajo,
        progreso: r.progreso,
        pasos: PasosPorEstatus {
            total: r.total,
            pendientes: r.pendientes,
            en_proceso: r.en_proceso,
            terminados: r.terminados,
            no_aplica: r.no_aplica,
        },
    }))
}

/// Every active work order `viewer` sees, overall and by front, client and status (groups by
/// id, those without one last).
pub async fn overall(pool: &PgPool, viewer: Viewer) -> sqlx::Result<ProgresoGeneral> {
    let mut b = QueryBuilder::new("WITH w AS (SELECT w.* FROM work_orders w WHERE w.estatus = 1");
    viewer.push_filter(&mut b);
    let group = |kind: &str, key: &str, names: &str| {
        format!(
            " UNION ALL SELECT '{kind}', g.id, c.descripcion, g.ots, g.progreso
              FROM (SELECT {key}::int8 AS id, count(*) AS ots, round(avg(progreso), 2) AS progreso
                    FROM w GROUP BY {key}) g LEFT JOIN {names} c ON c.id = g.id"
        )
    };
    b.push(
        ") SELECT 'total' AS kind, NULL::int8 AS id, NULL::text AS descripcion, count(*) AS ots,
               coalesce(round(avg(progreso), 2), 0) AS progreso FROM w",
    );
    b.push(group("frente", "id_frente", "frentes"));
    b.push(group(
        "cliente",
        "id_cliente",
        "(SELECT id, nombre AS descripcion FROM clientes)",
    ));
    b.push(group("estatus", "id_estatus_ot", "estatus_ot"));
    b.push(" ORDER BY kind, id NULLS LAST");
    let rows: Vec<GroupRow> = b.build_query_as().fetch_all(pool).await?;
    let mut general = ProgresoGeneral::default();
    for row in rows {
        let grupo = Grupo {
            id: row.id,
            descripcion: row.descripcion,
            ots: row.ots,
            progreso: row.progreso,
        };
        match row.kind.as_str() {
            "frente" => general.por_frente.push(grupo),
            "cliente" => general.por_cliente.push(grupo),
            "estatus" => general.por_estatus.push(grupo),
            // The one row of kind `total`.
            _ => (general.ots, general.progreso) = (grupo.ots, grupo.progreso),
        }
    }
    Ok(general)
}

/// A row of [`overall`]'s query: the total, or one group of a kind.
#[derive(sqlx::FromRow)]
struct GroupRow {
    kind: String,
    id: Option<i64>,
    descripcion: Option<String>,
    ots: i64,
    progreso: Decimal,
}
