//! The catalogs the screens name things with, fetched from the server when it answers and kept
//! in the device store for when it does not.

use gloo_net::http::Request;
use ote_shared::model::{Item, PasoPlantilla, TipoSitio};
use serde::Deserialize;

use crate::store::IdbStore;

/// What the screens use of `GET /api/v1/catalogs` (the stored copy keeps all of it); a
/// catalog missing from it reads as empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Catalogos {
    /// Step templates: a step's name is its template's.
    pub pasos_plantilla: Vec<PasoPlantilla>,
    /// Work fronts.
    pub frentes: Vec<Item>,
    /// Clients, by name.
    pub clientes: Vec<Nombrado>,
    /// The active work sites, by kind.
    pub sitios: Sitios,
    /// Project managers.
    pub responsables_proyecto: Vec<Nombrado>,
}

/// The active work sites by kind, as the server groups them.
#[derive(Debug, Clone, Default, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
pub struct Sitio {
    /// Id within its kind.
    pub id: i64,
    /// Name.
    pub descripcion: String,
    /// The front it belongs to.
    pub id_frente: Option<i64>,
}

/// A client or a project manager as screens name them (the rest of the record is not needed
/// here, and a field missing from it must not cost the step names).
#[derive(Debug, Clone, Deserialize)]
pub struct Nombrado {
    /// Id.
    pub id: i64,
    /// Short name.
    pub nombre: String,
}

impl Catalogos {
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
        self.de_tipo(tipo)
            .iter()
            .filter(move |s| s.id_frente.is_none() || s.id_frente == frente)
    }

    fn de_tipo(&self, tipo: TipoSitio) -> &[Sitio] {
        let s = &self.sitios;
        match tipo {
            TipoSitio::Embarcacion => &s.embarcaciones,
            TipoSitio::Plataforma => &s.plataformas,
            TipoSitio::Intercom => &s.intercoms,
            TipoSitio::Patio => &s.patios,
        }
    }

    /// Every active site with its kind.
    pub fn todos_los_sitios(&self) -> impl Iterator<Item = (TipoSitio, &Sitio)> {
        TipoSitio::ALL
            .into_iter()
            .flat_map(|tipo| self.de_tipo(tipo).iter().map(move |s| (tipo, s)))
    }
}

/// The server's catalogs when it answers (kept for later), else the ones kept, else none.
pub async fn cargar(store: &IdbStore) -> Catalogos {
    if let Some(json) = fetch().await
        && let Ok(catalogos) = serde_json::from_str(&json)
    {
        // A failed write only means the next offline start names steps by number.
        let _ = store.set_catalogs(json).await;
        return catalogos;
    }
    let kept = store.catalogs().await.ok().flatten();
    kept.and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

async fn fetch() -> Option<String> {
    let response = Request::get("/api/v1/catalogs").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}
