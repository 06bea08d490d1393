//! Reads any workbook calamine knows (.xlsx, .xlsm, .xlsb, .xls, .ods) row by row.
//!
//! xlsx and xlsb are streamed cell by cell: calamine's whole-sheet reader allocates the sheet's
//! bounding box, so one cell at XFD1048576 would ask for hundreds of GB (calamine issue 693).
//! Only the first [`MAX_COLUMNS`] columns are kept, and rows are handed over one at a time.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Sheets};

use super::{ImportError, zip_guard};

/// Columns beyond this are never part of an Anexo C table.
pub const MAX_COLUMNS: u32 = 64;

/// A cell value as the importers need it; text borrows the workbook's shared strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A whole number.
    Int(i64),
    /// Any other number, as the file stores it (the shortest decimal that reads back the same).
    Number(f64),
    /// Text.
    Text(Cow<'a, str>),
    /// A date, time or duration, as text.
    Date(String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

/// One non-empty row: its number as the spreadsheet shows it (1-based) and its non-empty
/// cells by 0-based column, in column order.
#[derive(Debug, Default, Clone)]
pub struct Row<'a> {
    /// 1-based row number.
    pub number: u32,
    /// Non-empty cells, `(column, value)`.
    pub cells: Vec<(u32, Value<'a>)>,
}

/// What receives a workbook's rows.
pub trait SheetVisitor {
    /// A worksheet starts; `declared_rows` is what the sheet says it spans (for progress).
    fn begin_sheet(&mut self, name: &str, declared_rows: u64);
    /// The next non-empty row of the current sheet; `Ok(false)` skips the rest of the sheet.
    fn row(&mut self, row: &Row<'_>) -> Result<bool, ImportError>;
}

/// Reads every worksheet of `bytes` into `visitor`. A zip-based workbook is checked first with
/// [`zip_guard::check`] against `max_inflated` bytes.
pub fn visit(
    bytes: &[u8],
    max_inflated: u64,
    visitor: &mut impl SheetVisitor,
) -> Result<(), ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        zip_guard::check(bytes, max_inflated)?;
    } else if !bytes.starts_with(&super::OLE_MAGIC) {
        return Err(ImportError::UnsupportedType(
            "El archivo no es un libro de Excel u OpenDocument (.xlsx, .xlsm, .xlsb, .xls, .ods)"
                .into(),
        ));
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ImportError::Corrupt(e.to_string()))?;
    for name in book.sheet_names() {
        match &mut book {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, visitor)?,
            Sheets::Xlsb(x) => stream_xlsb(x, &name, visitor)?,
            Sheets::Xls(_) | Sheets::Ods(_) => whole_sheet(&mut book, &name, visitor)?,
        }
    }
    Ok(())
}

fn corrupt(e: impl std::fmt::Display) -> ImportError {
    ImportError::Corrupt(e.to_string())
}

fn stream_xlsx(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    visitor: &mut impl SheetVisitor,
) -> Result<(), ImportError> {
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        // Chart sheets and dialog sheets have no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(corrupt(e)),
    };
    let rows = declared_rows(cells.dimensions());
    stream(name, rows, || cells.next_cell().map_err(corrupt), visitor)
}

fn stream_xlsb(
    book: &mut calamine::Xlsb<Cursor<&[u8]>>,
    name: &str,
    visitor: &mut impl SheetVisitor,
) -> Result<(), ImportError> {
    let mut cells = book.worksheet_cells_reader(name).map_err(corrupt)?;
    let rows = declared_rows(cells.dimensions());
    stream(name, rows, || cells.next_cell().map_err(corrupt), visitor)
}

/// Hands a sheet's cells, as `next_cell` yields them, to `visitor` row by row.
fn stream<'a>(
    name: &str,
    declared_rows: u64,
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, ImportError>,
    visitor: &mut impl SheetVisitor,
) -> Result<(), ImportError> {
    visitor.begin_sheet(name, declared_rows);
    // One row's buffer for the whole sheet: 100,000 rows, no allocation per row.
    let mut rows = RowAssembler::default();
    while let Some(cell) = next_cell()? {
        if !rows.push(cell.get_position(), from_ref(cell.get_value()), visitor)? {
            return Ok(());
        }
    }
    rows.finish(visitor).map(drop)
}

