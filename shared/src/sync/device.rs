//! The device side of the protocol, over a store the platform provides.

use automerge::{ActorId, AutoCommit, ChangeHash};
use uuid::Uuid;

use crate::document::{self, DocumentError};
use chrono::{DateTime, Utc};

use crate::codes::Proceso;
use crate::model::{Archivo, Foto, OrdenTrabajo, cambios};
use crate::rules::{self, Antes, Autor, Contexto, Edicion, Principal, Violation};

use super::wire::{
    DocPull, DocPush, MAX_BATCH_CHANGE_BYTES, MAX_DOCS_PER_REQUEST, Notice, SyncRequest,
    SyncResponse,
};
use crate::document::schema::{MAX_CHANGES_PER_PUSH, MAX_OPS_PER_PUSH};

/// A document as a device keeps it: the document, and the heads the server last acknowledged
/// having. The document has changes to send exactly when its heads differ from `acked`.
pub struct StoredDoc {
    /// The work-order document.
    pub doc: AutoCommit,
    /// The server's heads at the last sync (empty: the server has nothing of it).
    pub acked: Vec<ChangeHash>,
}

impl StoredDoc {
    /// Whether the document has changes the server has not acknowledged.
    pub fn is_dirty(&mut self) -> bool {
        has_unacknowledged(&mut self.doc, &self.acked)
    }
}

/// Whether `doc` has changes beyond `acked`, the heads the server acknowledged.
pub fn has_unacknowledged(doc: &mut AutoCommit, acked: &[ChangeHash]) -> bool {
    let mut heads = doc.get_heads();
    heads.sort();
    let mut acked = acked.to_vec();
    acked.sort();
    heads != acked
}

/// Where a device keeps its documents and sync state: IndexedDB in the app, memory in tests.
/// Every write must be durable when the returned future completes.
#[allow(async_fn_in_trait)] // the app's store is not Send (IndexedDB), nor need it be
pub trait DeviceStore {
    /// The store's failure (in words for the user: screens show it).
    type Error: std::fmt::Debug + std::fmt::Display;
    /// The device's stable id, a UUID made once.
    async fn device_id(&self) -> Result<Uuid, Self::Error>;
    /// The last change-log sequence the device pulled.
    async fn cursor(&self) -> Result<i64, Self::Error>;
    /// Records the cursor, once everything it covers is stored.
    async fn set_cursor(&self, cursor: i64) -> Result<(), Self::Error>;
    /// The documents with changes the server has not acknowledged.
    async fn dirty(&self) -> Result<Vec<Uuid>, Self::Error>;
    /// One document.
    async fn load(&self, id: Uuid) -> Result<Option<StoredDoc>, Self::Error>;
    /// Stores one document (its dirty state follows from its heads and `acked`).
    async fn store(&self, id: Uuid, doc: &mut StoredDoc) -> Result<(), Self::Error>;
    /// Keeps notices for the user to read.
    async fn add_notices(&self, notices: &[Notice]) -> Result<(), Self::Error>;
    /// Keeps a file (a photo just taken) until it is uploaded.
    async fn keep_blob(&self, blob: PendingBlob) -> Result<(), Self::Error>;
    /// The files waiting to upload.
    async fn pending_blobs(&self) -> Result<Vec<PendingBlob>, Self::Error>;
    /// Forgets a file the server has confirmed.
    async fn blob_uploaded(&self, sha256: &str) -> Result<(), Self::Error>;
    /// Every document the store holds.
    async fn ids(&self) -> Result<Vec<Uuid>, Self::Error>;
    /// Puts every file this device uploaded and keeps a copy of back among the files waiting
    /// to upload (the server was restored from a backup that may lack them).
    async fn requeue_copies(&self) -> Result<(), Self::Error>;
}

/// A file waiting on the device to be uploaded; the document already holds its metadata.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingBlob {
    /// Lower-case hex SHA-256 of `bytes`: the name the server stores it under.
    pub sha256: String,
    /// Its MIME type.
    pub tipo_mime: String,
    /// The content.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

