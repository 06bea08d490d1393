//! Anexo C items (a work order's current ones, or one import's) as a workbook.

use ote_shared::api::PartidaAnexo;
use rust_decimal::Decimal;

use super::xlsx::{Cell, Sheet, workbook};

/// `rows` as an .xlsx file: quantities and unit prices and amounts in their currencies.
pub fn write(rows: &[PartidaAnexo]) -> std::io::Result<Vec<u8>> {
    let money = |value: Option<Decimal>, cell: fn(Decimal) -> Cell| value.map_or(Cell::Empty, cell);
    let sheet = Sheet {
        name: "Anexo C".into(),
        columns: vec![
            ("Partida", 10),
            ("Descripción", 50),
            ("Unidad", 10),
            ("Cantidad", 12),
            ("P.U. M.N.", 16),
            ("P.U. USD", 16),
            ("Importe M.N.", 18),
            ("Importe USD", 18),
            ("Hoja", 14),
            ("Fila", 8),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::from(r.partida.as_str()),
                    Cell::from(r.descripcion.as_str()),
                    Cell::from(r.unidad.as_str()),
                    money(r.cantidad, Cell::Number),
                    money(r.precio_unitario_mxn, Cell::Mxn),
                    money(r.precio_unitario_usd, Cell::Usd),
                    money(r.importe_mxn, Cell::Mxn),
                    money(r.importe_usd, Cell::Usd),
                    Cell::from(r.hoja.as_str()),
                    Cell::Int(r.fila.into()),
                ]
            })
            .collect(),
    };
    workbook(&[sheet])
}
