//! Content-addressed files (photos, step attachments): the bytes on disk under
//! `OTE_DATA_DIR/blobs/<first two hex>/<sha256>`, a row per file in `blobs`.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// The largest file accepted, in bytes (a photo from a tablet camera is a few MB).
pub const MAX_BLOB_BYTES: usize = 25 * 1024 * 1024;

/// Why a file was refused.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The name is not a lower-case hex SHA-256.
    #[error("el identificador no es un SHA-256 en hexadecimal")]
    BadHash,
    /// The bytes do not hash to the name.
    #[error("el contenido no corresponde a su SHA-256")]
    HashMismatch,
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Whether `s` is a lower-case hex SHA-256.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where the bytes of `sha256` live.
pub fn path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("blobs").join(&sha256[..2]).join(sha256)
}

/// Stores `bytes` under `sha256` after checking the hash, as uploaded by `user_id`. Storing the
/// same file again stores nothing but its uploader; returns whether it was new.
pub async fn put(
    pool: &PgPool,
    data_dir: &Path,
    user_id: i64,
    sha256: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<bool, BlobError> {
    if !is_sha256(sha256) {
        return Err(BlobError::BadHash);
    }
    if hex::encode(Sha256::digest(bytes)) != sha256 {
        return Err(BlobError::HashMismatch);
    }
    let target = path(data_dir, sha256);
    if !tokio::fs::try_exists(&target).await? {
        tokio::fs::create_dir_all(target.parent().expect("has a parent")).await?;
        // Written aside and renamed, so a crash never leaves a partial file under the real name.
        let temp = target.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&temp, bytes).await?;
        tokio::fs::rename(&temp, &target).await?;
    }
    let inserted = sqlx::query_scalar!(
        r#"WITH b AS (INSERT INTO blobs (sha256, tamano, tipo_mime) VALUES ($1, $2, $3)
                      ON CONFLICT DO NOTHING RETURNING 1),
                u AS (INSERT INTO blob_uploaders (sha256, user_id)
                      SELECT $1, $4 WHERE EXISTS (SELECT 1 FROM b)
                         OR EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1)
                      ON CONFLICT DO NOTHING)
           SELECT EXISTS (SELECT 1 FROM b) AS "inserted!""#,
        sha256,
        bytes.len() as i64,
        mime,
        user_id
    )
    .fetch_one(pool)
    .await?;
    Ok(inserted)
}

/// The MIME type of the stored file `sha256`, if `viewer` may read it: they uploaded it, or
/// may see a work order whose photo or step references it.
pub async fn readable(
    pool: &PgPool,
    sha256: &str,
    user_id: i64,
    viewer: crate::auth::Viewer,
) -> Result<Option<String>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new("SELECT b.tipo_mime FROM blobs b WHERE b.sha256 = ");
    q.push_bind(sha256.to_owned());
    q.push(
        " AND (EXISTS (SELECT 1 FROM blob_uploaders o WHERE o.sha256 = b.sha256 AND o.user_id = ",
    );
    q.push_bind(user_id);
    q.push(") OR EXISTS (SELECT 1 FROM work_orders w WHERE (w.id IN (SELECT p.work_order_id FROM work_order_photos p WHERE p.sha256 = b.sha256)
           OR w.id IN (SELECT s.work_order_id FROM work_order_steps s WHERE s.archivo IS NOT NULL AND s.archivo->>'sha256' = b.sha256))");
    viewer.push_filter(&mut q);
    q.push("))");
    q.build_query_scalar().fetch_optional(pool).await
}
