//! The device store over IndexedDB: work-order documents, which of them have changes to send,
//! the pull cursor and the device id, and the server's notices. Every write is committed before
//! its future completes, so "guardado" on screen means it survives a reload.
//!
//! Schema (database `ote`, versioned; each version's upgrade step only adds):
//! - v1: `documentos` (doc id → Automerge bytes and acknowledged heads), `pendientes` (doc id →
//!   true while it has changes to send), `estado` (`dispositivo`, `cursor`), `avisos` (notices),
//!   `archivos` (sha256 → photos and files waiting to upload).
//! - v2: `resumenes` (doc id → [`Summary`], what the list shows), filled from the stored
//!   documents when a v1 store is opened; `estado` gains `perfil` (the signed-in user).
//! - v4: `copias` (sha256 → a photo's or file's bytes once uploaded, or fetched from the
//!   server), so thumbnails and full views open offline.
//! - `estado` later gained `catalogos` (and `catalogos_etag`), `ultima_sincronizacion` and `auditoria:<id>` (no new
//!   version: keys only).
//!
//! Each user of a tablet has a database of their own (see [`crate::accounts`]).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use automerge::{AutoCommit, ChangeHash};
use indexed_db_futures::database::{Database, ObjectStoreName};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use ote_shared::sync::Notice;
use ote_shared::sync::device::{DeviceStore, PendingBlob, StoredDoc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::session::Perfil;
use crate::summary::Summary;

/// The store's schema version (2: summaries; 3: summaries with the chain and the sites;
/// 4: copies of uploaded files).
pub const SCHEMA_VERSION: u32 = 4;

const DOCUMENTS: &str = "documentos";
const PENDING: &str = "pendientes";
const STATE: &str = "estado";
const AVISOS: &str = "avisos";
const BLOBS: &str = "archivos";
const SUMMARIES: &str = "resumenes";
const COPIES: &str = "copias";

/// What went wrong in the browser's storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Opening the database failed (blocked, denied, or no IndexedDB).
    #[error("no se pudo abrir el almacenamiento local: {0}")]
    Open(String),
    /// The browser refused to store a document (no space left for the site, or the write was
    /// aborted): the edit is kept in memory and written again (see [`IdbStore::retry_unsaved`]).
    #[error(
        "la tableta no tiene espacio para guardarlo; el cambio se conserva en memoria y se guardará en cuanto haya espacio (no cierres la app)"
    )]
    Lleno,
    /// The browser refused to keep a photo or file for want of space: nothing was attached.
    #[error(
        "la tableta no tiene espacio para la foto o el archivo; no se adjuntó: sincroniza o libera espacio y vuelve a intentarlo"
    )]
    SinEspacioParaArchivo,
    /// A read or write failed (bad data, no database).
    #[error("almacenamiento local: {0}")]
    Storage(String),
}

impl StoreError {
    /// Whether the browser refused the write for want of space. Chromium reports a quota
    /// refusal as an aborted transaction (its error is `QuotaExceededError`, but no request
    /// fails, so the wrapper only sees the abort); this store never aborts one itself.
    fn refused(e: &indexed_db_futures::error::Error) -> bool {
        use indexed_db_futures::error::{DomException, Error, UnexpectedDataError};
        match e {
            Error::MissingData(UnexpectedDataError::TransactionAborted) => true,
            Error::DomException(DomException::Other(dom)) => dom.name() == "QuotaExceededError",
            _ => false,
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        StoreError::Open(e.to_string())
    }
}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        if StoreError::refused(&e) {
            StoreError::Lleno
        } else {
            StoreError::Storage(e.to_string())
        }
    }
}

#[derive(Serialize, Deserialize)]
struct DocRecord {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    acked: Vec<String>,
    /// The document's heads, so a write can tell without loading it whether it already holds
    /// every change of what is stored (records from before this field merge always).
    #[serde(default)]
    heads: Vec<String>,
}

