//! The catalogs a form names things with, as `GET /api/v1/catalogs` answers them. The app
//! keeps the last answer on the device, so a catalog missing from a stored copy reads as empty.

use serde::{Deserialize, Serialize};

use super::catalog_edit::{Inactiva, TipoCatalogo};
use crate::model::{Empleado, Item, OrdenTrabajo, PasoPlantilla, TipoSitio};

/// Every catalog a form needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Catalogos {
    /// Work-order types (seed 001: 4 initial, 5 reprogramming).
    pub tipos: Vec<Item>,
    /// Statuses of the work.
    pub estatus_ot: Vec<Item>,
    /// Statuses of a step.
    pub estatus_paso: Vec<Item>,
    /// Clients.
    pub clientes: Vec<Cliente>,
    /// Work fronts.
    pub frentes: Vec<Item>,
    /// Project managers.
    pub responsables_proyecto: Vec<Responsable>,
    /// Planning headers (PTE) a work order hangs from.
    pub pte_headers: Vec<PteHeader>,
    /// Step templates: a step's name is its template's.
    pub pasos_plantilla: Vec<PasoPlantilla>,
    /// Employees who can be assigned to work orders.
    pub empleados: Vec<Empleado>,
    /// The work sites, by kind (inactive ones too, so what names them reads their names).
    pub sitios: Sitios,
    /// The entries no longer offered in forms (they still name what names them).
    pub inactivos: Vec<Inactiva>,
}

/// The active work sites by kind (seed 000's `obtener_sitios`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Sitios {
    /// Vessels.
    pub embarcaciones: Vec<Sitio>,
    /// Platforms.
    pub plataformas: Vec<Sitio>,
    /// Intercoms.
    pub intercoms: Vec<Sitio>,
    /// Yards.
    pub patios: Vec<Sitio>,
}

/// A work site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sitio {
    /// Id within its kind.
    pub id: i64,
    /// Name.
    pub descripcion: String,
    /// The front it belongs to; a site no front claims serves every front.
    pub id_frente: Option<i64>,
    /// Its municipality (a vessel's home port's), as seed 002's `sucursal` shows it.
    #[serde(default)]
    pub municipio: String,
    /// Its address (where an offshore site lies).
    #[serde(default)]
    pub direccion: String,
}

/// A client, with what an invoice names it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cliente {
    /// Id.
    pub id: i64,
    /// Short name.
    pub nombre: String,
    /// Legal name.
    #[serde(default)]
    pub razon_social: String,
    /// Tax id.
    #[serde(default)]
    pub rfc: String,
    /// Tax regime.
    #[serde(default)]
    pub regimen_fiscal: String,
    /// Street address.
    #[serde(default)]
    pub direccion: String,
    /// Neighbourhood.
    #[serde(default)]
    pub colonia: String,
    /// Phone.
    #[serde(default)]
    pub telefono: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Legal representative.
    #[serde(default)]
    pub representante_legal: String,
}

/// A project manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responsable {
    /// Id.
    pub id: i64,
    /// Name.
    pub nombre: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
}

/// A planning header (PTE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PteHeader {
    /// Id.
    pub id: i64,
    /// Its official letter, unique.
    pub oficio_pte: String,
    /// Description.
    #[serde(default)]
    pub descripcion: String,
    /// The client it is for.
    pub id_cliente: Option<i64>,
}

impl Catalogos {
    /// Whether the entry `id` of `catalogo` is offered in forms.
    pub fn activo(&self, catalogo: TipoCatalogo, id: i64) -> bool {
        !self
            .inactivos
            .iter()
            .any(|i| i.catalogo == catalogo && i.id == id)
    }

    /// The catalogs a form offers for `ot`: the inactive entries go, except those `ot` already
    /// names (a work order keeps what it had until someone changes it).
    pub fn ofrecidos(&self, ot: &OrdenTrabajo) -> Catalogos {
        let nombrados = [
            (TipoCatalogo::Clientes, ot.id_cliente),
            (TipoCatalogo::Frentes, ot.id_frente),
            (
                TipoCatalogo::ResponsablesProyecto,
                ot.id_responsable_proyecto,
            ),
            (TipoCatalogo::PteHeaders, ot.id_pte_header),
            (TipoCatalogo::Embarcaciones, ot.id_embarcacion),
            (TipoCatalogo::Plataformas, ot.id_plataforma),
            (TipoCatalogo::Intercoms, ot.id_intercom),
            (TipoCatalogo::Patios, ot.id_patio),
        ];
        let keep = |catalogo: TipoCatalogo, id: i64| {
            self.activo(catalogo, id)
                || nombrados.contains(&(catalogo, Some(id)))
                || (catalogo == TipoCatalogo::Empleados && ot.empleados.contains(&id))
        };
        let mut c = self.clone();
        c.clientes.retain(|x| keep(TipoCatalogo::Clientes, x.id));
        c.frentes.retain(|x| keep(TipoCatalogo::Frentes, x.id));
        c.responsables_proyecto
            .retain(|x| keep(TipoCatalogo::ResponsablesProyecto, x.id));
        c.pte_headers
            .retain(|x| keep(TipoCatalogo::PteHeaders, x.id));
        c.empleados.retain(|x| keep(TipoCatalogo::Empleados, x.id));
        for (tipo, catalogo) in [
            (TipoSitio::Embarcacion, TipoCatalogo::Embarcaciones),
            (TipoSitio::Plataforma, TipoCatalogo::Plataformas),
            (TipoSitio::Intercom, TipoCatalogo::Intercoms),
            (TipoSitio::Patio, TipoCatalogo::Patios),
        ] {
            c.sitios.of_mut(tipo).retain(|x| keep(catalogo, x.id));
        }
        c
    }

