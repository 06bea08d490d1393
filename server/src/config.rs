//! Settings from the environment; every one has a default that works on a developer machine.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::imports::Limits;

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database; created if it does not exist.
    pub database_url: String,
    /// `OTE_DATABASE_READ_URL`: a streaming replica of that database for the lists (see
    /// [`crate::reads`]); unset, everything reads from `DATABASE_URL`.
    pub read_database_url: Option<String>,
    /// `OTE_BIND`: the address the server listens on.
    pub bind: SocketAddr,
    /// `OTE_DATA_DIR`: where uploaded files are kept.
    pub data_dir: PathBuf,
    /// `OTE_DIST_DIR`: the built app (`dist/`, see scripts/build_app.sh).
    pub dist_dir: PathBuf,
    /// `OTE_ADMIN_PASSWORD`: the password of the first `admin`, made when there are no users.
    pub admin_password: Option<String>,
    /// `OTE_IMPORT_MAX_MIB` (50), `OTE_IMPORT_MAX_ROWS` (200000),
    /// `OTE_IMPORT_MAX_INFLATED_MIB` (400), `OTE_MPXJ_TIMEOUT_SECS` (60): import limits.
    pub import_limits: Limits,
    /// `OTE_MPXJ_DIR`: MPXJ's Python package folder, the one holding `lib/*.jar`.
    pub mpxj_dir: PathBuf,
    /// `OTE_JAVA`: the Java that runs MPXJ.
    pub java: PathBuf,
    /// `OTE_API_KEY_TTL_SECS` (10): how long a checked API key is trusted without asking the
    /// database again (0: always ask), so how long a revoked key may still work.
    pub api_key_ttl: Duration,
    /// `OTE_BEHIND_HTTPS` (false): the server is reached over HTTPS (a TLS proxy in front):
    /// the session cookie is `Secure` and answers carry `Strict-Transport-Security`.
    pub behind_https: bool,
    /// `OTE_LOG_FORMAT` (`text`): `json` writes one JSON object per log line.
    pub json_logs: bool,
    /// `OTE_SHUTDOWN_GRACE_SECS` (30): how long a stopping process waits for its imports
    /// before marking them interrupted.
    pub shutdown_grace: Duration,
    /// `OTE_S3_BUCKET`: new files go to this bucket of an S3-compatible store instead of
    /// PostgreSQL, its endpoint and keys from the standard `AWS_*` variables (see
    /// [`crate::blobs::bucket`]).
    pub s3_bucket: Option<String>,
    /// `OTE_DOC_CACHE` ([`crate::store::cache::DEFAULT_CAPACITY`]): how many work-order
    /// documents each process keeps loaded between writes.
    pub doc_cache: usize,
    /// `OTE_METRICS_TOKEN`: the bearer token `GET /metrics` asks for; unset, it answers 404.
    pub metrics_token: Option<String>,
    /// `OTE_UPSTREAM_URL`, with `OTE_UPSTREAM_KEY` and `OTE_UPSTREAM_PERIOD_SECS`: this
    /// installation is a hub, syncing with the server at that URL (see [`crate::upstream`]);
    /// unset, it is shore.
    pub upstream: Option<Upstream>,
}

/// Where a hub syncs its documents, and as whom.
#[derive(Clone)]
pub struct Upstream {
    /// The upstream server's base URL (`https://ote.example.com`).
    pub url: String,
    /// `OTE_UPSTREAM_KEY`: an API key of the hub's account there.
    pub key: String,
    /// `OTE_UPSTREAM_PERIOD_SECS` (30): how long the hub waits between syncs that went well.
    pub period: Duration,
}

