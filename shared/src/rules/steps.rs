use super::dates::check_order;
use super::{Code, Violation};
use crate::codes::EstatusPaso;
use crate::model::{Coleccion, FieldPath, OrdenTrabajo};

/// Whether a step may go from one status to another: anything but undoing a finished step
/// straight to pending (reopen it to En proceso first) and finishing a step marked "no aplica"
/// without taking it up again.
pub fn transicion_paso(from: EstatusPaso, to: EstatusPaso) -> bool {
    use EstatusPaso::*;
    !matches!((from, to), (Terminado, Pendiente) | (NoAplica, Terminado))
}

/// Each step's end date is on or after its start.
pub(super) fn check_dates(ot: &OrdenTrabajo, out: &mut Vec<Violation>) {
    for paso in ot.pasos.values() {
        let field = FieldPath::step(paso.id, "fecha_termino").to_string();
        check_order(paso.fecha_inicio, paso.fecha_termino, field, out);
    }
}

/// Steps of a finished or cancelled OT do not change, and step statuses move only as
/// [`transicion_paso`] allows.
pub(super) fn check_change(before: &OrdenTrabajo, after: &OrdenTrabajo, out: &mut Vec<Violation>) {
    let closed =
        super::status::cerrada(before.id_estatus_ot) && before.id_estatus_ot == after.id_estatus_ot;
    for paso in after.pasos.values() {
        let previous = before.pasos.get(&paso.id);
        if previous == Some(paso) {
            continue;
        }
        if closed {
            out.push(Violation::new(
                Code::OtCerrada,
                FieldPath::Entry {
                    coleccion: Coleccion::Pasos,
                    id: paso.id,
                    field: None,
                }
                .to_string(),
            ));
            continue;
        }
        if let Some(prev) = previous
            && !transicion_paso(prev.estatus_paso, paso.estatus_paso)
        {
            let message = format!(
                "No se puede pasar un paso de «{}» a «{}»",
                prev.estatus_paso.label(),
                paso.estatus_paso.label()
            );
            out.push(Violation::with_message(
                Code::PasoTransicionInvalida,
                FieldPath::step(paso.id, "estatus_paso").to_string(),
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::super::test_support::*;
    use super::*;
    use crate::codes::EstatusOt;
    use crate::model::Paso;

    fn ot_con_paso(estatus: EstatusPaso) -> (OrdenTrabajo, Uuid) {
        let mut ot = ot_valida();
        let mut paso = Paso::pendiente(Uuid::from_u128(7), 3);
        paso.estatus_paso = estatus;
        ot.pasos.insert(paso.id, paso);
        (ot, Uuid::from_u128(7))
    }

    fn change(before: &OrdenTrabajo, edit: impl FnOnce(&mut OrdenTrabajo)) -> Vec<Code> {
        let mut after = before.clone();
        edit(&mut after);
        let mut out = Vec::new();
        check_change(before, &after, &mut out);
        codes(&out)
    }

    #[test]
    fn step_progress_passes() {
        let (ot, id) = ot_con_paso(EstatusPaso::Pendiente);
        assert!(
            change(&ot, |o| o.pasos.get_mut(&id).unwrap().estatus_paso =
                EstatusPaso::Terminado)
            .is_empty()
        );
    }

    #[test]
    fn a_finished_step_does_not_jump_back_to_pending() {
        let (ot, id) = ot_con_paso(EstatusPaso::Terminado);
        let out = change(&ot, |o| {
            o.pasos.get_mut(&id).unwrap().estatus_paso = EstatusPaso::Pendiente
        });
        assert_eq!(out, [Code::PasoTransicionInvalida]);
    }

    #[test]
    fn steps_of_a_closed_ot_do_not_change() {
        let (mut ot, id) = ot_con_paso(EstatusPaso::Terminado);
        ot.id_estatus_ot = EstatusOt::Cancelada;
        let out = change(&ot, |o| {
            o.pasos.get_mut(&id).unwrap().comentario = "tarde".into()
        });
        assert_eq!(out, [Code::OtCerrada]);
    }

    #[test]
    fn step_dates_in_order() {
        let (mut ot, id) = ot_con_paso(EstatusPaso::EnProceso);
        let paso = ot.pasos.get_mut(&id).unwrap();
        paso.fecha_inicio = date("2026-05-02");
        paso.fecha_termino = date("2026-05-02");
        let mut out = Vec::new();
        check_dates(&ot, &mut out);
        assert!(out.is_empty());
        ot.pasos.get_mut(&id).unwrap().fecha_termino = date("2026-05-01");
        check_dates(&ot, &mut out);
        assert_eq!(codes(&out), [Code::FechasInvertidas]);
        assert_eq!(out[0].field, format!("pasos.{id}.fecha_termino"));
    }
}
