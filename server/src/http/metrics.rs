//! `GET /metrics` for the operators' Prometheus, and the count of answers it reports.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::read_pool::PoolUse;
use crate::state::AppState;

/// The metrics route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// This process's metrics in the Prometheus text format, for `Authorization: Bearer` with
/// `OTE_METRICS_TOKEN`; without the token set, or without it in the request, the route does
/// not exist (404): it names no user and no work order, but is nobody else's business.
#[utoipa::path(get, path = "/metrics", tag = "sync", security(()),
    responses((status = 200, description = "Métricas (texto de Prometheus/OpenMetrics)", body = String),
        (status = 404, description = "Sin `OTE_METRICS_TOKEN` o sin su valor en `Authorization: Bearer`")))]
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let expected = state
        .config
        .metrics_token
        .as_deref()
        .ok_or(Error::NotFound)?;
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(Error::NotFound)?;
    // Compared as digests: the time taken says nothing about how much of the token matched.
    if Sha256::digest(given) != Sha256::digest(expected) {
        return Err(Error::NotFound);
    }
    let mut pools = vec![
        ("principal", PoolUse::of(&state.pool)),
        ("sincronizacion", PoolUse::of(&state.sync)),
    ];
    pools.extend(state.reads.pools());
    let text = state.metrics.render(&pools);
    Ok((
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// Counts each answer by its status class.
pub async fn count_answers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    state.metrics.answered(response.status().as_u16());
    response
}
