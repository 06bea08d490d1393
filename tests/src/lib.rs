//! Test support shared by the integration and end-to-end tests: a fresh PostgreSQL database per
//! test, the server run as a real process against it, and native test devices ([`device`]).

pub mod api;
pub mod bench_app;
pub mod bench_import;
pub mod browser;
pub mod bucket;
pub mod device;
pub mod env;
pub mod failover;
pub mod faults;
pub mod fuzz;
pub mod hub;
pub mod hub_load;
pub mod import_client;
pub mod link;
pub mod load;
pub mod load_api;
pub mod workbooks;

/// The load programs and the end-to-end tests run this package's binaries as the server (see
/// [`ServerProcess::start_this_binary`]): on the allocator `ote-server` ships with, so what they
/// measure is the product.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A valid initial work order as a field tablet would raise it (no steps: the server adds
/// them from the templates).
pub fn field_work_order(folio: &str) -> ote_shared::model::OrdenTrabajo {
    let mut ot = ote_shared::model::OrdenTrabajo::new(uuid::Uuid::new_v4());
    ot.orden_trabajo = folio.into();
    ot.oficio_ot = "OF-CAMPO-1".into();
    ot.descripcion_trabajo = "Reparación urgente de abrazadera".into();
    ot.id_responsable_proyecto = Some(1);
    ot.responsable_cliente = "Ing. Ruiz".into();
    ot.id_cliente = Some(1);
    ot.id_frente = Some(2);
    ot.id_embarcacion = Some(1);
    ot
}

use std::process::Stdio;
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};
use tokio::process::{Child, Command};

/// The PostgreSQL server tests use: `OTE_TEST_PG` (a URL without a database), by default the
/// local one with trust authentication.
pub fn pg_base_url() -> String {
    std::env::var("OTE_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A port no one listens on now, on 127.0.0.1 (for a server, a driver, a proxy to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A database made for one test, with a unique name; dropped by [`TestDb::drop_db`].
pub struct TestDb {
    /// Its name.
    pub name: String,
    /// Its URL.
    pub url: String,
}

impl TestDb {
    /// A unique database name; the database itself is created by whoever connects first
    /// (the server creates a missing database, which is part of what is tested).
    pub fn new() -> TestDb {
        let name = format!("ote_test_{}", uuid::Uuid::new_v4().simple());
        TestDb {
            url: format!("{}/{name}", pg_base_url()),
            name,
        }
    }

    /// Creates it (if needed), migrates it and returns a pool.
    pub async fn migrated(&self) -> PgPool {
        ote_server::db::connect_and_migrate(&self.url)
            .await
            .expect("database migrates")
    }

    /// Drops the database, closing whatever still uses it.
    pub async fn drop_db(self) {
        let mut admin = PgConnection::connect(&format!("{}/postgres", pg_base_url()))
            .await
            .expect("postgres answers");
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ))
        .execute(&mut admin)
        .await
        .expect("test database drops");
        let _ = admin.close().await;
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

/// The path of this package's server binary. Cargo tells it only to integration tests, at
/// compile time, so this is a macro that expands there.
#[macro_export]
macro_rules! server_bin {
    () => {
        env!("CARGO_BIN_EXE_ote-e2e-server")
    };
}

/// Runs one `ote-server` command to completion against `db` and returns its standard output.
pub async fn run_command(
    bin: &str,
    db: &TestDb,
    args: &[&str],
    stdin: Option<&str>,
) -> anyhow::Result<String> {
    use tokio::io::AsyncWriteExt;
    let mut child = Command::new(bin)
        .args(args)
        .env("DATABASE_URL", &db.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut input = child.stdin.take().expect("piped");
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .await?;
    drop(input);
    let out = child.wait_with_output().await?;
    anyhow::ensure!(
        out.status.success(),
        "ote-server {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

/// A server process; killed when dropped.
pub struct ServerProcess {
    child: Child,
    command: Command,
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
}

impl ServerProcess {
    /// Starts `ote-server serve` against `db` on a free port, serving `dist`, and waits until
    /// `/healthz` answers.
    pub async fn start(
        bin: &str,
        db: &TestDb,
        dist: &std::path::Path,
        data: &std::path::Path,
    ) -> anyhow::Result<ServerProcess> {
        ServerProcess::start_with(bin, db, dist, data, &[]).await
    }

    /// Starts this very binary as the server (`<binary> serve`, see [`load::SERVER_ARG`]), on
    /// `db`, serving `dist`: how the load programs run servers without another binary.
    pub async fn start_this_binary(
        db: &TestDb,
        dist: &std::path::Path,
    ) -> anyhow::Result<ServerProcess> {
        let bin = std::env::current_exe()?;
        let bin = bin.to_str().expect("utf-8 path");
        ServerProcess::start(bin, db, dist, &env::temp_dir("data")).await
    }

    /// [`ServerProcess::start`] with more environment variables (limits, tools). MPXJ is the
    /// one the test command installs under `.local/mpxj`.
    pub async fn start_with(
        bin: &str,
        db: &TestDb,
        dist: &std::path::Path,
        data: &std::path::Path,
        env: &[(&str, &str)],
    ) -> anyhow::Result<ServerProcess> {
        let port = free_port();
        let mut command = Command::new(bin);
        command
            .arg("serve")
            .env("DATABASE_URL", &db.url)
            .env("OTE_BIND", format!("127.0.0.1:{port}"))
            .env("OTE_DIST_DIR", dist)
            .env("OTE_DATA_DIR", data)
            .env("OTE_ADMIN_PASSWORD", "admin-de-prueba")
            .env(
                "OTE_MPXJ_DIR",
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.local/mpxj/mpxj"),
            )
            .envs(env.iter().copied())
            .kill_on_drop(true)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = command.spawn()?;
        let server = ServerProcess {
            child,
            command,
            url: format!("http://127.0.0.1:{port}"),
        };
        server.wait_healthy().await?;
        Ok(server)
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    /// Starts the process again, on the same port and settings.
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.kill().await;
        self.child = self.command.spawn()?;
        self.wait_healthy().await
    }

    async fn wait_healthy(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if let Ok(r) = client.get(format!("{}/healthz", self.url)).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::bail!("the server did not become healthy in 10 s")
    }

    /// Sends SIGTERM, as a service manager does, and waits up to `within` for the process to
    /// exit; its exit code (`None`: still running, or killed by a signal).
    pub async fn terminate(&mut self, within: Duration) -> Option<i32> {
        let pid = self.child.id()?;
        std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .ok()?;
        tokio::time::timeout(within, self.child.wait())
            .await
            .ok()?
            .ok()?
            .code()
    }

    /// Stops the process.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// Reads with `read` every 200 ms until it gives `expected` or `secs` pass, and returns the
/// last value read: for what the background sync brings without anyone asking.
pub async fn poll_until<T, F, Fut>(secs: u64, expected: &T, read: F) -> T
where
    T: PartialEq,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let value = read().await;
        if value == *expected || std::time::Instant::now() >= deadline {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
