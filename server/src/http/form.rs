//! Requests as the routes take them: a query string, a form or a JSON object, read into one map
//! and then as the route's API type (REST and seed 000 alike), and the parsers of ids.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use ote_shared::api::Patch;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Error;

/// A request's fields read as the API type `T` (see [`ote_shared::api::patch`]): from the query
/// string and a JSON object or a form, in one map (the body's field wins); a field that does not
/// read as its type is refused with `campo_invalido`, naming it.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        read_body(request, state)
            .await?
            .map(Body)
            .map_err(IntoResponse::into_response)
    }
}

/// The request read as `T` (see [`Body`]); the outer error is a body that could not be read at
/// all, the inner one a body that is not what its content type says or not a `T`.
pub async fn read_body<S: Send + Sync, T: DeserializeOwned>(
    request: Request,
    state: &S,
) -> Result<Result<T, Error>, Response> {
    let values = match read_values(request, state).await? {
        Ok(values) => values,
        Err(e) => return Ok(Err(e)),
    };
    Ok(
        serde_path_to_error::deserialize(Value::Object(values)).map_err(|e| {
            let field = e.path().to_string();
            let why = e.into_inner().to_string();
            Error::bad_request(refusal_code(&field), format!("«{field}» {why}"))
        }),
    )
}

/// The code of a field that does not read as its type: the ids that name the row (`id`, `ot_id`)
/// are refused as a bad id in the path is.
fn refusal_code(field: &str) -> &'static str {
    match field {
        "id" | "ot_id" => "id_invalido",
        _ => "campo_invalido",
    }
}

/// A required field of a typed body: missing or empty is `campo_invalido`.
pub fn required<T>(value: Patch<T>, name: &str) -> Result<T, Error> {
    match value {
        Patch::Set(v) => Ok(v),
        Patch::Absent | Patch::Cleared => Err(Error::bad_request(
            "campo_invalido",
            format!("Falta «{name}»"),
        )),
    }
}

/// A required numeric id of a typed body: missing or empty is `id_invalido`.
pub fn required_id(id: Patch<i64>, name: &str) -> Result<i64, Error> {
    match id {
        Patch::Set(id) => Ok(id),
        Patch::Absent | Patch::Cleared => {
            Err(Error::bad_request("id_invalido", format!("Falta «{name}»")))
        }
    }
}

async fn read_values<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<Result<Map<String, Value>, Error>, Response> {
    let query = request.uri().query().map(str::to_owned);
    let headers = request.headers().clone();
    let body = Bytes::from_request(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(values(query.as_deref(), &headers, &body))
}

/// The request's fields: the query string, then the body as a JSON object or as a form (the
/// body's field wins).
fn values(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, Error> {
    let text = |pairs: &[u8]| {
        form_urlencoded::parse(pairs)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect::<Vec<_>>()
    };
    let mut out: Map<String, Value> = text(query.unwrap_or("").as_bytes()).into_iter().collect();
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json && !body.is_empty() {
        let object: Map<String, Value> = serde_json::from_slice(body)
            .map_err(|_| Error::bad_request("cuerpo_invalido", "El cuerpo no es un objeto JSON"))?;
        out.extend(object);
    } else {
        out.extend(text(body));
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

/// A numeric id from the path.
pub fn path_id(id: &str) -> Result<i64, Error> {
    id.trim()
        .parse()
        .map_err(|_| Error::bad_request("id_invalido", "El id debe ser un número"))
}

/// `column` if it is one of `allowed`, else 400 `orden_invalido`.
pub fn sortable(allowed: &[&'static str], column: &str) -> Result<&'static str, Error> {
    allowed
        .iter()
        .copied()
        .find(|c| *c == column)
        .ok_or_else(|| {
            Error::bad_request(
                "orden_invalido",
                format!("No se puede ordenar por «{column}»"),
            )
        })
}
