use serde::{Deserialize, Serialize};

/// A plain catalog entry: an id and its description (tipos, estatus, frentes, responsables).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Id.
    pub id: i64,
    /// Description shown to users.
    pub descripcion: String,
}

/// The four kinds of work site a work order can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
}

/// A work site: vessel, platform, intercom or yard, assigned to a front.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sitio {
    /// Id within its kind.
    pub id: i64,
    /// Which kind of site.
    pub tipo: TipoSitio,
    /// Name.
    pub descripcion: String,
    /// The front it belongs to.
    pub id_frente: Option<i64>,
    /// Still offered for new work.
    pub activo: bool,
}

/// A client (seed 002 `cliente`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cliente {
    /// Id.
    pub id: i64,
    /// Short name.
    pub nombre: String,
    /// Legal name.
    pub razon_social: String,
    /// Tax id.
    pub rfc: String,
    /// Address.
    pub direccion: String,
    /// Phone.
    pub telefono: String,
    /// Email.
    pub email: String,
}

/// An employee who can be assigned to work orders (seed 002 `empleados`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The header of a planning document (PTE) work orders come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PteHeader {
    /// Id.
    pub id: i64,
    /// Its official letter number.
    pub oficio_pte: String,
    /// What it plans.
    pub descripcion: String,
}

/// A step template (`PasoOt`): new work orders get one step per active template of their type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasoPlantilla {
    /// Id; steps are ordered by it.
    pub id: i64,
    /// What the step is.
    pub descripcion: String,
    /// The template type (5 or 18 in seed 001).
    pub tipo: i32,
    /// Offered for new work orders.
    pub activo: bool,
}

/// Every catalog, as the server sends them and devices cache them offline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogs {
    /// Work-order types.
    pub tipos: Vec<Item>,
    /// Work-order statuses.
    pub estatus: Vec<Item>,
    /// Clients.
    pub clientes: Vec<Cliente>,
    /// Work fronts.
    pub frentes: Vec<Item>,
    /// All work sites.
    pub sitios: Vec<Sitio>,
    /// Project managers.
    pub responsables_proyecto: Vec<Item>,
    /// Planning document headers.
    pub pte_headers: Vec<PteHeader>,
    /// Step templates.
    pub pasos_plantilla: Vec<PasoPlantilla>,
    /// Employees.
    pub empleados: Vec<Empleado>,
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
