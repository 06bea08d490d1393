//! `ote-server blobs migrate`: moves the files an older version kept on a process's disk
//! (`OTE_DATA_DIR/blobs`) into PostgreSQL. Each process had its own disk, so the command runs
//! once on each machine that served uploads; a file on another machine's disk is reported
//! missing here and moved there. Safe to run again, and beside running servers: a file is
//! claimed and written in one transaction.

use std::path::Path;

use sqlx::PgPool;

use super::store::{disk_path, write_chunks};
use super::{BlobError, Verified};

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files now in PostgreSQL.
    pub moved: u64,
    /// Files this disk does not have (another machine's, or lost).
    pub missing: Vec<String>,
    /// Files whose bytes no longer hash to their name: left where they are.
    pub damaged: Vec<String>,
}

/// Moves every file still marked `disco` that `data_dir` holds.
pub async fn from_disk(pool: &PgPool, data_dir: &Path) -> Result<Report, BlobError> {
    let pending =
        sqlx::query_scalar!("SELECT sha256 FROM blobs WHERE almacen = 'disco' ORDER BY sha256")
            .fetch_all(pool)
            .await?;
    let mut report = Report::default();
    for sha256 in pending {
        let bytes = match tokio::fs::read(disk_path(data_dir, &sha256)).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.missing.push(sha256);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        match Verified::of_bytes(&sha256, bytes.into()) {
            Ok(file) => report.moved += u64::from(move_one(pool, file).await?),
            Err(BlobError::HashMismatch | BlobError::TooLarge) => report.damaged.push(sha256),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Claims the row and writes the pieces together; false if another run claimed it first.
async fn move_one(pool: &PgPool, mut file: Verified) -> Result<bool, BlobError> {
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query!(
        "UPDATE blobs SET almacen = 'postgres' WHERE sha256 = $1 AND almacen = 'disco'",
        file.sha256()
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if claimed {
        write_chunks(&mut tx, &mut file).await?;
        tx.commit().await?;
    }
    Ok(claimed)
}
