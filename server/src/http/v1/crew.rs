//! `GET /api/v1/crew`: a vessel hub's crew, for the hub's shore account only: the accounts
//! its server writes into its own (see [`crate::auth::crew`]).

use axum::Json;
use axum::extract::State;
use ote_shared::api::upstream::Tripulante;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::{CurrentUser, Role, crew};
use crate::http::openapi::Errors;
use crate::state::AppState;

/// The crew's route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The calling hub's crew, password hashes included (role hub only).
#[utoipa::path(get, path = "/api/v1/crew", tag = "sync", operation_id = "tripulacion",
    responses((status = 200, body = Vec<Tripulante>), Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Tripulante>>, Error> {
    user.require(Role::is_hub)?;
    Ok(Json(crew::of(&state.pool, user.id).await?))
}
