//! Settings from the environment; every one has a default that works on a developer machine.

use std::net::SocketAddr;
use std::path::PathBuf;

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database; created if it does not exist.
    pub database_url: String,
    /// `OTE_BIND`: the address the server listens on.
    pub bind: SocketAddr,
    /// `OTE_DATA_DIR`: where uploaded files are kept.
    pub data_dir: PathBuf,
    /// `OTE_DIST_DIR`: the built app (Trunk's `dist/`).
    pub dist_dir: PathBuf,
    /// `OTE_ADMIN_PASSWORD`: the password of the first `admin`, made when there are no users.
    pub admin_password: Option<String>,
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
            bind: var("OTE_BIND", "127.0.0.1:8080")
                .parse()
                .map_err(|e| anyhow::anyhow!("OTE_BIND no es una dirección válida: {e}"))?,
            data_dir: var("OTE_DATA_DIR", ".local/data").into(),
            dist_dir: var("OTE_DIST_DIR", "dist").into(),
            admin_password: std::env::var("OTE_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
        })
    }
}
