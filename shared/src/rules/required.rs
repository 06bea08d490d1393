use super::{Code, Violation};
use crate::model::OrdenTrabajo;

/// Longest texts the seed's model stores.
const MAX_FOLIO: usize = 100;
const MAX_OFICIO: usize = 100;
const MAX_RESPONSABLE_CLIENTE: usize = 200;

/// Required fields (seed 001, "Required Fields"), the folio first, and the seed's lengths.
pub(super) fn check(ot: &OrdenTrabajo, out: &mut Vec<Violation>) {
    let blank = |s: &str| s.trim().is_empty();
    if blank(&ot.orden_trabajo) {
        out.push(Violation::new(Code::FolioRequerido, "orden_trabajo"));
    }
    if blank(&ot.oficio_ot) {
        out.push(Violation::new(Code::OficioRequerido, "oficio_ot"));
    }
    if blank(&ot.descripcion_trabajo) {
        out.push(Violation::new(
            Code::DescripcionRequerida,
            "descripcion_trabajo",
        ));
    }
    if ot.id_responsable_proyecto.is_none() {
        out.push(Violation::new(
            Code::ResponsableProyectoRequerido,
            "id_responsable_proyecto",
        ));
    }
    if blank(&ot.responsable_cliente) {
        out.push(Violation::new(
            Code::ResponsableClienteRequerido,
            "responsable_cliente",
        ));
    }
    for (field, value, max) in [
        ("orden_trabajo", &ot.orden_trabajo, MAX_FOLIO),
        ("oficio_ot", &ot.oficio_ot, MAX_OFICIO),
        (
            "responsable_cliente",
            &ot.responsable_cliente,
            MAX_RESPONSABLE_CLIENTE,
        ),
    ] {
        if value.chars().count() > max {
            let message = format!("El campo admite a lo más {max} caracteres");
            out.push(Violation::with_message(
                Code::TextoDemasiadoLargo,
                field,
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn run(ot: &OrdenTrabajo) -> Vec<Code> {
        let mut out = Vec::new();
        check(ot, &mut out);
        codes(&out)
    }

    #[test]
    fn complete_ot_passes() {
        assert!(run(&ot_valida()).is_empty());
    }

    #[test]
    fn missing_folio_comes_first() {
        let mut ot = ot_valida();
        ot.orden_trabajo = "  ".into();
        ot.oficio_ot.clear();
        assert_eq!(run(&ot), [Code::FolioRequerido, Code::OficioRequerido]);
    }

    #[test]
    fn each_required_field_has_its_code() {
        let mut ot = ot_valida();
        ot.descripcion_trabajo.clear();
        ot.id_responsable_proyecto = None;
        ot.responsable_cliente.clear();
        assert_eq!(
            run(&ot),
            [
                Code::DescripcionRequerida,
                Code::ResponsableProyectoRequerido,
                Code::ResponsableClienteRequerido
            ]
        );
    }

    #[test]
    fn folio_longer_than_100_characters_is_refused() {
        let mut ot = ot_valida();
        ot.orden_trabajo = "Ñ".repeat(100);
        assert!(run(&ot).is_empty());
        ot.orden_trabajo.push('x');
        assert_eq!(run(&ot), [Code::TextoDemasiadoLargo]);
    }
}
