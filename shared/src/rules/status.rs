use super::{Code, Violation};
use crate::codes::{EstatusOt, EstatusPaso};
use crate::model::OrdenTrabajo;

/// Whether a work order may go from one status to another, and whether that needs a comment.
///
/// Activa → En proceso, Terminada or Cancelada; En proceso → Terminada or Cancelada; a finished
/// OT may be reopened to En proceso and a cancelled one reactivated, both with a comment; a
/// cancellation always needs a comment. Nothing goes back to Activa from En proceso.
pub fn transicion(from: EstatusOt, to: EstatusOt) -> Option<Comentario> {
    use EstatusOt::*;
    match (from, to) {
        _ if from == to => Some(Comentario::Opcional),
        (_, Cancelada) | (Terminada, EnProceso) | (Cancelada, Activa) => {
            Some(Comentario::Requerido)
        }
        (Activa, EnProceso | Terminada) | (EnProceso, Terminada) => Some(Comentario::Opcional),
        _ => None,
    }
}

/// Whether a status change must say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comentario {
    /// A comment may be given.
    Opcional,
    /// A comment must be given.
    Requerido,
}

/// The status transition of a change, its comment (from the history entry the same change
/// added), and that an OT is finished only when no step is left to do.
pub(super) fn check_change(before: &OrdenTrabajo, after: &OrdenTrabajo, out: &mut Vec<Violation>) {
    let (from, to) = (before.id_estatus_ot, after.id_estatus_ot);
    if from == to {
        return;
    }
    match transicion(from, to) {
        None => out.push(Violation::with_message(
            Code::TransicionEstatusInvalida,
            "id_estatus_ot",
            format!(
                "No se puede pasar una OT de «{}» a «{}»",
                from.label(),
                to.label()
            ),
        )),
        Some(Comentario::Requerido) if !has_comment(before, after) => {
            out.push(Violation::new(Code::ComentarioRequerido, "id_estatus_ot"))
        }
        Some(_) => {}
    }
    let open_step = |s: EstatusPaso| matches!(s, EstatusPaso::Pendiente | EstatusPaso::EnProceso);
    if to == EstatusOt::Terminada && after.pasos.values().any(|p| open_step(p.estatus_paso)) {
        out.push(Violation::new(Code::PasosPendientes, "id_estatus_ot"));
    }
}

fn has_comment(before: &OrdenTrabajo, after: &OrdenTrabajo) -> bool {
    after.historial.values().any(|e| {
        !before.historial.contains_key(&e.id)
            && e.estatus_nuevo == after.id_estatus_ot
            && !e.comentario.trim().is_empty()
    })
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::super::test_support::*;
    use super::*;
    use crate::model::{EventoHistorial, Paso};

    fn change(before: &OrdenTrabajo, to: EstatusOt, comentario: Option<&str>) -> Vec<Code> {
        let mut after = before.clone();
        after.id_estatus_ot = to;
        if let Some(c) = comentario {
            let id = Uuid::new_v4();
            after.historial.insert(
                id,
                EventoHistorial {
                    id,
                    fecha: Utc::now(),
                    usuario: "ana".into(),
                    estatus_anterior: before.id_estatus_ot,
                    estatus_nuevo: to,
                    comentario: c.into(),
                },
            );
        }
        let mut out = Vec::new();
        check_change(before, &after, &mut out);
        codes(&out)
    }

    fn with_status(s: EstatusOt) -> OrdenTrabajo {
        let mut ot = ot_valida();
        ot.id_estatus_ot = s;
        ot
    }

    #[test]
    fn forward_transitions_pass() {
        assert!(change(&with_status(EstatusOt::Activa), EstatusOt::EnProceso, None).is_empty());
        assert!(
            change(
                &with_status(EstatusOt::EnProceso),
                EstatusOt::Terminada,
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn going_back_to_activa_is_refused() {
        assert_eq!(
            change(
                &with_status(EstatusOt::EnProceso),
                EstatusOt::Activa,
                Some("porque sí")
            ),
            [Code::TransicionEstatusInvalida]
        );
    }

    #[test]
    fn cancelling_needs_a_comment() {
        let ot = with_status(EstatusOt::EnProceso);
        assert_eq!(
            change(&ot, EstatusOt::Cancelada, None),
            [Code::ComentarioRequerido]
        );
        assert_eq!(
            change(&ot, EstatusOt::Cancelada, Some("  ")),
            [Code::ComentarioRequerido]
        );
        assert!(change(&ot, EstatusOt::Cancelada, Some("El cliente canceló")).is_empty());
    }

    #[test]
    fn reopening_a_finished_ot_needs_a_comment() {
        let ot = with_status(EstatusOt::Terminada);
        assert_eq!(
            change(&ot, EstatusOt::EnProceso, None),
            [Code::ComentarioRequerido]
        );
        assert!(
            change(
                &ot,
                EstatusOt::EnProceso,
                Some("Falta la prueba hidrostática")
            )
            .is_empty()
        );
    }

    #[test]
    fn finishing_with_open_steps_is_refused() {
        let mut ot = with_status(EstatusOt::EnProceso);
        let paso = Paso::pendiente(Uuid::new_v4(), 3);
        ot.pasos.insert(paso.id, paso.clone());
        assert_eq!(
            change(&ot, EstatusOt::Terminada, None),
            [Code::PasosPendientes]
        );
        ot.pasos.get_mut(&paso.id).unwrap().estatus_paso = EstatusPaso::NoAplica;
        assert!(change(&ot, EstatusOt::Terminada, None).is_empty());
    }
}
