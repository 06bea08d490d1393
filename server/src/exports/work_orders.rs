//! The work-order list, as filtered on screen, as a workbook: every column a planner reads, with
//! the catalogs' names instead of ids.

use ote_shared::api::{Catalogos, FilaOrden};

use super::xlsx::{Cell, Sheet, workbook};

/// `rows` as an .xlsx file, named with `catalogos`.
pub fn write(rows: &[FilaOrden], catalogos: &Catalogos) -> std::io::Result<Vec<u8>> {
    let sheet = Sheet {
        name: "Órdenes de trabajo".into(),
        columns: vec![
            ("Folio", 18),
            ("Oficio", 18),
            ("Tipo", 14),
            ("Reprogramación", 8),
            ("Descripción", 50),
            ("Estatus", 14),
            ("Cliente", 28),
            ("Frente", 18),
            ("Responsable del proyecto", 26),
            ("Sitios", 30),
            ("Inicio programado", 12),
            ("Término programado", 12),
            ("Monto M.N.", 18),
            ("Monto USD", 18),
            ("Avance", 10),
            ("Id", 8),
        ],
        rows: rows.iter().map(|r| row(r, catalogos)).collect(),
    };
    workbook(&[sheet])
}

fn row(r: &FilaOrden, c: &Catalogos) -> Vec<Cell> {
    let name = |items: &[ote_shared::model::Item], id: i64| {
        items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.descripcion.clone())
    };
    let sitios: Vec<&str> = r.sitios.iter().map(|s| s.descripcion.as_str()).collect();
    vec![
        Cell::from(r.orden_trabajo.as_str()),
        Cell::from(r.oficio_ot.as_str()),
        Cell::from(name(&c.tipos, r.id_tipo.into())),
        r.num_reprogramacion
            .map_or(Cell::Empty, |n| Cell::Int(n.into())),
        Cell::from(r.descripcion_trabajo.as_str()),
        Cell::from(name(&c.estatus_ot, r.id_estatus_ot.into())),
        Cell::from(
            r.id_cliente
                .and_then(|id| c.clientes.iter().find(|x| x.id == id))
                .map(|x| x.nombre.clone()),
        ),
        Cell::from(r.id_frente.and_then(|id| name(&c.frentes, id))),
        Cell::from(
            r.id_responsable_proyecto
                .and_then(|id| c.responsables_proyecto.iter().find(|x| x.id == id))
                .map(|x| x.nombre.clone()),
        ),
        Cell::from(sitios.join(", ")),
        r.fecha_inicio_programado.map_or(Cell::Empty, Cell::Date),
        r.fecha_termino_programado.map_or(Cell::Empty, Cell::Date),
        Cell::Mxn(r.monto_mxn),
        Cell::Usd(r.monto_usd),
        Cell::Percent(r.progreso),
        Cell::Int(r.id),
    ]
}
