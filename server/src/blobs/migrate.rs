//! `ote-server blobs migrate`: moves the files an older version kept on a process's disk
//! (`OTE_DATA_DIR/blobs`) to where new files go (PostgreSQL, or the configured bucket). Each process had its own disk, so the command runs
//! once on each machine that served uploads; a file on another machine's disk is reported
//! missing here and moved there. Safe to run again, and beside running servers: a file is
//! claimed and written in one transaction (into a bucket, written first: the same object again).

use super::store::disk_path;
use super::{BlobError, BlobStore, Verified};

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files now where new files go.
    pub moved: u64,
    /// Files this disk does not have (another machine's, or lost).
    pub missing: Vec<String>,
    /// Files whose bytes no longer hash to their name: left where they are.
    pub damaged: Vec<String>,
}

/// Moves every file still marked `disco` that this process's data folder holds.
pub async fn from_disk(store: &BlobStore) -> Result<Report, BlobError> {
    let pending =
        sqlx::query_scalar!("SELECT sha256 FROM blobs WHERE almacen = 'disco' ORDER BY sha256")
            .fetch_all(&store.pool)
            .await?;
    let mut report = Report::default();
    for sha256 in pending {
        let bytes = match tokio::fs::read(disk_path(&store.data_dir, &sha256)).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.missing.push(sha256);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        match Verified::of_bytes(&sha256, bytes.into()) {
            Ok(file) => report.moved += u64::from(store.adopt(file).await?),
            Err(BlobError::HashMismatch | BlobError::TooLarge) => report.damaged.push(sha256),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
