use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::Proceso;

/// A file kept by content: the document holds this metadata, the bytes travel separately and
/// are verified against `sha256` and `tamano` on upload.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Archivo {
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// The file name the user gave it.
    pub nombre: String,
    /// Size in bytes.
    pub tamano: u64,
    /// MIME type.
    pub tipo_mime: String,
}

impl Archivo {
    /// The metadata of a file from its content: its SHA-256 and size.
    pub fn of_bytes(nombre: &str, tipo_mime: &str, bytes: &[u8]) -> Archivo {
        Archivo {
            sha256: sha256_hex(bytes),
            nombre: nombre.to_owned(),
            tamano: bytes.len() as u64,
            tipo_mime: tipo_mime.to_owned(),
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`: the name a file is stored under.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A photo of the service, before, during or after it (seed 002 `archivos`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Foto {
    /// The photo's own id (document key).
    pub id: Uuid,
    /// When in the service it was taken.
    pub proceso: Proceso,
    /// Its title.
    pub titulo: String,
    /// The image file.
    pub archivo: Archivo,
    /// When it was taken.
    pub creado: DateTime<Utc>,
}
