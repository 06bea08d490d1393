//! Managing accounts (admin): users with their role, employee and last sign-in, their API keys,
//! and a user's change of their own password.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::roles::Rol;

/// A user as the administrator sees them, `GET /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cuenta {
    /// User id.
    pub id: i64,
    /// Login name.
    pub usuario: String,
    /// What the user may do.
    pub rol: Rol,
    /// Their employee record (a field technician receives what it is assigned).
    pub empleado_id: Option<i64>,
    /// Whether they may sign in; a deactivated user's sessions and keys stop.
    pub activo: bool,
    /// Their last successful sign-in.
    pub ultimo_acceso: Option<DateTime<FixedOffset>>,
}

/// A new user, `POST /api/v1/users`. Without a password, one is generated and answered once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NuevaCuenta {
    /// Login name: 2 to 64 lowercase letters, digits, `.`, `_` or `-`.
    pub usuario: String,
    /// Role.
    pub rol: Rol,
    /// Employee record, for a field technician.
    #[serde(default)]
    pub empleado_id: Option<i64>,
    /// The password (at least 8 characters); generated when absent.
    #[serde(default)]
    pub password: Option<String>,
}

/// A change to a user, `PATCH /api/v1/users/{id}`: only what is present changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CambioCuenta {
    /// A new role.
    #[serde(default)]
    pub rol: Option<Rol>,
    /// Deactivate (`false`) or reactivate (`true`).
    #[serde(default)]
    pub activo: Option<bool>,
}

/// A password shown once: a new user's generated one, or a reset's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaveNueva {
    /// The user.
    pub cuenta: Cuenta,
    /// The password, not kept anywhere in clear.
    pub password: Option<String>,
}

/// A user's change of their own password, `POST /api/auth/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CambioClave {
    /// The current password.
    pub actual: String,
    /// The new one (at least 8 characters).
    pub nueva: String,
}

/// An API key as listed: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaveApi {
    /// Key id.
    pub id: i64,
    /// The user it acts as.
    pub usuario: String,
    /// The key's first characters, to recognise it.
    pub prefijo: String,
    /// When it was made.
    pub creada: DateTime<FixedOffset>,
    /// When it was last used (to the minute).
    pub ultimo_uso: Option<DateTime<FixedOffset>>,
    /// When it was revoked.
    pub revocada: Option<DateTime<FixedOffset>>,
}

/// A new API key, `POST /api/v1/users/{id}/api-keys`: the key is shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaveApiNueva {
    /// The key as listed.
    pub clave: ClaveApi,
    /// The key, for the `Api-key` header.
    pub valor: String,
}
