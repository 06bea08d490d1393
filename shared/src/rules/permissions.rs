use uuid::Uuid;

use super::status::rol_cambia_estatus;
use super::{Code, Violation};
use crate::codes::EstatusOt;
use crate::model::{Cambio, Coleccion, FieldPath, OrdenTrabajo};
use crate::roles::Rol;

/// The work-order fields a field technician may change: the progress of the work, not its
/// planning, money or assignment.
const CAMPO_FIELDS: [&str; 6] = [
    "id_estatus_ot",
    "fecha_inicio_real",
    "fecha_termino_real",
    "comentario",
    "bitacora_inicio_cliente",
    "bitacora_llegada_base",
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

/// The fields a field technician may fill in a work order they raise (an urgent job found
/// offshore): what identifies it and where it is, and its progress, but not its money,
/// planning, reprogramming or crew; the office completes those.
const CAMPO_NEW_FIELDS: [&str; 12] = [
    "orden_trabajo",
    "oficio_ot",
    "descripcion_trabajo",
    "id_responsable_proyecto",
    "responsable_cliente",
    "id_cliente",
    "id_frente",
    "id_embarcacion",
    "id_plataforma",
    "id_intercom",
    "id_patio",
    "prioridad",
];

/// Every field of a new work order (its [`cambios`](crate::model::cambios) from an empty one)
/// that `rol` may not fill: a field technician fills [`CAMPO_NEW_FIELDS`] and their progress
/// fields, assigns nobody but their own employee record (`empleado`), and brings steps, photos
/// and history entries.
pub fn check_role_new(rol: Rol, empleado: Option<i64>, changes: &[Cambio]) -> Vec<Violation> {
    match rol {
        Rol::Admin | Rol::Oficina | Rol::Hub => Vec::new(),
        Rol::Lectura => changes.iter().map(|c| denied(&c.campo)).collect(),
        Rol::Campo => changes
            .iter()
            .filter(|c| !campo_may_fill(c, empleado) || !status_change_allowed(rol, c))
            .map(|c| denied(&c.campo))
            .collect(),
    }
}

/// Whether `rol` may make the status change `change` is, if it is one (see
/// [`rol_cambia_estatus`]).
fn status_change_allowed(rol: Rol, change: &Cambio) -> bool {
    let estatus = |v: &serde_json::Value| v.as_i64().and_then(EstatusOt::from_code);
    match (
        change.campo.as_str(),
        estatus(&change.antes),
        estatus(&change.despues),
    ) {
        ("id_estatus_ot", Some(from), Some(to)) => rol_cambia_estatus(rol, from, to),
        _ => true,
    }
}

fn campo_may_fill(change: &Cambio, empleado: Option<i64>) -> bool {
    match FieldPath::parse(&change.campo) {
        Some(FieldPath::Root("empleados")) => change.despues.as_array().is_some_and(|ids| {
            ids.iter()
                .all(|id| id.as_i64().is_some() && id.as_i64() == empleado)
        }),
        Some(FieldPath::Entry { .. }) => true,
        Some(FieldPath::Root(field)) => {
            CAMPO_NEW_FIELDS.contains(&field) || CAMPO_FIELDS.contains(&field)
        }
        None => false,
    }
}

/// History entries are what happened: once stored, no device rewrites or removes one.
pub fn check_history(before: &OrdenTrabajo, changes: &[Cambio]) -> Vec<Violation> {
    changes
        .iter()
        .filter(|c| {
            stored_entry(&c.campo, Coleccion::Historial, |id| {
                before.historial.contains_key(&id)
            })
        })
        .map(|c| denied(&c.campo))
        .collect()
}

/// The photos of `before` that `changes` rewrite or remove.
pub fn photos_changed(before: &OrdenTrabajo, changes: &[Cambio]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = changes
        .iter()
        .filter_map(|c| entry_id(&c.campo, Coleccion::Fotos))
        .filter(|id| before.fotos.contains_key(id))
        .collect();
    ids.dedup();
    ids
}

/// The changes to photos others sent (`theirs`, as the server recorded who sent each), which
/// a field technician may not rewrite or remove.
pub fn check_photos(changes: &[Cambio], theirs: &[Uuid]) -> Vec<Violation> {
    changes
        .iter()
        .filter(|c| stored_entry(&c.campo, Coleccion::Fotos, |id| theirs.contains(&id)))
        .map(|c| denied(&c.campo))
        .collect()
}

/// The id of the entry of `coleccion` a change's path names (`fotos.<id>`, `fotos.<id>.titulo`).
fn entry_id(path: &str, coleccion: Coleccion) -> Option<Uuid> {
    FieldPath::parse(path)?.entry_of(coleccion)
}

fn stored_entry(path: &str, coleccion: Coleccion, stored: impl Fn(Uuid) -> bool) -> bool {
    entry_id(path, coleccion).is_some_and(stored)
}

/// Every change of `changes` (a write's [`cambios`](crate::model::cambios), which its audit
/// entry keeps too) that `rol` may not make, one violation per field.
pub fn check_role(rol: Rol, changes: &[Cambio]) -> Vec<Violation> {
    match rol {
        Rol::Admin | Rol::Oficina | Rol::Hub => Vec::new(),
        Rol::Lectura => changes.iter().map(|c| denied(&c.campo)).collect(),
        Rol::Campo => changes
            .iter()
            .filter(|c| !campo_may_change(&c.campo) || !status_change_allowed(rol, c))
            .map(|c| denied(&c.campo))
            .collect(),
    }
}

fn campo_may_change(path: &str) -> bool {
    match FieldPath::parse(path) {
        Some(FieldPath::Root(field)) => CAMPO_FIELDS.contains(&field),
        Some(FieldPath::Entry {
            coleccion: Coleccion::Pasos,
            field,
            ..
        }) => field.is_some_and(|f| CAMPO_STEP_FIELDS.contains(&f)),
        Some(FieldPath::Entry { .. }) => true,
        None => false,
    }
}

fn denied(field: &str) -> Violation {
    Violation::new(Code::SinPermiso, field)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::super::test_support::*;
    use super::*;
    use crate::codes::{EstatusOt, EstatusPaso};
    use crate::model::Paso;
    use crate::model::{OrdenTrabajo, cambios};

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
        assert!(check_role(Rol::Campo, &cambios(&before, &after)).is_empty());
    }

    #[test]
    fn campo_may_finish_but_not_confirm() {
        let mut before = ot_valida();
        before.id_estatus_ot = EstatusOt::Terminada;
        let mut after = before.clone();
        after.id_estatus_ot = EstatusOt::Confirmada;
        let found = check_role(Rol::Campo, &cambios(&before, &after));
        assert_eq!(found, [denied("id_estatus_ot")]);
        assert!(check_role(Rol::Oficina, &cambios(&before, &after)).is_empty());
        let blank = OrdenTrabajo::new(Uuid::from_u128(9));
        let mut nueva = blank.clone();
        nueva.id_estatus_ot = EstatusOt::Confirmada;
        let found = check_role_new(Rol::Campo, Some(7), &cambios(&blank, &nueva));
        assert_eq!(found, [denied("id_estatus_ot")]);
    }

    #[test]
    fn campo_may_not_change_money_planning_or_templates() {
        let (before, step) = with_step();
        let mut after = before.clone();
        after.monto_mxn = 1.into();
        after.fecha_inicio_programado = date("2027-01-01");
        after.pasos.get_mut(&step).unwrap().id_paso = 9;
        let fields: Vec<String> = check_role(Rol::Campo, &cambios(&before, &after))
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert!(fields.contains(&"monto_mxn".to_owned()));
        assert!(fields.contains(&format!("pasos.{step}.id_paso")));
        assert!(check_role(Rol::Oficina, &cambios(&before, &after)).is_empty());
    }

    #[test]
    fn campo_raises_an_ot_without_money_crew_or_reprogramming() {
        let blank = OrdenTrabajo::new(Uuid::from_u128(9));
        let mut ot = blank.clone();
        ot.orden_trabajo = "OT-URGENTE".into();
        ot.id_embarcacion = Some(2);
        ot.comentario = "Fuga en brida".into();
        assert!(check_role_new(Rol::Campo, Some(7), &cambios(&blank, &ot)).is_empty());
        ot.empleados.insert(7);
        assert!(check_role_new(Rol::Campo, Some(7), &cambios(&blank, &ot)).is_empty());
        ot.empleados.insert(8);
        ot.monto_mxn = 100.into();
        ot.fecha_inicio_programado = date("2027-01-01");
        let mut fields: Vec<String> = check_role_new(Rol::Campo, Some(7), &cambios(&blank, &ot))
            .into_iter()
            .map(|v| v.field)
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            ["empleados", "fecha_inicio_programado", "monto_mxn"]
        );
        assert!(check_role_new(Rol::Oficina, None, &cambios(&blank, &ot)).is_empty());
    }

    #[test]
    fn no_device_rewrites_a_stored_history_entry() {
        use crate::model::EventoHistorial;
        let mut before = ot_valida();
        let evento = EventoHistorial {
            id: Uuid::from_u128(5),
            fecha: chrono::Utc::now(),
            usuario: "tecnico".into(),
            estatus_anterior: EstatusOt::Activa,
            estatus_nuevo: EstatusOt::EnProceso,
            comentario: "inicio".into(),
        };
        before.historial.insert(evento.id, evento);
        let mut after = before.clone();
        after
            .historial
            .get_mut(&Uuid::from_u128(5))
            .unwrap()
            .usuario = "otro".into();
        let found = check_history(&before, &cambios(&before, &after));
        assert_eq!(codes(&found), [Code::SinPermiso]);
        let mut added = before.clone();
        let mut nuevo = before.historial[&Uuid::from_u128(5)].clone();
        nuevo.id = Uuid::from_u128(6);
        added.historial.insert(nuevo.id, nuevo);
        assert!(check_history(&before, &cambios(&before, &added)).is_empty());
    }

    #[test]
    fn lectura_may_change_nothing() {
        let (before, _) = with_step();
        let mut after = before.clone();
        after.comentario = "x".into();
        let found = check_role(Rol::Lectura, &cambios(&before, &after));
        assert_eq!(codes(&found), [Code::SinPermiso]);
    }
}
