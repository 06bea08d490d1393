use super::{Code, Contexto, Violation};
use crate::codes::{EstadoRegistro, EstatusOt, TipoOt};
use crate::model::OrdenTrabajo;

/// What the rules need to know of the OT a reprogramming points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Its type: only initial OTs are reprogrammed.
    pub id_tipo: TipoOt,
    /// Its record state.
    pub estatus: EstadoRegistro,
    /// Its work status.
    pub id_estatus_ot: EstatusOt,
}

/// The number the next reprogramming of a principal gets: one past the highest so far.
pub fn siguiente_num_reprogramacion(existentes: impl IntoIterator<Item = Option<i32>>) -> i32 {
    existentes.into_iter().flatten().max().unwrap_or(0) + 1
}

/// Whether the change from `before` to `after` (`None`: a new work order) settles a
/// reprogramming's place in its chain: a new reprogramming, or a new type, principal or number.
/// Only then do the rules read [`Contexto`]; for any other change the context cannot make
/// [`super::validate_change`] find anything new, so the server neither locks the chain nor looks
/// it up, and a device does not read the principal.
pub fn settles_number(before: Option<&OrdenTrabajo>, after: &OrdenTrabajo) -> bool {
    let place = |o: &OrdenTrabajo| (o.id_tipo, o.ot_principal, o.num_reprogramacion);
    after.ot_principal.is_some() && before.is_none_or(|b| place(b) != place(after))
}

/// A reprogramming (tipo 5) names its principal, which exists, is an initial OT, is neither
/// deleted nor cancelled, and carries the next number of its chain; an initial OT (tipo 4) has
/// neither a principal nor a number.
pub(super) fn check(ot: &OrdenTrabajo, ctx: &Contexto, out: &mut Vec<Violation>) {
    if ot.id_tipo == TipoOt::Inicial {
        if ot.ot_principal.is_some() || ot.num_reprogramacion.is_some() {
            out.push(Violation::new(Code::InicialConPrincipal, "ot_principal"));
        }
        return;
    }
    if ot.ot_principal.is_none() {
        out.push(Violation::new(
            Code::ReprogramacionSinPrincipal,
            "ot_principal",
        ));
        return;
    }
    match &ctx.principal {
        None => out.push(Violation::new(Code::PrincipalNoExiste, "ot_principal")),
        Some(p) if p.id_tipo != TipoOt::Inicial => {
            out.push(Violation::new(Code::PrincipalNoInicial, "ot_principal"))
        }
        Some(p)
            if p.estatus == EstadoRegistro::Eliminado
                || p.id_estatus_ot == EstatusOt::Cancelada =>
        {
            out.push(Violation::new(Code::PrincipalNoValida, "ot_principal"))
        }
        Some(_) => {}
    }
    if let Some(siguiente) = ctx.siguiente_reprogramacion
        && ot.num_reprogramacion != Some(siguiente)
    {
        let message = format!("El número de reprogramación debe ser {siguiente}");
        out.push(Violation::with_message(
            Code::NumReprogramacionIncorrecto,
            "num_reprogramacion",
            message,
        ));
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::super::test_support::*;
    use super::*;

    fn principal() -> Principal {
        Principal {
            id_tipo: TipoOt::Inicial,
            estatus: EstadoRegistro::Activo,
            id_estatus_ot: EstatusOt::EnProceso,
        }
    }

    fn reprogramacion(num: Option<i32>) -> OrdenTrabajo {
        let mut ot = ot_valida();
        ot.id_tipo = TipoOt::Reprogramacion;
        ot.ot_principal = Some(Uuid::from_u128(99));
        ot.num_reprogramacion = num;
        ot
    }

    fn run(ot: &OrdenTrabajo, principal: Option<Principal>, siguiente: Option<i32>) -> Vec<Code> {
        let mut out = Vec::new();
        check(
            ot,
            &Contexto {
                principal,
                siguiente_reprogramacion: siguiente,
                pte: None,
            },
            &mut out,
        );
        codes(&out)
    }

    #[test]
    fn the_next_number_follows_the_highest() {
        assert_eq!(siguiente_num_reprogramacion([]), 1);
        assert_eq!(siguiente_num_reprogramacion([Some(1), None, Some(3)]), 4);
    }

    #[test]
    fn a_valid_reprogramming_passes() {
        assert!(run(&reprogramacion(Some(2)), Some(principal()), Some(2)).is_empty());
    }

    #[test]
    fn a_reprogramming_needs_its_principal() {
        let mut ot = reprogramacion(Some(1));
        ot.ot_principal = None;
        assert_eq!(run(&ot, None, Some(1)), [Code::ReprogramacionSinPrincipal]);
        assert_eq!(
            run(&reprogramacion(Some(1)), None, Some(1)),
            [Code::PrincipalNoExiste]
        );
    }

    #[test]
    fn the_principal_must_be_initial_and_alive() {
        let ot = reprogramacion(Some(1));
        let mut p = principal();
        p.id_tipo = TipoOt::Reprogramacion;
        assert_eq!(run(&ot, Some(p), None), [Code::PrincipalNoInicial]);
        let mut p = principal();
        p.id_estatus_ot = EstatusOt::Cancelada;
        assert_eq!(run(&ot, Some(p), None), [Code::PrincipalNoValida]);
        let mut p = principal();
        p.estatus = EstadoRegistro::Eliminado;
        assert_eq!(run(&ot, Some(p), None), [Code::PrincipalNoValida]);
    }

    #[test]
    fn the_number_must_be_the_next_in_the_chain() {
        assert_eq!(
            run(&reprogramacion(Some(1)), Some(principal()), Some(3)),
            [Code::NumReprogramacionIncorrecto]
        );
        assert_eq!(
            run(&reprogramacion(None), Some(principal()), Some(1)),
            [Code::NumReprogramacionIncorrecto]
        );
    }

    #[test]
    fn an_initial_ot_has_no_principal() {
        let mut ot = ot_valida();
        assert!(run(&ot, None, None).is_empty());
        ot.ot_principal = Some(Uuid::from_u128(5));
        assert_eq!(run(&ot, None, None), [Code::InicialConPrincipal]);
    }
}
