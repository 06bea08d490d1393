//! Which steps a new work order gets (seed 001, "Automatic Step Creation").

use uuid::Uuid;

use crate::codes::TipoOt;
use crate::model::{Paso, PasoPlantilla};

/// The step-template type for a new OT: a reprogramming (tipo 5) of client 1 uses type 5, of
/// clients 2, 3 and 4 type 18, of anyone else type 5; an initial OT always uses type 5.
pub fn tipo_plantilla(id_tipo: TipoOt, id_cliente: Option<i64>) -> i32 {
    match (id_tipo, id_cliente) {
        (TipoOt::Reprogramacion, Some(2..=4)) => 18,
        _ => 5,
    }
}

/// One pending step per active template of `tipo`, in the office's order (then by template id). `new_id` gives each
/// step its id, so the caller decides whether ids are random (a device) or derived (a server
/// that must make the same steps twice without duplicating them).
pub fn pasos_iniciales(
    plantillas: &[PasoPlantilla],
    tipo: i32,
    mut new_id: impl FnMut(&PasoPlantilla) -> Uuid,
) -> Vec<Paso> {
    let mut elegidas: Vec<&PasoPlantilla> = plantillas
        .iter()
        .filter(|p| p.activo && p.tipo == tipo)
        .collect();
    elegidas.sort_by_key(|p| p.orden_clave());
    elegidas
        .into_iter()
        .map(|p| Paso::pendiente(new_id(p), p.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::EstatusPaso;

    fn plantilla(id: i64, tipo: i32, activo: bool) -> PasoPlantilla {
        PasoPlantilla {
            id,
            descripcion: format!("Paso {id}"),
            tipo,
            activo,
            orden: None,
        }
    }

    #[test]
    fn template_type_follows_seed_001() {
        assert_eq!(tipo_plantilla(TipoOt::Reprogramacion, Some(1)), 5);
        for cliente in 2..=4 {
            assert_eq!(tipo_plantilla(TipoOt::Reprogramacion, Some(cliente)), 18);
        }
        assert_eq!(tipo_plantilla(TipoOt::Reprogramacion, Some(9)), 5);
        assert_eq!(tipo_plantilla(TipoOt::Reprogramacion, None), 5);
        assert_eq!(tipo_plantilla(TipoOt::Inicial, Some(3)), 5);
    }

    #[test]
    fn initial_steps_are_active_templates_of_the_type_in_id_order_all_pending() {
        let plantillas = [
            plantilla(7, 5, true),
            plantilla(3, 5, true),
            plantilla(4, 5, false),
            plantilla(5, 18, true),
        ];
        let pasos = pasos_iniciales(&plantillas, 5, |_| Uuid::new_v4());
        let ids: Vec<i64> = pasos.iter().map(|p| p.id_paso).collect();
        assert_eq!(ids, [3, 7]);
        assert!(
            pasos
                .iter()
                .all(|p| p.estatus_paso == EstatusPaso::Pendiente)
        );
    }

    #[test]
    fn the_offices_order_comes_first_then_unordered_templates_by_id() {
        let mut plantillas = [
            plantilla(3, 5, true),
            plantilla(7, 5, true),
            plantilla(9, 5, true),
        ];
        plantillas[1].orden = Some(1);
        plantillas[2].orden = Some(2);
        let pasos = pasos_iniciales(&plantillas, 5, |_| Uuid::new_v4());
        let ids: Vec<i64> = pasos.iter().map(|p| p.id_paso).collect();
        assert_eq!(ids, [7, 9, 3]);
    }
}
