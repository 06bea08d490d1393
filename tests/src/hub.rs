//! A vessel hub for a test: a second installation, on its own database, whose server syncs
//! with a shore [`Env`] as its upstream.

use ote_server::auth::users::Role;
use ote_server::auth::{api_keys, crew, hub_site, users};
use ote_shared::model::{OrdenTrabajo, TipoSitio};
use sqlx::PgPool;
use uuid::Uuid;

use crate::device::Device;
use crate::env::{Env, add_technician, placeholder_dist, temp_dir};
use crate::{ServerProcess, TestDb};

/// The vessel a test's hub is on, unless told otherwise: its account on shore sees this
/// vessel's work orders. The demo has a work order in process on it, assigned to `tecnico`.
pub const VESSEL: i64 = 4;

/// A hub: its database (the demo catalogs, the technician `tecnico` with a key, no work
/// orders: those come from shore), and its server, on [`VESSEL`] and syncing with shore every
/// second unless told otherwise.
pub struct Hub {
    /// Its database.
    pub db: TestDb,
    /// A pool on it.
    pub pool: PgPool,
    /// Its server.
    pub server: ServerProcess,
    /// The API key of `tecnico` on the hub.
    pub key: String,
    /// The API key of the hub's account on shore (role hub).
    pub account_key: String,
}

impl Hub {
    /// Starts a hub of `shore`, with an account there named `account` (role hub).
    pub async fn start(bin: &str, shore: &Env, account: &str) -> Hub {
        Hub::start_linked(bin, shore, account, &shore.server.url, VESSEL).await
    }

    /// [`Hub::start`] on the vessel `vessel`, with its upstream at `url` (a port nobody
    /// listens on: a link that never comes up).
    pub async fn start_linked(
        bin: &str,
        shore: &Env,
        account: &str,
        url: &str,
        vessel: i64,
    ) -> Hub {
        Hub::launch(bin, shore, account, (url, 1, vessel), &placeholder_dist()).await
    }

    /// [`Hub::start_linked`], the hub syncing with shore every `period` seconds while nothing
    /// changes on board.
    pub async fn start_every(bin: &str, shore: &Env, account: &str, url: &str, period: u64) -> Hub {
        Hub::launch(
            bin,
            shore,
            account,
            (url, period, VESSEL),
            &placeholder_dist(),
        )
        .await
    }

    /// [`Hub::start`], serving the app in `dist` (see [`crate::env::built_app`]).
    pub async fn start_serving(
        bin: &str,
        shore: &Env,
        account: &str,
        dist: &std::path::Path,
    ) -> Hub {
        Hub::launch(bin, shore, account, (&shore.server.url, 1, VESSEL), dist).await
    }

    /// A hub on the vessel `link.2` whose upstream is `link.0`, synced every `link.1` seconds,
    /// serving `dist`. Its site is set before it first syncs: it receives the site's work
    /// orders from its first sync.
    async fn launch(
        bin: &str,
        shore: &Env,
        account: &str,
        (url, period, vessel): (&str, u64, i64),
        dist: &std::path::Path,
    ) -> Hub {
        let db = TestDb::new();
        let pool = db.migrated().await;
        ote_server::demo::seed_catalogs(&pool).await.unwrap();
        let key = add_technician(&pool).await;
        users::add(&shore.pool, account, Role::Hub, "clave-del-hub-1")
            .await
            .unwrap();
        hub_site::set(&shore.pool, account, (TipoSitio::Embarcacion, vessel))
            .await
            .unwrap();
        // Shore's `tecnico` on the crew: what the hub's `tecnico` does on board is theirs.
        crew::add(&shore.pool, account, "tecnico").await.unwrap();
        let upstream_key = api_keys::create(&shore.pool, account).await.unwrap();
        let period = period.to_string();
        let env = [
            ("OTE_UPSTREAM_URL", url),
            ("OTE_UPSTREAM_KEY", upstream_key.as_str()),
            ("OTE_UPSTREAM_PERIOD_SECS", period.as_str()),
        ];
        let server = ServerProcess::start_with(bin, &db, dist, &temp_dir("hub"), &env)
            .await
            .unwrap();
        Hub {
            db,
            pool,
            server,
            key,
            account_key: upstream_key,
        }
    }

    /// A new tablet of `tecnico`, syncing with the hub.
    pub fn device(&self) -> Device {
        Device::new(&self.server.url, &self.key)
    }

    /// The work order in the hub's stored document, once it has it.
    pub async fn ot(&self, id: Uuid) -> Option<OrdenTrabajo> {
        let bytes: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT bytes FROM document_bytes WHERE doc_id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .unwrap();
        let doc = automerge::AutoCommit::load(&bytes?).unwrap();
        Some(ote_shared::document::read(&doc).unwrap())
    }

    /// Waits up to `secs` for the hub to hold the document `id` (its sync with shore brought it).
    pub async fn wait_for(&self, id: Uuid, secs: u64) -> OrdenTrabajo {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            if let Some(ot) = self.ot(id).await {
                return ot;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the hub did not receive {id} from shore in {secs} s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }

    /// Stops the server and drops the database.
    pub async fn stop(self) {
        self.server.stop().await;
        self.pool.close().await;
        self.db.drop_db().await;
    }
}
