//! `PUT /api/blobs/{sha256}` (idempotent upload, hash verified) and `GET /api/blobs/{sha256}`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::Role;
use crate::blobs::{self, BlobError, Verified};
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
    user.require(Role::syncs)?;
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    let file = Verified::of_stream(&sha256, body, &state.blobs.spool_dir())
        .await
        .map_err(refused)?;
    match state
        .blobs
        .save(user.id, mime, file)
        .await
        .map_err(refused)?
    {
        true => Ok(StatusCode::CREATED),
        false => Ok(StatusCode::OK),
    }
}

/// The answer to a file that was not stored.
fn refused(e: BlobError) -> Error {
    let code = match e {
        BlobError::BadHash => "sha256_invalido",
        BlobError::HashMismatch => "sha256_no_coincide",
        BlobError::TooLarge => "archivo_demasiado_grande",
        BlobError::Interrupted => "envio_interrumpido",
        BlobError::Io(e) => return Error::Internal(e.into()),
        e @ (BlobError::Bucket(_) | BlobError::NoBucket) => return Error::Internal(e.into()),
        BlobError::Database(e) => return e.into(),
    };
    Error::bad_request(code, e.to_string())
}

/// A stored file, with its type, for a user who uploaded it or may see a work order that
/// references it (404 otherwise, as for a file that does not exist). On a vessel hub, a file
/// it lacks comes down from shore first (503 `archivo_en_tierra` while the link is down). Never run by the
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
    let mut stored = blobs::readable(&state.pool, &sha256, user.id, viewer).await?;
    if stored.is_none() && crate::upstream::files::fetch(&state, &sha256, viewer).await? {
        stored = blobs::readable(&state.pool, &sha256, user.id, viewer).await?;
    }
    let stored = stored.ok_or(Error::NotFound)?;
    // A file an older version left on another process's disk is not found here until
    // `ote-server blobs migrate` runs there.
    let body = state
        .blobs
        .body(&stored)
        .await
        .map_err(|_| Error::NotFound)?;
    let (content_type, disposition) = served_as(&stored.tipo_mime);
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
            (header::CONTENT_LENGTH, stored.tamano.to_string()),
        ],
        body,
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
