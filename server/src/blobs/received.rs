//! Bytes whose SHA-256 was checked against the name they were sent under: the only way into
//! the store (parse, don't validate).

use std::io::SeekFrom;
use std::path::Path;

use axum::body::{Body, Bytes};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::fs::File;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use super::{BlobError, MAX_BLOB_BYTES, is_sha256};

/// The size of the pieces a file is stored and read in.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// A file's bytes, proven to hash to [`Verified::sha256`].
#[derive(Debug)]
pub struct Verified {
    sha256: String,
    size: u64,
    source: Source,
}

#[derive(Debug)]
enum Source {
    /// A file that fits in one piece, or one already in memory (a multipart form's).
    Memory(Bytes),
    /// An unnamed temporary file: gone from the disk when closed, even after a crash.
    Spool(File),
}

impl Verified {
    /// Checks bytes already in memory against `sha256`.
    pub fn of_bytes(sha256: &str, bytes: Bytes) -> Result<Verified, BlobError> {
        check_name(sha256)?;
        if bytes.len() > MAX_BLOB_BYTES {
            return Err(BlobError::TooLarge);
        }
        check_hash(sha256, Sha256::digest(&bytes).as_slice())?;
        Ok(Verified {
            sha256: sha256.to_owned(),
            size: bytes.len() as u64,
            source: Source::Memory(bytes),
        })
    }

    /// Bytes already in memory, named by the hash computed here (nobody sent one to check).
    pub fn hashing(bytes: Bytes) -> Result<Verified, BlobError> {
        if bytes.len() > MAX_BLOB_BYTES {
            return Err(BlobError::TooLarge);
        }
        Ok(Verified {
            sha256: hex::encode(Sha256::digest(&bytes)),
            size: bytes.len() as u64,
            source: Source::Memory(bytes),
        })
    }

    /// Receives `body` as it arrives, hashing it; past one piece it goes on in a temporary
    /// file under `spool_dir`. Refused past [`MAX_BLOB_BYTES`] without reading the rest.
    pub async fn of_stream(
        sha256: &str,
        body: Body,
        spool_dir: &Path,
    ) -> Result<Verified, BlobError> {
        check_name(sha256)?;
        let mut stream = body.into_data_stream();
        let mut hasher = Sha256::new();
        let mut size = 0usize;
        let mut memory = Vec::new();
        let mut spool: Option<File> = None;
        while let Some(frame) = stream.next().await {
            let frame = frame.map_err(|_| BlobError::Interrupted)?;
            size += frame.len();
            if size > MAX_BLOB_BYTES {
                return Err(BlobError::TooLarge);
            }
            hasher.update(&frame);
            match spool.as_mut() {
                Some(file) => file.write_all(&frame).await?,
                None => {
                    memory.extend_from_slice(&frame);
                    if memory.len() > CHUNK_BYTES {
                        spool = Some(spill(spool_dir, &memory).await?);
                        memory = Vec::new();
                    }
                }
            }
        }
        check_hash(sha256, hasher.finalize().as_slice())?;
        let source = match spool {
            Some(mut file) => {
                file.flush().await?;
                file.seek(SeekFrom::Start(0)).await?;
                Source::Spool(file)
            }
            None => Source::Memory(memory.into()),
        };
        Ok(Verified {
            sha256: sha256.to_owned(),
            size: size as u64,
            source,
        })
    }

    /// The SHA-256 the bytes hash to.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The next piece of at most [`CHUNK_BYTES`], `None` at the end.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, BlobError> {
        match &mut self.source {
            Source::Memory(bytes) if bytes.is_empty() => Ok(None),
            Source::Memory(bytes) => Ok(Some(bytes.split_to(bytes.len().min(CHUNK_BYTES)))),
            Source::Spool(file) => {
                let mut piece = Vec::with_capacity(CHUNK_BYTES);
                file.take(CHUNK_BYTES as u64)
                    .read_to_end(&mut piece)
                    .await?;
                Ok((!piece.is_empty()).then(|| piece.into()))
            }
        }
    }
}

fn check_name(sha256: &str) -> Result<(), BlobError> {
    if is_sha256(sha256) {
        Ok(())
    } else {
        Err(BlobError::BadHash)
    }
}

fn check_hash(sha256: &str, digest: &[u8]) -> Result<(), BlobError> {
    if hex::encode(digest) == sha256 {
        Ok(())
    } else {
        Err(BlobError::HashMismatch)
    }
}

async fn spill(spool_dir: &Path, first: &[u8]) -> Result<File, BlobError> {
    tokio::fs::create_dir_all(spool_dir).await?;
    let dir = spool_dir.to_owned();
    let file = tokio::task::spawn_blocking(move || tempfile::tempfile_in(dir))
        .await
        .map_err(std::io::Error::other)??;
    let mut file = File::from_std(file);
    file.write_all(first).await?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    async fn pieces(mut verified: Verified) -> Vec<Bytes> {
        let mut all = Vec::new();
        while let Some(piece) = verified.next_chunk().await.unwrap() {
            all.push(piece);
        }
        all
    }

    #[tokio::test]
    async fn a_stream_longer_than_a_piece_is_spooled_and_read_back_in_pieces() {
        let bytes: Vec<u8> = (0..CHUNK_BYTES * 2 + 10).map(|i| (i % 251) as u8).collect();
        let frames: Vec<Result<Vec<u8>, std::io::Error>> =
            bytes.chunks(7000).map(|c| Ok(c.to_vec())).collect();
        let body = Body::from_stream(futures_util::stream::iter(frames));
        let dir = tempfile::tempdir().unwrap();
        let verified = Verified::of_stream(&sha(&bytes), body, dir.path())
            .await
            .unwrap();
        assert!(matches!(verified.source, Source::Spool(_)));
        assert_eq!(verified.size(), bytes.len() as u64);
        let read = pieces(verified).await;
        assert_eq!(
            read.iter().map(Bytes::len).collect::<Vec<_>>(),
            [CHUNK_BYTES, CHUNK_BYTES, 10]
        );
        assert_eq!(read.concat(), bytes);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the spool file has no name"
        );
    }

    #[tokio::test]
    async fn bytes_that_do_not_hash_to_the_name_are_refused() {
        let body = Body::from("una foto");
        let err = Verified::of_stream(&sha(b"otra foto"), body, Path::new("/nonexistent"))
            .await
            .unwrap_err();
        assert!(matches!(err, BlobError::HashMismatch));
    }

    #[tokio::test]
    async fn an_empty_file_is_stored_as_no_pieces() {
        let verified = Verified::of_bytes(&sha(b""), Bytes::new()).unwrap();
        assert!(pieces(verified).await.is_empty());
    }
}
