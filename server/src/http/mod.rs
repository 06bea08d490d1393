//! The HTTP layer, by surface. Each resource module exposes `router()`, merged here with the
//! built app as the fallback; nothing below this layer imports it.
//!
//! - [`app`]: what the app and its devices call (`/api/auth`, `/api/sync`, `/api/blobs`,
//!   `/api/events`) and the app's own files.
//! - [`v1`]: the REST API, `/api/v1/...`.
//! - [`compat`]: the seeds' routes, answered as their clients expect.
//! - `activity`: every write and sign-in into the activity log.
//! - Shared by the surfaces: `extract` (the caller as an extractor), `client` (the client's
//!   address), `cookie` (the cookies
//!   set), [`form`] (request fields and their parsers), [`route`] (the route
//!   a write came by), `download` (a workbook to save), [`upload`] (multipart files), [`work_order_id`], [`openapi`],
//!   [`security_headers`], [`health`], `metrics` (`GET /metrics`, answers counted),
//!   `request_id` (an id in every answer and log line).

mod activity;
mod app;
mod client;
mod compat;
mod cookie;
mod download;
mod extract;
mod form;
mod health;
mod metrics;
mod openapi;
mod request_id;
mod route;
mod security_headers;
mod upload;
mod v1;
mod work_order_id;

use axum::Router;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The whole application: API routes first (each documented in the OpenAPI document, served
/// at `/api/openapi.json`), then the app's files with the SPA fallback.
pub fn router(state: AppState) -> Router {
    let (api, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(health::router())
        .merge(metrics::router())
        .merge(app::auth::router())
        .merge(app::sync::router())
        .merge(app::blobs::router())
        .merge(app::events::router())
        .merge(v1::work_orders::router())
        .merge(v1::work_order_writes::router())
        .merge(v1::imports::router(&state))
        .merge(v1::catalogs::router())
        .merge(v1::users::router())
        .merge(v1::activity::router())
        .merge(v1::upstream::router())
        .merge(v1::crew::router())
        .merge(compat::accounts::router())
        .merge(compat::seed000::operaciones::router())
        .merge(compat::seed000::operaciones_writes::router())
        .merge(compat::seed000::imports::router(&state))
        .merge(compat::seed002::ordenes_servicio::router())
        .split_for_parts();
    let behind_https = state.config.behind_https;
    // After routing, so the log sees the route's parameters; the app's files are no writes.
    let api = api.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        activity::record,
    ));
    let app = api
        .merge(openapi::router(&document))
        .fallback_service(app::files::service(&state.config.dist_dir));
    let counted = axum::middleware::from_fn_with_state(state.clone(), metrics::count_answers);
    security_headers::layer(app, behind_https)
        .layer(counted)
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(request_id::tag))
        .with_state(state)
}
