//! Anexo C workbooks: the priced items of a work order. Every sheet with the Anexo C header is
//! read; title rows above the header, section headings, notes and signatures are passed over;
//! subtotal and total rows are checked against the items and not stored. A file with any bad
//! row imports nothing: each bad row is reported with its sheet, row number and reason.

mod amounts;
mod header;
mod rows;

use rust_decimal::Decimal;
use serde::Serialize;

use super::workbook::{self, Row, SheetVisitor};
use super::{ImportError, Limits, Progress, RowError};
use header::{Columns, Header};
use rows::{Line, Totals};

/// Bad rows kept in an import's record; a file with thousands of them needs fixing anyway.
const MAX_REPORTED_ERRORS: usize = 500;

/// Rows searched for the header at the top of each sheet.
const HEADER_SEARCH_ROWS: u32 = 100;

/// One priced item of the Anexo C. Amounts are exact; `importe_*` is cantidad × precio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnexoItem {
    /// Item key as the file shows it ("1.1", "C-23").
    pub partida: String,
    /// What the item is.
    pub descripcion: String,
    /// Unit of measure.
    pub unidad: String,
    /// Quantity.
    pub cantidad: Decimal,
    /// Unit price in pesos.
    pub precio_unitario_mxn: Option<Decimal>,
    /// Unit price in dollars.
    pub precio_unitario_usd: Option<Decimal>,
    /// Amount in pesos.
    pub importe_mxn: Option<Decimal>,
    /// Amount in dollars.
    pub importe_usd: Option<Decimal>,
    /// Worksheet.
    pub hoja: String,
    /// Row number as the spreadsheet shows it.
    pub fila: u32,
}

/// What a read Anexo C holds, besides its items.
#[derive(Debug, Default)]
pub struct Anexo {
    /// Items read.
    pub partidas: usize,
    /// Sum of the pesos amounts.
    pub importe_mxn: Decimal,
    /// Sum of the dollar amounts.
    pub importe_usd: Decimal,
    /// Sheets the items came from.
    pub hojas: Vec<String>,
    /// Sheets without the header (covers, summaries).
    pub hojas_omitidas: Vec<String>,
    /// Subtotal and total rows that were checked.
    pub totales_verificados: u32,
}

/// Items handed over at a time by [`parse_with`]: small enough that little is left to store
/// once the last row is read.
pub const BATCH: usize = 1_000;

/// Reads an Anexo C workbook (.xlsx, .xlsm, .xlsb, .xls, .ods), reporting rows read in
/// `progress`; every item, in sheet and row order.
pub fn parse(
    bytes: &[u8],
    limits: &Limits,
    progress: &Progress,
) -> Result<(Anexo, Vec<AnexoItem>), ImportError> {
    let mut items = Vec::new();
    let anexo = parse_with(bytes, limits, progress, |batch| {
        items.extend(batch);
        true
    })?;
    Ok((anexo, items))
}

/// [`parse`], handing the items to `on_items` in batches of [`BATCH`] as they are read (so
/// they can be stored while the rest is read); `on_items` returns false to stop. Items handed
/// over before an error are not valid: the caller discards them.
pub fn parse_with(
    bytes: &[u8],
    limits: &Limits,
    progress: &Progress,
    on_items: impl FnMut(Vec<AnexoItem>) -> bool,
) -> Result<Anexo, ImportError> {
    let mut reader = Reader {
        limits,
        progress,
        on_items,
        batch: Vec::with_capacity(BATCH),
        sheet_items: 0,
        anexo: Anexo::default(),
        errors: Vec::new(),
        error_count: 0,
        sheet: None,
        data_rows: 0,
        headers: 0,
        saw_cells: false,
    };
    workbook::visit(bytes, limits.max_inflated, &mut reader)?;
    reader.finish()
}

struct Reader<'a, F> {
    limits: &'a Limits,
    progress: &'a Progress,
    on_items: F,
    batch: Vec<AnexoItem>,
    sheet_items: usize,
    anexo: Anexo,
    errors: Vec<RowError>,
    error_count: usize,
    sheet: Option<Sheet>,
    data_rows: u64,
    headers: u32,
    saw_cells: bool,
}

struct Sheet {
    name: String,
    state: State,
    totals: Totals,
}

enum State {
    Searching,
    CurrencyRow(Header),
    Items(Columns),
}

