//! What travels over `POST /api/sync`, as JSON; Automerge bytes are base64.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most documents one request may carry; a device with more sends several batches.
pub const MAX_DOCS_PER_REQUEST: usize = 200;
/// The largest request body the server takes, in bytes.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// A device's batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// The device's stable id (made once, kept in its store).
    pub device_id: String,
    /// The last change-log sequence number the device has pulled.
    pub cursor: i64,
    /// The documents with changes the server may lack.
    pub docs: Vec<DocPush>,
    /// Documents the device holds only part of (changes whose dependencies it lacks, as when an
    /// OT is newly assigned to it): the server sends them whole.
    #[serde(default)]
    pub want_full: Vec<Uuid>,
}

/// One document's changes from a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocPush {
    /// The document.
    pub doc_id: Uuid,
    /// Automerge changes (concatenated chunks, as `save_after` writes them).
    #[serde(with = "base64_bytes")]
    pub changes: Vec<u8>,
    /// The device's heads once these changes are applied (hex change hashes).
    pub heads: Vec<String>,
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// The cursor to send next time.
    pub cursor: i64,
    /// Changes for the device: for the documents it sent, what it lacks; for others, what
    /// changed since its cursor.
    pub docs: Vec<DocPull>,
    /// What the server undid or flagged in the device's documents.
    pub notices: Vec<Notice>,
    /// More changes are waiting: sync again at once.
    pub more: bool,
}

/// Changes of one document for a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocPull {
    /// The document.
    pub doc_id: Uuid,
    /// Automerge changes the device may lack (it drops the ones it has).
    #[serde(with = "base64_bytes")]
    pub changes: Vec<u8>,
    /// The server's heads of the document after this sync: what it acknowledges having.
    pub heads: Vec<String>,
    /// The server could not apply the device's changes for missing dependencies: the device
    /// must send its whole history of this document next time.
    #[serde(default)]
    pub resend_all: bool,
}

/// Something the server tells the device about one of its documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The document.
    pub doc_id: Uuid,
    /// The stable code of the broken rule.
    pub code: String,
    /// The field it concerned.
    pub field: String,
    /// What happened, in Spanish.
    pub message: String,
}

mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}
