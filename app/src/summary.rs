//! What a list shows of a work order, kept beside its document in the device store so a list
//! of thousands opens without loading a single Automerge document.

use automerge::AutoCommit;
use chrono::NaiveDate;
use ote_shared::codes::{EstadoRegistro, EstatusOt, TipoOt};
use ote_shared::document;
use ote_shared::model::TipoSitio;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One row of the work-order list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Document id.
    pub id: Uuid,
    /// Folio.
    pub orden_trabajo: String,
    /// Description.
    pub descripcion_trabajo: String,
    /// Official letter number.
    pub oficio_ot: String,
    /// Initial or reprogramming.
    pub id_tipo: TipoOt,
    /// Status of the work.
    pub id_estatus_ot: EstatusOt,
    /// Record state (deleted ones leave the list unless asked for).
    pub estatus: EstadoRegistro,
    /// Work front.
    pub id_frente: Option<i64>,
    /// Client.
    pub id_cliente: Option<i64>,
    /// Programmed start.
    pub fecha_inicio_programado: Option<NaiveDate>,
    /// Programmed end.
    pub fecha_termino_programado: Option<NaiveDate>,
    /// The initial OT a reprogramming belongs to.
    #[serde(default)]
    pub ot_principal: Option<Uuid>,
    /// Its place in that chain, once the server has numbered it.
    #[serde(default)]
    pub num_reprogramacion: Option<i32>,
    /// Its work sites, as `(kind, id)`.
    #[serde(default)]
    pub sitios: Vec<(TipoSitio, i64)>,
    /// Progress, 0–100.
    pub progreso: f64,
    /// Fields with concurrent values waiting for someone to pick one.
    #[serde(rename = "conflictos")]
    pub conflicts: usize,
    /// Changes the server has not acknowledged yet.
    #[serde(rename = "pendiente")]
    pub pending: bool,
}

impl Summary {
    /// The summary of a stored document, or `None` when it does not read as a work order
    /// (it stays stored and pending; only the list cannot show it).
    pub fn of(doc: &AutoCommit, pending: bool) -> Option<Summary> {
        let ot = document::read(doc).ok()?;
        let conflicts = document::conflicts(doc).map_or(0, |c| c.len());
        let sitios = [
            (TipoSitio::Embarcacion, ot.id_embarcacion),
            (TipoSitio::Plataforma, ot.id_plataforma),
            (TipoSitio::Intercom, ot.id_intercom),
            (TipoSitio::Patio, ot.id_patio),
        ];
        Some(Summary {
            id: ot.id,
            ot_principal: ot.ot_principal,
            num_reprogramacion: ot.num_reprogramacion,
            sitios: sitios
                .into_iter()
                .filter_map(|(kind, id)| Some((kind, id?)))
                .collect(),
            progreso: ot.progreso(),
            orden_trabajo: ot.orden_trabajo,
            descripcion_trabajo: ot.descripcion_trabajo,
            oficio_ot: ot.oficio_ot,
            id_tipo: ot.id_tipo,
            id_estatus_ot: ot.id_estatus_ot,
            estatus: ot.estatus,
            id_frente: ot.id_frente,
            id_cliente: ot.id_cliente,
            fecha_inicio_programado: ot.fecha_inicio_programado,
            fecha_termino_programado: ot.fecha_termino_programado,
            conflicts,
            pending,
        })
    }
}
