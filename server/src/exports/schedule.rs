//! A schedule version's tasks as a workbook, in outline order.

use ote_shared::api::TareaCronograma;

use super::xlsx::{Cell, Sheet, workbook};

/// `tareas` as an .xlsx file; a task's name is indented by its outline level.
pub fn write(tareas: &[TareaCronograma]) -> std::io::Result<Vec<u8>> {
    let sheet = Sheet {
        name: "Tareas".into(),
        columns: vec![
            ("Id", 6),
            ("EDT", 10),
            ("Nombre", 50),
            ("Inicio", 16),
            ("Fin", 16),
            ("Duración (h)", 12),
            ("% completado", 12),
            ("Hito", 6),
            ("Predecesoras", 20),
        ],
        rows: tareas
            .iter()
            .map(|t| {
                let indent = "  ".repeat(t.nivel.clamp(0, 20) as usize);
                let predecesoras: Vec<String> = t
                    .predecesoras
                    .iter()
                    .map(|p| format!("{}{}", p.uid, p.tipo))
                    .collect();
                vec![
                    t.id.map_or(Cell::Empty, |id| Cell::Int(id.into())),
                    Cell::from(t.wbs.as_str()),
                    Cell::from(format!("{indent}{}", t.nombre)),
                    t.inicio.map_or(Cell::Empty, Cell::DateTime),
                    t.fin.map_or(Cell::Empty, Cell::DateTime),
                    t.duracion_horas.map_or(Cell::Empty, Cell::Number),
                    t.porcentaje_completado.map_or(Cell::Empty, Cell::Percent),
                    Cell::from(if t.hito { "Sí" } else { "" }),
                    Cell::from(predecesoras.join(", ")),
                ]
            })
            .collect(),
    };
    workbook(&[sheet])
}
