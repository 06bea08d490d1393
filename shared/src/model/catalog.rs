use serde::{Deserialize, Serialize};

/// A plain catalog entry: an id and its description (tipos, estatus, frentes, responsables).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// Id.
    pub id: i64,
    /// Description shown to users.
    pub descripcion: String,
}

/// The four kinds of work site a work order can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TipoSitio {
    /// A vessel (`id_embarcacion`).
    Embarcacion,
    /// An offshore platform (`id_plataforma`).
    Plataforma,
    /// An intercom (`id_intercom`).
    Intercom,
    /// A yard on land (`id_patio`).
    Patio,
}

impl TipoSitio {
    /// Every kind, in the order forms list them.
    pub const ALL: [TipoSitio; 4] = [
        TipoSitio::Embarcacion,
        TipoSitio::Plataforma,
        TipoSitio::Intercom,
        TipoSitio::Patio,
    ];

    /// Its name as JSON writes it (`embarcacion`, …), for keys and form values.
    pub const fn clave(self) -> &'static str {
        match self {
            TipoSitio::Embarcacion => "embarcacion",
            TipoSitio::Plataforma => "plataforma",
            TipoSitio::Intercom => "intercom",
            TipoSitio::Patio => "patio",
        }
    }

    /// The kind named `clave`.
    pub fn de_clave(clave: &str) -> Option<TipoSitio> {
        TipoSitio::ALL.into_iter().find(|t| t.clave() == clave)
    }

    /// The work-order field that names a site of this kind.
    pub const fn campo(self) -> &'static str {
        match self {
            TipoSitio::Embarcacion => "id_embarcacion",
            TipoSitio::Plataforma => "id_plataforma",
            TipoSitio::Intercom => "id_intercom",
            TipoSitio::Patio => "id_patio",
        }
    }

    /// The site a `kind:id` text names (`embarcacion:3`), as filters write one: ids are
    /// counted per kind, so an id alone names no site.
    pub fn sitio_de_texto(text: &str) -> Option<(TipoSitio, i64)> {
        let (kind, id) = text.split_once(':')?;
        Some((TipoSitio::de_clave(kind.trim())?, id.trim().parse().ok()?))
    }
}

/// An employee who can be assigned to work orders (seed 002 `empleados`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Empleado {
    /// Id.
    pub id: i64,
    /// Tax id.
    pub rfc: String,
    /// Given name.
    pub nombre: String,
    /// First surname.
    pub apellido_paterno: String,
    /// Second surname.
    pub apellido_materno: String,
}

/// A step template (`PasoOt`): new work orders get one step per active template of their type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasoPlantilla {
    /// Id; steps are ordered by it after [`PasoPlantilla::orden`].
    pub id: i64,
    /// What the step is.
    pub descripcion: String,
    /// The template type (5 or 18 in seed 001).
    pub tipo: i32,
    /// Offered for new work orders.
    pub activo: bool,
    /// Its place among its type's templates, once the office ordered them (unordered ones
    /// follow, by id).
    #[serde(default)]
    pub orden: Option<i32>,
}

impl PasoPlantilla {
    /// The key new work orders' steps are ordered by.
    pub fn orden_clave(&self) -> (i32, i64) {
        (self.orden.unwrap_or(i32::MAX), self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::TipoSitio;

    #[test]
    fn a_site_kinds_key_is_its_json_name_and_reads_back() {
        for tipo in TipoSitio::ALL {
            let json = serde_json::to_string(&tipo).unwrap();
            assert_eq!(json, format!("\"{}\"", tipo.clave()));
            assert_eq!(TipoSitio::de_clave(tipo.clave()), Some(tipo));
        }
        assert_eq!(TipoSitio::de_clave("muelle"), None);
    }
}
