//! A primary's failure handed to its standby, for `loadsync --failover`: the servers reach
//! PostgreSQL through a pgbouncer of this program's own (Debian's `pgbouncer`), as a
//! deployment reaches its primary through a proxy; mid-run the proxy stops passing the
//! database's connections (`KILL`: every open one cut, new ones held), the standby the test
//! command keeps (`OTE_TEST_STANDBY`) replays up to the primary's last write and is promoted,
//! and the proxy, pointed at it, lets the held connections through (`RESUME`). The servers
//! are not restarted.
//!
//! The standby stays promoted afterwards; the test command makes a new one when it finds it so
//! (scripts/setup.sh, `ensure_standby`).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};

/// A pgbouncer in front of a PostgreSQL on this machine; stopped when dropped.
pub struct Proxy {
    dir: PathBuf,
    port: u16,
    _process: tokio::process::Child,
}

impl Proxy {
    /// Starts one passing every database to the PostgreSQL at `primary` (a URL on 127.0.0.1
    /// without a database; as the `postgres` user when this is root: pgbouncer refuses root,
    /// and switches itself).
    pub async fn start(primary: &str) -> anyhow::Result<Proxy> {
        let target_port = port_of(primary)?;
        let dir = crate::env::temp_dir("pgbouncer");
        let port = crate::free_port();
        std::fs::write(dir.join("users.txt"), "\"postgres\" \"\"\n")?;
        write_config(&dir, port, target_port)?;
        open_to_postgres(&dir)?;
        let mut command = tokio::process::Command::new("pgbouncer");
        if crate::faults::is_root() {
            command.args(["-u", "postgres"]);
        }
        let process = command
            .arg(dir.join("pgbouncer.ini"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                anyhow::anyhow!(
                    "pgbouncer no arranca ({e}): instálelo con apt-get install pgbouncer"
                )
            })?;
        let proxy = Proxy {
            dir,
            port,
            _process: process,
        };
        for _ in 0..100 {
            if PgConnection::connect(&format!("{}/postgres", proxy.base_url()))
                .await
                .is_ok()
            {
                return Ok(proxy);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::bail!("pgbouncer did not answer in 5 s")
    }

    /// The URL of the proxy, without a database.
    pub fn base_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// Hands `database` from `primary` to `standby` (URLs without a database) as described
    /// above; returns how long the servers' connections were held.
    pub async fn fail_over(
        &self,
        database: &str,
        primary: &str,
        standby: &str,
    ) -> anyhow::Result<Duration> {
        let started = Instant::now();
        self.admin(&format!("KILL \"{database}\"")).await?;
        let mut primary = PgConnection::connect(&format!("{primary}/postgres")).await?;
        let written: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
            .fetch_one(&mut primary)
            .await?;
        let mut standby_conn = PgConnection::connect(&format!("{standby}/postgres")).await?;
        wait_replayed(&mut standby_conn, &written).await?;
        sqlx::query("SELECT pg_promote(true, 30)")
            .execute(&mut standby_conn)
            .await?;
        write_config(&self.dir, self.port, port_of(standby)?)?;
        self.admin("RELOAD").await?;
        self.admin(&format!("RESUME \"{database}\"")).await?;
        Ok(started.elapsed())
    }

    /// One command on pgbouncer's console (simple queries only: psql speaks them).
    async fn admin(&self, command: &str) -> anyhow::Result<()> {
        let out = tokio::process::Command::new("psql")
            .args(["-X", "-q", "-c", command])
            .arg(format!("{}/pgbouncer", self.base_url()))
            .output()
            .await?;
        anyhow::ensure!(
            out.status.success(),
            "pgbouncer {command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    }
}

/// The port of a `postgres://…:port` URL without a database.
fn port_of(url: &str) -> anyhow::Result<u16> {
    url.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no port in {url}"))
}

/// The standby the test command keeps (`OTE_TEST_STANDBY`), without a database.
pub fn standby_base_url() -> String {
    std::env::var("OTE_TEST_STANDBY")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5433".into())
}

/// Drops `database` on the standby, once promoted (a standby refuses writes).
pub async fn drop_on_standby(database: &str) {
    if let Ok(mut admin) = PgConnection::connect(&format!("{}/postgres", standby_base_url())).await
    {
        let _ = sqlx::query(&format!(
            "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
        ))
        .execute(&mut admin)
        .await;
    }
}

/// Waits until `standby` has replayed the primary's WAL up to `lsn`.
pub async fn wait_replayed(standby: &mut PgConnection, lsn: &str) -> anyhow::Result<()> {
    for _ in 0..1000 {
        let done: Option<bool> =
            sqlx::query_scalar("SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn")
                .bind(lsn)
                .fetch_one(&mut *standby)
                .await?;
        if done == Some(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    anyhow::bail!("the standby did not replay up to {lsn} in 10 s")
}

/// The proxy's settings: session pooling (the servers keep their connections and prepare
/// statements on them), every database to `target_port`, startup options it cannot pass on
/// dropped (the lists' `plan_cache_mode`: they plan per call through it).
fn write_config(dir: &std::path::Path, port: u16, target_port: u16) -> anyhow::Result<()> {
    let dir_text = dir.display();
    std::fs::write(
        dir.join("pgbouncer.ini"),
        format!(
            "[databases]\n* = host=127.0.0.1 port={target_port}\n\n[pgbouncer]\n\
             listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
             auth_type = trust\nauth_file = {dir_text}/users.txt\nadmin_users = postgres\n\
             pool_mode = session\nmax_client_conn = 1000\ndefault_pool_size = 200\n\
             server_login_retry = 1\n\
             ignore_startup_parameters = extra_float_digits,options\n\
             logfile = {dir_text}/pgbouncer.log\n"
        ),
    )?;
    Ok(())
}

/// Lets the `postgres` user read the proxy's folder when this program runs as root.
fn open_to_postgres(dir: &std::path::Path) -> anyhow::Result<()> {
    if crate::faults::is_root() {
        let status = std::process::Command::new("chown")
            .args(["-R", "postgres:"])
            .arg(dir)
            .status()?;
        anyhow::ensure!(status.success(), "chown {}", dir.display());
    }
    Ok(())
}
