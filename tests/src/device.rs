//! A native test device: the shared crate's device-side sync over an in-memory store and an
//! HTTP transport, so tests run the very protocol code the tablets run.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use automerge::AutoCommit;
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use ote_shared::sync::device::{self, DeviceStore, PendingBlob, StoredDoc, SyncReport, Transport};
use ote_shared::sync::{Notice, SyncRequest, SyncResponse, wire};
use uuid::Uuid;

/// A device's store in memory.
#[derive(Default)]
pub struct MemoryStore {
    id: Uuid,
    cursor: Cell<i64>,
    docs: RefCell<HashMap<Uuid, (AutoCommit, Vec<automerge::ChangeHash>)>>,
    notices: RefCell<Vec<Notice>>,
    blobs: RefCell<HashMap<String, PendingBlob>>,
    /// Uploaded files, kept as the app keeps them (to show them offline).
    copies: RefCell<HashMap<String, PendingBlob>>,
}

impl DeviceStore for MemoryStore {
    type Error = std::convert::Infallible;

    async fn device_id(&self) -> Result<Uuid, Self::Error> {
        Ok(self.id)
    }
    async fn cursor(&self) -> Result<i64, Self::Error> {
        Ok(self.cursor.get())
    }
    async fn set_cursor(&self, cursor: i64) -> Result<(), Self::Error> {
        self.cursor.set(cursor);
        Ok(())
    }
    async fn dirty(&self) -> Result<Vec<Uuid>, Self::Error> {
        let mut docs = self.docs.borrow_mut();
        let mut ids: Vec<Uuid> = docs
            .iter_mut()
            .filter_map(|(id, (doc, acked))| device::has_unacknowledged(doc, acked).then_some(*id))
            .collect();
        ids.sort();
        Ok(ids)
    }
    async fn load(&self, id: Uuid) -> Result<Option<StoredDoc>, Self::Error> {
        Ok(self.docs.borrow().get(&id).map(|(doc, acked)| StoredDoc {
            doc: doc.clone(),
            acked: acked.clone(),
        }))
    }
    async fn store(&self, id: Uuid, stored: &mut StoredDoc) -> Result<(), Self::Error> {
        self.docs
            .borrow_mut()
            .insert(id, (stored.doc.clone(), stored.acked.clone()));
        Ok(())
    }
    async fn add_notices(&self, notices: &[Notice]) -> Result<(), Self::Error> {
        self.notices.borrow_mut().extend_from_slice(notices);
        Ok(())
    }
    async fn keep_blob(&self, blob: PendingBlob) -> Result<(), Self::Error> {
        self.blobs.borrow_mut().insert(blob.sha256.clone(), blob);
        Ok(())
    }
    async fn pending_blobs(&self) -> Result<Vec<PendingBlob>, Self::Error> {
        Ok(self.blobs.borrow().values().cloned().collect())
    }
    async fn blob_uploaded(&self, sha256: &str) -> Result<(), Self::Error> {
        if let Some(blob) = self.blobs.borrow_mut().remove(sha256) {
            self.copies.borrow_mut().insert(blob.sha256.clone(), blob);
        }
        Ok(())
    }
    async fn ids(&self) -> Result<Vec<Uuid>, Self::Error> {
        Ok(self.docs.borrow().keys().copied().collect())
    }
    async fn requeue_copies(&self) -> Result<(), Self::Error> {
        let copies = std::mem::take(&mut *self.copies.borrow_mut());
        self.blobs.borrow_mut().extend(copies);
        Ok(())
    }
}

/// `POST /api/sync` with an API key; can be told to lose the next response.
pub struct HttpTransport {
    client: reqwest::Client,
    url: String,
    api_key: RefCell<String>,
    /// The next response is dropped after the server handled the request.
    pub lose_next_response: Cell<bool>,
    /// The last request sent, for replaying it.
    pub last_request: RefCell<Option<SyncRequest>>,
    /// Request bytes sent.
    pub bytes_up: Cell<usize>,
    /// Response bytes received.
    pub bytes_down: Cell<usize>,
}

impl HttpTransport {
    /// A transport to the server at `base_url`.
    pub fn new(base_url: &str, api_key: &str) -> Self {
        HttpTransport {
            client: reqwest::Client::new(),
            url: format!("{base_url}/api/sync"),
            api_key: RefCell::new(api_key.to_owned()),
            lose_next_response: Cell::new(false),
            last_request: RefCell::new(None),
            bytes_up: Cell::new(0),
            bytes_down: Cell::new(0),
        }
    }

    fn key(&self) -> String {
        self.api_key.borrow().clone()
    }

    /// Signs in again, with another key.
    pub fn set_api_key(&self, key: &str) {
        *self.api_key.borrow_mut() = key.to_owned();
    }

    /// Sends a body as is, with `content_type`, returning the status and the body as JSON (an
    /// error's, or a JSON answer's).
    pub async fn send_raw(&self, body: &[u8], content_type: &str) -> (u16, serde_json::Value) {
        let (status, bytes) = self
            .post(body.to_vec(), content_type)
            .await
            .expect("server answers");
        (status, serde_json::from_slice(&bytes).unwrap_or_default())
    }

    /// Posts a body to `/api/sync`, returning the status and the raw answer.
    pub async fn post(&self, body: Vec<u8>, content_type: &str) -> Result<(u16, Vec<u8>), String> {
        self.bytes_up.set(self.bytes_up.get() + body.len());
        let response = self
            .client
            .post(&self.url)
            .header("Api-key", self.key())
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        self.bytes_down.set(self.bytes_down.get() + bytes.len());
        Ok((status, bytes.to_vec()))
    }
}

