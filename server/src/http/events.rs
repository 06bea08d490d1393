//! `GET /api/events`: server-sent events telling online clients to sync now, and how imports
//! progress.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::auth::CurrentUser;
use crate::events::Notice;

/// The events route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// One `cambio` event per merged change, with the document id (a lagging client gets one
/// `cambio` without an id: sync everything), and one `importacion` event per progress report of
/// an import.
#[utoipa::path(get, path = "/api/events", tag = "sync",
    responses((status = 200, description = "Flujo SSE: eventos `cambio` (id del documento) e `importacion` (avance)",
        body = String, content_type = "text/event-stream"), super::openapi::Errors))]
async fn events(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut receiver = state.events.subscribe();
    let stream = async_stream::stream! {
        loop {
            match receiver.recv().await {
                Ok(Notice::Change(doc_id)) => yield Ok(Event::default().event("cambio").data(doc_id)),
                Ok(Notice::Import(progress)) => yield Ok(Event::default().event("importacion").data(progress)),
                Err(RecvError::Lagged(_)) => yield Ok(Event::default().event("cambio").data("")),
                Err(RecvError::Closed) => break,
            }
        }
    };
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
