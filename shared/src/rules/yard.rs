use chrono::NaiveDate;

use super::{Code, Violation};
use crate::codes::FRENTE_TIERRA;
use crate::model::OrdenTrabajo;

/// The yard fields of an edit form (seed 001 `editar_ot`): on land the patio is the site; offshore
/// a patio comes only from the "fase de patio" checkbox with its own selector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FasePatio {
    /// The front chosen.
    pub id_frente: Option<i64>,
    /// The patio selector of a land front.
    pub id_patio: Option<i64>,
    /// The "fase de patio" checkbox of an offshore front.
    pub check_fase_patio: bool,
    /// The patio selector of the yard phase.
    pub id_patio_fase: Option<i64>,
    /// Start of the yard phase.
    pub fecha_inicio_patio: Option<NaiveDate>,
    /// End of the yard phase.
    pub fecha_fin_patio: Option<NaiveDate>,
}

impl FasePatio {
    /// The form's yard fields as `ot` has them, so [`aplicar_fase_patio`] gives `ot` back.
    pub fn de(ot: &OrdenTrabajo) -> FasePatio {
        let tierra = ot.id_frente == Some(FRENTE_TIERRA);
        FasePatio {
            id_frente: ot.id_frente,
            id_patio: ot.id_patio.filter(|_| tierra),
            check_fase_patio: !tierra && ot.requiere_patio,
            id_patio_fase: ot.id_patio.filter(|_| !tierra),
            fecha_inicio_patio: ot.fecha_inicio_patio,
            fecha_fin_patio: ot.fecha_fin_patio,
        }
    }
}

/// Sets the front and the yard fields the way seed 001's `editar_ot` does: without a patio, the
/// yard phase and its dates are cleared.
pub fn aplicar_fase_patio(ot: &mut OrdenTrabajo, form: &FasePatio) {
    ot.id_frente = form.id_frente;
    let (patio, requiere) = if form.id_frente == Some(FRENTE_TIERRA) {
        (form.id_patio, false)
    } else if form.check_fase_patio {
        (form.id_patio_fase, form.id_patio_fase.is_some())
    } else {
        (None, false)
    };
    ot.id_patio = patio;
    ot.requiere_patio = requiere;
    let (inicio, fin) = match patio {
        Some(_) => (form.fecha_inicio_patio, form.fecha_fin_patio),
        None => (None, None),
    };
    ot.fecha_inicio_patio = inicio;
    ot.fecha_fin_patio = fin;
}

/// Offshore, a patio only with the yard phase, and the yard phase only with a patio; yard dates
/// only with a patio (the date order itself is checked with the other dates).
pub(super) fn check(ot: &OrdenTrabajo, out: &mut Vec<Violation>) {
    let tierra = ot.id_frente == Some(FRENTE_TIERRA);
    if !tierra && ot.id_patio.is_some() && !ot.requiere_patio {
        out.push(Violation::new(Code::PatioSinFase, "id_patio"));
    }
    if ot.requiere_patio && ot.id_patio.is_none() {
        out.push(Violation::new(Code::FasePatioSinPatio, "id_patio"));
    }
    let has_dates = ot.fecha_inicio_patio.is_some() || ot.fecha_fin_patio.is_some();
    if has_dates && ot.id_patio.is_none() {
        out.push(Violation::new(
            Code::FechasPatioSinPatio,
            "fecha_inicio_patio",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn run(ot: &OrdenTrabajo) -> Vec<Code> {
        let mut out = Vec::new();
        check(ot, &mut out);
        codes(&out)
    }

    #[test]
    fn land_front_takes_its_patio_as_site() {
        let mut ot = ot_valida();
        let form = FasePatio {
            id_frente: Some(1),
            id_patio: Some(4),
            check_fase_patio: true,
            id_patio_fase: Some(9),
            ..Default::default()
        };
        aplicar_fase_patio(&mut ot, &form);
        assert_eq!((ot.id_patio, ot.requiere_patio), (Some(4), false));
        assert!(run(&ot).is_empty());
    }

    #[test]
    fn offshore_front_takes_a_patio_only_with_the_checkbox() {
        let mut ot = ot_valida();
        let mut form = FasePatio {
            id_frente: Some(2),
            id_patio: Some(4),
            fecha_inicio_patio: date("2026-01-01"),
            ..Default::default()
        };
        aplicar_fase_patio(&mut ot, &form);
        assert_eq!(
            (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio),
            (None, false, None)
        );
        form.check_fase_patio = true;
        form.id_patio_fase = Some(9);
        aplicar_fase_patio(&mut ot, &form);
        assert_eq!(
            (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio),
            (Some(9), true, date("2026-01-01"))
        );
        assert!(run(&ot).is_empty());
    }

    #[test]
    fn a_form_read_from_an_ot_gives_the_same_ot_back() {
        for (frente, patio, requiere) in [(Some(1), Some(4), false), (Some(2), Some(9), true)] {
            let mut ot = ot_valida();
            (ot.id_frente, ot.id_patio, ot.requiere_patio) = (frente, patio, requiere);
            ot.fecha_inicio_patio = date("2026-01-01");
            let mut copia = ot_valida();
            aplicar_fase_patio(&mut copia, &FasePatio::de(&ot));
            assert_eq!(copia, ot);
        }
    }

    #[test]
    fn offshore_patio_without_phase_is_refused() {
        let mut ot = ot_valida();
        ot.id_patio = Some(3);
        assert_eq!(run(&ot), [Code::PatioSinFase]);
    }

    #[test]
    fn phase_without_patio_is_refused() {
        let mut ot = ot_valida();
        ot.requiere_patio = true;
        ot.fecha_fin_patio = date("2026-02-01");
        assert_eq!(
            run(&ot),
            [Code::FasePatioSinPatio, Code::FechasPatioSinPatio]
        );
    }
}
