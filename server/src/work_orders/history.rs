//! The audit trail of a work order: every write with who made it, when, through which route or
//! device, and what it changed (see [`crate::store::open`], which writes it).

use sqlx::PgPool;

/// The work order's audit entries, newest first, as a JSON array of `{fecha, usuario, origen,
/// accion, cambios, avisos}` (`cambios`: `{campo, antes, despues}`).
pub async fn history(pool: &PgPool, work_order_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(json_agg(json_build_object(
                 'fecha', a.at, 'usuario', u.username, 'origen', a.source, 'accion', a.action,
                 'cambios', COALESCE(a.detail -> 'cambios', '[]'),
                 'avisos', COALESCE(a.detail -> 'avisos', '[]'))
             ORDER BY a.at DESC, a.id DESC), '[]')::text
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.work_order_id = $1",
    )
    .bind(work_order_id)
    .fetch_one(pool)
    .await
}
