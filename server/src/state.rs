//! What every request can reach: the pools, the settings, the loaded documents, the events and
//! the import runner, made once per server process. Below the HTTP layer, so the domain
//! modules it serves (`auth`, `sync`, `operations`, `edits`) depend on it and not on `http`.

use std::sync::Arc;

use sqlx::PgPool;

use crate::Config;
use crate::activity::Recorder;
use crate::auth::key_cache::KeyCache;
use crate::blobs::BlobStore;
use crate::counts::CountCache;
use crate::events::{Events, Notifier};
use crate::imports::jobs::Jobs;
use crate::imports::mpxj::Converter;
use crate::metrics::Metrics;
use crate::reads::Reads;
use crate::sites::SiteCache;
use crate::store::cache::DocCache;

/// What every handler can reach, behind one pointer: every extractor and layer clones the
/// state for each request, and a clone is then one count (the fields' own clones were 2 % of
/// the CPU of the office's list under load).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state's fields (see [`AppState`]).
pub struct Shared {
    /// The database.
    pub pool: PgPool,
    /// Where a user's lists read from: a replica that has their writes, or the primary.
    pub reads: Reads,
    /// The database for device syncs (see [`crate::db::sync_pool`]).
    pub sync: PgPool,
    /// The settings.
    pub config: Arc<Config>,
    /// The installation's id (see [`crate::store::installation`]).
    pub installation: uuid::Uuid,
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
    /// The site names the work-order lists show.
    pub sites: Arc<SiteCache>,
    /// The lists' recent totals.
    pub counts: Arc<CountCache>,
    /// The activity log's writer.
    pub activity: Recorder,
    /// Where uploaded files are kept.
    pub blobs: BlobStore,
    /// What operators scrape (`GET /metrics`).
    pub metrics: Metrics,
    /// The restores marked on the database, read at the first sync (servers start after a
    /// restore is marked: see `sync::epoch`).
    pub restores: Arc<tokio::sync::OnceCell<i64>>,
    /// Turns true when the process is told to stop: event streams end, so draining the
    /// connections does not wait for them.
    pub stopping: tokio::sync::watch::Receiver<bool>,
}

impl AppState {
    /// The state of a new server process of `installation`; starts its [`Notifier`], so it is
    /// made within the runtime. Fails on a malformed `OTE_DATABASE_READ_URL`.
    pub fn new(
        pool: PgPool,
        installation: uuid::Uuid,
        config: Config,
        stopping: tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<AppState> {
        let converter = Converter::new(
            config.java.clone(),
            config.mpxj_dir.clone(),
            config.import_limits.conversion_timeout,
        );
        let cache = Arc::new(DocCache::new(
            config.doc_cache,
            crate::store::installation::actor(installation),
        ));
        let replica = config
            .read_database_url
            .as_deref()
            .map(crate::db::replica_pool)
            .transpose()?;
        let metrics = Metrics::new(&cache);
        Ok(AppState(Arc::new(Shared {
            imports: Arc::new(Jobs::new(
                config.import_limits.clone(),
                converter,
                metrics.clone(),
            )),
            metrics,
            cache,
            stopping,
            restores: Arc::default(),
            reads: Reads::new(pool.clone(), replica),
            sync: crate::db::sync_pool(&pool),
            notifier: Notifier::start(pool.clone()),
            activity: Recorder::start(pool.clone()),
            blobs: BlobStore::of(pool.clone(), &config)?,
            pool,
            keys: Arc::new(KeyCache::new(config.api_key_ttl)),
            sites: Arc::default(),
            counts: Arc::default(),
            config: Arc::new(config),
            installation,
            events: Events::default(),
        })))
    }
}
