//! The step templates a new work order's steps are made from (`pasos_ot`).

use ote_shared::model::PasoPlantilla;
use sqlx::PgExecutor;

/// Every step template, active or not.
pub async fn all<'e>(db: impl PgExecutor<'e>) -> Result<Vec<PasoPlantilla>, sqlx::Error> {
    sqlx::query_as!(
        PasoPlantilla,
        "SELECT id, descripcion, tipo, activo, orden FROM pasos_ot ORDER BY id"
    )
    .fetch_all(db)
    .await
}
