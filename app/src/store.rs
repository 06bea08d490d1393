//! The device store over IndexedDB: work-order documents, which of them have changes to send,
//! the pull cursor and the device id, and the server's notices. Every write is committed before
//! its future completes, so "guardado" on screen means it survives a reload.
//!
//! Schema (database `ote`, versioned; each version's upgrade step only adds):
//! - v1: `documentos` (doc id → Automerge bytes and acknowledged heads), `pendientes` (doc id →
//!   true while it has changes to send), `estado` (`dispositivo`, `cursor`), `avisos` (notices),
//!   `archivos` (sha256 → photos and files waiting to upload).
//! - v2: `resumenes` (doc id → [`Resumen`], what the list shows), filled from the stored
//!   documents when a v1 store is opened; `estado` gains `perfil` (the signed-in user).

use std::cell::Cell;
use std::rc::Rc;

use automerge::{AutoCommit, ChangeHash};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use ote_shared::sync::Notice;
use ote_shared::sync::device::{DeviceStore, PendingBlob, StoredDoc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::session::Perfil;
use crate::summary::Resumen;

/// The store's schema version.
pub const SCHEMA_VERSION: u32 = 2;

const DOCUMENTOS: &str = "documentos";
const PENDIENTES: &str = "pendientes";
const ESTADO: &str = "estado";
const AVISOS: &str = "avisos";
const ARCHIVOS: &str = "archivos";
const RESUMENES: &str = "resumenes";

/// What went wrong in the browser's storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Opening the database failed (blocked, denied, or no IndexedDB).
    #[error("no se pudo abrir el almacenamiento local: {0}")]
    Open(String),
    /// A read or write failed (quota, aborted transaction, bad data).
    #[error("almacenamiento local: {0}")]
    Storage(String),
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        StoreError::Open(e.to_string())
    }
}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        StoreError::Storage(e.to_string())
    }
}

#[derive(Serialize, Deserialize)]
struct DocRecord {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    acked: Vec<String>,
}

