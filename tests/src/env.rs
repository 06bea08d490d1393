//! One running installation per test.

use std::path::PathBuf;

use automerge::AutoCommit;
use ote_server::auth::users::Role;
use ote_server::auth::{api_keys, users};
use ote_shared::codes::EstatusOt;
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use sqlx::PgPool;
use uuid::Uuid;

use crate::device::Device;
use crate::{ServerProcess, TestDb};

/// The employee record of the test technician: the demo assigns it a handful of work orders.
pub const EMPLEADO_TECNICO: i64 = 1;

/// A running installation for one test: a fresh database with the demo data, a `campo` user
/// with an API key, and the server process.
pub struct Env {
    /// The database.
    pub db: TestDb,
    /// A pool on it.
    pub pool: PgPool,
    /// The server.
    pub server: ServerProcess,
    /// The API key of the user `tecnico` (role campo).
    pub key: String,
    /// The API key of the user `planeacion` (role oficina).
    pub office_key: String,
}

impl Env {
    /// Starts it; `bin` is [`crate::server_bin`]`!()` of the calling test.
    pub async fn start(bin: &str) -> Env {
        Env::start_serving(bin, &placeholder_dist()).await
    }

    /// Starts it serving the app in `dist` (see [`built_app`]).
    pub async fn start_serving(bin: &str, dist: &std::path::Path) -> Env {
        Env::start_with(bin, dist, &[]).await
    }

    /// Starts it with more environment variables for the server (limits, tools).
    pub async fn start_with(bin: &str, dist: &std::path::Path, env: &[(&str, &str)]) -> Env {
        let db = TestDb::new();
        let pool = db.migrated().await;
        ote_server::demo::seed(&pool).await.unwrap();
        let key = add_technician(&pool).await;
        users::add(&pool, "planeacion", Role::Oficina, "clave-segura-2")
            .await
            .unwrap();
        let office_key = api_keys::create(&pool, "planeacion").await.unwrap();
        let server = ServerProcess::start_with(bin, &db, dist, &temp_dir("data"), env)
            .await
            .unwrap();
        Env {
            db,
            pool,
            server,
            key,
            office_key,
        }
    }

    /// A new device (or office browser) of `planeacion`.
    pub fn office_device(&self) -> Device {
        Device::new(&self.server.url, &self.office_key)
    }

    /// A new device of `tecnico`.
    pub fn device(&self) -> Device {
        Device::new(&self.server.url, &self.key)
    }

    /// The first active initial demo OT in `estatus` assigned to `tecnico`.
    pub async fn demo_ot(&self, estatus: EstatusOt) -> Uuid {
        sqlx::query_scalar("SELECT doc_id FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id AND e.empleado_id = $2
         WHERE id_estatus_ot = $1 AND id_tipo = 4 AND estatus = 1 ORDER BY id LIMIT 1")
            .bind(estatus.code())
            .bind(EMPLEADO_TECNICO)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The first demo work order of [`Env::demo_ot`]'s kind on the vessel `embarcacion`.
    pub async fn demo_ot_on(&self, estatus: EstatusOt, embarcacion: i64) -> Uuid {
        sqlx::query_scalar("SELECT doc_id FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id AND e.empleado_id = $2
         WHERE id_estatus_ot = $1 AND id_tipo = 4 AND estatus = 1 AND id_embarcacion = $3 ORDER BY id LIMIT 1")
            .bind(estatus.code())
            .bind(EMPLEADO_TECNICO)
            .bind(embarcacion)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The numeric id of the first demo work order.
    pub async fn first_work_order(&self) -> i64 {
        sqlx::query_scalar("SELECT min(id) FROM work_orders")
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The server's stored document.
    pub async fn server_doc(&self, id: Uuid) -> AutoCommit {
        let bytes: Vec<u8> =
            sqlx::query_scalar("SELECT bytes FROM document_bytes WHERE doc_id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await
                .unwrap();
        AutoCommit::load(&bytes).unwrap()
    }

    /// The work order in the server's stored document.
    pub async fn server_ot(&self, id: Uuid) -> OrdenTrabajo {
        document::read(&self.server_doc(id).await).unwrap()
    }

    /// How many change-log rows a document has.
    pub async fn log_rows(&self, id: Uuid) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM change_log WHERE doc_id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The technician's event stream (`GET /api/events` with their key), open.
    pub async fn events(&self) -> reqwest::Response {
        reqwest::Client::new()
            .get(format!("{}/api/events", self.server.url))
            .header("Api-key", &self.key)
            .send()
            .await
            .expect("the server answers")
    }

    /// A row of a file an older version kept on a process's disk (`almacen = 'disco'`),
    /// uploaded by `tecnico`.
    pub async fn disk_row(&self, sha256: &str, size: usize) {
        sqlx::query(
            "WITH b AS (INSERT INTO blobs (sha256, tamano, tipo_mime) VALUES ($1, $2, 'image/jpeg'))
             INSERT INTO blob_uploaders (sha256, user_id)
             SELECT $1, id FROM users WHERE username = 'tecnico'",
        )
        .bind(sha256)
        .bind(size as i64)
        .execute(&self.pool)
        .await
        .unwrap();
    }

    /// `bytes` as an older version left them in `disk` (`blobs/<2 hex>/<sha256>`), with their
    /// row; returns their hash.
    pub async fn file_left_on_disk(&self, disk: &std::path::Path, bytes: &[u8]) -> String {
        let hash = crate::api::sha(bytes);
        let file = disk.join("blobs").join(&hash[..2]).join(&hash);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, bytes).unwrap();
        self.disk_row(&hash, bytes.len()).await;
        hash
    }

    /// `<bin> blobs migrate` on this database with `disk` as its data folder and `vars`
    /// beside: what it printed, once it succeeded.
    pub async fn migrate_blobs(
        &self,
        bin: &str,
        disk: &std::path::Path,
        vars: &[(&str, &str)],
    ) -> String {
        let migrate = tokio::process::Command::new(bin)
            .args(["blobs", "migrate"])
            .env("DATABASE_URL", &self.db.url)
            .env("OTE_DATA_DIR", disk)
            .envs(vars.iter().copied())
            .output()
            .await
            .unwrap();
        let out = String::from_utf8_lossy(&migrate.stdout).into_owned();
        assert!(migrate.status.success(), "{out}");
        out
    }

    /// Stops the server and drops the database.
    pub async fn stop(self) {
        self.server.stop().await;
        self.pool.close().await;
        self.db.drop_db().await;
    }
}

/// Adds `tecnico` (role campo, the employee [`EMPLEADO_TECNICO`]) to the database on `pool`;
/// answers an API key of theirs.
pub async fn add_technician(pool: &PgPool) -> String {
    users::add(pool, "tecnico", Role::Campo, "clave-segura-1")
        .await
        .unwrap();
    users::link_empleado(pool, "tecnico", EMPLEADO_TECNICO)
        .await
        .unwrap();
    api_keys::create(pool, "tecnico").await.unwrap()
}

/// The app as the test command built it (`dist/` at the workspace root).
pub fn built_app() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    assert!(
        dist.join("index.html").is_file(),
        "dist/index.html is missing: build the app first (see README, test command)"
    );
    dist
}

/// A stand-in for the built app, for tests that need the server but not the app.
pub fn placeholder_dist() -> PathBuf {
    let dist = temp_dir("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>OTE</title>")
        .expect("temp dir is writable");
    dist
}

/// A new empty directory under the system's temporary one.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ote-{name}-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
