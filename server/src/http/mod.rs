//! The HTTP layer: one module per resource, each exposing `router()`, merged here with the
//! built app as the fallback.

mod health;
mod static_app;

use std::sync::Arc;

use axum::Router;
use sqlx::PgPool;
use tower_http::trace::TraceLayer;

use crate::Config;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// The settings.
    pub config: Arc<Config>,
}

/// The whole application: API routes first, then the app's files with the SPA fallback.
pub fn router(state: AppState) -> Router {
    let app = static_app::service(&state.config.dist_dir);
    Router::new()
        .merge(health::router())
        .fallback_service(app)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
