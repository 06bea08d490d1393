//! Documents kept loaded between writes: loading a long history costs milliseconds, applying one
//! change to a loaded document a fraction of one. A cached copy is only ever written back at
//! the version it was loaded at: a locked open uses it when that is the stored version, and an
//! unlocked save writes only if it still is (see [`super::open`]), so another server process's
//! write is never missed.

use std::collections::HashMap;
use std::sync::Mutex;

use automerge::AutoCommit;
use ote_shared::model::OrdenTrabajo;
use prometheus_client::metrics::counter::Counter;
use uuid::Uuid;

use super::version::Version;

/// How many documents stay loaded.
const CAPACITY: usize = 2_000;

/// A loaded document at a stored version, with the work order it reads as (reading costs a
/// pass over the document).
pub type Entry = (Version, AutoCommit, OrdenTrabajo);

/// How many turns documents share (see [`DocCache::turn`]).
const TURNS: usize = 256;

/// The loaded documents of this process.
pub struct DocCache {
    docs: Mutex<HashMap<Uuid, Entry>>,
    turns: Vec<tokio::sync::Mutex<()>>,
    hits: Counter,
    misses: Counter,
}

impl Default for DocCache {
    fn default() -> Self {
        DocCache {
            docs: Mutex::default(),
            turns: (0..TURNS).map(|_| tokio::sync::Mutex::new(())).collect(),
            hits: Counter::default(),
            misses: Counter::default(),
        }
    }
}

impl DocCache {
    /// Waits for the turn of document `id`, held until the guard drops: merges of one document
    /// in this process take turns. A merge arriving while another had the loaded copy read the
    /// document from the database, merged it, and found at its save that the other had written
    /// in between, all for nothing (one merge in twelve under load). A few documents share each
    /// turn; sharing one only makes a merge wait a little.
    pub async fn turn(&self, id: Uuid) -> tokio::sync::MutexGuard<'_, ()> {
        self.turns[(id.as_u128() % TURNS as u128) as usize]
            .lock()
            .await
    }

    /// Takes the cached document if it is at the stored `version`.
    pub fn take(&self, id: Uuid, version: Version) -> Option<(AutoCommit, OrdenTrabajo)> {
        let current = self
            .remove(id)
            .filter(|(cached, ..)| cached.last_seq == version.last_seq);
        self.counted(current.map(|(_, doc, ot)| (doc, ot)))
    }

    /// Takes the cached document, whatever its version.
    pub fn take_any(&self, id: Uuid) -> Option<Entry> {
        let taken = self.remove(id);
        self.counted(taken)
    }

    fn remove(&self, id: Uuid) -> Option<Entry> {
        self.docs.lock().expect("cache lock").remove(&id)
    }

    /// The lookups that found a document and those that did not (see [`crate::metrics`]).
    pub fn lookups(&self) -> (Counter, Counter) {
        (self.hits.clone(), self.misses.clone())
    }

    fn counted<T>(&self, found: Option<T>) -> Option<T> {
        match found {
            Some(_) => self.hits.inc(),
            None => self.misses.inc(),
        };
        found
    }

    /// Keeps a document at `version` and the work order it reads as.
    pub fn put(&self, id: Uuid, version: Version, doc: AutoCommit, ot: OrdenTrabajo) {
        let mut docs = self.docs.lock().expect("cache lock");
        if docs.len() >= CAPACITY
            && let Some(evict) = docs.keys().next().copied()
        {
            docs.remove(&evict);
        }
        docs.insert(id, (version, doc, ot));
    }
}
