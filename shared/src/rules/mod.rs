//! The rules of a work order: pure functions over the model.
//!
//! [`validate`] checks one state of a work order; [`validate_change`] checks a change from one
//! state to the next (transitions and what a closed or deleted OT may no longer take) and
//! reports only what the change broke, so an old record that was already off does not block
//! unrelated edits. Both return every violation, not just the first, so a form can mark all its
//! fields at once; the first one is the most basic (the folio comes first). [`judge()`] is what
//! every edit goes through: the role's permissions and these rules, in one call.

mod dates;
mod judge;
mod money;
mod permissions;
mod pte;
mod record_state;
mod reprogramming;
mod required;
mod status;
mod steps;
mod violation;
mod yard;

pub use judge::{Antes, Autor, Edicion, baseline, judge};
pub use permissions::photos_changed;
pub use pte::{Pte, checks_pte};
pub use record_state::marcar_editada;
pub use reprogramming::{Principal, settles_number, siguiente_num_reprogramacion};
pub use status::{Comentario, cerrada, rol_cambia_estatus, transicion};
pub use steps::transicion_paso;
pub use violation::{Code, Violation};
pub use yard::{FasePatio, aplicar_fase_patio};

use crate::model::OrdenTrabajo;

/// What the rules need to know beyond the work order itself: facts about other work orders,
/// which the caller (the app from its local store, the server from PostgreSQL) looks up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contexto {
    /// The OT named by `ot_principal`, if it was found.
    pub principal: Option<Principal>,
    /// The `num_reprogramacion` this OT must carry if it is a reprogramming: one past the
    /// highest other reprogramming of the same principal. `None` when it is not known.
    pub siguiente_reprogramacion: Option<i32>,
    /// The PTE the work order names, as the catalog has it; `None` when it was not looked up
    /// (see [`checks_pte`]).
    pub pte: Option<Pte>,
}

/// Every rule one state of a work order breaks.
pub fn validate(ot: &OrdenTrabajo, ctx: &Contexto) -> Vec<Violation> {
    let mut out = Vec::new();
    required::check(ot, &mut out);
    reprogramming::check(ot, ctx, &mut out);
    yard::check(ot, &mut out);
    dates::check(ot, &mut out);
    money::check(ot, &mut out);
    pte::check(ot, ctx, &mut out);
    steps::check_dates(ot, &mut out);
    out
}

/// Every rule the change from `before` to `after` breaks: transitions, edits a closed or deleted
/// OT may not take, and what `after` breaks that `before` did not.
pub fn validate_change(
    before: &OrdenTrabajo,
    after: &OrdenTrabajo,
    ctx: &Contexto,
) -> Vec<Violation> {
    let mut out = Vec::new();
    record_state::check_change(before, after, &mut out);
    status::check_change(before, after, &mut out);
    steps::check_change(before, after, &mut out);
    let already = validate(before, ctx);
    out.extend(validate(after, ctx).into_iter().filter(|v| {
        !already
            .iter()
            .any(|a| a.code == v.code && a.field == v.field)
    }));
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    use uuid::Uuid;

    use super::*;

    /// A valid, complete initial OT on an offshore front.
    pub fn ot_valida() -> OrdenTrabajo {
        let mut ot = OrdenTrabajo::new(Uuid::from_u128(1));
        ot.orden_trabajo = "OT-2026-001".into();
        ot.oficio_ot = "PEP-SUB-0001/2026".into();
        ot.descripcion_trabajo = "Inspección de ductos submarinos".into();
        ot.id_responsable_proyecto = Some(1);
        ot.responsable_cliente = "Ing. Laura Méndez".into();
        ot.id_frente = Some(2);
        ot.id_embarcacion = Some(1);
        ot.monto_mxn = Decimal::new(12_500_050, 2);
        ot.fecha_inicio_programado = NaiveDate::from_ymd_opt(2026, 3, 1);
        ot.fecha_termino_programado = NaiveDate::from_ymd_opt(2026, 3, 20);
        ot
    }

    /// The codes of a list of violations.
    pub fn codes(vs: &[Violation]) -> Vec<Code> {
        vs.iter().map(|v| v.code).collect()
    }

    pub fn date(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn a_complete_ot_breaks_no_rule() {
        assert_eq!(validate(&ot_valida(), &Contexto::default()), vec![]);
    }

    #[test]
    fn a_change_reports_only_what_it_broke() {
        let mut before = ot_valida();
        before.oficio_ot.clear(); // already broken: an old record
        let mut after = before.clone();
        after.monto_mxn = (-1).into();
        assert_eq!(
            codes(&validate_change(&before, &after, &Contexto::default())),
            [Code::MontoNegativo]
        );
    }

    #[test]
    fn codes_serialise_as_their_stable_text() {
        let json = serde_json::to_string(&Code::NumReprogramacionIncorrecto).unwrap();
        assert_eq!(
            json,
            format!("\"{}\"", Code::NumReprogramacionIncorrecto.as_str())
        );
    }
}
