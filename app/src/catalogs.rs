//! The catalogs the screens name things with, fetched from the server when it answers and kept
//! in the device store for when it does not.

use gloo_net::http::Request;
use ote_shared::model::{Item, PasoPlantilla};
use serde::Deserialize;

use crate::store::IdbStore;

/// What the screens use of `GET /api/v1/catalogs` (the stored copy keeps all of it).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Catalogos {
    /// Step templates: a step's name is its template's.
    #[serde(default)]
    pub pasos_plantilla: Vec<PasoPlantilla>,
    /// Work fronts.
    #[serde(default)]
    pub frentes: Vec<Item>,
    /// Clients, by name.
    #[serde(default)]
    pub clientes: Vec<ClienteCorto>,
}

/// A client as the filters name it (the rest of its record is not needed here, and a field
/// missing from it must not cost the step names).
#[derive(Debug, Clone, Deserialize)]
pub struct ClienteCorto {
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
