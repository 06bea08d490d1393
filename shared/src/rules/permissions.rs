use super::{Code, Violation};
use crate::model::Cambio;
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

/// Every change of `changes` (a write's [`cambios`](crate::model::cambios), which its audit
/// entry keeps too) that `rol` may not make, one violation per field.
pub fn check_role(rol: Rol, changes: &[Cambio]) -> Vec<Violation> {
    let fields = changes.iter().map(|c| c.campo.as_str());
    match rol {
        Rol::Admin | Rol::Oficina => Vec::new(),
        Rol::Lectura => fields.map(denied).collect(),
        Rol::Campo => fields
            .filter(|path| !campo_may_change(path))
            .map(denied)
            .collect(),
    }
}

fn campo_may_change(path: &str) -> bool {
    match path.split('.').collect::<Vec<_>>()[..] {
        [field] => CAMPO_FIELDS.contains(&field),
        ["pasos", _, field] => CAMPO_STEP_FIELDS.contains(&field),
        ["fotos" | "historial", ..] => true,
        _ => false,
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
    fn lectura_may_change_nothing() {
        let (before, _) = with_step();
        let mut after = before.clone();
        after.comentario = "x".into();
        let found = check_role(Rol::Lectura, &cambios(&before, &after));
        assert_eq!(codes(&found), [Code::SinPermiso]);
    }
}
