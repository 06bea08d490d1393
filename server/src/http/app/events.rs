//! `GET /api/events`: server-sent events telling online clients to sync now, and how imports
//! progress. Each stream carries only what its user may see, and ends once its credential no
//! longer signs them in.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::Error;
use crate::auth::Role;
use crate::auth::Viewer;
use crate::auth::{self, CurrentUser};
use crate::events::Notice;
use crate::state::AppState;

/// The events route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// One `cambio` event per merged change of a document the user may see, with its id (a
/// lagging client gets one `cambio` without an id: sync everything), and, for users who may
/// see imports, one `importacion` event per progress report. The stream ends within
/// `OTE_API_KEY_TTL_SECS` of its session ending, its key being revoked or its user deactivated.
#[utoipa::path(get, path = "/api/events", tag = "sync",
    responses((status = 200, description = "Flujo SSE: eventos `cambio` (id del documento) e `importacion` (avance)",
        body = String, content_type = "text/event-stream"), crate::http::openapi::Errors))]
async fn events(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Error> {
    let credential = auth::credential(&headers).ok_or(Error::Unauthorized)?;
    let mut receiver = state.events.subscribe();
    let viewer = Viewer::of(&user);
    let imports = user.role != Role::Campo;
    let mut recheck = tokio::time::interval(recheck_every(state.config.api_key_ttl));
    recheck.tick().await;
    let mut stopping = state.stopping.clone();
    let open = state.metrics.sse_client();
    let stream = async_stream::stream! {
        let _open = open;
        // What this stream found its user may see, asked again after each recheck: an
        // assignment can change.
        let mut seen: HashMap<Uuid, bool> = HashMap::new();
        loop {
            tokio::select! {
                // The process is stopping: the client reconnects to another.
                _ = async { let _ = stopping.wait_for(|stop| *stop).await; } => break,
                _ = recheck.tick() => {
                    if !auth::still_valid(&state.pool, &credential).await.unwrap_or(true) {
                        break;
                    }
                    seen.clear();
                }
                notice = receiver.recv() => match notice {
                    Ok(Notice::Change(doc_id)) => {
                        if visible(&state, viewer, &mut seen, &doc_id).await {
                            yield Ok(Event::default().event("cambio").data(doc_id));
                        }
                    }
                    Ok(Notice::Import(progress)) if imports => {
                        yield Ok(Event::default().event("importacion").data(progress));
                    }
                    Ok(Notice::Import(_)) => {}
                    Err(RecvError::Lagged(_)) => yield Ok(Event::default().event("cambio").data("")),
                    Err(RecvError::Closed) => break,
                },
            }
        }
    };
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// How often a stream asks whether its credential still holds: twice within the key cache's
/// time to live, so it ends within it; at most twice a second.
fn recheck_every(ttl: Duration) -> Duration {
    (ttl / 2).max(Duration::from_millis(500))
}

/// Whether the viewer may see the document `doc_id` (a database failure tells nothing).
async fn visible(
    state: &AppState,
    viewer: Viewer,
    seen: &mut HashMap<Uuid, bool>,
    doc_id: &str,
) -> bool {
    let Ok(id) = doc_id.parse::<Uuid>() else {
        return false;
    };
    if let Some(known) = seen.get(&id) {
        return *known;
    }
    let may = crate::work_orders::queries::id_of_doc(&state.pool, id, viewer)
        .await
        .is_ok_and(|found| found.is_some());
    seen.insert(id, may);
    may
}
