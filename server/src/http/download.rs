//! A file the browser saves rather than shows: an export's bytes with its type and name.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::Error;
use crate::exports::XLSX;

/// An .xlsx workbook `bytes` saved as `name` (ASCII, chosen by the server), or the failure to
/// write it.
pub fn workbook(bytes: std::io::Result<Vec<u8>>, name: &str) -> Result<Response, Error> {
    let bytes = bytes.map_err(|e| Error::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (CONTENT_TYPE, XLSX.to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