impl PendingBlob {
    /// A file to upload, named by its content.
    pub fn new(tipo_mime: &str, bytes: Vec<u8>) -> PendingBlob {
        PendingBlob {
            sha256: crate::model::sha256_hex(&bytes),
            tipo_mime: tipo_mime.to_owned(),
            bytes,
        }
    }
}

/// How a device reaches the server: an HTTP POST in the app and in tests.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// The transport's failure (offline, timeout, HTTP error), in words for the user.
    type Error: std::fmt::Debug + std::fmt::Display;
    /// Sends one batch and returns the answer.
    async fn sync(&self, request: &SyncRequest) -> Result<SyncResponse, Self::Error>;
    /// Uploads one file (idempotent: the server keeps one copy per hash).
    async fn upload_blob(&self, blob: &PendingBlob) -> Result<(), Self::Error>;
}

/// Why a sync stopped. Nothing is lost either way: the store still holds every change, and the
/// next sync sends them again.
#[derive(Debug, thiserror::Error)]
pub enum SyncError<S: std::fmt::Debug + std::fmt::Display, T: std::fmt::Debug + std::fmt::Display> {
    /// The store failed.
    #[error("almacenamiento local: {0}")]
    Store(S),
    /// The server could not be reached or refused the batch.
    #[error("servidor: {0}")]
    Transport(T),
    /// The server sent changes that do not load.
    #[error("cambios inválidos del servidor para {0}: {1}")]
    BadChanges(Uuid, Box<automerge::AutomergeError>),
}

/// What one sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Round trips made.
    pub round_trips: usize,
    /// Documents sent.
    pub sent: usize,
    /// Documents received.
    pub received: usize,
    /// Request bytes (JSON) sent.
    pub bytes_sent: usize,
    /// Notices received.
    pub notices: Vec<Notice>,
    /// Files uploaded.
    pub uploaded: usize,
}

/// The actor a device writes as: derived from its id, so every document it edits names it.
pub fn device_actor(device_id: Uuid) -> ActorId {
    ActorId::from(device_id.as_bytes().as_slice())
}

/// Why a local edit was not stored.
#[derive(Debug, thiserror::Error)]
pub enum EditError<E: std::fmt::Debug + std::fmt::Display> {
    /// The device does not have the work order.
    #[error("la orden de trabajo no está en este dispositivo")]
    Missing,
    /// The document does not read as a work order, or the edit cannot be written to it.
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// The store failed; nothing was saved.
    #[error("no se pudo guardar en este dispositivo: {0}")]
    Store(E),
    /// The edit breaks a rule or its author's role may not make it; nothing was saved.
    #[error("{}", first_message(.0))]
    Rules(Vec<Violation>),
}

fn first_message(violations: &[Violation]) -> String {
    violations
        .first()
        .map_or_else(String::new, |v| v.message.clone())
}

/// `autor`'s edit of the work order `id` on this device: judged as the server judges it
/// ([`rules::judge`], with what this device knows of other work orders), then applied to its
/// document as this device's change and stored (durably, before this returns); the next sync
/// sends it. Answers the work order as edited, and whether anything changed; an edit that
/// breaks a rule is refused whole and nothing is stored.
pub async fn edit<S: DeviceStore>(
    store: &S,
    autor: Autor,
    id: Uuid,
    change: impl FnOnce(&mut OrdenTrabajo),
) -> Result<(OrdenTrabajo, bool), EditError<S::Error>> {
    let (ot, edited) = judged(store, autor, id, change).await?;
    let Some(mut stored) = edited else {
        return Ok((ot, false));
    };
    store
        .store(id, &mut stored)
        .await
        .map_err(EditError::Store)?;
    Ok((ot, true))
}

/// The work order `id` as edited, and its document with the edit applied and committed once
/// judged, not yet stored (`None` when the edit changes nothing).
async fn judged<S: DeviceStore>(
    store: &S,
    autor: Autor,
    id: Uuid,
    change: impl FnOnce(&mut OrdenTrabajo),
) -> Result<(OrdenTrabajo, Option<StoredDoc>), EditError<S::Error>> {
    let mut stored = load_for_edit(store, id).await?;
    let before = document::read(&stored.doc)?;
    let mut ot = before.clone();
    change(&mut ot);
    let changed = cambios(&before, &ot);
    if changed.is_empty() {
        return Ok((ot, None));
    }
    let (ctx, _) = context(store, Some(&before), &ot).await?;
    let edicion = Edicion {
        antes: Antes::Guardada(&before),
        despues: &ot,
        cambios: &changed,
    };
    refuse_broken(rules::judge(autor, &edicion, &ctx, &[]))?;
    if !document::write(&mut stored.doc, &ot)? {
        return Ok((ot, None));
    }
    stored.doc.commit();
    Ok((ot, Some(stored)))
}