/// The device store of one browser profile.
pub struct IdbStore {
    db: Database,
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
                    db.create_object_store(DOCUMENTOS).build()?;
                    db.create_object_store(PENDIENTES).build()?;
                    db.create_object_store(ESTADO).build()?;
                    db.create_object_store(AVISOS)
                        .with_auto_increment(true)
                        .build()?;
                    db.create_object_store(ARCHIVOS).build()?;
                }
                if old < 2.0 {
                    db.create_object_store(RESUMENES).build()?;
                }
                Ok(())
            })
            .await?;
        let store = IdbStore { db };
        // Summaries need Automerge, which an upgrade transaction cannot wait on: they are made
        // once the database is open.
        if upgraded_from.get().is_some_and(|v| (1.0..2.0).contains(&v)) {
            store.rebuild_summaries().await?;
        }
        Ok(store)
    }

    /// Rewrites every document's summary from the document.
    async fn rebuild_summaries(&self) -> Result<(), StoreError> {
        let tx = self.db.transaction(DOCUMENTOS).build()?;
        let keys: Vec<String> = tx
            .object_store(DOCUMENTOS)?
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        drop(tx);
        for id in keys.iter().filter_map(|k| k.parse().ok()) {
            if let Some(mut stored) = self.load(id).await? {
                self.store(id, &mut stored).await?;
            }
        }
        Ok(())
    }

    /// The summary of every work order on the device, for the list.
    pub async fn summaries(&self) -> Result<Vec<Resumen>, StoreError> {
        let tx = self.db.transaction(RESUMENES).build()?;
        let all: Vec<Resumen> = tx
            .object_store(RESUMENES)?
            .get_all()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(all)
    }

    /// How many files wait to upload (without reading them).
    pub async fn pending_blob_count(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(ARCHIVOS).build()?;
        let count = tx.object_store(ARCHIVOS)?.count().await?;
        Ok(count as usize)
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

    /// Forgets the signed-in user (they signed out); documents and pending changes stay.
    pub async fn forget_profile(&self) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(ESTADO)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(ESTADO)?
            .delete("perfil".to_owned())
            .primitive()?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes the database (a reload does the same).
    pub fn close(self) {
        self.db.close();
    }

    /// The notices kept so far.
    pub async fn notices(&self) -> Result<Vec<Notice>, StoreError> {
        let tx = self.db.transaction(AVISOS).build()?;
        let store = tx.object_store(AVISOS)?;
        let all: Vec<Notice> = store.get_all().serde()?.await?.collect::<Result<_, _>>()?;
        Ok(all)
    }

    async fn read_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(ESTADO).build()?;
        let value: Option<String> = tx.object_store(ESTADO)?.get(key).primitive()?.await?;
        Ok(value)
    }

    async fn write_state(&self, key: &str, value: String) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(ESTADO)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(ESTADO)?
            .put(value)
            .with_key(key.to_owned())
            .primitive()?;
        tx.commit().await?;
        Ok(())
    }
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
        let tx = self.db.transaction(PENDIENTES).build()?;
        let keys: Vec<String> = tx
            .object_store(PENDIENTES)?
            .get_all_keys()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(keys.iter().filter_map(|k| k.parse().ok()).collect())
    }

    async fn load(&self, id: Uuid) -> Result<Option<StoredDoc>, StoreError> {
        let tx = self.db.transaction(DOCUMENTOS).build()?;
        let record: Option<DocRecord> = tx
            .object_store(DOCUMENTOS)?
            .get(id.to_string())
            .serde()?
            .await?;
        let Some(record) = record else {
            return Ok(None);
        };
        let doc =
            AutoCommit::load(&record.bytes).map_err(|e| StoreError::Storage(e.to_string()))?;
        let acked = record.acked.iter().filter_map(|h| h.parse().ok()).collect();
        Ok(Some(StoredDoc { doc, acked }))
    }

    async fn store(&self, id: Uuid, stored: &mut StoredDoc) -> Result<(), StoreError> {
        // Everything is computed before the transaction opens: IndexedDB commits a transaction
        // that waits on anything else.
        let dirty = stored.is_dirty();
        let summary = Resumen::of(&stored.doc, dirty);
        let record = DocRecord {
            bytes: stored.doc.save(),
            acked: heads_to_text(&stored.acked),
        };
        let key = id.to_string();
        let tx = self
            .db
            .transaction([DOCUMENTOS, PENDIENTES, RESUMENES])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(DOCUMENTOS)?
            .put(record)
            .with_key(key.clone())
            .serde()?;
        let pendientes = tx.object_store(PENDIENTES)?;
        if dirty {
            pendientes.put(true).with_key(key.clone()).primitive()?;
        } else {
            pendientes.delete(key.clone()).primitive()?;
        }
        let resumenes = tx.object_store(RESUMENES)?;
        if let Some(summary) = summary {
            resumenes.put(summary).with_key(key).serde()?;
        } else {
            resumenes.delete(key).primitive()?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn add_notices(&self, notices: &[Notice]) -> Result<(), StoreError> {
        if notices.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction(AVISOS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(AVISOS)?;
        for notice in notices {
            store.put(notice).serde()?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn keep_blob(&self, blob: PendingBlob) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(ARCHIVOS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let key = blob.sha256.clone();
        tx.object_store(ARCHIVOS)?.put(blob).with_key(key).serde()?;
        tx.commit().await?;
        Ok(())
    }

    async fn pending_blobs(&self) -> Result<Vec<PendingBlob>, StoreError> {
        let tx = self.db.transaction(ARCHIVOS).build()?;
        let all: Vec<PendingBlob> = tx
            .object_store(ARCHIVOS)?
            .get_all()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(all)
    }

    async fn blob_uploaded(&self, sha256: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(ARCHIVOS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(ARCHIVOS)?
            .delete(sha256.to_owned())
            .primitive()?;
        tx.commit().await?;
        Ok(())
    }
}
