//! The imported Anexo C items back as an Excel workbook, for the office to work on.

use ote_shared::api::PartidaAnexo;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sqlx::PgPool;

use super::read;

const HEADERS: [&str; 10] = [
    "Partida",
    "Descripción",
    "Unidad",
    "Cantidad",
    "P.U. M.N.",
    "P.U. USD",
    "Importe M.N.",
    "Importe USD",
    "Hoja",
    "Fila",
];

/// The work order's current Anexo C items as an .xlsx file (an empty table when there are none).
pub async fn anexo_workbook(pool: &PgPool, work_order_id: i64) -> anyhow::Result<Vec<u8>> {
    let rows = read::anexo_items(pool, work_order_id).await?;
    Ok(write(&rows)?)
}

/// Anexo C items (a work order's, or one import's) as an .xlsx file.
pub fn write(rows: &[PartidaAnexo]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Anexo C")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    for (col, title) in HEADERS.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write(row, 0, &r.partida)?;
        sheet.write(row, 1, &r.descripcion)?;
        sheet.write(row, 2, &r.unidad)?;
        // Excel stores numbers as doubles: 15 significant digits, plenty for money.
        let amounts = [
            r.cantidad,
            r.precio_unitario_mxn,
            r.precio_unitario_usd,
            r.importe_mxn,
            r.importe_usd,
        ];
        for (col, value) in amounts.iter().enumerate() {
            if let Some(v) = value.and_then(|v| v.to_f64()) {
                sheet.write_number_with_format(row, col as u16 + 3, v, &money)?;
            }
        }
        sheet.write(row, 8, &r.hoja)?;
        sheet.write(row, 9, r.fila)?;
    }
    sheet.autofilter(0, 0, rows.len() as u32, HEADERS.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
