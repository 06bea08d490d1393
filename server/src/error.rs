//! The one error type of the HTTP layer.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ote_shared::api::ErrorBody;
use ote_shared::rules::Violation;

/// Everything a handler can fail with. Each maps to a status code and a stable `code` in the
/// JSON body; internal failures are logged and never shown to the caller.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No credentials, or they are not valid (401).
    #[error("se requiere iniciar sesión")]
    Unauthorized,
    /// Valid credentials without the right for this (403).
    #[error("no tiene permiso para esta operación")]
    Forbidden,
    /// A cookie-authenticated write without the session's CSRF token (403).
    #[error("falta el token CSRF de la sesión o no es válido")]
    Csrf,
    /// Too many failed attempts; try later (429).
    #[error("demasiados intentos fallidos; espere unos minutos")]
    TooManyRequests,
    /// The resource does not exist (404).
    #[error("no encontrado")]
    NotFound,
    /// The request breaks a rule or is malformed (400), with a stable code and a Spanish message.
    #[error("{message}")]
    BadRequest {
        /// Stable code.
        code: String,
        /// Spanish message.
        message: String,
    },
    /// What was asked is on shore and the link to it is down (503): a vessel hub's file.
    #[error("el archivo está en tierra y no hay enlace: se verá cuando vuelva")]
    OnShore,
    /// A write that breaks the work-order rules (400): the first violation's code, and every
    /// violation listed so a form can mark all its fields.
    #[error("{}", .0.first().map(|v| v.message.as_str()).unwrap_or("La operación rompe una regla"))]
    Rules(Vec<Violation>),
    /// A database failure (500).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Any other failure (500).
    #[error("internal: {0}")]
    Internal(#[from] anyhow::Error),
}

impl From<crate::auth::users::UserError> for Error {
    fn from(e: crate::auth::users::UserError) -> Error {
        use crate::auth::users::UserError as U;
        let code = match &e {
            U::Database(_) | U::NoUser => "",
            U::Exists(_) => "usuario_existe",
            U::InvalidUsername => "usuario_invalido",
            U::WeakPassword => "clave_debil",
            U::NoEmpleado => "empleado_inexistente",
            U::LastAdmin => "ultimo_administrador",
            U::WrongPassword => "clave_incorrecta",
        };
        match e {
            U::Database(e) => Error::Database(e),
            U::NoUser => Error::NotFound,
            other => Error::bad_request(code, capitalized(&other.to_string())),
        }
    }
}

impl From<crate::catalogs::edit::CatalogError> for Error {
    fn from(e: crate::catalogs::edit::CatalogError) -> Error {
        use crate::catalogs::edit::CatalogError as C;
        let code = match &e {
            C::Database(_) | C::NotFound => "",
            C::InvalidName => "nombre_invalido",
            C::NoTipo => "tipo_requerido",
            C::NoFrente => "frente_inexistente",
            C::Duplicate => "entrada_existe",
            C::Order => "orden_invalido",
        };
        match e {
            C::Database(e) => Error::Database(e),
            C::NotFound => Error::NotFound,
            other => Error::bad_request(code, capitalized(&other.to_string())),
        }
    }
}

impl From<crate::auth::api_keys::KeyError> for Error {
    fn from(e: crate::auth::api_keys::KeyError) -> Error {
        use crate::auth::api_keys::KeyError as K;
        match e {
            K::Database(e) => Error::Database(e),
            K::NoUser(_) | K::NoKey => Error::NotFound,
        }
    }
}

/// A domain error's message as a sentence.
fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Error {
    /// A 400 with a code and a message.
    pub fn bad_request(code: impl Into<String>, message: impl Into<String>) -> Self {
        Error::BadRequest {
            code: code.into(),
            message: message.into(),
        }
    }

    /// The stable code of the JSON body.
    pub fn code(&self) -> &str {
        self.status_and_code().1
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    /// The Spanish message for the caller; internal failures are logged here and shown as a
    /// generic message.
    pub fn public_message(&self) -> String {
        match self {
            Error::Database(e) => {
                tracing::error!(error = %e, "database error");
                "Error interno del servidor".to_owned()
            }
            Error::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                "Error interno del servidor".to_owned()
            }
            other => other.to_string(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &str) {
        match self {
            Error::Unauthorized => (StatusCode::UNAUTHORIZED, "no_autenticado"),
            Error::Forbidden => (StatusCode::FORBIDDEN, "sin_permiso"),
            Error::NotFound => (StatusCode::NOT_FOUND, "no_encontrado"),
            Error::Csrf => (StatusCode::FORBIDDEN, "csrf_invalido"),
            Error::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, "demasiados_intentos"),
            Error::OnShore => (StatusCode::SERVICE_UNAVAILABLE, "archivo_en_tierra"),
            Error::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Error::Rules(found) => (
                StatusCode::BAD_REQUEST,
                found
                    .first()
                    .map_or("regla_incumplida", |v| v.code.as_str()),
            ),
            Error::Database(_) | Error::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "error_interno")
            }
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let code = code.to_owned();
        let message = self.public_message();
        let errores = match self {
            Error::Rules(found) => Some(found),
            _ => None,
        };
        let body = ErrorBody {
            code,
            message,
            errores,
        };
        (status, Json(body)).into_response()
    }
}
