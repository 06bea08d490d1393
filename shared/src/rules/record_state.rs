use super::{Code, Violation};
use crate::codes::EstadoRegistro;
use crate::model::OrdenTrabajo;

/// An edit confirms a record that was still to be defined (seed 001 `editar_ot`: -1 → 1).
pub fn marcar_editada(ot: &mut OrdenTrabajo) {
    if ot.estatus == EstadoRegistro::PorDefinir {
        ot.estatus = EstadoRegistro::Activo;
    }
}

/// Record-state moves: -1 → 1 or 0, 1 → 0. A deleted record (0) is kept for the audit trail and
/// takes no further change of any kind.
pub(super) fn check_change(before: &OrdenTrabajo, after: &OrdenTrabajo, out: &mut Vec<Violation>) {
    use EstadoRegistro::*;
    if before.estatus == Eliminado {
        if before != after {
            out.push(Violation::new(Code::OtEliminada, "estatus"));
        }
        return;
    }
    let allowed = before.estatus == after.estatus
        || matches!(
            (before.estatus, after.estatus),
            (PorDefinir, Activo | Eliminado) | (Activo, Eliminado)
        );
    if !allowed {
        out.push(Violation::new(Code::EstadoRegistroInvalido, "estatus"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn run(before: &OrdenTrabajo, after: &OrdenTrabajo) -> Vec<Code> {
        let mut out = Vec::new();
        check_change(before, after, &mut out);
        codes(&out)
    }

    #[test]
    fn editing_a_record_to_define_activates_it() {
        let mut ot = ot_valida();
        ot.estatus = EstadoRegistro::PorDefinir;
        let before = ot.clone();
        marcar_editada(&mut ot);
        assert_eq!(ot.estatus, EstadoRegistro::Activo);
        assert!(run(&before, &ot).is_empty());
    }

    #[test]
    fn logical_delete_passes() {
        let before = ot_valida();
        let mut after = before.clone();
        after.estatus = EstadoRegistro::Eliminado;
        assert!(run(&before, &after).is_empty());
    }

    #[test]
    fn an_active_record_cannot_go_back_to_define() {
        let before = ot_valida();
        let mut after = before.clone();
        after.estatus = EstadoRegistro::PorDefinir;
        assert_eq!(run(&before, &after), [Code::EstadoRegistroInvalido]);
    }

    #[test]
    fn a_deleted_record_takes_no_change() {
        let mut before = ot_valida();
        before.estatus = EstadoRegistro::Eliminado;
        let mut after = before.clone();
        after.descripcion_trabajo = "otra".into();
        assert_eq!(run(&before, &after), [Code::OtEliminada]);
        after.estatus = EstadoRegistro::Activo;
        assert_eq!(run(&before, &after), [Code::OtEliminada]);
    }
}
