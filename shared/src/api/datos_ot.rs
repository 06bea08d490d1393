//! Seed 001's `obtener_datos_ot` answer, key for key: what SASCOP's pages and scripts read from
//! `datos` (`datos.estatus_ot`, `datos.responsable_proyecto`, …), with the seed's value shapes
//! (`''` for a missing manager or PTE, ISO dates or `null`, amounts as decimal text). What OTE
//! adds (its document id, priority, progress, steps, photos, employees) goes under names the
//! seed does not use.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::{FotoVista, OrdenTrabajoVista, PasoVista};
use crate::codes::TipoOt;

/// One work order as seed 001's `obtener_datos_ot` gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatosOt {
    /// Numeric id.
    pub id: i64,
    /// Type: 4 initial, 5 reprogramming.
    pub id_tipo_id: i16,
    /// Work front.
    pub id_frente: Option<i64>,
    /// Vessel.
    pub id_embarcacion: Option<i64>,
    /// Platform.
    pub id_plataforma: Option<i64>,
    /// Intercom.
    pub id_intercom: Option<i64>,
    /// Client.
    pub id_cliente: Option<i64>,
    /// Yard.
    pub id_patio: Option<i64>,
    /// The type's name.
    pub descripcion_tipo: String,
    /// Status of the work (1–5).
    pub estatus_ot: i16,
    /// Project manager, `''` when none.
    #[serde(serialize_with = "id_or_empty")]
    pub responsable_proyecto: Option<i64>,
    /// The client's representative.
    pub responsable_cliente: String,
    /// Planning header (PTE), `''` when none.
    #[serde(serialize_with = "id_or_empty")]
    pub id_pte_id: Option<i64>,
    /// The PTE's official letter, `''` when none.
    pub pte_padre: String,
    /// Official letter.
    pub oficio_ot: String,
    /// Record state (-1, 0 deleted, 1 active).
    pub estatus: i16,
    /// Folio.
    pub orden_trabajo: String,
    /// Description of the work.
    pub descripcion_trabajo: String,
    /// Programmed start.
    pub fecha_inicio_programado: Option<NaiveDate>,
    /// Actual start.
    pub fecha_inicio_real: Option<NaiveDate>,
    /// Programmed end.
    pub fecha_termino_programado: Option<NaiveDate>,
    /// Actual end.
    pub fecha_termino_real: Option<NaiveDate>,
    /// General comment.
    pub comentario: String,
    /// The initial work order a reprogramming belongs to, by numeric id.
    pub ot_principal: Option<i64>,
    /// Reprogramming number.
    pub num_reprogramacion: Option<i32>,
    /// Amount in pesos.
    pub monto_mxn: Decimal,
    /// Amount in dollars.
    pub monto_usd: Decimal,
    /// Term in days.
    pub plazo_dias: Option<i32>,
    /// Whether the work needs a yard phase.
    pub requiere_patio: bool,
    /// Start in the yard.
    pub fecha_inicio_patio: Option<NaiveDate>,
    /// End in the yard.
    pub fecha_fin_patio: Option<NaiveDate>,
    /// OTE's: the work order's document id.
    pub doc_id: Uuid,
    /// OTE's: priority (1 Alta, 2 Media, 3 Baja).
    pub prioridad: Option<i16>,
    /// OTE's: progress, 0–100.
    #[serde(with = "rust_decimal::serde::float")]
    pub progreso: Decimal,
    /// OTE's: its steps, by template.
    pub pasos: Vec<PasoVista>,
    /// OTE's: its photos, oldest first.
    pub fotos: Vec<FotoVista>,
    /// OTE's: the employees assigned to it.
    pub empleados: Vec<i64>,
}

