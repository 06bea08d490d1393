//! The catalogs the screens name things with, fetched from the server when they changed and kept
//! in the device store for when it does not answer. The kept copy carries the server's ETag:
//! after every sync the loop asks with it ([`refresh`]), and the server answers 304 until an
//! office edit changed something, so a device takes up a new vessel or a renamed client on its
//! next sync and keeps working offline with the copy it has.

use gloo_net::http::Request;
pub use ote_shared::api::Catalogos;

use crate::store::IdbStore;

/// The catalogs: the server's when they changed (kept for later), else the ones kept, else none.
pub async fn load(store: &IdbStore) -> Catalogos {
    if let Some(fresh) = refresh(store).await {
        return fresh;
    }
    let kept = store.catalogs().await.ok().flatten();
    kept.and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The server's catalogs if they changed since the copy kept (kept now, with their ETag);
/// `None` when they did not, or the server did not answer.
pub async fn refresh(store: &IdbStore) -> Option<Catalogos> {
    let kept_tag = store.catalogs_etag().await.ok().flatten();
    let mut request = Request::get("/api/v1/catalogs");
    if let Some(tag) = &kept_tag {
        request = request.header("If-None-Match", tag);
    }
    let response = request.send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let tag = response.headers().get("etag");
    let json = response.text().await.ok()?;
    let catalogos = serde_json::from_str(&json).ok()?;
    // A failed write only means the next offline start names steps by number; the tag is kept
    // after the copy, so a copy that failed is asked for again.
    if store.set_catalogs(json).await.is_ok()
        && let Some(tag) = tag
    {
        let _ = store.set_catalogs_etag(tag).await;
    }
    Some(catalogos)
}
