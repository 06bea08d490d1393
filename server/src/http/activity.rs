//! The activity log's side of every request: a write (any method but GET, HEAD and OPTIONS)
//! leaves a [`Slot`] in the request for the extractor of its user and its handler to fill, and,
//! once answered, becomes an [`Entry`] of the log with its status. Sign-ins say so themselves
//! (their name typed, success or not); a sync that only pulled says it wrote nothing.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::http::Method;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use ote_shared::api::Accion;
use uuid::Uuid;

use crate::activity::Entry;
use crate::auth::CurrentUser;
use crate::http::client::client_address;
use crate::state::AppState;

/// What a write's extractors and handler tell the log.
#[derive(Clone, Default)]
pub struct Slot(Arc<Mutex<Note>>);

#[derive(Default)]
struct Note {
    user: Option<(i64, String)>,
    /// The name typed, and the account it opened if it succeeded.
    sign_in: Option<(String, Option<i64>)>,
    device: Option<String>,
    doc_ids: Vec<Uuid>,
    wrote_nothing: bool,
}

impl Slot {
    fn with(&self, f: impl FnOnce(&mut Note)) {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// The slot of the request `parts`, if it is a write.
    pub fn of(parts: &Parts) -> Option<Slot> {
        parts.extensions.get::<Slot>().cloned()
    }

    /// The request's caller.
    pub fn user(&self, user: &CurrentUser) {
        self.with(|n| n.user = Some((user.id, user.username.clone())));
    }

    /// A sign-in with the name `username`, which opened the account `opened` or failed.
    pub fn sign_in(&self, username: &str, opened: Option<i64>) {
        self.with(|n| n.sign_in = Some((username.to_owned(), opened)));
    }

    /// A sync from `device` that wrote the documents `doc_ids` (none: it only pulled, which is
    /// no write).
    pub fn sync(&self, device: &str, doc_ids: Vec<Uuid>) {
        self.with(|n| {
            n.wrote_nothing = doc_ids.is_empty();
            n.device = Some(device.to_owned());
            n.doc_ids = doc_ids;
        });
    }
}

/// The middleware: records every write once answered.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let slot = Slot::default();
    parts.extensions.insert(slot.clone());
    let route = format!("{} {}", parts.method, parts.uri.path());
    let address = client_address(&parts);
    let work_order = work_order_in_path(&mut parts).await;
    let response = next.run(Request::from_parts(parts, body)).await;
    let note = std::mem::take(&mut *slot.0.lock().unwrap_or_else(|e| e.into_inner()));
    if note.wrote_nothing {
        return response;
    }
    let (action, user_id, username) = match (note.sign_in, note.user) {
        (Some((name, Some(id))), _) => (Accion::InicioSesion, Some(id), Some(name)),
        (Some((name, None)), _) => (Accion::InicioSesionFallido, None, Some(name)),
        (None, Some((id, name))) => (Accion::Escritura, Some(id), Some(name)),
        (None, None) => (Accion::Escritura, None, None),
    };
    if action == Accion::InicioSesionFallido {
        state.metrics.sign_in_failed();
    }
    // Before the answer leaves: the user's next list must find this write, and count it.
    if action == Accion::Escritura {
        state.counts.forget();
        if let Some(id) = user_id {
            state.reads.fence(id).await;
        }
    }
    let (mut doc_ids, mut work_order_id) = (note.doc_ids, None);
    match work_order {
        Some(WorkOrderRef::Doc(doc)) => doc_ids.push(doc),
        Some(WorkOrderRef::Id(id)) => work_order_id = Some(id),
        None => {}
    }
    let entry = Entry {
        user_id,
        username,
        action,
        route,
        status: response.status().as_u16(),
        address,
        device: note.device,
        doc_ids,
        work_order_id,
    };
    state.activity.record(entry).await;
    response
}

/// A work order a route names in its path.
enum WorkOrderRef {
    Id(i64),
    Doc(Uuid),
}

/// The `{id}` of a work-order route (`/api/v1/work-orders/{id}/…`), by number or document.
async fn work_order_in_path(parts: &mut Parts) -> Option<WorkOrderRef> {
    let matched = parts.extensions.get::<MatchedPath>()?;
    if !matched.as_str().starts_with("/api/v1/work-orders/{id}") {
        return None;
    }
    let params = RawPathParams::from_request_parts(parts, &()).await.ok()?;
    let (_, id) = params.iter().find(|(name, _)| *name == "id")?;
    match (id.parse(), id.parse()) {
        (Ok(id), _) => Some(WorkOrderRef::Id(id)),
        (_, Ok(doc)) => Some(WorkOrderRef::Doc(doc)),
        _ => None,
    }
}
