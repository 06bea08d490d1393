//! `POST /api/sync`: a device's batch (see `ote_shared::sync`).

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use ote_shared::sync::wire::MAX_REQUEST_BYTES;
use ote_shared::sync::{SyncRequest, SyncResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::Error;
use crate::auth::CurrentUser;
use crate::users::Role;

/// The sync route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sync))
}

/// A device's batch: per dirty document the changes the server lacks and the device's heads,
/// and its pull cursor; the answer carries what each sent document lacks, every other visible
/// document changed since the cursor (paged by size), notices and the new cursor.
#[utoipa::path(post, path = "/api/sync", tag = "sync",
    request_body(content = serde_json::Value, description = "`SyncRequest` de `ote_shared::sync` (JSON)"),
    responses((status = 200, description = "`SyncResponse` de `ote_shared::sync`"), super::openapi::Errors))]
async fn sync(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Body,
) -> Result<Response, Error> {
    let request = parse(body).await?;
    if !request.docs.is_empty() {
        user.require(&[Role::Admin, Role::Oficina, Role::Campo])?;
    }
    let response = crate::sync::handle(&state, &user, request).await?;
    Ok(json(&response))
}

/// The answer as JSON, written into a buffer sized for it up front: axum's `Json` starts from
/// 128 bytes and doubles, and under load each bigger buffer came as fresh memory the kernel
/// had to zero, a tenth of the server's time.
fn json(response: &SyncResponse) -> Response {
    let changes: usize = response
        .docs
        .iter()
        .map(|d| d.changes.len().div_ceil(3) * 4 + d.heads.len() * 68 + 96)
        .sum();
    let mut body = Vec::with_capacity(changes + response.notices.len() * 320 + 64);
    match serde_json::to_writer(&mut body, response) {
        Ok(()) => ([(CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => Error::Internal(e.into()).into_response(),
    }
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
