//! The activity log (seed 001's `registrar_actividad`): every write through any route and every
//! sign-in, `GET /api/v1/activity`, paged newest first.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Accion {
    /// A write through a route (a sync that sent changes included).
    Escritura,
    /// A successful sign-in.
    InicioSesion,
    /// A refused sign-in (wrong password, unknown or deactivated user, too many attempts).
    InicioSesionFallido,
}

impl Accion {
    /// Every action.
    pub const ALL: [Accion; 3] = [
        Accion::Escritura,
        Accion::InicioSesion,
        Accion::InicioSesionFallido,
    ];

    /// The action as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Accion::Escritura => "escritura",
            Accion::InicioSesion => "inicio_sesion",
            Accion::InicioSesionFallido => "inicio_sesion_fallido",
        }
    }

    /// The action in words.
    pub fn etiqueta(self) -> &'static str {
        match self {
            Accion::Escritura => "Escritura",
            Accion::InicioSesion => "Inicio de sesión",
            Accion::InicioSesionFallido => "Inicio de sesión fallido",
        }
    }

    /// The action stored as `s`.
    pub fn de_clave(s: &str) -> Option<Accion> {
        Accion::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One entry: who, when, from where, through what, and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntradaActividad {
    /// Entry id (the page's cursor).
    pub id: i64,
    /// When.
    pub fecha: DateTime<FixedOffset>,
    /// Who: the signed-in user, or the name typed in a sign-in.
    pub usuario: Option<String>,
    /// What.
    pub accion: Accion,
    /// `METHOD /path` of the route.
    pub ruta: String,
    /// The answer's HTTP status.
    pub estado: u16,
    /// The client's address.
    pub direccion: String,
    /// The device a sync came from.
    pub dispositivo: Option<String>,
    /// The folios of the work orders the write named.
    pub folios: Vec<String>,
}

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaginaActividad {
    /// The entries.
    pub entradas: Vec<EntradaActividad>,
    /// The `antes` of the next page, when there is one.
    pub siguiente: Option<i64>,
}
