//! What the office and integrations send to create, edit or reprogram a work order, and to
//! change its status: seed 001's `crear_ot`/`editar_ot` fields, by the seeds' names, as a JSON
//! object or a form. Each field is a [`Patch`]: absent keeps the value, empty or `null` clears it
//! (money becomes 0, as the seed's `or 0`), a value that does not read as its type refuses the
//! whole request.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::patch::Patch;
use crate::codes::{EstatusOt, Prioridad, TipoOt};
use crate::model::OrdenTrabajo;
use crate::rules::{FasePatio, aplicar_fase_patio};

/// A work order's fields as create, edit and reprogram take them. A field and its seed alias
/// are two fields here (a client that sends both is not refused); the first one named wins.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CamposOt {
    /// Folio.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub orden_trabajo: Patch<String>,
    /// Official letter.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub oficio_ot: Patch<String>,
    /// 4 Inicial, 5 Reprogramación; empty leaves it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i16>))]
    pub id_tipo: Patch<TipoOt>,
    /// Description.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub descripcion_trabajo: Patch<String>,
    /// Project manager.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_responsable_proyecto: Patch<i64>,
    /// Seed 001's name for `id_responsable_proyecto`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub responsable_proyecto: Patch<i64>,
    /// The client's representative.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub responsable_cliente: Patch<String>,
    /// Client.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_cliente: Patch<i64>,
    /// Planning document.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_pte_header: Patch<i64>,
    /// Seed 001's name for `id_pte_header`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_pte_id: Patch<i64>,
    /// 1 Activa, 2 En proceso, 3 Terminada, 4 Cancelada; empty leaves it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i16>))]
    pub id_estatus_ot: Patch<EstatusOt>,
    /// Programmed start, `AAAA-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_inicio_programado: Patch<NaiveDate>,
    /// Programmed end.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_termino_programado: Patch<NaiveDate>,
    /// Real start.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_inicio_real: Patch<NaiveDate>,
    /// Real end.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_termino_real: Patch<NaiveDate>,
    /// Amount in pesos, a decimal number or text; empty is 0.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub monto_mxn: Patch<Decimal>,
    /// Amount in dollars; empty is 0.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub monto_usd: Patch<Decimal>,
    /// Work front: with it, the yard fields are the whole yard form.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_frente: Patch<i64>,
    /// Vessel.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_embarcacion: Patch<i64>,
    /// Platform.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_plataforma: Patch<i64>,
    /// Intercom.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_intercom: Patch<i64>,
    /// Yard: the site itself on the land front.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_patio: Patch<i64>,
    /// Offshore: the work has a yard phase (a form's `on`, or a boolean).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub check_fase_patio: Patch<bool>,
    /// Seed 002's name for `check_fase_patio`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub requiere_patio: Patch<bool>,
    /// Offshore: the yard of that phase.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub id_patio_fase: Patch<i64>,
    /// Yard phase start.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_inicio_patio: Patch<NaiveDate>,
    /// Yard phase end.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub fecha_fin_patio: Patch<NaiveDate>,
    /// Term in days.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub plazo_dias: Patch<i32>,
    /// General comment.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub comentario_general: Patch<String>,
    /// Seed 002's name for `comentario_general`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub comentario: Patch<String>,
    /// 1 Alta, 2 Media, 3 Baja.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i16>))]
    pub prioridad: Patch<Prioridad>,
    /// Assigned employees' ids: a JSON array or a comma list.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<i64>>))]
    pub empleados: Patch<BTreeSet<i64>>,
    /// ISO 8601 with offset, kept as given.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub bitacora_inicio_cliente: Patch<DateTime<FixedOffset>>,
    /// ISO 8601 with offset, kept as given.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub bitacora_llegada_base: Patch<DateTime<FixedOffset>>,
    /// A reprogramming's principal work order, by numeric id (the server resolves it to the
    /// principal's document; [`CamposOt::apply_to`] leaves it alone).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub ot_principal: Patch<i64>,
}

