//! An S3-compatible store for the tests: moto's server (PyPI `moto[s3]`, which the test command
//! installs into `.local/py`), in memory, on a free port, with one empty bucket.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

/// The bucket every test store has.
pub const BUCKET: &str = "ote-archivos";

/// A running S3-compatible store, stopped when dropped.
pub struct S3Server {
    _child: Child,
    /// Its address, as `AWS_ENDPOINT` takes it.
    pub endpoint: String,
}

impl S3Server {
    /// Starts one and makes [`BUCKET`] in it.
    pub async fn start() -> anyhow::Result<S3Server> {
        let port = crate::free_port();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .env("PYTHONPATH", root.join(".local/py"))
            .kill_on_drop(true)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let endpoint = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        // moto takes a few seconds to import; a bucket is made with an unsigned PUT.
        for _ in 0..200 {
            if let Ok(made) = client.put(format!("{endpoint}/{BUCKET}")).send().await
                && made.status().is_success()
            {
                return Ok(S3Server {
                    _child: child,
                    endpoint,
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("moto no respondió en {endpoint} (¿está en .local/py?)")
    }

    /// The environment of a server process that keeps its files here.
    pub fn server_env(&self) -> [(&'static str, &str); 6] {
        [
            ("OTE_S3_BUCKET", BUCKET),
            ("AWS_ENDPOINT", &self.endpoint),
            ("AWS_ALLOW_HTTP", "true"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "prueba"),
            ("AWS_SECRET_ACCESS_KEY", "prueba-secreta"),
        ]
    }
}
