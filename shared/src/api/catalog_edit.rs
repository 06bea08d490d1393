//! Editing the catalogs (admin and oficina): every entry of one catalog as the office manages
//! it, a new entry, a change (rename, deactivate), and the order of a type's step templates.

use serde::{Deserialize, Serialize};

/// A catalog the office edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TipoCatalogo {
    /// Clients.
    Clientes,
    /// Work fronts.
    Frentes,
    /// Vessels.
    Embarcaciones,
    /// Platforms.
    Plataformas,
    /// Intercoms.
    Intercoms,
    /// Yards.
    Patios,
    /// Project managers.
    ResponsablesProyecto,
    /// Planning headers (PTE).
    PteHeaders,
    /// Employees.
    Empleados,
    /// Step templates.
    PasosPlantilla,
}

impl TipoCatalogo {
    /// Every catalog, in the order the screen lists them.
    pub const ALL: [TipoCatalogo; 10] = [
        TipoCatalogo::Clientes,
        TipoCatalogo::Frentes,
        TipoCatalogo::Embarcaciones,
        TipoCatalogo::Plataformas,
        TipoCatalogo::Intercoms,
        TipoCatalogo::Patios,
        TipoCatalogo::ResponsablesProyecto,
        TipoCatalogo::PteHeaders,
        TipoCatalogo::Empleados,
        TipoCatalogo::PasosPlantilla,
    ];

    /// The catalog's key in URLs and JSON.
    pub fn clave(self) -> &'static str {
        match self {
            TipoCatalogo::Clientes => "clientes",
            TipoCatalogo::Frentes => "frentes",
            TipoCatalogo::Embarcaciones => "embarcaciones",
            TipoCatalogo::Plataformas => "plataformas",
            TipoCatalogo::Intercoms => "intercoms",
            TipoCatalogo::Patios => "patios",
            TipoCatalogo::ResponsablesProyecto => "responsables_proyecto",
            TipoCatalogo::PteHeaders => "pte_headers",
            TipoCatalogo::Empleados => "empleados",
            TipoCatalogo::PasosPlantilla => "pasos_plantilla",
        }
    }

    /// The catalog named `clave`.
    pub fn de_clave(clave: &str) -> Option<TipoCatalogo> {
        TipoCatalogo::ALL.into_iter().find(|c| c.clave() == clave)
    }

    /// The catalog's name for people.
    pub fn etiqueta(self) -> &'static str {
        match self {
            TipoCatalogo::Clientes => "Clientes",
            TipoCatalogo::Frentes => "Frentes",
            TipoCatalogo::Embarcaciones => "Embarcaciones",
            TipoCatalogo::Plataformas => "Plataformas",
            TipoCatalogo::Intercoms => "Intercoms",
            TipoCatalogo::Patios => "Patios",
            TipoCatalogo::ResponsablesProyecto => "Responsables de proyecto",
            TipoCatalogo::PteHeaders => "PTE",
            TipoCatalogo::Empleados => "Empleados",
            TipoCatalogo::PasosPlantilla => "Pasos de plantilla",
        }
    }

    /// Whether its entries are work sites (they belong to a front).
    pub fn es_sitio(self) -> bool {
        matches!(
            self,
            TipoCatalogo::Embarcaciones
                | TipoCatalogo::Plataformas
                | TipoCatalogo::Intercoms
                | TipoCatalogo::Patios
        )
    }
}

/// One entry as the office manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntradaCatalogo {
    /// Id within its catalog.
    pub id: i64,
    /// Its name (a client's short name, a PTE's oficio, an employee's given name, a template's
    /// description).
    pub nombre: String,
    /// Offered in forms; an inactive entry still names what already names it.
    pub activo: bool,
    /// A site's front.
    pub id_frente: Option<i64>,
    /// A step template's type (5 or 18).
    pub tipo: Option<i32>,
    /// A step template's place within its type, once the office ordered them.
    pub orden: Option<i32>,
}

/// A new entry, `POST /api/v1/catalogs/{catalogo}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NuevaEntrada {
    /// Its name.
    pub nombre: String,
    /// A site's front.
    #[serde(default)]
    pub id_frente: Option<i64>,
    /// A step template's type (required for one).
    #[serde(default)]
    pub tipo: Option<i32>,
}

/// A change to an entry, `PATCH /api/v1/catalogs/{catalogo}/{id}`: what is present changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CambioEntrada {
    /// A new name.
    #[serde(default)]
    pub nombre: Option<String>,
    /// Deactivate (`false`) or reactivate (`true`).
    #[serde(default)]
    pub activo: Option<bool>,
}

/// The order of one type's step templates, `PUT /api/v1/catalogs/pasos_plantilla/orden`: every
/// template of the type, first to last.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrdenPasos {
    /// The template type.
    pub tipo: i32,
    /// Its templates' ids in their new order.
    pub ids: Vec<i64>,
}

/// An entry no longer offered, as [`crate::api::Catalogos`] lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inactiva {
    /// Its catalog.
    pub catalogo: TipoCatalogo,
    /// Its id.
    pub id: i64,
}
