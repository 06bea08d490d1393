use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::Proceso;

/// A file kept by content: the document holds this metadata, the bytes travel separately and
/// are verified against `sha256` and `tamano` on upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
