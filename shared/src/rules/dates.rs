use chrono::NaiveDate;

use super::{Code, Violation};
use crate::model::OrdenTrabajo;

/// Each end date is on or after its start: programmed, actual and yard phase.
pub(super) fn check(ot: &OrdenTrabajo, out: &mut Vec<Violation>) {
    for (inicio, fin, field) in [
        (
            ot.fecha_inicio_programado,
            ot.fecha_termino_programado,
            "fecha_termino_programado",
        ),
        (
            ot.fecha_inicio_real,
            ot.fecha_termino_real,
            "fecha_termino_real",
        ),
        (ot.fecha_inicio_patio, ot.fecha_fin_patio, "fecha_fin_patio"),
    ] {
        check_order(inicio, fin, field, out);
    }
    if ot.plazo_dias.is_some_and(|d| d < 0) {
        out.push(Violation::new(Code::PlazoNegativo, "plazo_dias"));
    }
}

/// A violation on `field` when `fin` comes before `inicio`; a missing date breaks nothing.
pub(super) fn check_order(
    inicio: Option<NaiveDate>,
    fin: Option<NaiveDate>,
    field: impl Into<String>,
    out: &mut Vec<Violation>,
) {
    if let (Some(i), Some(f)) = (inicio, fin)
        && f < i
    {
        out.push(Violation::new(Code::FechasInvertidas, field));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn run(ot: &OrdenTrabajo) -> Vec<Violation> {
        let mut out = Vec::new();
        check(ot, &mut out);
        out
    }

    #[test]
    fn same_day_and_missing_dates_pass() {
        let mut ot = ot_valida();
        ot.fecha_inicio_real = date("2026-03-02");
        ot.fecha_termino_real = date("2026-03-02");
        ot.fecha_fin_patio = date("2020-01-01");
        assert!(run(&ot).is_empty());
    }

    #[test]
    fn an_end_before_its_start_is_refused_on_that_field() {
        let mut ot = ot_valida();
        ot.fecha_inicio_patio = date("2026-03-10");
        ot.fecha_fin_patio = date("2026-03-09");
        let out = run(&ot);
        assert_eq!(codes(&out), [Code::FechasInvertidas]);
        assert_eq!(out[0].field, "fecha_fin_patio");
    }

    #[test]
    fn a_negative_term_is_refused() {
        let mut ot = ot_valida();
        ot.plazo_dias = Some(-3);
        assert_eq!(codes(&run(&ot)), [Code::PlazoNegativo]);
    }
}