impl Transport for HttpTransport {
    type Error = String;

    async fn sync(&self, request: &SyncRequest) -> Result<SyncResponse, String> {
        *self.last_request.borrow_mut() = Some(request.clone());
        let (status, bytes) = self.post(wire::to_binary(request), wire::BINARY).await?;
        if status != 200 {
            return Err(format!("{status}: {}", String::from_utf8_lossy(&bytes)));
        }
        let body: SyncResponse =
            wire::from_binary(&bytes).ok_or("la respuesta binaria no es válida")?;
        if self.lose_next_response.replace(false) {
            return Err("respuesta perdida".into());
        }
        Ok(body)
    }

    async fn upload_blob(&self, blob: &PendingBlob) -> Result<(), String> {
        let url = self
            .url
            .replace("/api/sync", &format!("/api/blobs/{}", blob.sha256));
        let response = self
            .client
            .put(url)
            .header("Api-key", self.key())
            .header("Content-Type", &blob.tipo_mime)
            .body(blob.bytes.clone())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("subida: {}", response.status()))
        }
    }
}

/// A tablet: a store, a transport, and the user's edits.
pub struct Device {
    /// Its store.
    pub store: MemoryStore,
    /// Its way to the server.
    pub transport: HttpTransport,
}

impl Device {
    /// A new device syncing with the server at `base_url` as the owner of `api_key`.
    pub fn new(base_url: &str, api_key: &str) -> Device {
        let store = MemoryStore {
            id: Uuid::new_v4(),
            ..MemoryStore::default()
        };
        Device {
            store,
            transport: HttpTransport::new(base_url, api_key),
        }
    }

    /// Creates a work order on the device, offline, as a device that runs no rules (an older or
    /// a hostile one) would: what the server makes of it is what the tests check.
    pub async fn create(&self, ot: &OrdenTrabajo) {
        let doc = document::new_document(ot, device::device_actor(self.store.id))
            .expect("a work order writes as a document");
        let mut stored = StoredDoc {
            doc,
            acked: Vec::new(),
        };
        let Ok(()) = self.store.store(ot.id, &mut stored).await;
    }

    /// Edits a work order as the app writes one (read the model, change it, write it back), but
    /// without the device's own judgement: the server's is what the tests check.
    pub async fn edit(&self, id: Uuid, edit: impl FnOnce(&mut OrdenTrabajo)) {
        let Ok(found) = self.store.load(id).await;
        let mut stored = found.expect("the device has the document");
        stored.doc.set_actor(device::device_actor(self.store.id));
        let mut ot = document::read(&stored.doc).expect("the document reads as a work order");
        edit(&mut ot);
        if document::write(&mut stored.doc, &ot).expect("the edit writes") {
            stored.doc.commit();
            let Ok(()) = self.store.store(id, &mut stored).await;
        }
    }

    /// Makes `count` changes to a document, one commit each, straight on its Automerge document:
    /// as many edits as weeks offline make, without reading the work order for each.
    pub async fn commit_each(
        &self,
        id: Uuid,
        count: usize,
        mut change: impl FnMut(&mut AutoCommit, usize),
    ) {
        let Ok(found) = self.store.load(id).await;
        let mut stored = found.expect("the device has the document");
        stored.doc.set_actor(device::device_actor(self.store.id));
        for n in 0..count {
            change(&mut stored.doc, n);
            stored.doc.commit();
        }
        let Ok(()) = self.store.store(id, &mut stored).await;
    }

    /// The work order as the device shows it.
    pub fn read(&self, id: Uuid) -> OrdenTrabajo {
        document::read(&self.store.docs.borrow()[&id].0).expect("readable")
    }

    /// The device's copy of a document.
    pub fn doc(&self, id: Uuid) -> AutoCommit {
        self.store.docs.borrow()[&id].0.clone()
    }

    /// The device's copy of a document, if it has one.
    pub fn try_doc(&self, id: Uuid) -> Option<AutoCommit> {
        self.store
            .docs
            .borrow()
            .get(&id)
            .map(|(doc, _)| doc.clone())
    }

    /// The ids of every document on the device.
    pub fn doc_ids(&self) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self.store.docs.borrow().keys().copied().collect();
        ids.sort();
        ids
    }

    /// The device's id.
    pub fn store_id(&self) -> Uuid {
        self.store.id
    }

    /// Whether the device has the document.
    pub fn has(&self, id: Uuid) -> bool {
        self.store.docs.borrow().contains_key(&id)
    }

    /// The notices the device received.
    pub fn notices(&self) -> Vec<Notice> {
        self.store.notices.borrow().clone()
    }

    /// Syncs until done.
    pub async fn sync(&self) -> Result<SyncReport, String> {
        self.sync_wanting(Vec::new()).await
    }

    /// Syncs until done, asking first for `want_full` whole.
    pub async fn sync_wanting(&self, want_full: Vec<Uuid>) -> Result<SyncReport, String> {
        device::sync_wanting(&self.store, &self.transport, want_full)
            .await
            .map_err(|e| e.to_string())
    }

    /// The batch the next sync would send.
    pub async fn next_request(&self) -> SyncRequest {
        device::build_request(&self.store).await.expect("memory")
    }

    /// Applies an answer as a sync does; returns the documents left incomplete.
    pub async fn apply(&self, response: &SyncResponse) -> Result<Vec<Uuid>, String> {
        device::apply_response::<_, String>(&self.store, response)
            .await
            .map_err(|e| e.to_string())
    }
}
