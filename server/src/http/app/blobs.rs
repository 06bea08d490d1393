//! `PUT /api/blobs/{sha256}` (idempotent upload, hash verified) and `GET /api/blobs/{sha256}`.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::Role;
use crate::blobs::{self, BlobError, MAX_BLOB_BYTES};
use crate::state::AppState;

/// The blob routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload, download))
}

/// Uploads a file by its content: the body's SHA-256 must be the one in the path. Idempotent.
#[utoipa::path(put, path = "/api/blobs/{sha256}", tag = "sync",
    params(("sha256" = String, Path, description = "SHA-256 del contenido, hexadecimal en minúsculas")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "Guardado"), (status = 200, description = "Ya estaba guardado"),
        crate::http::openapi::Errors))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Error> {
    user.require(Role::records)?;
    let bytes: Bytes = to_bytes(body, MAX_BLOB_BYTES).await.map_err(|_| {
        Error::bad_request(
            "archivo_demasiado_grande",
            format!("El archivo excede {} MiB", MAX_BLOB_BYTES / (1024 * 1024)),
        )
    })?;
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    match blobs::put(
        &state.pool,
        &state.config.data_dir,
        user.id,
        &sha256,
        mime,
        &bytes,
    )
    .await
    {
        Ok(true) => Ok(StatusCode::CREATED),
        Ok(false) => Ok(StatusCode::OK),
        Err(BlobError::BadHash) => Err(Error::bad_request(
            "sha256_invalido",
            BlobError::BadHash.to_string(),
        )),
        Err(BlobError::HashMismatch) => Err(Error::bad_request(
            "sha256_no_coincide",
            BlobError::HashMismatch.to_string(),
        )),
        Err(BlobError::Io(e)) => Err(Error::Internal(e.into())),
        Err(BlobError::Database(e)) => Err(e.into()),
    }
}

/// A stored file, with its type, for a user who uploaded it or may see a work order that
/// references it (404 otherwise, as for a file that does not exist). Never run by the
/// browser as a page of OTE's origin: `nosniff` always, images inline, anything else as an
/// attachment under a sandboxing CSP.
#[utoipa::path(get, path = "/api/blobs/{sha256}", tag = "sync",
    params(("sha256" = String, Path, description = "SHA-256 del contenido")),
    responses((status = 200, description = "El archivo", body = Vec<u8>, content_type = "application/octet-stream"),
        crate::http::openapi::Errors))]
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha256): Path<String>,
) -> Result<Response, Error> {
    if !blobs::is_sha256(&sha256) {
        return Err(Error::NotFound);
    }
    let viewer = crate::auth::Viewer::of(&user);
    let mime = blobs::readable(&state.pool, &sha256, user.id, viewer)
        .await?
        .ok_or(Error::NotFound)?;
    let bytes = tokio::fs::read(blobs::path(&state.config.data_dir, &sha256))
        .await
        .map_err(|_| Error::NotFound)?;
    let (content_type, disposition) = served_as(&mime);
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition.into()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".into(),
            ),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".into(),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The images a browser shows inline; the type an uploader claimed is kept only for them.
const INLINE_IMAGES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
];

/// The type and disposition a file is sent with: one of [`INLINE_IMAGES`] inline, anything
/// else (HTML, SVG, scripts, whatever was claimed) as a download of opaque bytes.
fn served_as(mime: &str) -> (String, &'static str) {
    let essence = mime
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if INLINE_IMAGES.contains(&essence.as_str()) {
        (essence, "inline")
    } else {
        ("application/octet-stream".into(), "attachment")
    }
}
