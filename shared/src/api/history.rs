//! A work order's audit trail as `GET /api/v1/work-orders/{id}/history` answers it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::Cambio;
use crate::sync::Notice;

/// One write to the work order: who, when, through what, and what it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntradaHistorial {
    /// When.
    pub fecha: DateTime<FixedOffset>,
    /// Who (their login name; `None` for the server's own writes).
    pub usuario: Option<String>,
    /// Through what: `METHOD path` of a route, or the device that synced.
    pub origen: String,
    /// What it did (`crear`, `editar`, `sincronizar`, …).
    pub accion: String,
    /// Each field it changed.
    pub cambios: Vec<Cambio>,
    /// The rules the write broke and what the server did about them.
    pub avisos: Vec<Notice>,
}
