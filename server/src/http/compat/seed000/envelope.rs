//! Seed 000's answers for its `/operaciones/ot/...` routes: `{exito, tipo_aviso, detalles}`,
//! with `id_nuevo` after a creation and `datos` for reads; an error is the same envelope with
//! `exito: false` and the API's stable `codigo`. A business error (a rule, a missing or
//! unreadable field, a bad id) is HTTP 200, as the seed's views answer `JsonResponse({'exito':
//! False, ...})` and its pages read `exito` in their success callback; an unknown record is 404
//! (`get_object_or_404`), authentication 401 (or the sign-in redirect), role and CSRF 403, a
//! failure of the server 500. Also the extractors of those routes' requests, whose refusals are
//! this envelope.

use axum::Json;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;

use crate::Error;
use crate::http::form::read_body;
use crate::http::openapi::json_responses;

/// Seed 000's answer: `datos` for reads, `id_nuevo` after a write, `codigo` with a refusal.
#[derive(Debug, Serialize, ToSchema)]
pub struct Envelope {
    /// Whether it worked.
    pub exito: bool,
    /// How the page shows `detalles`.
    pub tipo_aviso: TipoAviso,
    /// What happened, in Spanish.
    pub detalles: String,
    /// The id of what was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_nuevo: Option<i64>,
    /// What was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datos: Option<Value>,
    /// The refusal's stable code (the REST API's `code`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codigo: Option<String>,
}

/// How the seed's pages show an answer's `detalles`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TipoAviso {
    /// It worked.
    Exito,
    /// It worked, with something to know (e.g. the file was already imported).
    Advertencia,
    /// It was refused or failed.
    Error,
}

/// A read's answer: `{exito: true, tipo_aviso: "exito", datos}`.
pub fn datos(datos: impl Serialize) -> Response {
    let datos = match serde_json::to_value(datos) {
        Ok(datos) => datos,
        Err(e) => return error(Error::Internal(e.into())),
    };
    Json(Envelope {
        exito: true,
        tipo_aviso: TipoAviso::Exito,
        detalles: String::new(),
        id_nuevo: None,
        datos: Some(datos),
        codigo: None,
    })
    .into_response()
}

/// A successful write: `tipo_aviso`, `detalles`, `id_nuevo`.
pub fn aviso(tipo_aviso: TipoAviso, detalles: &str, id_nuevo: i64) -> Response {
    Json(Envelope {
        exito: true,
        tipo_aviso,
        detalles: detalles.to_owned(),
        id_nuevo: Some(id_nuevo),
        datos: None,
        codigo: None,
    })
    .into_response()
}

/// The error as the envelope, with the status the seed's views answer it with.
pub fn error(e: Error) -> Response {
    let status = match &e {
        Error::BadRequest { .. } | Error::Rules(_) => StatusCode::OK,
        other => other.status(),
    };
    let envelope = Envelope {
        exito: false,
        tipo_aviso: TipoAviso::Error,
        detalles: e.public_message(),
        id_nuevo: None,
        datos: None,
        codigo: Some(e.code().to_owned()),
    };
    (status, Json(envelope)).into_response()
}

/// Either answer.
pub fn respond(outcome: Result<Response, Error>) -> Response {
    outcome.unwrap_or_else(error)
}

/// A seed route's request read as `T` (see [`crate::http::form::Body`]), refused with the
/// envelope.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        read_body(request, state).await?.map(Body).map_err(error)
    }
}

/// The refusals every seed 000 route can give besides its 200 (which carries business errors
/// as `exito: false`), for `responses(...)`.
pub struct Refusals;

impl utoipa::IntoResponses for Refusals {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        let refusals = [
            (
                "302",
                "Sin sesión: a `/accounts/login/?next=…`, como `@login_required`",
            ),
            ("401", "Una cabecera `Api-key` que no es válida"),
            (
                "403",
                "El rol no permite la operación, o falta `X-CSRFToken`",
            ),
            (
                "404",
                "La OT o el paso no existe o no es visible para el usuario",
            ),
        ];
        json_responses(&refusals, "Envelope")
    }
}
