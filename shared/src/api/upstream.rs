//! A vessel hub's link with shore, as its page and its tablets show it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The link of this server with shore (`GET /api/v1/upstream`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnlaceCosta {
    /// Whether this server is a hub (it syncs with shore); on shore the rest is empty.
    pub es_hub: bool,
    /// When a sync with shore last sent and pulled everything.
    pub ultimo_contacto: Option<DateTime<Utc>>,
    /// When the hub last tried.
    pub ultimo_intento: Option<DateTime<Utc>>,
    /// Why the last try failed; empty when it did not.
    pub error: Option<String>,
    /// Work orders with changes shore has not received yet.
    pub por_subir: i64,
    /// Files (photos, step attachments) shore has not received yet.
    pub archivos_por_subir: i64,
    /// Work orders sent to shore since the hub was made.
    pub subidos: i64,
    /// Work orders received from shore since the hub was made.
    pub recibidos: i64,
    /// Work orders whose reprogramming number the hub gave and shore has not settled yet
    /// (shore numbers each chain for the whole fleet): the tablets show it as provisional.
    #[serde(default)]
    pub provisionales: Vec<uuid::Uuid>,
}

/// One account of a hub's crew, as it comes down from shore (`GET /api/v1/crew`, for the hub's
/// shore account only): with its password hash, so its owner signs in on board with no link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tripulante {
    /// Login name.
    pub usuario: String,
    /// Full name.
    pub nombre: String,
    /// What the user may do.
    pub rol: crate::roles::Rol,
    /// The employee record of a field technician.
    pub empleado_id: Option<i64>,
    /// Whether the user may sign in.
    pub activo: bool,
    /// The argon2 hash of the password (PHC string), as shore keeps it.
    pub password_hash: String,
}