impl DatosOt {
    /// The seed's shape of `vista`.
    pub fn of(vista: OrdenTrabajoVista) -> DatosOt {
        let o = vista.orden;
        DatosOt {
            id: o.id,
            id_tipo_id: o.id_tipo,
            id_frente: o.id_frente,
            id_embarcacion: o.id_embarcacion,
            id_plataforma: o.id_plataforma,
            id_intercom: o.id_intercom,
            id_cliente: o.id_cliente,
            id_patio: o.id_patio,
            descripcion_tipo: TipoOt::from_code(i64::from(o.id_tipo))
                .map(|t| t.label().to_owned())
                .unwrap_or_default(),
            estatus_ot: o.id_estatus_ot,
            responsable_proyecto: o.id_responsable_proyecto,
            responsable_cliente: o.responsable_cliente,
            id_pte_id: o.id_pte_header,
            pte_padre: vista.pte_padre.unwrap_or_default(),
            oficio_ot: o.oficio_ot,
            estatus: o.estatus,
            orden_trabajo: o.orden_trabajo,
            descripcion_trabajo: o.descripcion_trabajo,
            fecha_inicio_programado: o.fecha_inicio_programado,
            fecha_inicio_real: o.fecha_inicio_real,
            fecha_termino_programado: o.fecha_termino_programado,
            fecha_termino_real: o.fecha_termino_real,
            comentario: o.comentario,
            ot_principal: o.ot_principal,
            num_reprogramacion: o.num_reprogramacion,
            monto_mxn: o.monto_mxn,
            monto_usd: o.monto_usd,
            plazo_dias: o.plazo_dias,
            requiere_patio: o.requiere_patio,
            fecha_inicio_patio: o.fecha_inicio_patio,
            fecha_fin_patio: o.fecha_fin_patio,
            doc_id: o.doc_id,
            prioridad: o.prioridad,
            progreso: o.progreso,
            pasos: vista.pasos,
            fotos: vista.fotos,
            empleados: vista.empleados,
        }
    }
}

/// The seed's `x_id if x_id else ''`: the id, or an empty text.
fn id_or_empty<S: Serializer>(id: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => s.serialize_i64(*id),
        None => s.serialize_str(""),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::OrdenTrabajoFila;

    fn vista() -> OrdenTrabajoVista {
        let fila: OrdenTrabajoFila = serde_json::from_value(json!({
            "id": 7, "doc_id": Uuid::nil(), "id_tipo": 5, "id_pte_header": null,
            "orden_trabajo": "OT-7", "descripcion_trabajo": "d", "id_responsable_proyecto": null,
            "responsable_cliente": "r", "oficio_ot": "o", "id_estatus_ot": 2,
            "fecha_inicio_programado": "2026-01-02", "fecha_inicio_real": null,
            "fecha_termino_programado": null, "fecha_termino_real": null, "estatus": 1,
            "num_reprogramacion": 1, "ot_principal": 3, "ot_principal_doc": null,
            "monto_mxn": "10.50", "monto_usd": "0", "id_frente": 1, "id_embarcacion": null,
            "id_plataforma": null, "id_intercom": null, "id_patio": null, "plazo_dias": null,
            "requiere_patio": false, "fecha_inicio_patio": null, "fecha_fin_patio": null,
            "id_cliente": 2, "comentario": "", "prioridad": null,
            "bitacora_inicio_cliente": null, "bitacora_llegada_base": null, "progreso": 0,
            "creado": "2026-01-01T00:00:00Z", "actualizado": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        OrdenTrabajoVista {
            orden: fila,
            pasos: Vec::new(),
            fotos: Vec::new(),
            empleados: Vec::new(),
            sitios: Vec::new(),
            pte_padre: None,
        }
    }

    #[test]
    fn a_missing_manager_and_pte_are_empty_texts_as_in_the_seed() {
        let datos = serde_json::to_value(DatosOt::of(vista())).unwrap();
        assert_eq!(
            (
                &datos["responsable_proyecto"],
                &datos["id_pte_id"],
                &datos["pte_padre"]
            ),
            (&json!(""), &json!(""), &json!(""))
        );
    }

    #[test]
    fn codes_dates_and_amounts_keep_the_seeds_shapes() {
        let mut with_pte = vista();
        with_pte.pte_padre = Some("PTE-1".into());
        let datos = serde_json::to_value(DatosOt::of(with_pte)).unwrap();
        assert_eq!(datos["id_tipo_id"], 5);
        assert_eq!(datos["descripcion_tipo"], "Reprogramación");
        assert_eq!(datos["estatus_ot"], 2);
        assert_eq!(datos["fecha_inicio_programado"], "2026-01-02");
        assert_eq!(datos["fecha_termino_real"], serde_json::Value::Null);
        assert_eq!(datos["monto_mxn"], "10.50");
        assert_eq!(datos["pte_padre"], "PTE-1");
    }
}