    /// The PTE `id`, if the catalog has it.
    pub fn pte(&self, id: i64) -> Option<&PteHeader> {
        self.pte_headers.iter().find(|p| p.id == id)
    }

    /// The name of the step made from template `id_paso`.
    pub fn nombre_paso(&self, id_paso: i64) -> String {
        self.pasos_plantilla
            .iter()
            .find(|p| p.id == id_paso)
            .map_or_else(|| format!("Paso {id_paso}"), |p| p.descripcion.clone())
    }

    /// The active sites of kind `tipo` a work order on front `frente` may point at: the front's
    /// own, and sites no front claims.
    pub fn sitios(&self, tipo: TipoSitio, frente: Option<i64>) -> impl Iterator<Item = &Sitio> {
        self.sitios
            .of(tipo)
            .iter()
            .filter(move |s| s.id_frente.is_none() || s.id_frente == frente)
    }

    /// Every active site with its kind.
    pub fn todos_los_sitios(&self) -> impl Iterator<Item = (TipoSitio, &Sitio)> {
        TipoSitio::ALL
            .into_iter()
            .flat_map(|tipo| self.sitios.of(tipo).iter().map(move |s| (tipo, s)))
    }
}

impl Sitios {
    /// The sites of one kind.
    pub fn of(&self, tipo: TipoSitio) -> &[Sitio] {
        match tipo {
            TipoSitio::Embarcacion => &self.embarcaciones,
            TipoSitio::Plataforma => &self.plataformas,
            TipoSitio::Intercom => &self.intercoms,
            TipoSitio::Patio => &self.patios,
        }
    }

    /// The sites of one kind, to add to.
    pub fn of_mut(&mut self, tipo: TipoSitio) -> &mut Vec<Sitio> {
        match tipo {
            TipoSitio::Embarcacion => &mut self.embarcaciones,
            TipoSitio::Plataforma => &mut self.plataformas,
            TipoSitio::Intercom => &mut self.intercoms,
            TipoSitio::Patio => &mut self.patios,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sitio(id: i64, id_frente: Option<i64>) -> Sitio {
        Sitio {
            id,
            descripcion: format!("Sitio {id}"),
            municipio: String::new(),
            direccion: String::new(),
            id_frente,
        }
    }

    #[test]
    fn a_front_is_offered_its_own_sites_and_the_unclaimed_ones() {
        let mut c = Catalogos::default();
        c.sitios.plataformas = vec![sitio(1, Some(7)), sitio(2, Some(8)), sitio(3, None)];
        let ids: Vec<i64> = c
            .sitios(TipoSitio::Plataforma, Some(7))
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, [1, 3]);
    }

    #[test]
    fn a_step_without_its_template_is_named_by_number() {
        assert_eq!(Catalogos::default().nombre_paso(12), "Paso 12");
    }

    #[test]
    fn a_stored_copy_missing_catalogs_reads_them_as_empty() {
        let c: Catalogos =
            serde_json::from_str(r#"{"frentes": [{"id": 1, "descripcion": "Norte"}]}"#).unwrap();
        assert_eq!(c.frentes.len(), 1);
        assert!(c.clientes.is_empty() && c.sitios.patios.is_empty());
    }

    #[test]
    fn a_form_offers_the_inactive_entries_only_its_work_order_names() {
        let mut c = Catalogos::default();
        c.sitios.embarcaciones = vec![sitio(1, None), sitio(2, None), sitio(3, None)];
        c.inactivos = vec![
            Inactiva {
                catalogo: TipoCatalogo::Embarcaciones,
                id: 2,
            },
            Inactiva {
                catalogo: TipoCatalogo::Embarcaciones,
                id: 3,
            },
        ];
        let mut ot = OrdenTrabajo::new(uuid::Uuid::nil());
        ot.id_embarcacion = Some(3);
        let ids: Vec<i64> = c
            .ofrecidos(&ot)
            .sitios
            .embarcaciones
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, [1, 3]);
    }
}
