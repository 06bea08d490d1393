//! The HTTP layer: one module per resource, each exposing `router()`, merged here with the
//! built app as the fallback.

mod auth;
mod blobs;
mod datatables;
mod envelope;
mod events;
mod health;
mod imports;
mod openapi;
mod operaciones;
mod operaciones_writes;
mod ordenes_servicio;
pub mod security_headers;
mod static_app;
mod sync;
mod upload;
mod work_order_writes;
mod work_orders;

use axum::Router;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use crate::state::AppState;

/// The whole application: API routes first (each documented in the OpenAPI document, served
/// at `/api/openapi.json`), then the app's files with the SPA fallback.
pub fn router(state: AppState) -> Router {
    let (api, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(health::router())
        .merge(auth::router())
        .merge(sync::router())
        .merge(blobs::router())
        .merge(events::router())
        .merge(work_orders::router())
        .merge(work_order_writes::router())
        .merge(imports::router(&state))
        .merge(operaciones::router())
        .merge(operaciones_writes::router())
        .merge(ordenes_servicio::router())
        .split_for_parts();
    let behind_https = state.config.behind_https;
    let app = api
        .merge(openapi::router(&document))
        .fallback_service(static_app::service(&state.config.dist_dir));
    security_headers::layer(app, behind_https)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
