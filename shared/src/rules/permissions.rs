use serde_json::Value as Json;

use super::{Code, Violation};
use crate::model::OrdenTrabajo;
use crate::roles::Rol;

/// The work-order fields a field technician may change: the progress of the work, not its
/// planning, money or assignment.
const CAMPO_FIELDS: [&str; 8] = [
    "id_estatus_ot",
    "fecha_inicio_real",
    "fecha_termino_real",
    "comentario",
    "bitacora_inicio_cliente",
    "bitacora_llegada_base",
    "fotos",
    "historial",
];

/// The step fields a field technician may change (not which template a step is).
const CAMPO_STEP_FIELDS: [&str; 6] = [
    "estatus_paso",
    "fecha_entrega",
    "fecha_inicio",
    "fecha_termino",
    "comentario",
    "archivo",
];

/// Every change from `before` to `after` that `rol` may not make, one violation per field.
pub fn check_role(rol: Rol, before: &OrdenTrabajo, after: &OrdenTrabajo) -> Vec<Violation> {
    match rol {
        Rol::Admin | Rol::Oficina => Vec::new(),
        Rol::Lectura => changed_fields(before, after)
            .into_iter()
            .map(denied)
            .collect(),
        Rol::Campo => changed_fields(before, after)
            .into_iter()
            .filter(|path| !campo_may_change(path))
            .map(denied)
            .collect(),
    }
}

fn campo_may_change(path: &str) -> bool {
    match path.split('.').collect::<Vec<_>>()[..] {
        [field] => CAMPO_FIELDS.contains(&field),
        ["pasos", _, field] => CAMPO_STEP_FIELDS.contains(&field),
        _ => false,
    }
}

fn denied(field: String) -> Violation {
    Violation::new(Code::SinPermiso, field)
}

/// The paths that differ: root fields by name, steps field by field (`pasos.<id>.<campo>`), a
/// step added or removed as `pasos.<id>`.
fn changed_fields(before: &OrdenTrabajo, after: &OrdenTrabajo) -> Vec<String> {
    let (Ok(Json::Object(a)), Ok(Json::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, new) in &b {
        let old = a.get(key).unwrap_or(&Json::Null);
        if old == new {
            continue;
        }
        match (key.as_str(), old, new) {
            ("pasos", Json::Object(old), Json::Object(new)) => step_changes(old, new, &mut out),
            _ => out.push(key.clone()),
        }
    }
    out
}

fn step_changes(
    old: &serde_json::Map<String, Json>,
    new: &serde_json::Map<String, Json>,
    out: &mut Vec<String>,
) {
    for (id, step) in new {
        match (old.get(id), step) {
            (Some(Json::Object(before)), Json::Object(after)) => {
                for (field, value) in after {
                    if before.get(field) != Some(value) {
                        out.push(format!("pasos.{id}.{field}"));
                    }
                }
            }
            (Some(_), _) => {}
            (None, _) => out.push(format!("pasos.{id}")),
        }
    }
    out.extend(
        old.keys()
            .filter(|id| !new.contains_key(*id))
            .map(|id| format!("pasos.{id}")),
    );
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::super::test_support::*;
    use super::*;
    use crate::codes::{EstatusOt, EstatusPaso};
    use crate::model::Paso;

    fn with_step() -> (OrdenTrabajo, Uuid) {
        let mut ot = ot_valida();
        let paso = Paso::pendiente(Uuid::from_u128(3), 1);
        ot.pasos.insert(paso.id, paso);
        (ot, Uuid::from_u128(3))
    }

    #[test]
    fn campo_may_record_progress() {
        let (before, step) = with_step();
        let mut after = before.clone();
        after.id_estatus_ot = EstatusOt::EnProceso;
        after.comentario = "Inicio de maniobras".into();
        after.pasos.get_mut(&step).unwrap().estatus_paso = EstatusPaso::EnProceso;
        after.pasos.get_mut(&step).unwrap().fecha_inicio = date("2026-03-02");
        assert!(check_role(Rol::Campo, &before, &after).is_empty());
    }

    #[test]
    fn campo_may_not_change_money_planning_or_templates() {
        let (before, step) = with_step();
        let mut after = before.clone();
        after.monto_mxn = 1.into();
        after.fecha_inicio_programado = date("2027-01-01");
        after.pasos.get_mut(&step).unwrap().id_paso = 9;
        let fields: Vec<String> = check_role(Rol::Campo, &before, &after)
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert!(fields.contains(&"monto_mxn".to_owned()));
        assert!(fields.contains(&format!("pasos.{step}.id_paso")));
        assert!(check_role(Rol::Oficina, &before, &after).is_empty());
    }

    #[test]
    fn lectura_may_change_nothing() {
        let (before, _) = with_step();
        let mut after = before.clone();
        after.comentario = "x".into();
        let found = check_role(Rol::Lectura, &before, &after);
        assert_eq!(codes(&found), [Code::SinPermiso]);
    }
}
