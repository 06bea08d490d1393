//! Seed 000's answers for its `/operaciones/ot/...` routes: `{exito, tipo_aviso, detalles}`,
//! with `id_nuevo` after a creation and `datos` for reads; an error is the same envelope with
//! `exito: false`, the API's stable `codigo` and its status. Also the extractor of those routes'
//! fields, whose refusals are this envelope.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::Error;
use crate::http::form::read_fields;

/// `{exito: true, tipo_aviso: "exito", datos}`.
pub fn datos(datos: Value) -> Response {
    Json(json!({ "exito": true, "tipo_aviso": "exito", "detalles": "", "datos": datos }))
        .into_response()
}

/// A successful write: `tipo_aviso` (`exito`, `advertencia`), `detalles`, `id_nuevo`.
pub fn aviso(tipo_aviso: &str, detalles: &str, id_nuevo: i64) -> Response {
    Json(json!({
        "exito": true, "tipo_aviso": tipo_aviso, "detalles": detalles, "id_nuevo": id_nuevo,
    }))
    .into_response()
}

/// The error as the envelope, with its status.
pub fn error(e: Error) -> Response {
    let code = e.code().to_owned();
    (
        e.status(),
        Json(json!({
            "exito": false, "tipo_aviso": "error", "detalles": e.public_message(), "codigo": code,
        })),
    )
        .into_response()
}

/// Either answer.
pub fn respond(outcome: Result<Response, Error>) -> Response {
    outcome.unwrap_or_else(error)
}

/// The fields of a seed route's request (see [`read_fields`]); a body that is not what its
/// content type says is refused with the envelope.
pub struct Fields(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        match read_fields(request, state).await {
            Ok(Ok(fields)) => Ok(Fields(fields)),
            Ok(Err(e)) => Err(error(e)),
            Err(rejection) => Err(rejection),
        }
    }
}
