//! `POST /api/sync`: a device's batch (see `ote_shared::sync`).

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use ote_shared::sync::wire::MAX_REQUEST_BYTES;
use ote_shared::sync::{SyncRequest, SyncResponse};

use super::AppState;
use crate::Error;
use crate::auth::CurrentUser;
use crate::users::Role;

/// The sync route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/sync", post(sync))
}

async fn sync(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Body,
) -> Result<Json<SyncResponse>, Error> {
    let request = parse(body).await?;
    if !request.docs.is_empty() {
        user.require(&[Role::Admin, Role::Oficina, Role::Campo])?;
    }
    Ok(Json(crate::sync::handle(&state, &user, request).await?))
}

/// The body as a batch; too large or not a batch is a 400 with a stable code.
async fn parse(body: Body) -> Result<SyncRequest, Error> {
    let bytes = to_bytes(body, MAX_REQUEST_BYTES).await.map_err(|_| {
        Error::bad_request(
            "lote_demasiado_grande",
            format!("El lote excede {} MiB", MAX_REQUEST_BYTES / (1024 * 1024)),
        )
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::bad_request("lote_invalido", format!("El lote no es válido: {e}")))
}
