//! `PUT /api/blobs/{sha256}` (idempotent upload, hash verified) and `GET /api/blobs/{sha256}`.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use crate::Error;
use crate::auth::CurrentUser;
use crate::blobs::{self, BlobError, MAX_BLOB_BYTES};
use crate::users::Role;

/// The blob routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload, download))
}

/// Uploads a file by its content: the body's SHA-256 must be the one in the path. Idempotent.
#[utoipa::path(put, path = "/api/blobs/{sha256}", tag = "sync",
    params(("sha256" = String, Path, description = "SHA-256 del contenido, hexadecimal en minúsculas")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "Guardado"), (status = 200, description = "Ya estaba guardado"),
        super::openapi::Errors))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Error> {
    user.require(&[Role::Admin, Role::Oficina, Role::Campo])?;
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
    match blobs::put(&state.pool, &state.config.data_dir, &sha256, mime, &bytes).await {
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

/// A stored file, with its type.
#[utoipa::path(get, path = "/api/blobs/{sha256}", tag = "sync",
    params(("sha256" = String, Path, description = "SHA-256 del contenido")),
    responses((status = 200, description = "El archivo", body = Vec<u8>, content_type = "application/octet-stream"),
        super::openapi::Errors))]
async fn download(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(sha256): Path<String>,
) -> Result<Response, Error> {
    if !blobs::is_sha256(&sha256) {
        return Err(Error::NotFound);
    }
    let mime: Option<String> = sqlx::query_scalar("SELECT tipo_mime FROM blobs WHERE sha256 = $1")
        .bind(&sha256)
        .fetch_optional(&state.pool)
        .await?;
    let mime = mime.ok_or(Error::NotFound)?;
    let bytes = tokio::fs::read(blobs::path(&state.config.data_dir, &sha256))
        .await
        .map_err(|_| Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".into(),
            ),
        ],
        bytes,
    )
        .into_response())
}