/// .xls and .ods have no cell streamer; their size is bounded by the upload limit and the zip
/// check (.ods) or the format's own 65,536 × 256 grid (.xls).
fn whole_sheet(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    visitor: &mut impl SheetVisitor,
) -> Result<(), ImportError> {
    let range = book.worksheet_range(name).map_err(corrupt)?;
    let Some((first_row, first_col)) = range.start() else {
        visitor.begin_sheet(name, 0);
        return Ok(());
    };
    visitor.begin_sheet(name, range.height() as u64);
    for (i, cells) in range.rows().enumerate() {
        let cells: Vec<(u32, Value<'_>)> = cells
            .iter()
            .enumerate()
            .map(|(j, v)| (first_col + j as u32, v))
            .filter(|(col, _)| *col < MAX_COLUMNS)
            .filter_map(|(col, v)| from_data(v).map(|v| (col, v)))
            .collect();
        let row = Row {
            number: first_row + i as u32 + 1,
            cells,
        };
        if !row.cells.is_empty() && !visitor.row(&row)? {
            break;
        }
    }
    Ok(())
}

fn declared_rows(d: calamine::Dimensions) -> u64 {
    if d.end.0 < d.start.0 {
        0
    } else {
        u64::from(d.end.0 - d.start.0) + 1
    }
}

/// Groups a stream of cells (in row order, as sheets store them) into rows.
#[derive(Default)]
struct RowAssembler<'a> {
    /// The row being filled; no cells before the first.
    current: Row<'a>,
}

impl<'a> RowAssembler<'a> {
    /// Adds a cell; `Ok(false)` when the visitor wants no more of this sheet.
    fn push(
        &mut self,
        (row, col): (u32, u32),
        value: Option<Value<'a>>,
        visitor: &mut impl SheetVisitor,
    ) -> Result<bool, ImportError> {
        let Some(value) = value.filter(|_| col < MAX_COLUMNS) else {
            return Ok(true);
        };
        let number = row + 1;
        if self.current.number != number {
            if !self.finish(visitor)? {
                return Ok(false);
            }
            self.current.number = number;
        }
        self.current.cells.push((col, value));
        Ok(true)
    }

    /// Hands the row over, if it has cells, and empties it.
    fn finish(&mut self, visitor: &mut impl SheetVisitor) -> Result<bool, ImportError> {
        if self.current.cells.is_empty() {
            return Ok(true);
        }
        self.current.cells.sort_by_key(|(col, _)| *col);
        let more = visitor.row(&self.current);
        self.current.cells.clear();
        more
    }
}

fn from_ref<'a>(v: &DataRef<'a>) -> Option<Value<'a>> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => Value::Int(*i),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::Text(Cow::Owned(text(s)?.to_owned())),
        DataRef::SharedString(s) => Value::Text(Cow::Borrowed(text(s)?)),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Date(excel_date(d)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

fn from_data(v: &Data) -> Option<Value<'_>> {
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(Cow::Borrowed(text(s)?)),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(excel_date(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

/// Blank text is an empty cell.
fn text(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`, with the time when it has one;
/// a duration as `H:MM:SS`.
fn excel_date(d: &calamine::ExcelDateTime) -> String {
    let serial = d.as_f64();
    if d.is_duration() {
        let s = (serial * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60);
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .expect("valid date")
        .and_hms_opt(0, 0, 0)
        .expect("valid time");
    let seconds = (serial * 86_400.0).round() as i64;
    // A serial past chrono's range (a hostile file's) stays a number: never a panic.
    let shifted = chrono::TimeDelta::try_seconds(seconds).and_then(|s| epoch.checked_add_signed(s));
    match shifted {
        Some(t) if seconds % 86_400 == 0 => t.format("%Y-%m-%d").to_string(),
        Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => serial.to_string(),
    }
}
