//! The browser's storage for this site (`navigator.storage`): asking that it be kept, and how
//! much is used of what the browser allows. Browsers evict storage (Chromium under disk
//! pressure, Safari after days without a visit) unless it was granted persistence; a tablet that
//! is about to run out is warned before an edit fails. Reached through `Reflect`, since older
//! browsers have no `navigator.storage`: there the answers are `None` and nothing else changes.

use js_sys::{Function, Promise, Reflect};
use leptos::wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How much of the site's quota is in use, in bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Espacio {
    /// Bytes in use (documents, photos waiting to upload, the app's cache).
    pub usado: f64,
    /// Bytes the browser allows this site.
    pub total: f64,
    /// Whether the browser promised to keep it (`None`: it cannot say).
    pub persistente: Option<bool>,
}

impl Espacio {
    /// Less than a fifth of the quota left: time to sync and free space before edits fail.
    pub fn casi_lleno(&self) -> bool {
        self.total > 0.0 && self.usado > 0.8 * self.total
    }

    /// "12.5 MB de 1.2 GB".
    pub fn texto(&self) -> String {
        format!("{} de {}", bytes(self.usado), bytes(self.total))
    }
}

/// A size for a reader, in KB, MB or GB.
pub fn bytes(n: f64) -> String {
    const K: f64 = 1024.0;
    if n < K * K {
        format!("{:.0} KB", n / K)
    } else if n < K * K * K {
        format!("{:.1} MB", n / (K * K))
    } else {
        format!("{:.1} GB", n / (K * K * K))
    }
}

/// Calls `navigator.storage.<method>()` and waits for its promise.
async fn call(method: &str) -> Option<JsValue> {
    let navigator = leptos::prelude::window().navigator();
    let storage = Reflect::get(&navigator, &"storage".into()).ok()?;
    if storage.is_undefined() || storage.is_null() {
        return None;
    }
    let function: Function = Reflect::get(&storage, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = function.call0(&storage).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Asks the browser to keep this site's storage (it may say no: Chromium grants it by use,
/// an installed app gets it). `None` where the browser cannot be asked.
pub async fn persist() -> Option<bool> {
    call("persist").await?.as_bool()
}

/// Whether the browser already keeps this site's storage.
pub async fn persisted() -> Option<bool> {
    call("persisted").await?.as_bool()
}

/// The space in use, the quota, and whether the browser keeps it.
pub async fn estimate() -> Option<Espacio> {
    let answer = call("estimate").await?;
    let number = |key: &str| Reflect::get(&answer, &key.into()).ok()?.as_f64();
    Some(Espacio {
        usado: number("usage")?,
        total: number("quota")?,
        persistente: persisted().await,
    })
}