/// A file's bytes kept on the device after upload (or fetched), for viewing offline.
#[derive(Serialize, Deserialize)]
struct FileCopy {
    tipo_mime: String,
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    /// This device uploaded it (not fetched): sent again after a restore of the server.
    /// Copies kept before the field existed read as fetched.
    #[serde(default)]
    subida: bool,
}

/// Merges into `doc` the changes of the stored `record` it lacks: another task (a sync
/// applying the server's changes, a second edit) may have stored the document since `doc` was
/// loaded, and writing `doc` over it would lose them.
fn merge_stored(doc: &mut AutoCommit, record: &DocRecord) -> Result<(), StoreError> {
    let known = |h: &String| {
        h.parse::<ChangeHash>()
            .is_ok_and(|h| doc.get_change_by_hash(&h).is_some())
    };
    if !record.heads.is_empty() && record.heads.iter().all(known) {
        return Ok(());
    }
    let mut stored =
        AutoCommit::load(&record.bytes).map_err(|e| StoreError::Storage(e.to_string()))?;
    doc.merge(&mut stored)
        .map_err(|e| StoreError::Storage(e.to_string()))?;
    Ok(())
}

/// A document the browser refused to store, held in memory as saved bytes (loading them is
/// code the store already has; cloning a live document would bring more into the bundle).
struct Held {
    bytes: Vec<u8>,
    acked: Vec<ChangeHash>,
}

impl Held {
    fn of(stored: &mut StoredDoc) -> Held {
        Held {
            bytes: stored.doc.save(),
            acked: stored.acked.clone(),
        }
    }

    fn doc(&self) -> Result<AutoCommit, StoreError> {
        AutoCommit::load(&self.bytes).map_err(|e| StoreError::Storage(e.to_string()))
    }
}

/// The device store of one user on this browser (see [`crate::accounts`]).
pub struct IdbStore {
    db: Database,
    /// Local edits take turns (see [`IdbStore::turn`]).
    turns: futures::lock::Mutex<()>,
    /// Documents the browser refused to store (no space), with their acknowledged heads: read
    /// back by `load` and `dirty` as if stored, so no edit is lost and the sync still sends
    /// them, until [`IdbStore::retry_unsaved`] stores them.
    unsaved: RefCell<BTreeMap<Uuid, Held>>,
    /// How many writes the browser refused so far, so a caller can tell whether its own
    /// failure was one (its edit is then held in `unsaved`).
    refusals: Cell<u64>,
}

