//! The body of every refusal of the REST API: a stable code for programs, a Spanish message
//! for people, and for broken rules each one.

use serde::{Deserialize, Serialize};

use crate::rules::Violation;

/// What the server answers when it refuses (4xx) or fails (5xx).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable code, e.g. `campo_invalido`, `transicion_estatus_invalida`, `no_encontrado`.
    pub code: String,
    /// Spanish message for the user.
    pub message: String,
    /// Each broken rule, when rules were broken: `{code, field, message}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errores: Option<Vec<Violation>>,
}
