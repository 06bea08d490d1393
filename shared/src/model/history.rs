use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::EstatusOt;

/// A status change of the work order, with the comment that explains it (seed 000
/// `cambiar_estatus_ot`). Kept in the document so tablets see why an OT changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventoHistorial {
    /// The entry's own id (document key).
    pub id: Uuid,
    /// When it happened.
    pub fecha: DateTime<Utc>,
    /// Who did it (username).
    pub usuario: String,
    /// Status before.
    pub estatus_anterior: EstatusOt,
    /// Status after.
    pub estatus_nuevo: EstatusOt,
    /// Why.
    pub comentario: String,
}