impl IdbStore {
    /// Opens (creating or upgrading) the store called `name`.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let upgraded_from = Rc::new(Cell::new(None));
        let seen = upgraded_from.clone();
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed(move |event, db| {
                let old = event.old_version();
                seen.set(Some(old));
                // Each step brings a store of that version to the next; a new install runs all.
                if old < 1.0 {
                    db.create_object_store(DOCUMENTS).build()?;
                    db.create_object_store(PENDING).build()?;
                    db.create_object_store(STATE).build()?;
                    db.create_object_store(AVISOS)
                        .with_auto_increment(true)
                        .build()?;
                    db.create_object_store(BLOBS).build()?;
                }
                if old < 2.0 {
                    db.create_object_store(SUMMARIES).build()?;
                }
                if old < 4.0 {
                    db.create_object_store(COPIES).build()?;
                }
                Ok(())
            })
            .await?;
        let store = IdbStore {
            db,
            turns: Default::default(),
            unsaved: Default::default(),
            refusals: Cell::new(0),
        };
        // Summaries need Automerge, which an upgrade transaction cannot wait on: they are made
        // once the database is open (version 3 added the chain and the sites to them).
        if upgraded_from.get().is_some_and(|v| (1.0..3.0).contains(&v)) {
            store.rebuild_summaries().await?;
        }
        Ok(store)
    }

    /// Writes every document's summary from the document (the documents stay as they are).
    async fn rebuild_summaries(&self) -> Result<(), StoreError> {
        for id in self.uuid_keys(DOCUMENTS).await? {
            if let Some(mut stored) = self.load(id).await? {
                let dirty = stored.is_dirty();
                let summary = Summary::of(&stored.doc, dirty);
                let tx = self.readwrite(SUMMARIES)?;
                put_summary(&tx.object_store(SUMMARIES)?, id.to_string(), summary)?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// The summary of every work order on the device, for the list.
    pub async fn summaries(&self) -> Result<Vec<Summary>, StoreError> {
        self.read_all(SUMMARIES).await
    }

    /// The summary of work order `id`, if the device has it.
    pub async fn summary(&self, id: Uuid) -> Result<Option<Summary>, StoreError> {
        let tx = self.db.transaction(SUMMARIES).build()?;
        let summary = tx
            .object_store(SUMMARIES)?
            .get(id.to_string())
            .serde()?
            .await?;
        Ok(summary)
    }

    /// How many files wait to upload (without reading them).
    pub async fn pending_blob_count(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(BLOBS).build()?;
        let count = tx.object_store(BLOBS)?.count().await?;
        Ok(count as usize)
    }

    /// The bytes and MIME type of the file `sha256`, if the device has them: waiting to upload,
    /// or kept after.
    pub async fn file(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let tx = self.db.transaction([BLOBS, COPIES]).build()?;
        let waiting: Option<PendingBlob> = tx
            .object_store(BLOBS)?
            .get(sha256.to_owned())
            .serde()?
            .await?;
        if let Some(blob) = waiting {
            return Ok(Some((blob.tipo_mime, blob.bytes)));
        }
        let kept: Option<FileCopy> = tx
            .object_store(COPIES)?
            .get(sha256.to_owned())
            .serde()?
            .await?;
        Ok(kept.map(|c| (c.tipo_mime, c.bytes)))
    }

    /// Keeps a copy of a file fetched from the server, for viewing offline.
    pub async fn keep_copy(
        &self,
        sha256: &str,
        tipo_mime: String,
        bytes: Vec<u8>,
    ) -> Result<(), StoreError> {
        let tx = self.readwrite(COPIES)?;
        tx.object_store(COPIES)?
            .put(FileCopy {
                tipo_mime,
                bytes,
                subida: false,
            })
            .with_key(sha256.to_owned())
            .serde()?;
        tx.commit().await?;
        Ok(())
    }

    /// The signed-in user kept on this device, if any.
    pub async fn profile(&self) -> Result<Option<Perfil>, StoreError> {
        Ok(self
            .read_state("perfil")
            .await?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Keeps the signed-in user, so a reload offline keeps them in.
    pub async fn set_profile(&self, perfil: &Perfil) -> Result<(), StoreError> {
        let json = serde_json::to_string(perfil).map_err(|e| StoreError::Storage(e.to_string()))?;
        self.write_state("perfil", json).await
    }

    /// When this user's last sync succeeded (`Date.now()`, ms), so the indicator still says it
    /// after a reload with no network.
    pub async fn last_sync(&self) -> Result<Option<f64>, StoreError> {
        // Whole milliseconds: parsing a float would bring its parser into the start bundle.
        Ok(self
            .read_state("ultima_sincronizacion")
            .await?
            .and_then(|s| s.parse::<i64>().ok())
            .map(|ms| ms as f64))
    }

    /// Keeps when the last sync succeeded.
    pub async fn set_last_sync(&self, ms: f64) -> Result<(), StoreError> {
        self.write_state("ultima_sincronizacion", (ms as i64).to_string())
            .await
    }

    /// The audit trail of work order `id` as the server last sent it (JSON), for offline.
    pub async fn audit(&self, id: Uuid) -> Result<Option<String>, StoreError> {
        self.read_state(&format!("auditoria:{id}")).await
    }

    /// Keeps the audit trail of work order `id`.
    pub async fn set_audit(&self, id: Uuid, json: String) -> Result<(), StoreError> {
        self.write_state(&format!("auditoria:{id}"), json).await
    }

    /// The catalogs last fetched from the server, as the JSON it sent (`GET /api/v1/catalogs`).
    pub async fn catalogs(&self) -> Result<Option<String>, StoreError> {
        self.read_state("catalogos").await
    }

    /// Keeps the catalogs, so screens name steps and sites with no network.
    pub async fn set_catalogs(&self, json: String) -> Result<(), StoreError> {
        self.write_state("catalogos", json).await
    }

    /// The ETag of the catalogs kept (`None` before the first copy).
    pub async fn catalogs_etag(&self) -> Result<Option<String>, StoreError> {
        self.read_state("catalogos_etag").await
    }

    /// Keeps the ETag of the catalogs just kept.
    pub async fn set_catalogs_etag(&self, tag: String) -> Result<(), StoreError> {
        self.write_state("catalogos_etag", tag).await
    }

    /// Waits for this device's turn to edit: one local edit at a time, from loading the
    /// document to storing it. Two at once would both write the device's next change of the
    /// document, which Automerge refuses to merge (the same actor and sequence number twice).
    /// Writes of others' changes (a sync applying the server's) need no turn: storing merges
    /// what is stored (see `store`).
    pub async fn turn(&self) -> futures::lock::MutexGuard<'_, ()> {
        self.turns.lock().await
    }

    /// How many writes the browser has refused since the store opened.
    pub fn refusals(&self) -> u64 {
        self.refusals.get()
    }

    /// How many documents wait in memory for space to be stored.
    pub fn unsaved_count(&self) -> usize {
        self.unsaved.borrow().len()
    }

    /// Stores again the documents the browser refused; answers how many still wait.
    pub async fn retry_unsaved(&self) -> usize {
        let waiting: Vec<Uuid> = self.unsaved.borrow().keys().copied().collect();
        for id in waiting {
            let Some(held) = self.unsaved.borrow_mut().remove(&id) else {
                continue;
            };
            let Ok(doc) = held.doc() else {
                continue;
            };
            let mut stored = StoredDoc {
                doc,
                acked: held.acked,
            };
            // On failure `store` holds it again; a success forgets it.
            let _ = self.store(id, &mut stored).await;
        }
        self.unsaved_count()
    }

    /// Closes the database (a reload does the same); the store answers nothing afterwards.
    pub fn close(&self) {
        self.db.clone().close();
    }

    /// Deletes the database `name` (closed first by whoever had it open).
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name)
            .map_err(|e| StoreError::Open(format!("{e:?}")))?
            .await
            .map_err(|e| StoreError::Open(format!("{e:?}")))?;
        Ok(())
    }

    /// The notices kept so far.
    pub async fn notices(&self) -> Result<Vec<Notice>, StoreError> {
        self.read_all(AVISOS).await
    }

    /// Forgets the notices of document `id` (the user has read them): the others stay.
    pub async fn dismiss_notices(&self, id: Uuid) -> Result<(), StoreError> {
        let tx = self.readwrite(AVISOS)?;
        let store = tx.object_store(AVISOS)?;
        let all: Vec<Notice> = store.get_all().serde()?.await?.collect::<Result<_, _>>()?;
        // Requests run once made; the commit below waits for all of them.
        drop(store.clear()?);
        for notice in all.iter().filter(|n| n.doc_id != id) {
            store.put(notice).serde()?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes a document in one transaction, merged with what is stored.
    async fn write_doc(&self, id: Uuid, stored: &mut StoredDoc) -> Result<(), StoreError> {
        // Read, merge and write in one transaction: IndexedDB runs read-write transactions on
        // the same stores one after another, so no other write can slip in between. Nothing
        // but this transaction's own requests is awaited inside it (it would commit).
        let key = id.to_string();
        let tx = self.readwrite([DOCUMENTS, PENDING, SUMMARIES])?;
        let documents = tx.object_store(DOCUMENTS)?;
        let current: Option<DocRecord> = documents.get(key.clone()).serde()?.await?;
        if let Some(current) = &current {
            merge_stored(&mut stored.doc, current)?;
        }
        let dirty = stored.is_dirty();
        let summary = Summary::of(&stored.doc, dirty);
        let record = DocRecord {
            bytes: stored.doc.save(),
            acked: heads_to_text(&stored.acked),
            heads: heads_to_text(&stored.doc.get_heads()),
        };
        documents.put(record).with_key(key.clone()).serde()?;
        let pending = tx.object_store(PENDING)?;
        if dirty {
            pending.put(true).with_key(key.clone()).primitive()?;
        } else {
            pending.delete(key.clone()).primitive()?;
        }
        put_summary(&tx.object_store(SUMMARIES)?, key, summary)?;
        tx.commit().await?;
        Ok(())
    }

    /// A read-write transaction over `stores`.
    fn readwrite<S: ObjectStoreName>(&self, stores: S) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// Every record of one object store.
    async fn read_all<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<T>, StoreError> {
        let tx = self.db.transaction(store).build()?;
        let all = tx
            .object_store(store)?
            .get_all()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(all)
    }

    /// `ids` and the documents held in memory for want of space (they have changes to send).
    fn with_unsaved(&self, mut ids: Vec<Uuid>) -> Vec<Uuid> {
        for id in self.unsaved.borrow().keys() {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        ids
    }

    /// The keys of one object store that are document ids.
    async fn uuid_keys(&self, store: &str) -> Result<Vec<Uuid>, StoreError> {
        let tx = self.db.transaction(store).build()?;
        let keys: Vec<String> = tx
            .object_store(store)?
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(keys.iter().filter_map(|k| k.parse().ok()).collect())
    }

    async fn read_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(STATE).build()?;
        let value: Option<String> = tx.object_store(STATE)?.get(key).primitive()?.await?;
        Ok(value)
    }

    async fn write_state(&self, key: &str, value: String) -> Result<(), StoreError> {
        let tx = self.readwrite(STATE)?;
        tx.object_store(STATE)?
            .put(value)
            .with_key(key.to_owned())
            .primitive()?;
        tx.commit().await?;
        Ok(())
    }
}

/// Puts a document's summary, or removes it when the document does not read as a work order.
fn put_summary(
    store: &ObjectStore<'_>,
    key: String,
    summary: Option<Summary>,
) -> Result<(), StoreError> {
    match summary {
        Some(summary) => {
            store.put(summary).with_key(key).serde()?;
        }
        None => {
            store.delete(key).primitive()?;
        }
    }
    Ok(())
}

fn heads_to_text(heads: &[ChangeHash]) -> Vec<String> {
    heads.iter().map(ToString::to_string).collect()
}

impl DeviceStore for IdbStore {
    type Error = StoreError;

    async fn device_id(&self) -> Result<Uuid, StoreError> {
        if let Some(id) = self
            .read_state("dispositivo")
            .await?
            .and_then(|s| s.parse().ok())
        {
            return Ok(id);
        }
        let id = Uuid::new_v4();
        self.write_state("dispositivo", id.to_string()).await?;
        Ok(id)
    }

    async fn cursor(&self) -> Result<i64, StoreError> {
        Ok(self
            .read_state("cursor")
            .await?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0))
    }

    async fn set_cursor(&self, cursor: i64) -> Result<(), StoreError> {
        self.write_state("cursor", cursor.to_string()).await
    }

    async fn dirty(&self) -> Result<Vec<Uuid>, StoreError> {
        let pending = self.uuid_keys(PENDING).await?;
        Ok(self.with_unsaved(pending))
    }

    async fn load(&self, id: Uuid) -> Result<Option<StoredDoc>, StoreError> {
        let tx = self.db.transaction(DOCUMENTS).build()?;
        let record: Option<DocRecord> = tx
            .object_store(DOCUMENTS)?
            .get(id.to_string())
            .serde()?
            .await?;
        let held = match self.unsaved.borrow().get(&id) {
            Some(held) => Some((held.doc()?, held.acked.clone())),
            None => None,
        };
        let Some(record) = record else {
            return Ok(held.map(|(doc, acked)| StoredDoc { doc, acked }));
        };
        let mut doc =
            AutoCommit::load(&record.bytes).map_err(|e| StoreError::Storage(e.to_string()))?;
        // The stored heads, never the held copy's: at worst the sync sends a change twice.
        let acked = record.acked.iter().filter_map(|h| h.parse().ok()).collect();
        if let Some((mut held, _)) = held {
            doc.merge(&mut held)
                .map_err(|e| StoreError::Storage(e.to_string()))?;
        }
        Ok(Some(StoredDoc { doc, acked }))
    }

    async fn store(&self, id: Uuid, stored: &mut StoredDoc) -> Result<(), StoreError> {
        match self.write_doc(id, stored).await {
            Err(StoreError::Lleno) => {
                self.unsaved.borrow_mut().insert(id, Held::of(stored));
                self.refusals.set(self.refusals.get() + 1);
                Err(StoreError::Lleno)
            }
            written => {
                if written.is_ok() {
                    self.unsaved.borrow_mut().remove(&id);
                }
                written
            }
        }
    }

    async fn add_notices(&self, notices: &[Notice]) -> Result<(), StoreError> {
        if notices.is_empty() {
            return Ok(());
        }
        let tx = self.readwrite(AVISOS)?;
        let store = tx.object_store(AVISOS)?;
        for notice in notices {
            store.put(notice).serde()?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn keep_blob(&self, blob: PendingBlob) -> Result<(), StoreError> {
        let kept = async {
            let tx = self.readwrite(BLOBS)?;
            let key = blob.sha256.clone();
            tx.object_store(BLOBS)?.put(blob).with_key(key).serde()?;
            tx.commit().await?;
            Ok(())
        };
        match kept.await {
            Err(StoreError::Lleno) => Err(StoreError::SinEspacioParaArchivo),
            other => other,
        }
    }

    async fn pending_blobs(&self) -> Result<Vec<PendingBlob>, StoreError> {
        self.read_all(BLOBS).await
    }

    async fn blob_uploaded(&self, sha256: &str) -> Result<(), StoreError> {
        // Moved, not deleted: the copy keeps the photo viewable offline.
        let tx = self.readwrite([BLOBS, COPIES])?;
        let blobs = tx.object_store(BLOBS)?;
        let uploaded: Option<PendingBlob> = blobs.get(sha256.to_owned()).serde()?.await?;
        if let Some(blob) = uploaded {
            let copy = FileCopy {
                tipo_mime: blob.tipo_mime,
                bytes: blob.bytes,
                subida: true,
            };
            tx.object_store(COPIES)?
                .put(copy)
                .with_key(sha256.to_owned())
                .serde()?;
        }
        blobs.delete(sha256.to_owned()).primitive()?;
        tx.commit().await?;
        Ok(())
    }

    async fn ids(&self) -> Result<Vec<Uuid>, StoreError> {
        let stored = self.uuid_keys(DOCUMENTS).await?;
        Ok(self.with_unsaved(stored))
    }

    async fn requeue_copies(&self) -> Result<(), StoreError> {
        let tx = self.readwrite([BLOBS, COPIES])?;
        let copies = tx.object_store(COPIES)?;
        let keys: Vec<String> = copies
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let blobs = tx.object_store(BLOBS)?;
        for sha256 in keys {
            let copy: Option<FileCopy> = copies.get(sha256.clone()).serde()?.await?;
            // Only its own uploads: a fetched file is another user's, and may not be this
            // user's to upload.
            if let Some(copy) = copy.filter(|c| c.subida) {
                let blob = PendingBlob {
                    sha256: sha256.clone(),
                    tipo_mime: copy.tipo_mime,
                    bytes: copy.bytes,
                };
                blobs.put(blob).with_key(sha256).serde()?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
