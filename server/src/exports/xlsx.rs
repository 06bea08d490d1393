//! A workbook written cell by cell into SpreadsheetML, so an amount's digits go from its
//! `Decimal` straight into the file: `rust_xlsxwriter` takes every number as an `f64`, and the
//! exports promise amounts that never pass through a float. Dates are Excel's day numbers with
//! a date format; text is inline (no shared-strings table to keep).

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::Decimal;
use zip::write::SimpleFileOptions;

/// One cell's value and how it shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A quantity, with two decimals shown.
    Number(Decimal),
    /// Mexican pesos.
    Mxn(Decimal),
    /// US dollars.
    Usd(Decimal),
    /// A percentage given in percent (`37.5` shows as 37.5 %).
    Percent(Decimal),
    /// A day.
    Date(NaiveDate),
    /// A day and time (in the time zone the caller chose).
    DateTime(NaiveDateTime),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// One worksheet: a bold header row (frozen, with a filter) and its rows.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The tab's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// The column titles, with each column's width in characters.
    pub columns: Vec<(&'static str, u8)>,
    /// The rows under the header.
    pub rows: Vec<Vec<Cell>>,
}

// The styles' indexes in `STYLES`' cellXfs.
const BOLD: u8 = 1;
const NUMBER: u8 = 2;
const MXN: u8 = 3;
const USD: u8 = 4;
const DATE: u8 = 5;
const DATE_TIME: u8 = 6;
const PERCENT: u8 = 7;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="5"><numFmt numFmtId="164" formatCode="&quot;$&quot;#,##0.00"/><numFmt numFmtId="165" formatCode="&quot;US$&quot;#,##0.00"/><numFmt numFmtId="166" formatCode="dd/mm/yyyy"/><numFmt numFmtId="167" formatCode="dd/mm/yyyy hh:mm"/><numFmt numFmtId="168" formatCode="0.0&quot; %&quot;"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// The workbook holding `sheets`, in that order, as the bytes of an .xlsx file.
pub fn workbook(sheets: &[Sheet]) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let mut file = |name: &str, body: &str| -> std::io::Result<()> {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())
    };
    file("[Content_Types].xml", &content_types(sheets.len()))?;
    file("_rels/.rels", ROOT_RELS)?;
    file("xl/workbook.xml", &workbook_xml(sheets))?;
    file("xl/_rels/workbook.xml.rels", &workbook_rels(sheets.len()))?;
    file("xl/styles.xml", STYLES)?;
    for (i, sheet) in sheets.iter().enumerate() {
        file(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &sheet_xml(sheet),
        )?;
    }
    Ok(zip.finish()?.into_inner())
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn content_types(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    );
    for i in 1..=sheets {
        s.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
    }
    s.push_str("</Types>");
    s
}

fn workbook_xml(sheets: &[Sheet]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    for (i, sheet) in sheets.iter().enumerate() {
        let name: String = sheet
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        s.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(&name),
            n = i + 1
        ));
    }
    s.push_str("</sheets></workbook>");
    s
}

fn workbook_rels(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for i in 1..=sheets {
        s.push_str(&format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#));
    }
    s.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#, sheets + 1));
    s
}

fn sheet_xml(sheet: &Sheet) -> String {
    let last = column_name(sheet.columns.len().max(1) - 1);
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#,
    );
    for (i, (_, width)) in sheet.columns.iter().enumerate() {
        s.push_str(&format!(
            r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#,
            n = i + 1
        ));
    }
    s.push_str("</cols><sheetData>");
    let header: Vec<Cell> = sheet.columns.iter().map(|(t, _)| Cell::from(*t)).collect();
    push_row(&mut s, 0, &header, Some(BOLD));
    for (i, row) in sheet.rows.iter().enumerate() {
        push_row(&mut s, i + 1, row, None);
    }
    s.push_str(&format!(
        r#"</sheetData><autoFilter ref="A1:{last}{}"/></worksheet>"#,
        sheet.rows.len() + 1
    ));
    s
}

fn push_row(s: &mut String, index: usize, cells: &[Cell], style: Option<u8>) {
    s.push_str(&format!(r#"<row r="{}">"#, index + 1));
    for (col, cell) in cells.iter().enumerate() {
        let at = format!("{}{}", column_name(col), index + 1);
        push_cell(s, &at, cell, style);
    }
    s.push_str("</row>");
}

fn push_cell(s: &mut String, at: &str, cell: &Cell, style: Option<u8>) {
    let number = |s: &mut String, value: String, style: u8| {
        s.push_str(&format!(r#"<c r="{at}" s="{style}"><v>{value}</v></c>"#));
    };
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => s.push_str(&format!(
            r#"<c r="{at}" s="{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
            style.unwrap_or(0),
            escape(text)
        )),
        Cell::Int(n) => number(s, n.to_string(), style.unwrap_or(0)),
        Cell::Number(d) => number(s, d.normalize().to_string(), NUMBER),
        Cell::Mxn(d) => number(s, d.normalize().to_string(), MXN),
        Cell::Usd(d) => number(s, d.normalize().to_string(), USD),
        Cell::Percent(d) => number(s, d.normalize().to_string(), PERCENT),
        Cell::Date(d) => number(s, day_number(*d).to_string(), DATE),
        Cell::DateTime(t) => number(s, day_and_fraction(*t).to_string(), DATE_TIME),
    }
}

/// Excel's day number of `day` (1900 date system: day 0 is 1899-12-30, past its leap-year bug).
fn day_number(day: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date");
    (day - epoch).num_days()
}

/// The day number and the time as a fraction of the day, to the second, in decimal.
fn day_and_fraction(t: NaiveDateTime) -> Decimal {
    let seconds = Decimal::from(t.time().num_seconds_from_midnight());
    let fraction = (seconds / Decimal::from(86_400)).round_dp(10);
    (Decimal::from(day_number(t.date())) + fraction).normalize()
}

/// The letters of the zero-based column `index` (0 is A, 26 is AA).
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// `text` safe inside XML, without the control characters XML 1.0 forbids.
fn escape(text: &str) -> String {
    let allowed = |c: &char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    let clean: String = text.chars().filter(allowed).collect();
    html_escape::encode_double_quoted_attribute(&clean).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        let names: Vec<String> = [0, 25, 26, 27, 701, 702].map(column_name).into();
        assert_eq!(names, ["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    #[test]
    fn days_count_from_excels_epoch() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(day_number(day), 46360);
        let noon = day.and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(day_and_fraction(noon).to_string(), "46360.5");
    }

    #[test]
    fn an_amount_is_written_with_its_own_digits() {
        let mut s = String::new();
        let amount: Decimal = "12345678901234.57".parse().unwrap();
        push_cell(&mut s, "A2", &Cell::Mxn(amount), None);
        assert_eq!(s, r#"<c r="A2" s="3"><v>12345678901234.57</v></c>"#);
    }
}
