//! The step templates a new work order's steps are made from (`pasos_ot`).

use ote_shared::model::PasoPlantilla;
use sqlx::PgExecutor;

/// Every step template, active or not.
pub async fn all<'e>(db: impl PgExecutor<'e>) -> Result<Vec<PasoPlantilla>, sqlx::Error> {
    let rows: Vec<(i64, String, i32, bool)> =
        sqlx::query_as("SELECT id, descripcion, tipo, activo FROM pasos_ot ORDER BY id")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, descripcion, tipo, activo)| PasoPlantilla {
            id,
            descripcion,
            tipo,
            activo,
        })
        .collect())
}
