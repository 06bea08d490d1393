//! An S3-compatible bucket as the file store (`OTE_S3_BUCKET`), through `object_store`
//! (Apache Arrow's client for S3, GCS and Azure: signing, retries, multipart uploads). Each
//! file is one object named by its SHA-256, so storing the same file again writes the same
//! object and two processes uploading it at once cannot disagree.

use std::sync::Arc;

use axum::body::Body;
use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::buffered::BufWriter;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use tokio::io::AsyncWriteExt;

use super::{BlobError, Verified};

/// Bytes gathered before a file goes up as parts of a multipart upload (S3's smallest part
/// is 5 MiB); a smaller file goes up in one request.
const PART_BYTES: usize = 5 * 1024 * 1024;

/// A bucket holding files by their SHA-256.
#[derive(Debug, Clone)]
pub struct Bucket {
    store: Arc<dyn ObjectStore>,
}

impl Bucket {
    /// The bucket `name`, its endpoint, region and keys read from the standard `AWS_*`
    /// variables (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP` for a store on the local network), with
    /// path-style addresses, which every S3-compatible store answers.
    pub fn from_env(name: &str) -> Result<Bucket, BlobError> {
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(name)
            .with_virtual_hosted_style_request(false)
            .build()?;
        Ok(Bucket {
            store: Arc::new(store),
        })
    }

    /// Uploads `file` under its hash; a file larger than a part goes up in parts, never
    /// whole in memory.
    pub async fn put(&self, file: &mut Verified) -> Result<(), BlobError> {
        let mut upload =
            BufWriter::with_capacity(self.store.clone(), key(file.sha256()), PART_BYTES)
                .with_max_concurrency(2);
        while let Some(piece) = file.next_chunk().await? {
            if let Err(e) = upload.put(piece).await {
                upload.abort().await.ok();
                return Err(e.into());
            }
        }
        upload.shutdown().await?;
        Ok(())
    }

    /// The bytes of `sha256`, streamed as the bucket sends them.
    pub async fn body(&self, sha256: &str) -> Result<Body, BlobError> {
        let object = self.store.get(&key(sha256)).await?;
        Ok(Body::from_stream(
            object.into_stream().map_err(std::io::Error::other),
        ))
    }
}

/// An object's name: its hash, under a folder of its first two characters, as on the disk.
fn key(sha256: &str) -> Path {
    Path::from(format!("blobs/{}/{sha256}", &sha256[..2]))
}
