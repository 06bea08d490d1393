//! Failures of PostgreSQL on purpose, for `loadsync --restart-postgres`: the server the tests
//! use, restarted in fast mode (every connection cut, every open transaction rolled back)
//! while tablets sync.

use std::time::{Duration, Instant};

use sqlx::PgPool;

/// Restarts the PostgreSQL `pool` is connected to, with its own `pg_ctl` on its own data
/// directory (run as the `postgres` user when this is root: PostgreSQL refuses root); `pg_ctl`
/// reuses the options the server was started with. Returns how long it took.
pub async fn restart_postgres(pool: &PgPool) -> anyhow::Result<Duration> {
    // Its own pg_ctl, for its major version (Debian's layout).
    let (data_dir, major): (String, i32) = sqlx::query_as(
        "SELECT current_setting('data_directory'), current_setting('server_version_num')::int / 10000",
    )
    .fetch_one(pool)
    .await?;
    let pg_ctl = format!("/usr/lib/postgresql/{major}/bin/pg_ctl");
    let started = Instant::now();
    let mut command = if is_root() {
        let mut c = tokio::process::Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&pg_ctl);
        c
    } else {
        tokio::process::Command::new(&pg_ctl)
    };
    // Not piped to this program: were it to end mid-restart, pg_ctl writing to a closed pipe
    // would die between the stop and the start, leaving PostgreSQL down.
    let status = command
        .args(["-D", &data_dir, "restart", "-m", "fast", "-w"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .await?;
    anyhow::ensure!(status.success(), "pg_ctl restart -D {data_dir} failed");
    Ok(started.elapsed())
}

/// Whether this program runs as root.
pub(crate) fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}
