//! The audit trail of a work order: every write with who made it, when, through which route or
//! device, and what it changed (see [`crate::store::open`], which writes it).

use chrono::{DateTime, FixedOffset};
use ote_shared::api::EntradaHistorial;
use ote_shared::model::Cambio;
use ote_shared::sync::Notice;
use sqlx::PgPool;
use sqlx::types::Json;

/// The work order's audit entries, newest first.
pub async fn history(
    pool: &PgPool,
    work_order_id: i64,
) -> Result<Vec<EntradaHistorial>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT a.at AS "fecha: DateTime<FixedOffset>", u.username AS "usuario?",
               a.source AS origen, a.action AS accion,
               COALESCE(a.detail -> 'cambios', '[]') AS "cambios!: Json<Vec<Cambio>>",
               COALESCE(a.detail -> 'avisos', '[]') AS "avisos!: Json<Vec<Notice>>"
           FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
           WHERE a.work_order_id = $1 ORDER BY a.at DESC, a.id DESC"#,
        work_order_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| EntradaHistorial {
            fecha: r.fecha,
            usuario: r.usuario,
            origen: r.origen,
            accion: r.accion,
            cambios: r.cambios.0,
            avisos: r.avisos.0,
        })
        .collect())
}
