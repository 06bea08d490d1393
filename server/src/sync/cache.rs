//! Documents kept loaded between merges: loading a long history costs milliseconds, applying one
//! change to a loaded document a fraction of one. A cached copy is used only when its heads equal
//! the stored heads read under the row lock, so another server process's merge is never missed.

use std::collections::HashMap;
use std::sync::Mutex;

use automerge::AutoCommit;
use ote_shared::model::OrdenTrabajo;
use uuid::Uuid;

/// How many documents stay loaded.
const CAPACITY: usize = 2_000;

/// A loaded document with the work order it reads as (reading costs a pass over the document).
type Entry = (Vec<String>, AutoCommit, OrdenTrabajo);

/// The loaded documents of this process.
#[derive(Default)]
pub struct DocCache {
    docs: Mutex<HashMap<Uuid, Entry>>,
}

impl DocCache {
    /// Takes the cached document and its work order if the document is exactly at `heads`.
    pub fn take(&self, id: Uuid, heads: &[String]) -> Option<(AutoCommit, OrdenTrabajo)> {
        let mut docs = self.docs.lock().expect("cache lock");
        match docs.remove(&id) {
            Some((cached, doc, ot)) if cached == heads => Some((doc, ot)),
            _ => None,
        }
    }

    /// Keeps a document and the work order it reads as, at the heads just stored.
    pub fn put(&self, id: Uuid, heads: Vec<String>, doc: AutoCommit, ot: OrdenTrabajo) {
        let mut docs = self.docs.lock().expect("cache lock");
        if docs.len() >= CAPACITY
            && let Some(evict) = docs.keys().next().copied()
        {
            docs.remove(&evict);
        }
        docs.insert(id, (heads, doc, ot));
    }
}
