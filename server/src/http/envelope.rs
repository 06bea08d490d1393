//! Seed 000's answers for its `/operaciones/ot/...` routes: `{exito, tipo_aviso, detalles}`,
//! with `id_nuevo` after a creation and `datos` for reads; an error is the same envelope with
//! `exito: false`, the API's stable `codigo` and its status. Also the request fields those
//! routes take, as a form, a JSON object or a query string.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::Error;

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

/// The fields of a seed route's request (see [`fields`]); a body that is not what its
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

/// The same fields for the REST API, whose errors are the API's JSON error.
pub struct BodyFields(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for BodyFields {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        match read_fields(request, state).await {
            Ok(Ok(fields)) => Ok(BodyFields(fields)),
            Ok(Err(e)) => Err(e.into_response()),
            Err(rejection) => Err(rejection),
        }
    }
}

/// The body could not be read at all (the outer error), or it is not what its content type
/// says (the inner one).
async fn read_fields<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<Result<HashMap<String, String>, Error>, Response> {
    let query = request.uri().query().map(str::to_owned);
    let headers = request.headers().clone();
    let body = Bytes::from_request(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(fields(query.as_deref(), &headers, &body))
}

/// The request's fields: the query string, then the body as JSON (an object; numbers, booleans
/// and arrays as their JSON text, null as empty) or as a form.
fn fields(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, String>, Error> {
    let mut out: HashMap<String, String> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json && !body.is_empty() {
        let object: serde_json::Map<String, Value> = serde_json::from_slice(body)
            .map_err(|_| Error::bad_request("cuerpo_invalido", "El cuerpo no es un objeto JSON"))?;
        for (k, v) in object {
            let text = match v {
                Value::String(s) => s,
                // A JSON null clears a field, as an empty form field does.
                Value::Null => String::new(),
                other => other.to_string(),
            };
            out.insert(k, text);
        }
    } else {
        out.extend(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())));
    }
    Ok(out)
}

/// A required whole-number field.
pub fn id_field(fields: &HashMap<String, String>, names: &[&str]) -> Result<i64, Error> {
    let value = names
        .iter()
        .find_map(|n| fields.get(*n))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::bad_request("id_invalido", format!("Falta «{}»", names[0])))?;
    value.parse().map_err(|_| {
        Error::bad_request("id_invalido", format!("«{}» debe ser un número", names[0]))
    })
}
