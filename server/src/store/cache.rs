//! Documents kept loaded between writes: loading a long history costs milliseconds, applying one
//! change to a loaded document a fraction of one. A cached copy is only ever written back at
//! the version it was loaded at: a locked open uses it when that is the stored version, and an
//! unlocked save writes only if it still is (see [`super::open`]), so another server process's
//! write is never missed.

use std::sync::Mutex;

use automerge::{ActorId, AutoCommit};
use hashlink::LruCache;
use ote_shared::model::OrdenTrabajo;
use prometheus_client::metrics::counter::Counter;
use uuid::Uuid;

use super::version::Version;

/// How many documents stay loaded when the configuration does not say
/// (`OTE_DOC_CACHE`): a loaded work order of thirty steps holds about 30 KB, so some 300 MB.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// A loaded document at a stored version, with the work order it reads as (reading costs a
/// pass over the document).
pub type Entry = (Version, AutoCommit, OrdenTrabajo);

/// How many turns documents share (see [`DocCache::turn`]).
const TURNS: usize = 256;

/// The loaded documents of this process, the least recently written leaving first: a document
/// that is not in it is read and loaded again from its snapshot and change-log rows, which
/// cost a merge several times its own work.
pub struct DocCache {
    /// The actor documents opened for a write write as: the installation's.
    actor: ActorId,
    docs: Mutex<LruCache<Uuid, Entry>>,
    turns: Vec<tokio::sync::Mutex<()>>,
    hits: Counter,
    misses: Counter,
}

impl DocCache {
    /// Keeps up to `capacity` documents loaded (at least one); documents opened for a write
    /// write as `actor` (see [`super::installation`]).
    pub fn new(capacity: usize, actor: ActorId) -> DocCache {
        DocCache {
            actor,
            docs: Mutex::new(LruCache::new(capacity.max(1))),
            turns: (0..TURNS).map(|_| tokio::sync::Mutex::new(())).collect(),
            hits: Counter::default(),
            misses: Counter::default(),
        }
    }

    /// The actor documents opened for a write write as.
    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

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

    /// Keeps a document at `version` and the work order it reads as, in place of the least
    /// recently kept one when full.
    pub fn put(&self, id: Uuid, version: Version, doc: AutoCommit, ot: OrdenTrabajo) {
        let mut docs = self.docs.lock().expect("cache lock");
        let full = docs.len() >= docs.capacity() && !docs.contains_key(&id);
        let evicted = full.then(|| docs.remove_lru());
        docs.insert(id, (version, doc, ot));
        drop(docs);
        // Freed outside the lock: other merges wait on it.
        drop(evicted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(last_seq: i64) -> Version {
        Version {
            last_seq,
            tail_rows: 0,
            work_order_id: None,
            creado_por: None,
        }
    }

    fn keep(cache: &DocCache, id: Uuid, last_seq: i64) {
        cache.put(
            id,
            version(last_seq),
            AutoCommit::new(),
            OrdenTrabajo::new(id),
        );
    }

    #[test]
    fn a_full_cache_lets_go_of_the_document_written_longest_ago() {
        let cache = DocCache::new(2, ActorId::random());
        let [a, b, c] = [1u128, 2, 3].map(Uuid::from_u128);
        keep(&cache, a, 1);
        keep(&cache, b, 1);
        // A merge of `a` takes it and keeps it again: `b` is now the oldest.
        let (v, doc, ot) = cache.take_any(a).expect("a is loaded");
        cache.put(a, v, doc, ot);
        keep(&cache, c, 1);
        assert!(cache.take_any(b).is_none());
        assert!(cache.take(a, version(1)).is_some());
        assert!(cache.take(c, version(1)).is_some());
    }

    #[test]
    fn keeping_a_loaded_document_again_lets_go_of_no_other() {
        let cache = DocCache::new(2, ActorId::random());
        let [a, b] = [1u128, 2].map(Uuid::from_u128);
        keep(&cache, a, 1);
        keep(&cache, b, 1);
        keep(&cache, b, 2);
        assert!(cache.take(a, version(1)).is_some());
        assert!(cache.take(b, version(2)).is_some());
    }

    #[test]
    fn a_copy_at_another_version_is_not_taken_as_the_stored_one() {
        let cache = DocCache::new(2, ActorId::random());
        let id = Uuid::from_u128(7);
        keep(&cache, id, 1);
        assert!(cache.take(id, version(2)).is_none());
    }
}
