//! Files a hub's tablets ask for that the hub lacks (a photo taken ashore, say): fetched from
//! shore on first read, checked against their hash and kept, so the next read is local.

use crate::Error;
use crate::auth::Viewer;
use crate::blobs::{self, Verified};
use crate::state::AppState;

use ote_shared::sync::device::DeviceStore;

use super::store::HubStore;
use super::transport::HttpUpstream;

/// Brings the file `sha256` down from shore for `viewer`, if this server is a hub and a work
/// order the viewer sees names it; whether it is stored now. With the link down,
/// [`Error::OnShore`].
pub async fn fetch(state: &AppState, sha256: &str, viewer: Viewer) -> Result<bool, Error> {
    let Some(upstream) = &state.config.upstream else {
        return Ok(false);
    };
    if !blobs::access::referenced(&state.pool, sha256, viewer).await? {
        return Ok(false);
    }
    let transport =
        HttpUpstream::new(upstream, state.pool.clone()).map_err(|e| Error::Internal(e.into()))?;
    let Some((mime, body)) = transport.download(sha256).await.map_err(|e| {
        tracing::info!(error = %e, "archivo en tierra");
        Error::OnShore
    })?
    else {
        return Ok(false);
    };
    let file = Verified::of_stream(sha256, body, &state.blobs.spool_dir())
        .await
        .map_err(|_| Error::OnShore)?;
    state
        .blobs
        .save_from_upstream(&mime, file)
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    // Shore holds it: it never goes back up.
    HubStore::new(state.clone()).blob_uploaded(sha256).await?;
    Ok(true)
}
