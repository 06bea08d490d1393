//! The activity log as a workbook.

use chrono::FixedOffset;
use ote_shared::api::EntradaActividad;

use super::xlsx::{Cell, Sheet, workbook};

/// `entradas` as an .xlsx file, with times at the offset `zone` (the reader's own: a workbook's
/// dates carry no zone).
pub fn write(entradas: &[EntradaActividad], zone: FixedOffset) -> std::io::Result<Vec<u8>> {
    let sheet = Sheet {
        name: "Actividad".into(),
        columns: vec![
            ("Fecha", 18),
            ("Usuario", 16),
            ("Acción", 22),
            ("Ruta", 48),
            ("Estado HTTP", 12),
            ("Dirección", 16),
            ("Dispositivo", 38),
            ("OT", 24),
        ],
        rows: entradas
            .iter()
            .map(|e| {
                vec![
                    Cell::DateTime(e.fecha.with_timezone(&zone).naive_local()),
                    Cell::from(e.usuario.clone()),
                    Cell::from(e.accion.etiqueta()),
                    Cell::from(e.ruta.as_str()),
                    Cell::Int(e.estado.into()),
                    Cell::from(e.direccion.as_str()),
                    Cell::from(e.dispositivo.clone()),
                    Cell::from(e.folios.join(", ")),
                ]
            })
            .collect(),
    };
    workbook(&[sheet])
}
