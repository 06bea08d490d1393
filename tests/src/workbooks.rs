//! Anexo C workbooks and MS Project XML schedules made for the import tests and the import
//! benchmark, with what an import of each must find.

use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};

/// The one-row Anexo C header, both currencies.
const HEADER: [&str; 8] = [
    "PARTIDA",
    "DESCRIPCIÓN",
    "UNIDAD",
    "CANTIDAD",
    "P.U. M.N.",
    "P.U. USD",
    "IMPORTE M.N.",
    "IMPORTE USD",
];

/// What importing a generated Anexo C must give.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// Items.
    pub partidas: usize,
    /// Sum of the pesos amounts.
    pub importe_mxn: Decimal,
    /// Sum of the dollar amounts.
    pub importe_usd: Decimal,
}

/// One item as written.
struct Item {
    partida: String,
    descripcion: String,
    cantidad: Decimal,
    mxn: Option<Decimal>,
    usd: Option<Decimal>,
}

fn num(d: Decimal) -> f64 {
    d.to_string().parse().expect("a decimal prints as a number")
}

/// A realistic Anexo C: a cover sheet, a sheet with merged titles above a one-row header,
/// sections, subtotals and a total (formulas with their results), notes and a date below; and
/// a sheet whose merged "PRECIO UNITARIO" / "IMPORTE" titles have a currency row under them.
/// `per_section` items in each of the two sections of the first sheet.
pub fn anexo(per_section: usize) -> (Vec<u8>, Expected) {
    let mut book = Workbook::new();
    let cover = book.add_worksheet().set_name("Portada").unwrap();
    cover.write(0, 0, "ANEXO C").unwrap();
    cover
        .write(
            2,
            0,
            "Catálogo de conceptos — Mantenimiento a ductos submarinos",
        )
        .unwrap();

    let mut all = Vec::new();
    let buceo = book.add_worksheet().set_name("Buceo").unwrap();
    let items = one_row_header_sheet(buceo, per_section).unwrap();
    all.extend(items);
    let rov = book.add_worksheet().set_name("ROV").unwrap();
    all.extend(currency_row_sheet(rov).unwrap());
    let bytes = book.save_to_buffer().unwrap();
    let sum = |f: fn(&Item) -> Option<Decimal>| {
        all.iter()
            .filter_map(|i| f(i).map(|p| p * i.cantidad))
            .sum()
    };
    let expected = Expected {
        partidas: all.len(),
        importe_mxn: sum(|i| i.mxn),
        importe_usd: sum(|i| i.usd),
    };
    (bytes, expected)
}

fn section(letter: &str, n: usize) -> Vec<Item> {
    (1..=n)
        .map(|i| Item {
            partida: format!("{letter}.{i}"),
            descripcion: format!(
                "Inspección submarina con ROV del ducto «L-{i}» de 12\" — señalización"
            ),
            cantidad: Decimal::from(i as i64 % 7 + 1),
            mxn: Some(Decimal::new(100_025 + i as i64 * 37, 2)),
            usd: (i % 3 == 0).then(|| Decimal::new(5_010 + i as i64, 2)),
        })
        .collect()
}

/// Writes items from `row` on; returns the next free row.
fn write_items(sheet: &mut Worksheet, mut row: u32, items: &[Item]) -> Result<u32, XlsxError> {
    for item in items {
        sheet.write(row, 0, &item.partida)?;
        sheet.write(row, 1, &item.descripcion)?;
        sheet.write(row, 2, "JOR")?;
        sheet.write(row, 3, num(item.cantidad))?;
        let excel_row = row + 1;
        for (col, price) in [(4u16, item.mxn), (5, item.usd)] {
            if let Some(p) = price {
                sheet.write(row, col, num(p))?;
                let amount = Formula::new(format!(
                    "=D{excel_row}*{}{excel_row}",
                    (b'A' + col as u8) as char
                ))
                .set_result((p * item.cantidad).to_string());
                sheet.write_formula(row, col + 2, amount)?;
            }
        }
        row += 1;
    }
    Ok(row)
}

fn total_row(
    sheet: &mut Worksheet,
    row: u32,
    label: &str,
    items: &[Item],
) -> Result<(), XlsxError> {
    sheet.write(row, 1, label)?;
    for (col, f) in [
        (6u16, (|i: &Item| i.mxn) as fn(&Item) -> Option<Decimal>),
        (7, |i: &Item| i.usd),
    ] {
        let sum: Decimal = items
            .iter()
            .filter_map(|i| f(i).map(|p| p * i.cantidad))
            .sum();
        let letter = (b'A' + col as u8) as char;
        sheet.write_formula(
            row,
            col,
            Formula::new(format!("=SUM({letter}1:{letter}{row})")).set_result(sum.to_string()),
        )?;
    }
    Ok(())
}