/// A work order `autor` made on this device (a new one, or a reprogramming), judged as the
/// server judges it: its document, written as this device, stored durably before this returns;
/// the next sync sends it.
pub async fn create<S: DeviceStore>(
    store: &S,
    autor: Autor,
    ot: &OrdenTrabajo,
) -> Result<(), EditError<S::Error>> {
    let (ctx, principal) = context(store, None, ot).await?;
    let filled = cambios(&rules::baseline(ot, principal.as_ref()), ot);
    let edicion = Edicion {
        antes: Antes::Nueva,
        despues: ot,
        cambios: &filled,
    };
    refuse_broken(rules::judge(autor, &edicion, &ctx, &[]))?;
    let device = store.device_id().await.map_err(EditError::Store)?;
    let mut stored = StoredDoc {
        doc: document::new_document(ot, device_actor(device))?,
        acked: Vec::new(),
    };
    store
        .store(ot.id, &mut stored)
        .await
        .map_err(EditError::Store)
}

/// What the rules need of other work orders for the change from `before` (`None`: a new work
/// order) to `ot`, from this device's copies: a reprogramming's principal, if the device has it,
/// read only when the change settles its place in the chain ([`rules::settles_number`]). The
/// next number of the chain is the server's to settle.
async fn context<S: DeviceStore>(
    store: &S,
    before: Option<&OrdenTrabajo>,
    ot: &OrdenTrabajo,
) -> Result<(Contexto, Option<OrdenTrabajo>), EditError<S::Error>> {
    let principal_id = match ot.ot_principal {
        Some(id) if rules::settles_number(before, ot) => id,
        _ => return Ok((Contexto::default(), None)),
    };
    let principal = match store.load(principal_id).await.map_err(EditError::Store)? {
        Some(stored) => Some(document::read(&stored.doc)?),
        None => None,
    };
    let ctx = Contexto {
        principal: principal.as_ref().map(Principal::from),
        siguiente_reprogramacion: None,
        pte: None,
    };
    Ok((ctx, principal))
}

fn refuse_broken<E: std::fmt::Debug + std::fmt::Display>(
    violations: Vec<Violation>,
) -> Result<(), EditError<E>> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(EditError::Rules(violations))
    }
}

/// The document `id`, set to write as this device.
async fn load_for_edit<S: DeviceStore>(
    store: &S,
    id: Uuid,
) -> Result<StoredDoc, EditError<S::Error>> {
    let mut stored = store
        .load(id)
        .await
        .map_err(EditError::Store)?
        .ok_or(EditError::Missing)?;
    let device = store.device_id().await.map_err(EditError::Store)?;
    stored.doc.set_actor(device_actor(device));
    Ok(stored)
}

/// A photo just taken, as the camera gave it.
#[derive(Debug, Clone)]
pub struct FotoTomada {
    /// Before, during or after the service.
    pub proceso: Proceso,
    /// Its title: the file's name.
    pub titulo: String,
    /// The file's type.
    pub tipo_mime: String,
    /// The file.
    pub bytes: Vec<u8>,
    /// When it was taken.
    pub creado: DateTime<Utc>,
}

/// A photo taken on this device for the work order `id`, judged as an edit: its bytes kept
/// until they upload, then its metadata added to the document, both stored before this
/// returns (in that order, so a document never names a file the device lacks). The next sync
/// sends both.
pub async fn add_photo<S: DeviceStore>(
    store: &S,
    autor: Autor,
    id: Uuid,
    tomada: FotoTomada,
) -> Result<Foto, EditError<S::Error>> {
    let FotoTomada {
        proceso,
        titulo,
        tipo_mime,
        bytes,
        creado,
    } = tomada;
    let foto = Foto {
        id: Uuid::new_v4(),
        proceso,
        archivo: Archivo::of_bytes(&titulo, &tipo_mime, &bytes),
        titulo,
        creado,
    };
    let added = foto.clone();
    let (_, edited) = judged(store, autor, id, move |ot| {
        ot.fotos.insert(added.id, added);
    })
    .await?;
    keep_then_store(store, PendingBlob::new(&tipo_mime, bytes), id, edited).await?;
    Ok(foto)
}

