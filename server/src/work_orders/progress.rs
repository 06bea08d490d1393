//! Progress of work orders from their rows (seed 000's `obtener_progreso_general_ot/`): one work
//! order with its steps by status, or every active work order the caller sees, by front, client
//! and status. A work order's progress is the projection's (steps done of those that apply).

use sqlx::{PgPool, QueryBuilder};

use crate::auth::Viewer;

/// One work order's progress as JSON text: `{id, orden_trabajo, progreso, pasos: {total,
/// pendientes, en_proceso, terminados, no_aplica}}`, if it exists and `viewer` may see it.
pub async fn one(pool: &PgPool, id: i64, viewer: Viewer) -> sqlx::Result<Option<String>> {
    let mut b = QueryBuilder::new(
        "SELECT json_build_object('id', w.id, 'orden_trabajo', w.orden_trabajo,
             'progreso', w.progreso::text, 'pasos', (SELECT json_build_object(
                 'total', count(*),
                 'pendientes', count(*) FILTER (WHERE s.estatus_paso = 1),
                 'en_proceso', count(*) FILTER (WHERE s.estatus_paso = 2),
                 'terminados', count(*) FILTER (WHERE s.estatus_paso = 3),
                 'no_aplica', count(*) FILTER (WHERE s.estatus_paso = 4))
             FROM work_order_steps s WHERE s.work_order_id = w.id))::text
         FROM work_orders w WHERE w.id = ",
    );
    b.push_bind(id);
    viewer.push_filter(&mut b);
    b.build_query_scalar().fetch_optional(pool).await
}

/// Every active work order `viewer` sees, as JSON text: `{ots, progreso, por_frente,
/// por_cliente, por_estatus}`, each group `[{id, descripcion, ots, progreso}]` (the average
/// progress, two decimals, as text).
pub async fn overall(pool: &PgPool, viewer: Viewer) -> sqlx::Result<String> {
    let mut b = QueryBuilder::new("WITH w AS (SELECT w.* FROM work_orders w WHERE w.estatus = 1");
    viewer.push_filter(&mut b);
    let group = |key: &str, table: &str| {
        format!(
            "COALESCE((SELECT json_agg(json_build_object('id', g.id, 'descripcion', c.descripcion,
                 'ots', g.ots, 'progreso', g.progreso::text) ORDER BY g.id NULLS LAST)
             FROM (SELECT {key} AS id, count(*) AS ots, round(avg(progreso), 2) AS progreso
                   FROM w GROUP BY {key}) g LEFT JOIN {table} c ON c.id = g.id), '[]')"
        )
    };
    b.push(format!(
        ") SELECT json_build_object('ots', (SELECT count(*) FROM w),
             'progreso', (SELECT coalesce(round(avg(progreso), 2), 0)::text FROM w),
             'por_frente', {}, 'por_cliente', {}, 'por_estatus', {})::text",
        group("id_frente", "frentes"),
        group(
            "id_cliente",
            "(SELECT id, nombre AS descripcion FROM clientes)"
        ),
        group("id_estatus_ot", "estatus_ot"),
    ));
    b.build_query_scalar().fetch_one(pool).await
}