impl<F: FnMut(Vec<AnexoItem>) -> bool> SheetVisitor for Reader<'_, F> {
    fn begin_sheet(&mut self, name: &str, declared_rows: u64) {
        self.close_sheet();
        self.progress.add_total(declared_rows);
        self.sheet = Some(Sheet {
            name: name.to_owned(),
            state: State::Searching,
            totals: Totals::default(),
        });
    }

    fn row(&mut self, row: &Row<'_>) -> Result<bool, ImportError> {
        self.saw_cells = true;
        self.progress.advance(1);
        let Some(sheet) = self.sheet.as_mut() else {
            return Ok(true);
        };
        match &mut sheet.state {
            State::Searching => {
                let Some(h) = header::detect(row) else {
                    return Ok(row.number <= HEADER_SEARCH_ROWS);
                };
                self.headers += 1;
                sheet.state = if h.needs_currency_row {
                    State::CurrencyRow(h)
                } else {
                    State::Items(h.columns)
                };
            }
            State::CurrencyRow(h) => {
                let mut h = h.clone();
                let consumed = h.apply_currency_row(row);
                sheet.state = State::Items(h.columns);
                if !consumed {
                    return self.data_row(row);
                }
            }
            State::Items(_) => return self.data_row(row),
        }
        Ok(true)
    }
}

impl<F: FnMut(Vec<AnexoItem>) -> bool> Reader<'_, F> {
    fn data_row(&mut self, row: &Row<'_>) -> Result<bool, ImportError> {
        self.data_rows += 1;
        if self.data_rows > self.limits.max_rows {
            return Err(ImportError::TooManyRows {
                limit: self.limits.max_rows,
            });
        }
        let sheet = self.sheet.as_mut().expect("rows come inside a sheet");
        let State::Items(columns) = &sheet.state else {
            unreachable!("data rows come after the header")
        };
        match rows::read(columns, row) {
            Ok(Line::Item(mut item)) => match sheet.totals.add(&item) {
                Ok(()) => {
                    item.hoja.clone_from(&sheet.name);
                    self.add(item)?;
                }
                Err(reason) => {
                    let name = sheet.name.clone();
                    self.report(&name, row.number, reason);
                }
            },
            Ok(Line::Total { kind, stated }) => {
                let checked = sheet.totals.check(kind, stated);
                self.anexo.totales_verificados += 1;
                if let Err(reason) = checked {
                    let name = sheet.name.clone();
                    self.report(&name, row.number, reason);
                }
            }
            Ok(Line::Other) => {}
            Err(reason) => {
                let name = sheet.name.clone();
                self.report(&name, row.number, reason);
            }
        }
        Ok(true)
    }

    fn add(&mut self, item: AnexoItem) -> Result<(), ImportError> {
        self.anexo.partidas += 1;
        self.anexo.importe_mxn += item.importe_mxn.unwrap_or_default();
        self.anexo.importe_usd += item.importe_usd.unwrap_or_default();
        self.sheet_items += 1;
        self.batch.push(item);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands the batch over unless a row was bad (then nothing will be stored anyway).
    fn flush(&mut self) -> Result<(), ImportError> {
        if self.error_count > 0 || self.batch.is_empty() {
            self.batch.clear();
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        if !(self.on_items)(batch) {
            return Err(ImportError::Internal("importación detenida".into()));
        }
        Ok(())
    }

    fn report(&mut self, hoja: &str, fila: u32, motivo: String) {
        self.error_count += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(RowError {
                hoja: hoja.to_owned(),
                fila,
                motivo,
            });
        }
    }

    fn close_sheet(&mut self) {
        if let Some(sheet) = self.sheet.take() {
            if std::mem::take(&mut self.sheet_items) > 0 {
                self.anexo.hojas.push(sheet.name);
            } else {
                self.anexo.hojas_omitidas.push(sheet.name);
            }
        }
    }

    fn finish(mut self) -> Result<Anexo, ImportError> {
        self.close_sheet();
        self.flush()?;
        if self.error_count > 0 {
            if self.error_count > self.errors.len() {
                let more = self.error_count - self.errors.len();
                self.errors.push(RowError {
                    hoja: String::new(),
                    fila: 0,
                    motivo: format!("y {more} filas más con errores"),
                });
            }
            return Err(ImportError::BadRows(self.errors));
        }
        if !self.saw_cells {
            return Err(ImportError::Empty);
        }
        if self.anexo.partidas == 0 {
            return Err(if self.headers > 0 {
                ImportError::NoItems
            } else {
                ImportError::NoHeader
            });
        }
        Ok(self.anexo)
    }
}
