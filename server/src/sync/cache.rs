//! Documents kept loaded between merges: loading a long history costs milliseconds, applying one
//! change to a loaded document a fraction of one. A cached copy is used only when its heads equal
//! the stored heads read under the row lock, so another server process's merge is never missed.

use std::collections::HashMap;
use std::sync::Mutex;

use automerge::AutoCommit;
use uuid::Uuid;

/// How many documents stay loaded.
const CAPACITY: usize = 2_000;

/// The loaded documents of this process.
#[derive(Default)]
pub struct DocCache {
    docs: Mutex<HashMap<Uuid, (Vec<String>, AutoCommit)>>,
}

impl DocCache {
    /// Takes the cached document if it is exactly at `heads`.
    pub fn take(&self, id: Uuid, heads: &[String]) -> Option<AutoCommit> {
        let mut docs = self.docs.lock().expect("cache lock");
        match docs.remove(&id) {
            Some((cached, doc)) if cached == heads => Some(doc),
            _ => None,
        }
    }

    /// Keeps a document, at the heads just stored.
    pub fn put(&self, id: Uuid, heads: Vec<String>, doc: AutoCommit) {
        let mut docs = self.docs.lock().expect("cache lock");
        if docs.len() >= CAPACITY
            && let Some(evict) = docs.keys().next().copied()
        {
            docs.remove(&evict);
        }
        docs.insert(id, (heads, doc));
    }
}