impl CamposOt {
    /// Applies every field sent to `ot`, except `ot_principal`. The yard fields follow
    /// `editar_ot`: on the land front the patio is the site; offshore a patio needs
    /// `check_fase_patio`; when `id_frente` is sent the whole yard form is taken as sent (an
    /// unchecked box is an absent one).
    pub fn apply_to(self, ot: &mut OrdenTrabajo) {
        self.yard(ot);
        let texts = [
            (self.orden_trabajo, &mut ot.orden_trabajo),
            (self.descripcion_trabajo, &mut ot.descripcion_trabajo),
            (self.responsable_cliente, &mut ot.responsable_cliente),
            (self.oficio_ot, &mut ot.oficio_ot),
            (
                self.comentario_general.or(self.comentario),
                &mut ot.comentario,
            ),
        ];
        for (patch, slot) in texts {
            patch.apply_or(slot, String::new());
        }
        if let Patch::Set(tipo) = self.id_tipo {
            ot.id_tipo = tipo;
        }
        if let Patch::Set(estatus) = self.id_estatus_ot {
            ot.id_estatus_ot = estatus;
        }
        self.prioridad.apply_to(&mut ot.prioridad);
        let ids = [
            (self.id_pte_header.or(self.id_pte_id), &mut ot.id_pte_header),
            (
                self.id_responsable_proyecto.or(self.responsable_proyecto),
                &mut ot.id_responsable_proyecto,
            ),
            (self.id_cliente, &mut ot.id_cliente),
            (self.id_embarcacion, &mut ot.id_embarcacion),
            (self.id_plataforma, &mut ot.id_plataforma),
            (self.id_intercom, &mut ot.id_intercom),
        ];
        for (patch, slot) in ids {
            patch.apply_to(slot);
        }
        self.plazo_dias.apply_to(&mut ot.plazo_dias);
        let dates = [
            (
                self.fecha_inicio_programado,
                &mut ot.fecha_inicio_programado,
            ),
            (
                self.fecha_termino_programado,
                &mut ot.fecha_termino_programado,
            ),
            (self.fecha_inicio_real, &mut ot.fecha_inicio_real),
            (self.fecha_termino_real, &mut ot.fecha_termino_real),
        ];
        for (patch, slot) in dates {
            patch.apply_to(slot);
        }
        self.monto_mxn.apply_or(&mut ot.monto_mxn, Decimal::ZERO);
        self.monto_usd.apply_or(&mut ot.monto_usd, Decimal::ZERO);
        self.bitacora_inicio_cliente
            .apply_to(&mut ot.bitacora_inicio_cliente);
        self.bitacora_llegada_base
            .apply_to(&mut ot.bitacora_llegada_base);
        self.empleados.apply_or(&mut ot.empleados, BTreeSet::new());
    }

    /// The yard form: what was sent and, for what was not, the work order's current yard; then
    /// the seed's yard logic. Nothing happens when no yard field was sent.
    fn yard(&self, ot: &mut OrdenTrabajo) {
        let check = self.check_fase_patio.or(self.requiere_patio);
        let sent = [self.id_frente, self.id_patio, self.id_patio_fase]
            .iter()
            .any(Patch::is_sent)
            || check.is_sent()
            || self.fecha_inicio_patio.is_sent()
            || self.fecha_fin_patio.is_sent();
        if !sent {
            return;
        }
        // With `id_frente` the request is the whole yard form, as the seed reads it: what it
        // leaves out is empty. Without it, only the yard fields sent change the current yard.
        let mut form = if self.id_frente.is_sent() {
            FasePatio::default()
        } else {
            FasePatio::de(ot)
        };
        self.id_frente.apply_to(&mut form.id_frente);
        self.id_patio.apply_to(&mut form.id_patio);
        if self.id_patio.is_sent() {
            form.id_patio_fase = form.id_patio;
        }
        self.id_patio_fase.apply_to(&mut form.id_patio_fase);
        check.apply_or(&mut form.check_fase_patio, false);
        self.fecha_inicio_patio
            .apply_to(&mut form.fecha_inicio_patio);
        self.fecha_fin_patio.apply_to(&mut form.fecha_fin_patio);
        aplicar_fase_patio(ot, &form);
    }
}

/// A status change with its reason (required to cancel, reopen or reactivate).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CambioEstatus {
    /// 1 Activa, 2 En proceso, 3 Terminada, 4 Cancelada; required.
    #[cfg_attr(feature = "openapi", schema(value_type = i16))]
    pub id_estatus_ot: Patch<EstatusOt>,
    /// Seed 000's name for `id_estatus_ot`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i16>))]
    pub nuevo_estatus: Patch<EstatusOt>,
    /// Why.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub comentario: Patch<String>,
}

