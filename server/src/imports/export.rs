//! The imported Anexo C items back as an Excel workbook, for the office to work on.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sqlx::PgPool;

use super::read::LATEST_ANEXO;

type ItemRow = (
    String,
    String,
    String,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    String,
    i32,
);

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
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT partida, descripcion, unidad, cantidad, precio_unitario_mxn, precio_unitario_usd,
                importe_mxn, importe_usd, hoja, fila
         FROM anexo_items
         WHERE import_id = ({LATEST_ANEXO})
         ORDER BY orden"
    ))
    .bind(work_order_id)
    .fetch_all(pool)
    .await?;
    Ok(write(&rows)?)
}

fn write(rows: &[ItemRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Anexo C")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    for (col, title) in HEADERS.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write(row, 0, &r.0)?;
        sheet.write(row, 1, &r.1)?;
        sheet.write(row, 2, &r.2)?;
        // Excel stores numbers as doubles: 15 significant digits, plenty for money.
        for (col, value) in [r.3, r.4, r.5, r.6, r.7].iter().enumerate() {
            if let Some(v) = value.and_then(|v| v.to_f64()) {
                sheet.write_number_with_format(row, col as u16 + 3, v, &money)?;
            }
        }
        sheet.write(row, 8, &r.8)?;
        sheet.write(row, 9, r.9)?;
    }
    sheet.autofilter(0, 0, rows.len() as u32, HEADERS.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
