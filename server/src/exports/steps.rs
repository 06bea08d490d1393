//! One work order's steps and progress as a workbook: a sheet with the work order, one with its
//! steps.

use ote_shared::api::{Catalogos, OrdenTrabajoVista};

use super::xlsx::{Cell, Sheet, workbook};

/// `ot`'s header and steps as an .xlsx file, named with `catalogos`.
pub fn write(ot: &OrdenTrabajoVista, catalogos: &Catalogos) -> std::io::Result<Vec<u8>> {
    let o = &ot.orden;
    let estatus = |id: i16| {
        catalogos
            .estatus_paso
            .iter()
            .find(|e| e.id == i64::from(id))
            .map(|e| e.descripcion.clone())
    };
    let header = Sheet {
        name: "OT".into(),
        columns: vec![("Dato", 24), ("Valor", 50)],
        rows: vec![
            vec!["Folio".into(), o.orden_trabajo.as_str().into()],
            vec!["Oficio".into(), o.oficio_ot.as_str().into()],
            vec!["Descripción".into(), o.descripcion_trabajo.as_str().into()],
            vec![
                "Inicio programado".into(),
                o.fecha_inicio_programado.map_or(Cell::Empty, Cell::Date),
            ],
            vec![
                "Término programado".into(),
                o.fecha_termino_programado.map_or(Cell::Empty, Cell::Date),
            ],
            vec!["Monto M.N.".into(), Cell::Mxn(o.monto_mxn)],
            vec!["Monto USD".into(), Cell::Usd(o.monto_usd)],
            vec!["Avance".into(), Cell::Percent(o.progreso)],
        ],
    };
    let steps = Sheet {
        name: "Pasos".into(),
        columns: vec![
            ("Paso", 40),
            ("Estatus", 14),
            ("Fecha de entrega", 12),
            ("Inicio", 12),
            ("Término", 12),
            ("Comentario", 50),
            ("Archivo", 30),
        ],
        rows: ot
            .pasos
            .iter()
            .map(|p| {
                let paso = catalogos.pasos_plantilla.iter().find(|t| t.id == p.id_paso);
                vec![
                    Cell::from(paso.map(|t| t.descripcion.clone())),
                    Cell::from(estatus(p.estatus_paso)),
                    p.fecha_entrega.map_or(Cell::Empty, Cell::Date),
                    p.fecha_inicio.map_or(Cell::Empty, Cell::Date),
                    p.fecha_termino.map_or(Cell::Empty, Cell::Date),
                    Cell::from(p.comentario.as_str()),
                    Cell::from(p.archivo.as_ref().map(|a| a.nombre.clone())),
                ]
            })
            .collect(),
    };
    workbook(&[header, steps])
}
