//! `POST /api/sync`: a device's batch (see `ote_shared::sync`); `POST /api/sync/hub`: a vessel
//! hub's, with who made its changes on board.

use axum::body::{Body, to_bytes};
use axum::extract::{Extension, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use ote_shared::sync::wire::{self, BINARY, HubSyncRequest, MAX_REQUEST_BYTES};
use ote_shared::sync::{SyncRequest, SyncResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::Error;
use crate::auth::{CurrentUser, Role, cookie as cookie_value, hub_site};
use crate::http::activity::Slot;
use crate::http::cookie::{self, Kind};
use crate::state::AppState;
use crate::sync::authors::Authors;
use crate::sync::lost_store;

/// The sync route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sync))
        .routes(routes!(hub_sync))
}

/// A device's batch: per dirty document the changes the server lacks and the device's heads,
/// and its pull cursor; the answer carries what each sent document lacks, every other visible
/// document changed since the cursor (paged by size), notices and the new cursor. A batch sent
/// as `application/vnd.ote.sync+postcard` (the devices' binary form) is answered in it; any
/// other is read as JSON and answered in JSON.
#[utoipa::path(post, path = "/api/sync", tag = "sync",
    request_body(content = serde_json::Value, description = "`SyncRequest` de `ote_shared::sync` (JSON, o binario con `Content-Type: application/vnd.ote.sync+postcard`)"),
    responses((status = 200, description = "`SyncResponse` de `ote_shared::sync`, en la forma del lote"), crate::http::openapi::Errors))]
async fn sync(
    State(state): State<AppState>,
    user: CurrentUser,
    slot: Option<Extension<Slot>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Error> {
    let binary = headers
        .get(CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes() == BINARY.as_bytes());
    let request = parse(body, binary).await?;
    if !request.docs.is_empty() {
        user.require(Role::syncs)?;
    }
    record(slot, &request);
    let tablet = tablet_of(&headers, &user);
    let (device, cursor) = (request.device_id.clone(), request.cursor);
    let lost = match tablet {
        Some((id, _)) => lost_store::check(&state.pool, id, user.id, &device, cursor).await?,
        None => None,
    };
    let mut response = crate::sync::handle(&state, &user, request).await?;
    if let Some((id, _)) = tablet {
        lost_store::record(&state.pool, id, user.id, &device, cursor, response.cursor).await?;
    }
    response.notices.extend(lost);
    let mut answer = if binary {
        let body = wire::to_binary_in(&response, buffer(&response, |n| n));
        ([(CONTENT_TYPE, BINARY)], body).into_response()
    } else {
        json(&response)
    };
    if let Some((id, true)) = tablet
        && let Ok(value) = HeaderValue::from_str(&cookie::set(
            &state,
            Kind::Tablet,
            lost_store::TABLET_COOKIE,
            &id.to_string(),
            TABLET_COOKIE_SECS,
        ))
    {
        answer.headers_mut().append(SET_COOKIE, value);
    }
    Ok(answer)
}

/// A vessel hub's batch, in the binary form: a batch as a device's, and the crew member
/// signed in on each tablet whose changes it carries; each change is judged and logged as
/// theirs (changes of no member named are the hub account's). Only a hub account sends it.
#[utoipa::path(post, path = "/api/sync/hub", tag = "sync",
    request_body(content = Vec<u8>, content_type = "application/vnd.ote.sync+postcard", description = "`HubSyncRequest` de `ote_shared::sync::wire`, binario"),
    responses((status = 200, description = "`SyncResponse` de `ote_shared::sync`, binario"), crate::http::openapi::Errors))]
async fn hub_sync(
    State(state): State<AppState>,
    user: CurrentUser,
    slot: Option<Extension<Slot>>,
    body: Body,
) -> Result<Response, Error> {
    user.require(Role::is_hub)?;
    let hub: HubSyncRequest = wire::from_binary(&read(body).await?)
        .ok_or_else(|| Error::bad_request("lote_invalido", "El lote binario no es válido"))?;
    let authors = Authors::of_crew(&state.pool, &user, &hub.autores).await?;
    record(slot, &hub.request);
    let from_start = hub_site::pulls_from_start(&state.pool, user.id, hub.request.cursor).await?;
    let response = crate::sync::handle_as(&state, &user, hub.request, &authors, from_start).await?;
    if from_start {
        hub_site::pulled_from_start(&state.pool, user.id, response.cursor).await?;
    }
    let body = wire::to_binary_in(&response, buffer(&response, |n| n));
    Ok(([(CONTENT_TYPE, BINARY)], body).into_response())
}

/// Tells the activity log which work orders the batch `request` wrote.
fn record(slot: Option<Extension<Slot>>, request: &SyncRequest) {
    if let Some(Extension(slot)) = slot {
        let written = request.docs.iter().filter(|d| !d.changes.is_empty());
        slot.sync(&request.device_id, written.map(|d| d.doc_id).collect());
    }
}

/// How long a tablet keeps its cookie: far longer than any eviction it is there to notice.
const TABLET_COOKIE_SECS: i64 = 10 * 365 * 24 * 3600;

/// The tablet a session's browser syncs from (its cookie, or a new one to set: `true`); none
/// for an `Api-key`, whose caller is no browser.
fn tablet_of(headers: &HeaderMap, user: &CurrentUser) -> Option<(Uuid, bool)> {
    user.csrf.as_ref()?;
    match cookie_value(headers, lost_store::TABLET_COOKIE).and_then(|v| v.parse().ok()) {
        Some(id) => Some((id, false)),
        None => Some((Uuid::new_v4(), true)),
    }
}

/// A buffer for the answer, sized for it up front (`changes` gives the length of `n` bytes of
/// changes once written): axum's `Json` starts from 128 bytes and doubles, and under load each
/// bigger buffer came as fresh memory the kernel had to zero, a tenth of the server's time.
fn buffer(response: &SyncResponse, changes: impl Fn(usize) -> usize) -> Vec<u8> {
    let docs: usize = response
        .docs
        .iter()
        .map(|d| changes(d.changes.len()) + d.heads.len() * 68 + 96)
        .sum();
    Vec::with_capacity(docs + response.notices.len() * 320 + 64)
}

/// The answer as JSON, where changes are base64.
fn json(response: &SyncResponse) -> Response {
    let mut body = buffer(response, |n| n.div_ceil(3) * 4);
    match serde_json::to_writer(&mut body, response) {
        Ok(()) => ([(CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => Error::Internal(e.into()).into_response(),
    }
}

/// The body as a batch, in the binary form or JSON; too large or not a batch is a 400 with a
/// stable code.
async fn parse(body: Body, binary: bool) -> Result<SyncRequest, Error> {
    let bytes = read(body).await?;
    if binary {
        return wire::from_binary(&bytes)
            .ok_or_else(|| Error::bad_request("lote_invalido", "El lote binario no es válido"));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::bad_request("lote_invalido", format!("El lote no es válido: {e}")))
}

/// The body's bytes, up to [`MAX_REQUEST_BYTES`] (beyond, a 400 with a stable code).
async fn read(body: Body) -> Result<axum::body::Bytes, Error> {
    to_bytes(body, MAX_REQUEST_BYTES).await.map_err(|_| {
        Error::bad_request(
            "lote_demasiado_grande",
            format!("El lote excede {} MiB", MAX_REQUEST_BYTES / (1024 * 1024)),
        )
    })
}