fn one_row_header_sheet(sheet: &mut Worksheet, per_section: usize) -> Result<Vec<Item>, XlsxError> {
    let title = Format::new().set_bold();
    sheet.merge_range(
        0,
        0,
        0,
        7,
        "ANEXO C — CATÁLOGO DE CONCEPTOS Y PRECIOS UNITARIOS",
        &title,
    )?;
    sheet.merge_range(1, 0, 1, 7, "Contrato 428218-ÑU · Plataforma Akal-C", &title)?;
    for (col, h) in HEADER.iter().enumerate() {
        sheet.write_with_format(3, col as u16, *h, &title)?;
    }
    let a = section("A", per_section);
    let b = section("B", per_section);
    sheet.write(4, 0, "A")?;
    sheet.write(4, 1, "TRABAJOS DE BUCEO")?;
    let mut row = write_items(sheet, 5, &a)?;
    total_row(sheet, row, "SUBTOTAL BUCEO", &a)?;
    sheet.write(row + 1, 0, "B")?;
    sheet.write(row + 1, 1, "TRABAJOS CON ROV")?;
    row = write_items(sheet, row + 2, &b)?;
    total_row(sheet, row, "Sub total ROV", &b)?;
    let both: Vec<Item> = a.into_iter().chain(b).collect();
    total_row(sheet, row + 1, "TOTAL", &both)?;
    sheet.write(row + 3, 0, "Notas: precios sin IVA.")?;
    sheet.write(row + 4, 0, "Elaboró")?;
    let date = ExcelDateTime::from_ymd(2026, 11, 2)?;
    sheet.write_datetime_with_format(
        row + 4,
        1,
        &date,
        &Format::new().set_num_format("yyyy-mm-dd"),
    )?;
    Ok(both)
}

fn currency_row_sheet(sheet: &mut Worksheet) -> Result<Vec<Item>, XlsxError> {
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 7, "PARTIDAS ADICIONALES", &bold)?;
    for (col, h) in ["CLAVE", "CONCEPTO", "U.M.", "CANT."].iter().enumerate() {
        sheet.write_with_format(2, col as u16, *h, &bold)?;
    }
    sheet.merge_range(2, 4, 2, 5, "PRECIO UNITARIO", &bold)?;
    sheet.merge_range(2, 6, 2, 7, "IMPORTE", &bold)?;
    for (col, h) in ["M.N.", "DLLS", "M.N.", "DLLS"].iter().enumerate() {
        sheet.write_with_format(3, col as u16 + 4, *h, &bold)?;
    }
    let items = vec![
        Item {
            partida: "C-1".into(),
            descripcion: "Limpieza de ánodos".into(),
            cantidad: Decimal::new(25, 1),
            mxn: Some(Decimal::new(100_010, 2)),
            usd: None,
        },
        Item {
            partida: "C-2".into(),
            descripcion: "Embarcación de apoyo (día)".into(),
            cantidad: Decimal::from(3),
            mxn: None,
            usd: Some(Decimal::new(1_234_567, 2)),
        },
    ];
    write_items(sheet, 4, &items)?;
    Ok(items)
}

