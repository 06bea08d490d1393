//! `GET /healthz`: the server is up and its database answers.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::Error;

/// The health route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz))
}

/// The server is up and its database answers.
#[utoipa::path(get, path = "/healthz", tag = "sync", security(()),
    responses((status = 200, description = "`{\"status\": \"ok\"}`"), (status = 500, description = "La base de datos no responde")))]
async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, Error> {
    sqlx::query!("SELECT 1 AS one")
        .fetch_one(&state.pool)
        .await?;
    Ok(Json(json!({ "status": "ok" })))
}
