//! The catalogs the screens name things with, fetched from the server when it answers and kept
//! in the device store for when it does not.

use gloo_net::http::Request;
pub use ote_shared::api::Catalogos;

use crate::store::IdbStore;

/// The server's catalogs when it answers (kept for later), else the ones kept, else none.
pub async fn load(store: &IdbStore) -> Catalogos {
    if let Some(json) = fetch().await
        && let Ok(catalogos) = serde_json::from_str(&json)
    {
        // A failed write only means the next offline start names steps by number.
        let _ = store.set_catalogs(json).await;
        return catalogos;
    }
    let kept = store.catalogs().await.ok().flatten();
    kept.and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

async fn fetch() -> Option<String> {
    let response = Request::get("/api/v1/catalogs").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}
