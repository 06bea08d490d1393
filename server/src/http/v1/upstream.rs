//! `GET /api/v1/upstream`: a vessel hub's link with shore: when shore was last reached, what
//! waits to go up, what came down (see [`crate::upstream`]).

use axum::Json;
use axum::extract::State;
use ote_shared::api::upstream::EnlaceCosta;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::CurrentUser;
use crate::http::openapi::Errors;
use crate::state::AppState;
use crate::upstream::status;

/// The link's route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(link))
}

/// The link of this server with shore, for anyone signed in: the tablets on board show it.
#[utoipa::path(get, path = "/api/v1/upstream", tag = "sync", operation_id = "enlace_costa",
    responses((status = 200, body = EnlaceCosta), Errors))]
async fn link(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<EnlaceCosta>, Error> {
    if state.config.upstream.is_none() {
        // Shore: nothing waits to go anywhere (and counting would scan every document).
        return Ok(Json(EnlaceCosta::default()));
    }
    Ok(Json(status::read(&state.pool).await?))
}
