//! Multipart uploads: one file and the text fields beside it (imports, step attachments).

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::http::StatusCode;

use ote_shared::model::Archivo;

use crate::Error;
use crate::auth::CurrentUser;
use crate::blobs::Verified;
use crate::imports::TipoImportacion;
use crate::imports::jobs::{Started, Upload};
use crate::state::AppState;

/// A multipart upload: the file and the text fields.
pub struct Received {
    /// The file name the client gave.
    pub file_name: String,
    /// The file's MIME type as the client gave it.
    pub mime: String,
    /// The file.
    pub bytes: axum::body::Bytes,
    /// The other parts, as text.
    pub fields: Vec<(String, String)>,
}

impl Received {
    /// A text field, trimmed; `None` when absent or empty.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// Reads the form; the file is the part named one of `file_fields`, at most `max_bytes`.
pub async fn receive(
    mut form: Multipart,
    file_fields: &[&str],
    max_bytes: u64,
) -> Result<Received, Error> {
    let too_large = || {
        Error::bad_request(
            "archivo_demasiado_grande",
            format!(
                "El archivo excede el límite de {} MiB",
                max_bytes / (1024 * 1024)
            ),
        )
    };
    let bad_form = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            Error::bad_request(
                "formulario_invalido",
                format!("El formulario no es válido: {e}"),
            )
        }
    };
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(part) = form.next_field().await.map_err(bad_form)? {
        let name = part.name().unwrap_or_default().to_owned();
        if file_fields.contains(&name.as_str()) {
            let file_name = part.file_name().unwrap_or("archivo").to_owned();
            let mime = part
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned();
            file = Some((file_name, mime, part.bytes().await.map_err(bad_form)?));
        } else {
            fields.push((name, part.text().await.map_err(bad_form)?));
        }
    }
    let (file_name, mime, bytes) = file.ok_or_else(|| {
        Error::bad_request(
            "archivo_requerido",
            format!("Falta el archivo (campo «{}»)", file_fields[0]),
        )
    })?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    if bytes.is_empty() {
        return Err(Error::bad_request("archivo_vacio", "El archivo está vacío"));
    }
    Ok(Received {
        file_name,
        mime,
        bytes,
        fields,
    })
}

/// Stores a file `user` uploaded by its content and gives the metadata a document holds.
pub async fn store_file(
    state: &AppState,
    user: &CurrentUser,
    received: &Received,
) -> Result<Archivo, Error> {
    let bytes = received.bytes.clone();
    store_blob(state, user, &received.file_name, &received.mime, bytes).await
}

/// Stores `bytes` by their content, as uploaded by `user`, and gives the metadata a document
/// holds (the content hashed once, here).
pub async fn store_blob(
    state: &AppState,
    user: &CurrentUser,
    nombre: &str,
    tipo_mime: &str,
    bytes: Bytes,
) -> Result<Archivo, Error> {
    let file = Verified::hashing(bytes).map_err(|e| Error::Internal(e.into()))?;
    let archivo = Archivo {
        sha256: file.sha256().to_owned(),
        nombre: nombre.to_owned(),
        tamano: file.size(),
        tipo_mime: tipo_mime.to_owned(),
    };
    state
        .blobs
        .save(user.id, tipo_mime, file)
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    Ok(archivo)
}

/// Starts importing the upload `received` into the work order (a schedule's version named by
/// its `nombre_version` field, or the file's name).
pub async fn start_import(
    state: &AppState,
    user: &CurrentUser,
    kind: TipoImportacion,
    work_order_id: i64,
    received: Received,
) -> Result<Started, Error> {
    let nombre_version = match kind {
        TipoImportacion::Anexo => None,
        TipoImportacion::Cronograma => {
            let name = received
                .field("nombre_version")
                .unwrap_or(&received.file_name);
            if name.chars().count() > 200 {
                return Err(Error::bad_request(
                    "nombre_version_invalido",
                    "El nombre de la versión tiene más de 200 caracteres",
                ));
            }
            Some(name.to_owned())
        }
    };
    let upload = Upload {
        kind,
        work_order_id,
        file_name: received.file_name,
        bytes: received.bytes,
        user_id: user.id,
        nombre_version,
    };
    Ok(state.imports.start(&state.pool, upload).await?)
}
