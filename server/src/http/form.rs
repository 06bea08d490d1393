//! Request fields as the write routes take them: a query string, a form or a JSON object,
//! read into one map (REST and seed 000 alike), and the parsers of the values in it.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use ote_shared::codes::EstatusOt;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Error;
use crate::work_orders::fields::Fields;

/// The request's fields for the REST API, whose errors are the API's JSON error.
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

/// A request's fields read as the API type `T` (see [`ote_shared::api::patch`]): from the query
/// string and a JSON object or a form, as [`BodyFields`] reads them; a field that does not read
/// as its type is refused with `campo_invalido`, naming it.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let values = read_values(request, state)
            .await?
            .map_err(IntoResponse::into_response)?;
        serde_path_to_error::deserialize(Value::Object(values))
            .map(Body)
            .map_err(|e| {
                let field = e.path().to_string();
                let why = e.into_inner().to_string();
                Error::bad_request("campo_invalido", format!("«{field}» {why}")).into_response()
            })
    }
}

/// The body could not be read at all (the outer error), or it is not what its content type
/// says (the inner one).
pub async fn read_fields<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<Result<HashMap<String, String>, Error>, Response> {
    Ok(read_values(request, state).await?.map(as_text))
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

/// The fields as text: numbers, booleans and arrays as their JSON text, null as empty (a JSON
/// null clears a field, as an empty form field does).
fn as_text(values: Map<String, Value>) -> HashMap<String, String> {
    values
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
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

/// A work order's status code from the first of `names`, required.
pub fn required_status(
    fields: &HashMap<String, String>,
    names: &[&str],
) -> Result<EstatusOt, Error> {
    Fields(fields)
        .code(names, EstatusOt::from_code)?
        .ok_or_else(|| {
            Error::bad_request("campo_invalido", format!("Falta «{}» (1 a 4)", names[0]))
        })
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