impl CambioEstatus {
    /// The status asked for, by either name.
    pub fn estatus(&self) -> Patch<EstatusOt> {
        self.id_estatus_ot.or(self.nuevo_estatus)
    }

    /// The comment, empty when none was sent.
    pub fn comentario(&self) -> &str {
        match &self.comentario {
            Patch::Set(text) => text,
            Patch::Absent | Patch::Cleared => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    fn campos(value: serde_json::Value) -> CamposOt {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn absent_fields_stay_and_empty_ones_clear() {
        let mut ot = OrdenTrabajo::new(Uuid::nil());
        ot.orden_trabajo = "OT-1".into();
        ot.monto_mxn = Decimal::new(100, 0);
        ot.id_cliente = Some(3);
        campos(json!({"monto_mxn": "", "id_cliente": null, "oficio_ot": "OF-9"})).apply_to(&mut ot);
        assert_eq!(
            (ot.orden_trabajo.as_str(), ot.oficio_ot.as_str()),
            ("OT-1", "OF-9")
        );
        assert_eq!((ot.monto_mxn, ot.id_cliente), (Decimal::ZERO, None));
    }

    #[test]
    fn a_bad_value_is_refused_and_says_what_was_expected() {
        let bad = |v| {
            serde_json::from_value::<CamposOt>(v)
                .unwrap_err()
                .to_string()
        };
        assert!(bad(json!({"fecha_inicio_programado": "31/02/2026"})).contains("AAAA-MM-DD"));
        assert!(bad(json!({"id_tipo": 9})).contains("tipo de OT"));
        assert!(bad(json!({"empleados": [1, "dos"]})).contains("lista de números"));
    }

    #[test]
    fn employees_read_the_same_as_an_array_and_as_a_comma_list() {
        let array = campos(json!({"empleados": [1, 2]}));
        let list = campos(json!({"empleados": "1, 2"}));
        assert_eq!(array.empleados, Patch::Set(BTreeSet::from([1, 2])));
        assert_eq!(list, array);
    }

    #[test]
    fn the_seed_name_of_a_field_is_read_and_the_first_one_sent_wins() {
        let mut ot = OrdenTrabajo::new(Uuid::nil());
        campos(json!({"id_pte_id": 7, "responsable_proyecto": "3", "comentario": "a"}))
            .apply_to(&mut ot);
        assert_eq!(
            (ot.id_pte_header, ot.id_responsable_proyecto),
            (Some(7), Some(3))
        );
        campos(json!({"comentario_general": "b", "comentario": "c"})).apply_to(&mut ot);
        assert_eq!(ot.comentario, "b");
    }

    #[test]
    fn the_yard_follows_the_front() {
        let mut ot = OrdenTrabajo::new(Uuid::nil());
        // Land: the patio is the site, no yard phase.
        campos(json!({"id_frente": "1", "id_patio": "4"})).apply_to(&mut ot);
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(4), false));
        // Offshore without the box: no patio, no dates.
        campos(json!({"id_frente": 2, "id_patio": 4, "fecha_inicio_patio": "2026-01-01"}))
            .apply_to(&mut ot);
        assert_eq!(
            (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio),
            (None, false, None)
        );
        // Offshore with the box: the yard phase's patio and dates.
        campos(
            json!({"id_frente": 2, "check_fase_patio": "on", "id_patio_fase": 5,
            "fecha_inicio_patio": "2026-01-01"}),
        )
        .apply_to(&mut ot);
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(5), true));
        assert!(ot.fecha_inicio_patio.is_some());
        // A later edit of the dates alone keeps the yard phase.
        campos(json!({"fecha_fin_patio": "2026-01-09"})).apply_to(&mut ot);
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(5), true));
    }

    #[test]
    fn a_status_change_reads_either_name() {
        let cambio: CambioEstatus =
            serde_json::from_value(json!({"nuevo_estatus": "4", "comentario": "sin material"}))
                .unwrap();
        assert_eq!(
            (cambio.estatus(), cambio.comentario()),
            (Patch::Set(EstatusOt::Cancelada), "sin material")
        );
    }
}