/// One sheet, `rows` items under a header, formatted as offices format an Anexo C (borders,
/// money and quantity formats), amounts stated as values: the benchmark file.
pub fn big_anexo(rows: u32) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Partidas").unwrap();
    let border = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let header_format = border.clone().set_bold().set_background_color("#D9E1F2");
    let money = border.clone().set_num_format("#,##0.00");
    let quantity = border.clone().set_num_format("0.00");
    for (col, h) in HEADER.iter().enumerate() {
        sheet
            .write_with_format(0, col as u16, *h, &header_format)
            .unwrap();
    }
    for r in 1..=rows {
        let cantidad = (r % 9 + 1) as f64;
        let mxn = 1_000.0 + (r % 1000) as f64 + 0.25;
        let usd = 50.0 + (r % 100) as f64 + 0.5;
        sheet
            .write_with_format(r, 0, format!("{}.{}", r / 100 + 1, r % 100), &border)
            .unwrap();
        sheet
            .write_with_format(
                r,
                1,
                format!("Concepto de mantenimiento submarino número {r}"),
                &border,
            )
            .unwrap();
        sheet.write_with_format(r, 2, "PZA", &border).unwrap();
        sheet.write_with_format(r, 3, cantidad, &quantity).unwrap();
        sheet.write_with_format(r, 4, mxn, &money).unwrap();
        sheet.write_with_format(r, 5, usd, &money).unwrap();
        sheet
            .write_with_format(r, 6, cantidad * mxn, &money)
            .unwrap();
        sheet
            .write_with_format(r, 7, cantidad * usd, &money)
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// One task of a generated schedule: `(uid, outline level, name, start day, days, predecessors
/// as (uid, MSPDI type code, lag in tenths of a minute))`.
pub type TaskSpec<'a> = (i64, i32, &'a str, u32, u32, &'a [(i64, u8, i64)]);

/// An MSPDI file with these tasks, starting on 2026-01-05 at 08:00 (days are 8 h).
pub fn mspdi(tasks: &[TaskSpec<'_>]) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\
         <Name>Cronograma</Name><Tasks><Task><UID>0</UID><ID>0</ID><Name>Proyecto</Name><OutlineLevel>0</OutlineLevel></Task>",
    );
    for (i, (uid, level, name, day, days, preds)) in tasks.iter().enumerate() {
        let from = start + chrono::Days::new(u64::from(*day));
        let to = from + chrono::Days::new(u64::from(days.saturating_sub(1)));
        xml.push_str(&format!(
            "<Task><UID>{uid}</UID><ID>{}</ID><Name>{name}</Name><WBS>{}</WBS><OutlineLevel>{level}</OutlineLevel>\
             <Start>{from}T08:00:00</Start><Finish>{to}T17:00:00</Finish><Duration>PT{}H0M0S</Duration>\
             <PercentComplete>{}</PercentComplete><Milestone>{}</Milestone>",
            i + 1,
            i + 1,
            days * 8,
            (uid * 10) % 101,
            u8::from(*days == 0),
        ));
        for (p, tipo, lag) in *preds {
            xml.push_str(&format!(
                "<PredecessorLink><PredecessorUID>{p}</PredecessorUID><Type>{tipo}</Type><LinkLag>{lag}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
            ));
        }
        xml.push_str("</Task>");
    }
    xml.push_str("</Tasks></Project>");
    xml
}

/// The small Anexo C of [`anexo_ods`] and [`anexo_xls`]: `(partida, descripción, cantidad,
/// precio M.N.)`, under a title row and a header, with a TOTAL row after them.
pub const SMALL_ANEXO: [(&str, &str, f64, f64); 3] = [
    ("1.1", "Buceo con aire — inspección", 3.0, 1500.5),
    ("1.2", "Limpieza de ánodos", 12.5, 80.25),
    ("2.1", "Embarcación de apoyo (día)", 2.0, 98765.43),
];

/// An importe as a contract states it: to the cent, half away from zero (Excel's `ROUND`).
pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The importes of [`SMALL_ANEXO`], to the cent.
pub fn small_anexo_importes() -> Vec<Decimal> {
    SMALL_ANEXO
        .iter()
        .map(|(_, _, q, p)| {
            cents(
                q.to_string().parse::<Decimal>().unwrap()
                    * p.to_string().parse::<Decimal>().unwrap(),
            )
        })
        .collect()
}

/// The pesos total of [`SMALL_ANEXO`].
pub fn small_anexo_total() -> Decimal {
    small_anexo_importes().into_iter().sum()
}

/// An Anexo C of `rows` items whose importes are stated to the cent (`=ROUND(D*E,2)`, with
/// quantities to the thousandth so most products have more decimals, some ending in a half
/// cent) under a `TOTAL` row (`=SUM(...)`); and that total, which the import must store to the
/// cent.
pub fn cents_anexo(rows: u32) -> (Vec<u8>, Decimal) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Partidas").unwrap();
    for (col, h) in HEADER.iter().enumerate() {
        sheet.write(0, col as u16, *h).unwrap();
    }
    let mut total = Decimal::ZERO;
    for i in 0..rows {
        let row = i + 1;
        let cantidad = Decimal::new(1_000 + i64::from(i * 37 % 9_000), 3);
        let precio = Decimal::new(1_000 + i64::from(i * 7_919 % 900_000), 2);
        let importe = cents(cantidad * precio);
        total += importe;
        sheet.write(row, 0, format!("P-{row}")).unwrap();
        sheet.write(row, 1, "Concepto de obra").unwrap();
        sheet.write(row, 2, "PZA").unwrap();
        sheet.write(row, 3, num(cantidad)).unwrap();
        sheet.write(row, 4, num(precio)).unwrap();
        let excel_row = row + 1;
        let formula = Formula::new(format!("=ROUND(D{excel_row}*E{excel_row},2)"))
            .set_result(importe.to_string());
        sheet.write_formula(row, 6, formula).unwrap();
    }
    let last = rows + 1;
    sheet.write(last, 1, "TOTAL").unwrap();
    let sum = Formula::new(format!("=SUM(G2:G{last})")).set_result(total.to_string());
    sheet.write_formula(last, 6, sum).unwrap();
    (book.save_to_buffer().unwrap(), total)
}