/// Keeps a file's bytes, then stores the judged document that names it: in that order, so a
/// document never names a file the device lacks.
async fn keep_then_store<S: DeviceStore>(
    store: &S,
    blob: PendingBlob,
    id: Uuid,
    edited: Option<StoredDoc>,
) -> Result<(), EditError<S::Error>> {
    store.keep_blob(blob).await.map_err(EditError::Store)?;
    if let Some(mut stored) = edited {
        store
            .store(id, &mut stored)
            .await
            .map_err(EditError::Store)?;
    }
    Ok(())
}

/// A file chosen on this device for a step (camera or file picker), as the browser gave it.
#[derive(Debug, Clone)]
pub struct ArchivoTomado {
    /// The file's name.
    pub nombre: String,
    /// Its MIME type.
    pub tipo_mime: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// A file attached to step `paso` of the work order `id` on this device (replacing the step's
/// file, if it had one), judged as an edit: as with [`add_photo`], its bytes are kept until
/// they upload and then the step names it, both stored before this returns.
pub async fn attach_step_file<S: DeviceStore>(
    store: &S,
    autor: Autor,
    id: Uuid,
    paso: Uuid,
    file: ArchivoTomado,
) -> Result<Archivo, EditError<S::Error>> {
    let archivo = Archivo::of_bytes(&file.nombre, &file.tipo_mime, &file.bytes);
    let named = archivo.clone();
    let (ot, edited) = judged(store, autor, id, move |ot| {
        if let Some(p) = ot.pasos.get_mut(&paso) {
            p.archivo = Some(named);
        }
    })
    .await?;
    if !ot.pasos.contains_key(&paso) {
        return Err(EditError::Missing);
    }
    keep_then_store(
        store,
        PendingBlob::new(&file.tipo_mime, file.bytes),
        id,
        edited,
    )
    .await?;
    Ok(archivo)
}

/// A person's pick for the field `campo` that concurrent edits left with several values (see
/// [`document::conflicts`]): one change of this device that settles it, stored durably; the
/// next sync sends it, and every device then shows the value picked.
pub async fn resolve_conflict<S: DeviceStore>(
    store: &S,
    id: Uuid,
    campo: &str,
    valor: &serde_json::Value,
) -> Result<(), EditError<S::Error>> {
    let mut stored = load_for_edit(store, id).await?;
    document::resolve(&mut stored.doc, campo, valor)?;
    stored.doc.commit();
    store.store(id, &mut stored).await.map_err(EditError::Store)
}

/// Syncs until the device has sent everything and pulled everything, then uploads the files
/// waiting (documents first: their metadata is small and others are waiting on it).
pub async fn sync<S: DeviceStore, T: Transport>(
    store: &S,
    transport: &T,
) -> Result<SyncReport, SyncError<S::Error, T::Error>> {
    sync_wanting(store, transport, Vec::new()).await
}

/// [`sync`], asking first for `want_full` whole: the documents an answer applied on its own
/// ([`apply_response`]) left incomplete.
pub async fn sync_wanting<S: DeviceStore, T: Transport>(
    store: &S,
    transport: &T,
    mut want_full: Vec<Uuid>,
) -> Result<SyncReport, SyncError<S::Error, T::Error>> {
    let mut report = SyncReport::default();
    let mut last_sent = Vec::new();
    loop {
        let (mut request, left_behind) = build_batch(store).await.map_err(SyncError::Store)?;
        request.want_full = std::mem::take(&mut want_full);
        // The same batch twice means the server refused it: the rest waits for the next sync.
        let sent = sent_heads(&request);
        let go_on = left_behind && sent != last_sent;
        last_sent = sent;
        let response = transport
            .sync(&request)
            .await
            .map_err(SyncError::Transport)?;
        report.round_trips += 1;
        report.sent += request.docs.len();
        report.bytes_sent += request_size(&request);
        report.received += response.docs.len();
        report.notices.extend(response.notices.iter().cloned());
        let incomplete = apply_response(store, &response).await?;
        // Ask once for the whole of what arrived incomplete; never loop on it.
        if request.want_full.is_empty() {
            want_full = incomplete;
        }
        if !response.more && !go_on && want_full.is_empty() && !restored(&response) {
            break;
        }
    }
    for blob in store.pending_blobs().await.map_err(SyncError::Store)? {
        transport
            .upload_blob(&blob)
            .await
            .map_err(SyncError::Transport)?;
        store
            .blob_uploaded(&blob.sha256)
            .await
            .map_err(SyncError::Store)?;
        report.uploaded += 1;
    }
    Ok(report)
}

/// Each document a batch pushes, with the heads it sends it up to.
fn sent_heads(request: &SyncRequest) -> Vec<(Uuid, Vec<String>)> {
    (request.docs.iter())
        .map(|d| (d.doc_id, d.heads.clone()))
        .collect()
}

fn request_size(request: &SyncRequest) -> usize {
    serde_json::to_vec(request)
        .map(|v| v.len())
        .unwrap_or_default()
}

/// The next batch: the changes of up to [`MAX_DOCS_PER_REQUEST`] dirty documents since the heads
/// the server acknowledged, and the cursor.
pub async fn build_request<S: DeviceStore>(store: &S) -> Result<SyncRequest, S::Error> {
    Ok(build_batch(store).await?.0)
}

/// [`build_request`], and whether changes were left for another batch. A batch carries at most
/// [`MAX_BATCH_CHANGE_BYTES`] of changes, and of a document at most what the server takes in
/// one push ([`MAX_CHANGES_PER_PUSH`], [`MAX_OPS_PER_PUSH`]), the oldest first: without these
/// bounds a device sending everything again (a restored server, another hub) or a hub back from
/// months offline would build a batch the server refuses, again on every retry.
async fn build_batch<S: DeviceStore>(store: &S) -> Result<(SyncRequest, bool), S::Error> {
    let dirty = store.dirty().await?;
    let mut left_behind = dirty.len() > MAX_DOCS_PER_REQUEST;
    let mut docs = Vec::new();
    let mut room = MAX_BATCH_CHANGE_BYTES;
    for &id in dirty.iter().take(MAX_DOCS_PER_REQUEST) {
        let Some(mut stored) = store.load(id).await? else {
            continue;
        };
        // Only a batch's first document goes in part (at least one change, whatever it
        // weighs): any other that does not fit whole waits for the next batch, so that its
        // edits are judged together as made.
        let first = docs.is_empty();
        let push = oldest_changes(&mut stored, room, first);
        if !first && !push.whole {
            left_behind = true;
            break;
        }
        room = room.saturating_sub(push.bytes.len());
        left_behind |= !push.whole;
        docs.push(DocPush {
            doc_id: id,
            changes: push.bytes,
            heads: push.heads.iter().map(ToString::to_string).collect(),
        });
    }
    let request = SyncRequest {
        device_id: store.device_id().await?.to_string(),
        cursor: store.cursor().await?,
        docs,
        want_full: Vec::new(),
    };
    Ok((request, left_behind))
}

/// The changes of one document one batch carries.
struct Prefix {
    /// Their chunks, concatenated as `save_after` writes them.
    bytes: Vec<u8>,
    /// The heads of what the server has once it applies them.
    heads: Vec<ChangeHash>,
    /// Whether they are all the document's unacknowledged changes.
    whole: bool,
}

/// The oldest of `stored`'s unacknowledged changes that fit in `room` bytes and in one push (the
/// first of them even if it does not fit, when `take_one`). Automerge lists them each after its dependencies, so any first few build only on what the
/// server has and on each other.
fn oldest_changes(stored: &mut StoredDoc, room: usize, take_one: bool) -> Prefix {
    let changes = stored.doc.get_changes(&stored.acked);
    let (mut bytes, mut ops, mut taken) = (Vec::new(), 0, 0);
    for change in &changes {
        let fits = taken < MAX_CHANGES_PER_PUSH
            && ops + change.len() <= MAX_OPS_PER_PUSH
            && bytes.len() + change.raw_bytes().len() <= room;
        let first_anyway = take_one && taken == 0;
        if !(fits || first_anyway) {
            break;
        }
        bytes.extend_from_slice(change.raw_bytes());
        ops += change.len();
        taken += 1;
    }
    if taken == changes.len() {
        let heads = stored.doc.get_heads();
        return Prefix {
            bytes,
            heads,
            whole: true,
        };
    }
    let sent = &changes[..taken];
    let built_on: std::collections::HashSet<ChangeHash> =
        sent.iter().flat_map(|c| c.deps().iter().copied()).collect();
    let heads = (stored.acked.iter().copied())
        .chain(sent.iter().map(|c| c.hash()))
        .filter(|h| !built_on.contains(h))
        .collect();
    Prefix {
        bytes,
        heads,
        whole: false,
    }
}

/// Applies an answer: loads each document's changes, records what the server acknowledged,
/// keeps the notices, and only then moves the cursor. Returns the documents that arrived
/// without the history their changes build on, to be asked for whole.
pub async fn apply_response<S: DeviceStore, T: std::fmt::Debug + std::fmt::Display>(
    store: &S,
    response: &SyncResponse,
) -> Result<Vec<Uuid>, SyncError<S::Error, T>> {
    let mut incomplete = Vec::new();
    let actor = device_actor(store.device_id().await.map_err(SyncError::Store)?);
    for pull in &response.docs {
        let mut stored = match store.load(pull.doc_id).await.map_err(SyncError::Store)? {
            Some(stored) => stored,
            None => StoredDoc {
                doc: AutoCommit::new().with_actor(actor.clone()),
                acked: Vec::new(),
            },
        };
        merge_pull(&mut stored, pull)?;
        if !stored.doc.get_missing_deps(&[]).is_empty() {
            incomplete.push(pull.doc_id);
        }
        store
            .store(pull.doc_id, &mut stored)
            .await
            .map_err(SyncError::Store)?;
    }
    store
        .add_notices(&response.notices)
        .await
        .map_err(SyncError::Store)?;
    if restored(response) {
        send_everything_again(store)
            .await
            .map_err(SyncError::Store)?;
    }
    store
        .set_cursor(response.cursor)
        .await
        .map_err(SyncError::Store)?;
    Ok(incomplete)
}

/// Whether the answer says the server was restored from a backup (see
/// [`crate::sync::wire::SERVER_RESTORED`]).
fn restored(response: &SyncResponse) -> bool {
    response
        .notices
        .iter()
        .any(|n| n.code == crate::sync::wire::SERVER_RESTORED)
}

/// Forgets what the server acknowledged of every document, so each is sent whole (the server
/// keeps what it already has once), and queues the files kept for upload again.
async fn send_everything_again<S: DeviceStore>(store: &S) -> Result<(), S::Error> {
    for id in store.ids().await? {
        if let Some(mut stored) = store.load(id).await? {
            stored.acked.clear();
            store.store(id, &mut stored).await?;
        }
    }
    store.requeue_copies().await
}

fn merge_pull<S: std::fmt::Debug + std::fmt::Display, T: std::fmt::Debug + std::fmt::Display>(
    stored: &mut StoredDoc,
    pull: &DocPull,
) -> Result<(), SyncError<S, T>> {
    if !pull.changes.is_empty() {
        stored
            .doc
            .load_incremental(&pull.changes)
            .map_err(|e| SyncError::BadChanges(pull.doc_id, Box::new(e)))?;
    }
    // Only heads the device has count as acknowledged: anything else would make it send
    // changes "since" a point it does not know.
    stored.acked = if pull.resend_all {
        Vec::new()
    } else {
        let heads: Vec<ChangeHash> = pull.heads.iter().filter_map(|h| h.parse().ok()).collect();
        // Asked of the change graph (looking each change up would rebuild it from the ops); a
        // queued change counts as known, which `save_after` passes over.
        let unknown = stored.doc.get_missing_deps(&heads);
        heads.into_iter().filter(|h| !unknown.contains(h)).collect()
    };
    Ok(())
}
