//! Shore's sync, over HTTP: `POST /api/sync/hub` in the binary form devices use (a batch and
//! who made its changes on board), `PUT /api/blobs/{sha256}`, its crew, `GET /api/v1/crew`,
//! and its catalogs, with the hub account's API key.

use std::time::Duration;

use axum::body::Body;

use ote_shared::api::Catalogos;
use ote_shared::api::upstream::Tripulante;
use ote_shared::sync::device::{PendingBlob, Transport};
use ote_shared::sync::wire::{self, HubSyncRequest, SyncRequest, SyncResponse};
use sqlx::PgPool;

use crate::config::Upstream;

/// How long a request may take before the hub gives up on it: a whole batch over a slow
/// satellite link, not a link that is down (that fails at connecting).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Why a request to shore failed, in words for the hub's page.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Shore could not be reached, or the answer was cut.
    #[error("sin enlace con tierra: {0}")]
    Unreachable(#[from] reqwest::Error),
    /// Shore answered with an error.
    #[error("tierra respondió {status}: {body}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The start of the answer (a stable code and a message).
        body: String,
    },
    /// Shore's answer does not read as a sync answer.
    #[error("la respuesta de tierra no es válida")]
    BadAnswer,
    /// The hub's database failed while the request was made.
    #[error("base de datos del hub: {0}")]
    Database(#[from] sqlx::Error),
}

/// The way to shore.
pub struct HttpUpstream {
    client: reqwest::Client,
    sync_url: String,
    blobs_url: String,
    crew_url: String,
    catalogs_url: String,
    key: String,
    /// The hub's database, where who made each change on board is read.
    pool: PgPool,
}

impl HttpUpstream {
    /// A client for `upstream`, from the hub whose database is `pool`.
    pub fn new(upstream: &Upstream, pool: PgPool) -> Result<HttpUpstream, reqwest::Error> {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()?;
        Ok(HttpUpstream {
            client,
            sync_url: format!("{}/api/sync/hub", upstream.url),
            blobs_url: format!("{}/api/blobs", upstream.url),
            crew_url: format!("{}/api/v1/crew", upstream.url),
            catalogs_url: format!("{}/api/v1/catalogs", upstream.url),
            key: upstream.key.clone(),
            pool,
        })
    }
}

impl HttpUpstream {
    /// The file `sha256` as shore serves it to the hub: its type and its bytes as they
    /// arrive; `None` when shore has no such file the hub may read.
    pub async fn download(&self, sha256: &str) -> Result<Option<(String, Body)>, LinkError> {
        let response = self
            .client
            .get(format!("{}/{sha256}", self.blobs_url))
            .header("Api-key", &self.key)
            .send()
            .await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(refused(response).await);
        }
        let mime = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        Ok(Some((mime, Body::from_stream(response.bytes_stream()))))
    }

    /// The hub's crew, as shore keeps it (`GET /api/v1/crew`).
    pub async fn crew(&self) -> Result<Vec<Tripulante>, LinkError> {
        let response = self
            .client
            .get(&self.crew_url)
            .header("Api-key", &self.key)
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(refused(response).await);
        }
        let bytes = response.bytes().await?;
        serde_json::from_slice(&bytes).map_err(|_| LinkError::BadAnswer)
    }
}

impl HttpUpstream {
    /// Shore's catalogs with their ETag (`GET /api/v1/catalogs`); `None` when they are still
    /// those of `etag`.
    pub async fn catalogs(
        &self,
        etag: Option<&str>,
    ) -> Result<Option<(String, Catalogos)>, LinkError> {
        let mut request = self
            .client
            .get(&self.catalogs_url)
            .header("Api-key", &self.key);
        if let Some(etag) = etag {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let response = request.send().await?;
        if response.status() == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(refused(response).await);
        }
        let tag = response
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response.bytes().await?;
        let catalogos = serde_json::from_slice(&bytes).map_err(|_| LinkError::BadAnswer)?;
        Ok(Some((tag, catalogos)))
    }
}

/// An answer other than 2xx, as an error.
async fn refused(response: reqwest::Response) -> LinkError {
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    LinkError::Refused {
        status,
        body: body.chars().take(300).collect(),
    }
}

impl Transport for HttpUpstream {
    type Error = LinkError;

    /// Sends the batch with who made its changes on board, each document's in the order the
    /// hub merged them (`POST /api/sync/hub`).
    async fn sync(&self, request: &SyncRequest) -> Result<SyncResponse, LinkError> {
        let request = super::authors::in_log_order(&self.pool, request.clone()).await?;
        let batch = HubSyncRequest {
            autores: super::authors::of(&self.pool, &request).await?,
            request,
        };
        let response = self
            .client
            .post(&self.sync_url)
            .header("Api-key", &self.key)
            .header("Content-Type", wire::BINARY)
            .header("Accept", wire::BINARY)
            .body(wire::to_binary(&batch))
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(refused(response).await);
        }
        let bytes = response.bytes().await?;
        wire::from_binary(&bytes).ok_or(LinkError::BadAnswer)
    }

    async fn upload_blob(&self, blob: &PendingBlob) -> Result<(), LinkError> {
        let response = self
            .client
            .put(format!("{}/{}", self.blobs_url, blob.sha256))
            .header("Api-key", &self.key)
            .header("Content-Type", &blob.tipo_mime)
            .body(blob.bytes.clone())
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(refused(response).await);
        }
        Ok(())
    }
}