/// [`SMALL_ANEXO`] as an OpenDocument spreadsheet, written by hand (nothing in Rust writes
/// .ods): a zip with the mimetype first and stored, the manifest and the content.
pub fn anexo_ods() -> Vec<u8> {
    use std::io::Write;
    let cell = |v: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>"
        )
    };
    let number = |v: f64| {
        format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>"
        )
    };
    let row = |cells: Vec<String>| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let mut rows = vec![
        row(vec![cell("ANEXO C — PARTIDAS")]),
        row(vec![
            cell("PARTIDA"),
            cell("DESCRIPCIÓN"),
            cell("UNIDAD"),
            cell("CANTIDAD"),
            cell("P.U. M.N."),
            cell("IMPORTE M.N."),
        ]),
    ];
    for ((p, d, q, pu), importe) in SMALL_ANEXO.iter().zip(small_anexo_importes()) {
        rows.push(row(vec![
            cell(p),
            cell(d),
            cell("JOR"),
            number(*q),
            number(*pu),
            number(num(importe)),
        ]));
    }
    let total: f64 = small_anexo_total().to_string().parse().unwrap();
    rows.push(row(vec![
        cell(""),
        cell("TOTAL"),
        cell(""),
        cell(""),
        cell(""),
        number(total),
    ]));
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Partidas\">{}</table:table>\
         </office:spreadsheet></office:body></office:document-content>",
        rows.concat()
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
        xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

/// [`SMALL_ANEXO`] as a legacy .xls (BIFF8), written by Python's xlwt, which the test command
/// installs into `.local/py`.
pub fn anexo_xls() -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = crate::env::temp_dir("xls").join("anexo.xls");
    let rows: Vec<String> = SMALL_ANEXO
        .iter()
        .map(|(p, d, q, pu)| format!("({p:?}, {d:?}, {q}, {pu})"))
        .collect();
    let script = format!(
        "import sys, xlwt\n\
         wb = xlwt.Workbook(encoding='utf-8')\n\
         ws = wb.add_sheet('Partidas')\n\
         ws.write_merge(0, 0, 0, 5, 'ANEXO C — PARTIDAS')\n\
         for c, h in enumerate(['PARTIDA', 'DESCRIPCIÓN', 'UNIDAD', 'CANTIDAD', 'P.U. M.N.', 'IMPORTE M.N.']): ws.write(2, c, h)\n\
         rows = [{}]\n\
         for i, (p, d, q, pu) in enumerate(rows):\n\
         \x20   ws.write(3 + i, 0, p); ws.write(3 + i, 1, d); ws.write(3 + i, 2, 'JOR')\n\
         \x20   ws.write(3 + i, 3, q); ws.write(3 + i, 4, pu); ws.write(3 + i, 5, xlwt.Formula('D%d*E%d' % (4 + i, 4 + i)))\n\
         wb.save(sys.argv[1])\n",
        rows.join(", ")
    );
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .env("PYTHONPATH", root.join(".local/py"))
        .status()
        .expect("python3 runs");
    assert!(
        status.success(),
        "xlwt wrote the .xls (the test command installs it into .local/py)"
    );
    std::fs::read(out).unwrap()
}

/// The sheet `name` of the .xlsx `bytes`, as calamine reads it.
pub fn read_sheet(bytes: Vec<u8>, name: &str) -> calamine::Range<calamine::Data> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an .xlsx file");
    calamine::Reader::worksheet_range(&mut book, name).expect("the sheet")
}

/// A numeric cell's value as a decimal, from the digits calamine read.
pub fn cell_decimal(cell: &calamine::Data) -> Decimal {
    match cell {
        calamine::Data::Float(f) => f.to_string().parse().expect("a number"),
        calamine::Data::Int(i) => Decimal::from(*i),
        other => panic!("a number, not {other:?}"),
    }
}
