//! Where a file's bytes are kept and read from, so every server process reads what any of them
//! received: PostgreSQL, in pieces, or a bucket when one is configured; the local disk only
//! for the rows an older version wrote there (`almacen = 'disco'`) until `ote-server blobs
//! migrate` moves them. A row says where its bytes are, so files stored before a bucket was
//! configured are still read from PostgreSQL.

use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use futures_util::StreamExt;
use sqlx::PgPool;

use super::bucket::Bucket;
use super::received::CHUNK_BYTES;
use super::{BlobError, Verified};
use crate::config::Config;

/// The file store of a server process.
#[derive(Debug, Clone)]
pub struct BlobStore {
    pub(super) pool: PgPool,
    pub(super) data_dir: PathBuf,
    /// Where new files go instead of PostgreSQL, if configured.
    bucket: Option<Bucket>,
}

/// A stored file's description, as [`super::readable`] finds it.
#[derive(Debug, sqlx::FromRow)]
pub struct Stored {
    /// Its SHA-256.
    pub sha256: String,
    /// The type its uploader gave.
    pub tipo_mime: String,
    /// Its size in bytes.
    pub tamano: i64,
    /// Where its bytes are.
    pub almacen: Almacen,
}

/// Where a stored file's bytes are (the column `blobs.almacen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum Almacen {
    /// On the disk of the process that received it (rows of older versions).
    Disco,
    /// In `blob_chunks`.
    Postgres,
    /// In the configured bucket ([`Bucket`]).
    S3,
}

impl BlobStore {
    /// The store on `pool`, new files going to `bucket` if given; `data_dir` holds the spool
    /// and the files of older versions.
    pub fn new(pool: PgPool, data_dir: PathBuf, bucket: Option<Bucket>) -> BlobStore {
        BlobStore {
            pool,
            data_dir,
            bucket,
        }
    }

    /// Where uploads wait, unnamed, while they arrive.
    pub fn spool_dir(&self) -> PathBuf {
        self.data_dir.join("spool")
    }

    /// Stores `file` as uploaded by `user_id`. The same file again stores nothing but its
    /// uploader; returns whether it was new. In PostgreSQL the row and its pieces are one
    /// transaction that holds its connection only while the verified bytes are written (a
    /// concurrent upload of the same file waits on the row, then finds it); in a bucket the
    /// object goes up first, with no connection held, and the row names it once it is there.
    pub async fn save(&self, user_id: i64, mime: &str, file: Verified) -> Result<bool, BlobError> {
        self.keep(Some(user_id), mime, file).await
    }

    /// Stores `file` as it came down from shore to a vessel hub: uploaded by no one here.
    pub async fn save_from_upstream(&self, mime: &str, file: Verified) -> Result<bool, BlobError> {
        self.keep(None, mime, file).await
    }

    async fn keep(
        &self,
        uploader: Option<i64>,
        mime: &str,
        mut file: Verified,
    ) -> Result<bool, BlobError> {
        let almacen = self.destination();
        if let Some(bucket) = &self.bucket
            && !self.holds(file.sha256()).await?
        {
            bucket.put(&mut file).await?;
        }
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query_scalar!(
            r#"INSERT INTO blobs (sha256, tamano, tipo_mime, almacen)
               VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING true AS "new!""#,
            file.sha256(),
            file.size() as i64,
            mime,
            almacen as Almacen,
        )
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if inserted && almacen == Almacen::Postgres {
            write_chunks(&mut tx, &mut file).await?;
        }
        if let Some(user_id) = uploader {
            sqlx::query!(
                "INSERT INTO blob_uploaders (sha256, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                file.sha256(),
                user_id
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(inserted)
    }

    /// The store `config` describes (`OTE_DATA_DIR`, `OTE_S3_BUCKET`).
    pub fn of(pool: PgPool, config: &Config) -> Result<BlobStore, BlobError> {
        let bucket = config
            .s3_bucket
            .as_deref()
            .map(Bucket::from_env)
            .transpose()?;
        Ok(BlobStore::new(pool, config.data_dir.clone(), bucket))
    }

    /// Where new files go.
    fn destination(&self) -> Almacen {
        match self.bucket {
            Some(_) => Almacen::S3,
            None => Almacen::Postgres,
        }
    }

    /// Whether a row names `sha256` already.
    async fn holds(&self, sha256: &str) -> Result<bool, BlobError> {
        Ok(sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1) AS "held!""#,
            sha256
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Moves `file`, a row's bytes left on a disk by an older version, to where new files go;
    /// false if another run moved it first.
    pub(super) async fn adopt(&self, mut file: Verified) -> Result<bool, BlobError> {
        let almacen = self.destination();
        if let Some(bucket) = &self.bucket {
            bucket.put(&mut file).await?;
        }
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query!(
            "UPDATE blobs SET almacen = $2 WHERE sha256 = $1 AND almacen = 'disco'",
            file.sha256(),
            almacen as Almacen,
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if claimed && almacen == Almacen::Postgres {
            write_chunks(&mut tx, &mut file).await?;
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// The bytes of `stored`, as a body read a piece at a time (each piece its own short query,
    /// so a slow reader holds no connection).
    pub async fn body(&self, stored: &Stored) -> Result<Body, BlobError> {
        match stored.almacen {
            Almacen::Disco => {
                let bytes = tokio::fs::read(disk_path(&self.data_dir, &stored.sha256)).await?;
                return Ok(Body::from(bytes));
            }
            Almacen::S3 => {
                let bucket = self.bucket.as_ref().ok_or(BlobError::NoBucket)?;
                return bucket.body(&stored.sha256).await;
            }
            Almacen::Postgres => {}
        }
        let pieces = (stored.tamano.max(0) as u64).div_ceil(CHUNK_BYTES as u64);
        let pool = self.pool.clone();
        let sha256 = stored.sha256.clone();
        let stream = futures_util::stream::iter(0..pieces as i32).then(move |n| {
            let pool = pool.clone();
            let sha256 = sha256.clone();
            async move { read_chunk(&pool, &sha256, n).await }
        });
        Ok(Body::from_stream(stream))
    }
}

/// Writes the pieces of `file` under its hash, within `tx`.
async fn write_chunks(tx: &mut sqlx::PgConnection, file: &mut Verified) -> Result<(), BlobError> {
    let mut n = 0i32;
    while let Some(piece) = file.next_chunk().await? {
        sqlx::query!(
            "INSERT INTO blob_chunks (sha256, n, datos) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            file.sha256(),
            n,
            piece.as_ref()
        )
        .execute(&mut *tx)
        .await?;
        n += 1;
    }
    Ok(())
}

async fn read_chunk(pool: &PgPool, sha256: &str, n: i32) -> Result<Bytes, std::io::Error> {
    sqlx::query_scalar!(
        "SELECT datos FROM blob_chunks WHERE sha256 = $1 AND n = $2",
        sha256,
        n
    )
    .fetch_one(pool)
    .await
    .map(Bytes::from)
    .map_err(std::io::Error::other)
}

/// Where an older version kept the bytes of `sha256` on its disk.
pub fn disk_path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("blobs").join(&sha256[..2]).join(sha256)
}
