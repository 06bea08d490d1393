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

use std::sync::Arc;

use axum::Router;
use sqlx::PgPool;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::Config;
use crate::events::{Events, Notifier};
use crate::imports::jobs::Jobs;
use crate::imports::mpxj::Converter;
use crate::key_cache::KeyCache;
use crate::sync::cache::DocCache;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// The database for the work-order lists (see [`crate::db::list_pool`]).
    pub lists: PgPool,
    /// The database for device syncs (see [`crate::db::sync_pool`]).
    pub sync: PgPool,
    /// The settings.
    pub config: Arc<Config>,
    /// Work-order documents kept loaded between merges.
    pub cache: Arc<DocCache>,
    /// Change events for SSE clients.
    pub events: Events,
    /// Tells every process's SSE clients which documents this one wrote.
    pub notifier: Notifier,
    /// The import runner.
    pub imports: Arc<Jobs>,
    /// The users of recently checked API keys.
    pub keys: Arc<KeyCache>,
}

impl AppState {
    /// The state of a new server process; starts its [`Notifier`], so it is made within the runtime.
    pub fn new(pool: PgPool, config: Config) -> AppState {
        let converter = Converter::new(
            config.java.clone(),
            config.mpxj_dir.clone(),
            config.import_limits.conversion_timeout,
        );
        AppState {
            lists: crate::db::list_pool(&pool),
            sync: crate::db::sync_pool(&pool),
            notifier: Notifier::start(pool.clone()),
            pool,
            imports: Arc::new(Jobs::new(config.import_limits.clone(), converter)),
            keys: Arc::new(KeyCache::new(config.api_key_ttl)),
            config: Arc::new(config),
            cache: Arc::default(),
            events: Events::default(),
        }
    }
}

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
