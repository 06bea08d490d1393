//! Content-addressed files (photos, step attachments), readable by every server process.
//!
//! A tour:
//! - [`received`]: bytes as they arrive, checked against the SHA-256 they are sent under
//!   ([`Verified`]): a stream is spooled to an unnamed temporary file as it is hashed, so a
//!   25 MB photo is never held in memory nor a database connection held while a slow tablet
//!   sends it.
//! - [`store`]: where verified bytes go and are read from ([`BlobStore`]): PostgreSQL by
//!   default (`blob_chunks`, 256 KiB pieces, written in one short transaction, read a piece at
//!   a time), a [`bucket`] of an S3-compatible store when `OTE_S3_BUCKET` names one, and the
//!   local disk of the rows from before, until [`migrate`] moves them.
//! - [`bucket`]: the S3-compatible bucket.
//! - [`access`]: who may read a file.
//! - [`migrate`]: moves the files an older version left on a process's disk into the store.
//!
//! A row of `blobs` names every stored file (its size, type and where its bytes are), and
//! `blob_uploaders` who sent it. Storing the same file twice stores it once.

pub mod access;
pub mod bucket;
pub mod migrate;
pub mod received;
pub mod store;

pub use access::readable;
pub use received::Verified;
pub use store::{BlobStore, Stored};

/// The largest file accepted, in bytes (a photo from a tablet camera is a few MB).
pub const MAX_BLOB_BYTES: usize = 25 * 1024 * 1024;

/// Why a file was refused or could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The name is not a lower-case hex SHA-256.
    #[error("el identificador no es un SHA-256 en hexadecimal")]
    BadHash,
    /// The bytes do not hash to the name.
    #[error("el contenido no corresponde a su SHA-256")]
    HashMismatch,
    /// More than [`MAX_BLOB_BYTES`].
    #[error("el archivo excede {} MiB", MAX_BLOB_BYTES / (1024 * 1024))]
    TooLarge,
    /// The sender stopped before the end.
    #[error("el envío del archivo se interrumpió")]
    Interrupted,
    /// Spooling or reading failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The bucket failed, or is not configured for a file stored in one.
    #[error(transparent)]
    Bucket(#[from] object_store::Error),
    /// A file is in a bucket and this process has none (`OTE_S3_BUCKET` unset).
    #[error("el archivo está en un bucket S3 y OTE_S3_BUCKET no está configurado")]
    NoBucket,
}

/// Whether `s` is a lower-case hex SHA-256.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
