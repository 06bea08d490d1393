//! One judgement of an edit, wherever it is made: the server's REST routes and its merge of a
//! device's push, and the device itself before it saves. Each caller brings what only it can
//! know (the rule context, whose photos are whose); the judgement is the same.

use uuid::Uuid;

use super::permissions::{check_history, check_photos, check_role, check_role_new};
use super::{Contexto, Principal, Violation, validate, validate_change};
use crate::model::{Cambio, OrdenTrabajo};
use crate::roles::Rol;

/// Who makes an edit, as the rules see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Autor {
    /// What the role may change.
    pub rol: Rol,
    /// The employee record of a field technician: the only one they may assign to a work order
    /// they raise.
    pub empleado: Option<i64>,
}

/// What an edit starts from.
#[derive(Debug, Clone, Copy)]
pub enum Antes<'a> {
    /// The work order as stored.
    Guardada(&'a OrdenTrabajo),
    /// Nothing: a new work order, judged by what it fills in from its [`baseline`].
    Nueva,
}

/// An edit to judge: where it starts, where it ends, and what differs between the two (for a
/// new work order, from its [`baseline`]), which the caller has at hand for its audit trail.
#[derive(Debug, Clone, Copy)]
pub struct Edicion<'a> {
    /// Where it starts.
    pub antes: Antes<'a>,
    /// The work order as edited.
    pub despues: &'a OrdenTrabajo,
    /// What differs.
    pub cambios: &'a [Cambio],
}

/// Every rule `edicion` breaks when `autor` makes it: what the role may change (or fill in, for
/// a new work order), the history no one rewrites, the photos of others (`fotos_ajenas`: the
/// stored photos among those it touches that someone else sent), and the work-order rules.
pub fn judge(
    autor: Autor,
    edicion: &Edicion,
    ctx: &Contexto,
    fotos_ajenas: &[Uuid],
) -> Vec<Violation> {
    let cambios = edicion.cambios;
    match edicion.antes {
        Antes::Guardada(before) => {
            let mut found = check_role(autor.rol, cambios);
            found.extend(check_history(before, cambios));
            found.extend(check_photos(cambios, fotos_ajenas));
            found.extend(validate_change(before, edicion.despues, ctx));
            found
        }
        Antes::Nueva => {
            let mut found = check_role_new(autor.rol, autor.empleado, cambios);
            found.extend(validate(edicion.despues, ctx));
            found
        }
    }
}

/// What a new work order is judged against: an empty one; for a reprogramming of a `principal`
/// its author may see, what [`OrdenTrabajo::reprogramacion`] copies from it (as the tablet
/// makes it), so only what they changed from it is theirs to answer for.
pub fn baseline(nueva: &OrdenTrabajo, principal: Option<&OrdenTrabajo>) -> OrdenTrabajo {
    match principal {
        Some(principal) if nueva.ot_principal == Some(principal.id) => {
            let mut baseline = principal.reprogramacion(nueva.id);
            baseline.num_reprogramacion = nueva.num_reprogramacion;
            baseline
        }
        _ => OrdenTrabajo::new(nueva.id),
    }
}

impl From<&OrdenTrabajo> for Principal {
    fn from(ot: &OrdenTrabajo) -> Principal {
        Principal {
            id_tipo: ot.id_tipo,
            estatus: ot.estatus,
            id_estatus_ot: ot.id_estatus_ot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Code;
    use super::super::test_support::*;
    use super::*;
    use crate::model::cambios;

    const CAMPO: Autor = Autor {
        rol: Rol::Campo,
        empleado: Some(7),
    };

    #[test]
    fn an_edit_is_judged_by_role_and_rules_together() {
        let before = ot_valida();
        let mut after = before.clone();
        after.monto_mxn = (-1).into();
        let changed = cambios(&before, &after);
        let edicion = Edicion {
            antes: Antes::Guardada(&before),
            despues: &after,
            cambios: &changed,
        };
        let found = judge(CAMPO, &edicion, &Contexto::default(), &[]);
        assert_eq!(codes(&found), [Code::SinPermiso, Code::MontoNegativo]);
    }

    #[test]
    fn a_reprogramming_is_judged_by_what_its_author_changed_from_the_principal() {
        let principal = ot_valida();
        let nueva = principal.reprogramacion(uuid::Uuid::from_u128(2));
        let filled = cambios(&baseline(&nueva, Some(&principal)), &nueva);
        let edicion = Edicion {
            antes: Antes::Nueva,
            despues: &nueva,
            cambios: &filled,
        };
        let ctx = Contexto {
            principal: Some(Principal::from(&principal)),
            siguiente_reprogramacion: None,
            pte: None,
        };
        assert_eq!(judge(CAMPO, &edicion, &ctx, &[]), vec![]);
    }
}
