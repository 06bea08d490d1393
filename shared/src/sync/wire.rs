//! What travels over `POST /api/sync`: as JSON, where Automerge bytes are base64, or in the
//! binary form devices use ([`BINARY`], postcard), where they travel as they are. Base64 inside a
//! JSON string costs the server work on every pulled change and more bytes on the wire;
//! JSON stays for integrators and for reading by eye.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The content type of the binary form, for a request and for the answer to it.
pub const BINARY: &str = "application/vnd.ote.sync+postcard";

/// A request or answer in the binary form.
pub fn to_binary<T: Serialize>(value: &T) -> Vec<u8> {
    to_binary_in(value, Vec::new())
}

/// A request or answer in the binary form, written after what `buffer` holds: a buffer sized
/// for a large answer up front spares growing it by doubling, each time as fresh memory.
pub fn to_binary_in<T: Serialize>(value: &T, buffer: Vec<u8>) -> Vec<u8> {
    postcard::to_extend(value, buffer).expect("the wire types always serialise")
}

/// A request or answer from the binary form; `None` unless the bytes are exactly one.
pub fn from_binary<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    match postcard::take_from_bytes(bytes) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

/// The most documents one request may carry; a device with more sends several batches.
pub const MAX_DOCS_PER_REQUEST: usize = 200;
/// The largest request body the server takes, in bytes.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;
/// The most bytes of changes a device puts in one batch: half of [`MAX_REQUEST_BYTES`], so that
/// the JSON form's base64 (a third more) and the heads fit as well.
pub const MAX_BATCH_CHANGE_BYTES: usize = MAX_REQUEST_BYTES / 2;
/// The longest `device_id` the server takes (devices send a UUID); it is copied into every
/// change-log row, audit entry and notice of the batch.
pub const MAX_DEVICE_ID_BYTES: usize = 64;

/// Whether `id` is a device id the server takes: 1 to [`MAX_DEVICE_ID_BYTES`] letters, digits,
/// `-`, `_`, `.` or `:`.
pub fn valid_device_id(id: &str) -> bool {
    (1..=MAX_DEVICE_ID_BYTES).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

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

/// The most authors a hub's batch names.
pub const MAX_AUTHORS_PER_REQUEST: usize = 256;

/// A vessel hub's batch (`POST /api/sync/hub`, binary only): a batch as any device's, and who
/// made its changes on board, so shore judges and logs each change as its technician's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubSyncRequest {
    /// The batch.
    pub request: SyncRequest,
    /// The user signed in on each tablet whose changes the batch carries.
    pub autores: Vec<AutorRemoto>,
}

/// Who made the changes of one tablet on board: its device id (its changes' Automerge actor,
/// see [`super::device::device_actor`]) and the login name of its user, a member of the hub's
/// crew on shore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutorRemoto {
    /// The tablet's device id.
    pub dispositivo: String,
    /// The user's login name.
    pub usuario: String,
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

/// The code of the notice that tells a device its store on this tablet was lost (evicted by
/// the browser) after it had synced there; its document id is nil (it concerns none).
pub const LOST_STORE: &str = "almacen_perdido";

/// The code of the notice that tells a device the server was restored from a backup taken
/// before the device's last sync: what the server acknowledged since may be gone, so the
/// device sends every document whole again, and every file it keeps a copy of (the server
/// keeps what it already has once). Its document id is nil.
pub const SERVER_RESTORED: &str = "servidor_restaurado";

/// Something the server tells the device about one of its documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl Notice {
    /// A notice about the device itself, not one of its documents (its id is nil).
    pub fn about_device(code: &str, message: &str) -> Notice {
        Notice {
            doc_id: Uuid::nil(),
            code: code.to_owned(),
            field: String::new(),
            message: message.to_owned(),
        }
    }
}

/// Bytes as base64 text in JSON, as themselves in the binary form.
mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&STANDARD.encode(bytes))
        } else {
            serde_bytes::Bytes::new(bytes).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        if !d.is_human_readable() {
            return serde_bytes::ByteBuf::deserialize(d).map(serde_bytes::ByteBuf::into_vec);
        }
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer() -> SyncResponse {
        SyncResponse {
            cursor: 812,
            docs: vec![DocPull {
                doc_id: Uuid::new_v4(),
                changes: (0..=255).collect(),
                heads: vec!["ab".repeat(32)],
                resend_all: true,
            }],
            notices: vec![Notice {
                doc_id: Uuid::new_v4(),
                code: "transicion_invalida".into(),
                field: "id_estatus_ot".into(),
                message: "Transición inválida".into(),
            }],
            more: false,
        }
    }

    #[test]
    fn both_forms_carry_the_same_answer_and_the_binary_one_is_smaller() {
        let answer = answer();
        let json = serde_json::to_vec(&answer).unwrap();
        let binary = to_binary(&answer);
        assert_eq!(
            serde_json::from_slice::<SyncResponse>(&json).unwrap(),
            answer
        );
        assert_eq!(from_binary::<SyncResponse>(&binary), Some(answer));
        assert!(
            binary.len() * 3 < json.len() * 2,
            "{} vs {}",
            binary.len(),
            json.len()
        );
    }

    #[test]
    fn the_binary_form_refuses_anything_but_exactly_one_value() {
        let binary = to_binary(&answer());
        assert!(from_binary::<SyncResponse>(&binary[..binary.len() - 1]).is_none());
        let mut longer = binary.clone();
        longer.push(0);
        assert!(from_binary::<SyncResponse>(&longer).is_none());
        assert!(from_binary::<SyncRequest>(b"{\"device_id\":\"x\"}").is_none());
    }
}
