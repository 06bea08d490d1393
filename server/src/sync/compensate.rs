//! What the server writes back when a merged change broke a rule. A device's change cannot be
//! refused once made (the device keeps it forever); it is undone by a later change of the
//! server's own, and the device is told why.

use ote_shared::model::{FieldPath, OrdenTrabajo};
use ote_shared::rules::{Code, Contexto, Violation};
use serde_json::Value as Json;

/// What a merged work order is compensated against.
pub enum Base<'a> {
    /// The work order as stored before the merge.
    Stored(&'a OrdenTrabajo),
    /// A new work order: what the fields its user's role may not fill go back to.
    New(&'a OrdenTrabajo),
}

/// The work order with each violation undone: every field a violation names goes back to its
/// value before the merge (a step or photo that did not exist is removed), a deleted OT goes
/// back whole, and a reprogramming takes the number its chain expects. A new document keeps
/// what its device wrote except the reprogramming number and the fields its user's role may
/// not fill: nothing else a technician typed is thrown away, the notices say what to fix.
pub fn fix(
    base: Base<'_>,
    after: &OrdenTrabajo,
    violations: &[Violation],
    ctx: &Contexto,
) -> OrdenTrabajo {
    let mut fixed = after.clone();
    for v in violations {
        match (v.code, &base) {
            (Code::NumReprogramacionIncorrecto, _) => {
                fixed.num_reprogramacion = ctx.siguiente_reprogramacion
            }
            (Code::OtEliminada, Base::Stored(b)) => return (*b).clone(),
            (_, Base::Stored(b)) => fixed = revert_field(&fixed, b, &v.field),
            (Code::SinPermiso, Base::New(blank)) => fixed = revert_field(&fixed, blank, &v.field),
            (_, Base::New(_)) => {}
        }
    }
    fixed
}

/// Signs the history entries `ot` adds to `before` with `usuario`, the signed-in user as the
/// server knows them: whatever name a device wrote, an entry's author is who sent it.
pub fn sign_history(before: Option<&OrdenTrabajo>, ot: &mut OrdenTrabajo, usuario: &str) {
    for (id, evento) in ot.historial.iter_mut() {
        if !stored_event(before, id) && evento.usuario != usuario {
            evento.usuario = usuario.to_owned();
        }
    }
}

/// Whether `ot` adds to `before` a history entry not signed by `usuario`.
pub fn unsigned_history(before: Option<&OrdenTrabajo>, ot: &OrdenTrabajo, usuario: &str) -> bool {
    ot.historial
        .iter()
        .any(|(id, evento)| !stored_event(before, id) && evento.usuario != usuario)
}

fn stored_event(before: Option<&OrdenTrabajo>, id: &uuid::Uuid) -> bool {
    before.is_some_and(|b| b.historial.contains_key(id))
}

/// `ot` with the field at `path` (`monto_mxn`, `pasos.<id>.estatus_paso`, `pasos.<id>`) taken
/// from `before`, or removed where `before` has no such entry; as it is if `path` names nothing
/// a work order has.
fn revert_field(ot: &OrdenTrabajo, before: &OrdenTrabajo, path: &str) -> OrdenTrabajo {
    let Some(path) = FieldPath::parse(path) else {
        return ot.clone();
    };
    let (Ok(mut now), Ok(then)) = (serde_json::to_value(ot), serde_json::to_value(before)) else {
        return ot.clone();
    };
    let pointer = path.json_pointer();
    match then.pointer(&pointer) {
        Some(old) => put(&mut now, &pointer, old.clone()),
        None => remove(&mut now, &pointer),
    }
    serde_json::from_value(now).unwrap_or_else(|_| ot.clone())
}

/// Sets the value at `pointer`, adding the key to its parent object if it is gone (an entry
/// the push removed).
fn put(value: &mut Json, pointer: &str, old: Json) {
    if let Some(slot) = value.pointer_mut(pointer) {
        *slot = old;
        return;
    }
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    if let Some(Json::Object(map)) = value.pointer_mut(parent) {
        map.insert(key.to_owned(), old);
    }
}

fn remove(value: &mut Json, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    if let Some(Json::Object(map)) = value.pointer_mut(parent) {
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use ote_shared::codes::{EstatusOt, EstatusPaso};
    use ote_shared::model::Paso;
    use ote_shared::rules::{self, validate_change};
    use uuid::Uuid;

    use super::*;

    fn base() -> OrdenTrabajo {
        let mut ot = OrdenTrabajo::new(Uuid::new_v4());
        ot.orden_trabajo = "OT-1".into();
        ot.oficio_ot = "OF-1".into();
        ot.descripcion_trabajo = "Inspección".into();
        ot.id_responsable_proyecto = Some(1);
        ot.responsable_cliente = "Ing. Ruiz".into();
        ot.id_estatus_ot = EstatusOt::Terminada;
        let mut paso = Paso::pendiente(Uuid::new_v4(), 1);
        paso.estatus_paso = EstatusPaso::Terminado;
        ot.pasos.insert(paso.id, paso);
        ot
    }

    #[test]
    fn an_impossible_transition_is_undone_and_the_rest_kept() {
        let before = base();
        let mut after = before.clone();
        after.id_estatus_ot = EstatusOt::Activa;
        after.comentario = "nota del técnico".into();
        let ctx = Contexto::default();
        let violations = validate_change(&before, &after, &ctx);
        let fixed = fix(Base::Stored(&before), &after, &violations, &ctx);
        assert_eq!(fixed.id_estatus_ot, EstatusOt::Terminada);
        assert_eq!(fixed.comentario, "nota del técnico");
        assert!(rules::validate_change(&before, &fixed, &ctx).is_empty());
    }

    #[test]
    fn a_step_added_to_a_closed_ot_is_removed() {
        let before = base();
        let mut after = before.clone();
        let nuevo = Paso::pendiente(Uuid::new_v4(), 2);
        after.pasos.insert(nuevo.id, nuevo.clone());
        let ctx = Contexto::default();
        let fixed = fix(
            Base::Stored(&before),
            &after,
            &validate_change(&before, &after, &ctx),
            &ctx,
        );
        assert!(!fixed.pasos.contains_key(&nuevo.id));
        assert_eq!(fixed.pasos.len(), 1);
    }
}
