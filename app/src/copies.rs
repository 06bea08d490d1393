//! The device's copies of photos and files: the bytes of one, from the device when it has them
//! (waiting to upload, or kept after), else fetched from the server once and kept, so a file
//! seen online opens offline afterwards.

use gloo_net::http::Request;
use ote_shared::model::Archivo;

use crate::store::IdbStore;

/// The MIME type and bytes of `archivo`, or `None` when neither the device nor the server (it
/// may be unreachable) has it.
pub async fn bytes_of(store: &IdbStore, archivo: &Archivo) -> Option<(String, Vec<u8>)> {
    if let Ok(Some(kept)) = store.file(&archivo.sha256).await {
        return Some(kept);
    }
    let response = Request::get(&format!("/api/blobs/{}", archivo.sha256))
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    let bytes = response.binary().await.ok()?;
    // A failed copy only means the next offline view lacks it.
    let _ = store
        .keep_copy(&archivo.sha256, archivo.tipo_mime.clone(), bytes.clone())
        .await;
    Some((archivo.tipo_mime.clone(), bytes))
}
