use super::{Code, Violation};
use crate::codes::{EstatusOt, EstatusPaso};
use crate::model::OrdenTrabajo;
use crate::roles::Rol;

/// Whether a work order may go from one status to another, and whether that needs a comment.
///
/// Activa → En proceso, Terminada or Cancelada; En proceso → Terminada or Cancelada; a finished
/// OT may be confirmed (the client accepted the work), reopened to En proceso, and a cancelled
/// one reactivated; a confirmation may be withdrawn back to Terminada or En proceso. Reopening,
/// reactivating, withdrawing a confirmation and cancelling need a comment. Nothing goes back to
/// Activa from En proceso, and a confirmed OT is not cancelled: its work was accepted.
pub fn transicion(from: EstatusOt, to: EstatusOt) -> Option<Comentario> {
    use EstatusOt::*;
    match (from, to) {
        _ if from == to => Some(Comentario::Opcional),
        (Confirmada, Cancelada) => None,
        (_, Cancelada)
        | (Terminada, EnProceso)
        | (Cancelada, Activa)
        | (Confirmada, Terminada | EnProceso) => Some(Comentario::Requerido),
        (Activa, EnProceso | Terminada) | (EnProceso, Terminada) | (Terminada, Confirmada) => {
            Some(Comentario::Opcional)
        }
        _ => None,
    }
}

/// Whether `rol` may make the status change `from` → `to` (which [`transicion`] allows):
/// confirming, or withdrawing a confirmation, speaks for the client's acceptance, which reaches
/// the office, not the crew; so only those who plan (admin, oficina) do it.
pub fn rol_cambia_estatus(rol: Rol, from: EstatusOt, to: EstatusOt) -> bool {
    let confirmacion = from != to && (from == EstatusOt::Confirmada || to == EstatusOt::Confirmada);
    !confirmacion || rol.plans() || rol.is_hub()
}

/// Whether an OT in `estatus` is closed: its work finished (and maybe confirmed) or cancelled.
pub fn cerrada(estatus: EstatusOt) -> bool {
    matches!(
        estatus,
        EstatusOt::Terminada | EstatusOt::Confirmada | EstatusOt::Cancelada
    )
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
    let finished = matches!(to, EstatusOt::Terminada | EstatusOt::Confirmada);
    if finished && after.pasos.values().any(|p| open_step(p.estatus_paso)) {
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
    fn only_a_finished_ot_is_confirmed() {
        let terminada = with_status(EstatusOt::Terminada);
        assert!(change(&terminada, EstatusOt::Confirmada, None).is_empty());
        for from in [
            EstatusOt::Activa,
            EstatusOt::EnProceso,
            EstatusOt::Cancelada,
        ] {
            assert_eq!(
                change(&with_status(from), EstatusOt::Confirmada, None),
                [Code::TransicionEstatusInvalida],
                "{from:?}"
            );
        }
    }

    #[test]
    fn a_confirmation_is_withdrawn_with_a_comment_and_never_cancelled() {
        let ot = with_status(EstatusOt::Confirmada);
        assert_eq!(
            change(&ot, EstatusOt::Terminada, None),
            [Code::ComentarioRequerido]
        );
        assert!(
            change(
                &ot,
                EstatusOt::EnProceso,
                Some("El cliente rechazó el reporte")
            )
            .is_empty()
        );
        assert_eq!(
            change(&ot, EstatusOt::Cancelada, Some("Ya no")),
            [Code::TransicionEstatusInvalida]
        );
    }

    #[test]
    fn only_the_office_confirms_or_withdraws_a_confirmation() {
        use EstatusOt::*;
        assert!(rol_cambia_estatus(Rol::Oficina, Terminada, Confirmada));
        assert!(rol_cambia_estatus(Rol::Admin, Confirmada, Terminada));
        assert!(!rol_cambia_estatus(Rol::Campo, Terminada, Confirmada));
        assert!(!rol_cambia_estatus(Rol::Campo, Confirmada, EnProceso));
        assert!(rol_cambia_estatus(Rol::Campo, EnProceso, Terminada));
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