impl std::fmt::Debug for Upstream {
    // The key stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstream")
            .field("url", &self.url)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

/// The database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/ote";

impl Config {
    /// Reads the settings from the environment.
    pub fn from_env() -> anyhow::Result<Config> {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
        Ok(Config {
            database_url: var("DATABASE_URL", DEFAULT_DATABASE_URL),
            read_database_url: std::env::var("OTE_DATABASE_READ_URL")
                .ok()
                .filter(|u| !u.is_empty()),
            bind: var("OTE_BIND", "127.0.0.1:8080")
                .parse()
                .map_err(|e| anyhow::anyhow!("OTE_BIND no es una dirección válida: {e}"))?,
            data_dir: var("OTE_DATA_DIR", ".local/data").into(),
            dist_dir: var("OTE_DIST_DIR", "dist").into(),
            admin_password: std::env::var("OTE_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
            import_limits: import_limits()?,
            mpxj_dir: var("OTE_MPXJ_DIR", ".local/mpxj/mpxj").into(),
            java: var("OTE_JAVA", "java").into(),
            api_key_ttl: Duration::from_secs(
                var("OTE_API_KEY_TTL_SECS", "10")
                    .parse()
                    .map_err(|_| anyhow::anyhow!("OTE_API_KEY_TTL_SECS debe ser un número"))?,
            ),
            behind_https: match var("OTE_BEHIND_HTTPS", "false").as_str() {
                "1" | "true" => true,
                "0" | "false" | "" => false,
                _ => anyhow::bail!("OTE_BEHIND_HTTPS debe ser true o false"),
            },
            json_logs: match var("OTE_LOG_FORMAT", "text").as_str() {
                "json" => true,
                "text" | "" => false,
                _ => anyhow::bail!("OTE_LOG_FORMAT debe ser text o json"),
            },
            shutdown_grace: Duration::from_secs(
                var("OTE_SHUTDOWN_GRACE_SECS", "30")
                    .parse()
                    .map_err(|_| anyhow::anyhow!("OTE_SHUTDOWN_GRACE_SECS debe ser un número"))?,
            ),
            doc_cache: positive(
                "OTE_DOC_CACHE",
                crate::store::cache::DEFAULT_CAPACITY as u64,
            )? as usize,
            metrics_token: std::env::var("OTE_METRICS_TOKEN")
                .ok()
                .filter(|t| !t.is_empty()),
            s3_bucket: std::env::var("OTE_S3_BUCKET")
                .ok()
                .filter(|b| !b.is_empty()),
            upstream: upstream()?,
        })
    }
}

fn upstream() -> anyhow::Result<Option<Upstream>> {
    let Some(url) = std::env::var("OTE_UPSTREAM_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return Ok(None);
    };
    let parsed = reqwest::Url::parse(&url)
        .map_err(|e| anyhow::anyhow!("OTE_UPSTREAM_URL no es una URL válida: {e}"))?;
    anyhow::ensure!(
        matches!(parsed.scheme(), "http" | "https"),
        "OTE_UPSTREAM_URL debe empezar con http:// o https://"
    );
    let key = std::env::var("OTE_UPSTREAM_KEY")
        .ok()
        .filter(|k| !k.is_empty())
        .ok_or_else(|| anyhow::anyhow!("OTE_UPSTREAM_URL pide OTE_UPSTREAM_KEY, la clave de API de la cuenta del hub en tierra"))?;
    Ok(Some(Upstream {
        url: url.trim_end_matches('/').to_owned(),
        key,
        period: Duration::from_secs(positive("OTE_UPSTREAM_PERIOD_SECS", 30)?),
    }))
}

/// The positive number in the variable `name`, or `default` when it is unset.
fn positive(name: &str, default: u64) -> anyhow::Result<u64> {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| anyhow::anyhow!("{name} debe ser un número positivo")),
        Err(_) => Ok(default),
    }
}

fn import_limits() -> anyhow::Result<Limits> {
    let mib = 1024 * 1024;
    let defaults = Limits::default();
    Ok(Limits {
        max_bytes: positive("OTE_IMPORT_MAX_MIB", defaults.max_bytes / mib)? * mib,
        max_rows: positive("OTE_IMPORT_MAX_ROWS", defaults.max_rows)?,
        max_inflated: positive("OTE_IMPORT_MAX_INFLATED_MIB", defaults.max_inflated / mib)? * mib,
        conversion_timeout: Duration::from_secs(positive(
            "OTE_MPXJ_TIMEOUT_SECS",
            defaults.conversion_timeout.as_secs(),
        )?),
    })
}
