//! One row under the header: an item, a subtotal or total, or anything else (section headings,
//! notes, blank lines); and the running sums the stated totals are checked against.

use rust_decimal::Decimal;

use super::AnexoItem;
use super::amounts::{decimal, show, text};
use super::header::{Columns, words};
use crate::imports::workbook::{Row, Value};

/// What a row under the header is.
#[derive(Debug, PartialEq)]
pub enum Line {
    /// A priced item (its `hoja` is filled by the caller).
    Item(AnexoItem),
    /// A subtotal or total row, with the amounts it states (pesos, dollars).
    Total {
        /// Subtotal or total.
        kind: TotalKind,
        /// Stated amounts, pesos and dollars.
        stated: [Option<Decimal>; 2],
    },
    /// Section headings, notes, signatures.
    Other,
}

/// Which sum a total row states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalKind {
    /// The items since the previous subtotal.
    Subtotal,
    /// Every item of the sheet.
    Total,
}

/// Reads a row under the header; `Err(reason)` for a row that looks like an item but is not a
/// valid one.
pub fn read(columns: &Columns, row: &Row) -> Result<Line, String> {
    let cell = |col: Option<u32>| {
        col.and_then(|c| {
            row.cells
                .binary_search_by_key(&c, |(k, _)| *k)
                .ok()
                .map(|i| &row.cells[i].1)
        })
    };
    let partida = text(cell(Some(columns.partida))).map_err(|e| format!("partida: {e}"))?;
    if let Some(kind) = total_kind(row, &partida) {
        let stated = [
            decimal(cell(columns.importe_mxn)).map_err(|e| format!("importe M.N.: {e}"))?,
            decimal(cell(columns.importe_usd)).map_err(|e| format!("importe USD: {e}"))?,
        ];
        return Ok(Line::Total { kind, stated });
    }
    let number =
        |name: &str, col: Option<u32>| decimal(cell(col)).map_err(|e| format!("{name}: {e}"));
    let cantidad = number("cantidad", Some(columns.cantidad))?;
    let precio = [
        number("precio unitario M.N.", columns.precio_mxn)?,
        number("precio unitario USD", columns.precio_usd)?,
    ];
    let stated = [
        number("importe M.N.", columns.importe_mxn)?,
        number("importe USD", columns.importe_usd)?,
    ];
    if cantidad.is_none() && precio.iter().chain(&stated).all(Option::is_none) {
        return Ok(Line::Other);
    }
    if partida.is_empty() {
        return Err("falta la partida".into());
    }
    let cantidad = cantidad.ok_or("falta la cantidad")?;
    if precio.iter().all(Option::is_none) {
        return Err("falta el precio unitario".into());
    }
    let mut importe = [None, None];
    for (i, currency) in ["M.N.", "USD"].iter().enumerate() {
        importe[i] = amount(currency, cantidad, precio[i], stated[i])?;
    }
    Ok(Line::Item(AnexoItem {
        partida,
        descripcion: text(cell(Some(columns.descripcion)))
            .map_err(|e| format!("descripción: {e}"))?,
        unidad: text(cell(columns.unidad)).map_err(|e| format!("unidad: {e}"))?,
        cantidad,
        precio_unitario_mxn: precio[0],
        precio_unitario_usd: precio[1],
        importe_mxn: importe[0],
        importe_usd: importe[1],
        hoja: String::new(),
        fila: row.number,
    }))
}

/// Why a row whose amounts overflow exact decimals is bad (a hostile file's, never a budget's).
const TOO_LARGE: &str = "cantidad × precio unitario excede el mayor importe que se puede guardar";

/// How far a stated importe may be from cantidad × precio: the half cent its rounding moves it.
const HALF_CENT: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// An item's importe in one currency, to the cent as the contract states it: the file's own
/// importe when it states one, else cantidad × precio rounded half away from zero, as Excel's
/// `ROUND` and the SAT's CFDI rules round (banker's rounding would disagree with the workbook
/// on every x.xx5). A stated importe further than half a cent from cantidad × precio is a bad
/// row; zero is a formula Excel never calculated (files written by libraries), not a claim.
fn amount(
    currency: &str,
    cantidad: Decimal,
    precio: Option<Decimal>,
    stated: Option<Decimal>,
) -> Result<Option<Decimal>, String> {
    let stated = stated.filter(|s| !s.is_zero());
    let Some(precio) = precio else {
        return match stated {
            Some(_) => Err(format!(
                "tiene importe {currency} pero no precio unitario {currency}"
            )),
            None => Ok(None),
        };
    };
    let exact = cantidad.checked_mul(precio).ok_or(TOO_LARGE)?;
    match stated {
        None => Ok(Some(cents(exact))),
        Some(s) if s.checked_sub(exact).is_some_and(|d| d.abs() <= HALF_CENT) => Ok(Some(cents(s))),
        Some(s) => Err(format!(
            "el importe {currency} declarado {} no es cantidad × precio unitario = {}",
            show(s),
            show(exact)
        )),
    }
}

/// `d` rounded to the cent, half away from zero.
fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// A row is a subtotal or total when its partida is empty (or is the label itself) and one of
/// its texts says so.
fn total_kind(row: &Row, partida: &str) -> Option<TotalKind> {
    // Checked on every row: without lowercasing a copy.
    let says_total = partida
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"total"));
    if !partida.is_empty() && !says_total {
        return None;
    }
    row.cells.iter().find_map(|(_, v)| {
        let Value::Text(t) = v else { return None };
        let w = words(t);
        if w.iter().any(|x| x == "subtotal")
            || w.windows(2).any(|p| p[0] == "sub" && p[1] == "total")
        {
            Some(TotalKind::Subtotal)
        } else if w.iter().any(|x| x == "total") {
            Some(TotalKind::Total)
        } else {
            None
        }
    })
}

/// Why an item that would overflow its sheet's sums is bad.
const TOO_LARGE_SUM: &str = "la suma de los importes excede el mayor importe que se puede guardar";

/// Running sums of one sheet's amounts (pesos, dollars).
#[derive(Debug, Default)]
pub struct Totals {
    since_subtotal: [Decimal; 2],
    sheet: [Decimal; 2],
    items_since_subtotal: u32,
    items: u32,
}

impl Totals {
    /// Counts an item; `Err(reason)` when the sums would pass what a decimal holds.
    pub fn add(&mut self, item: &AnexoItem) -> Result<(), String> {
        let mut sums = (self.since_subtotal, self.sheet);
        for (i, amount) in [item.importe_mxn, item.importe_usd].iter().enumerate() {
            let a = amount.unwrap_or_default();
            sums.0[i] = sums.0[i].checked_add(a).ok_or(TOO_LARGE_SUM)?;
            sums.1[i] = sums.1[i].checked_add(a).ok_or(TOO_LARGE_SUM)?;
        }
        (self.since_subtotal, self.sheet) = sums;
        self.items_since_subtotal += 1;
        self.items += 1;
        Ok(())
    }

    /// Checks a total row's stated amounts against the items; a subtotal starts a new group.
    pub fn check(&mut self, kind: TotalKind, stated: [Option<Decimal>; 2]) -> Result<(), String> {
        let (sums, count, name) = match kind {
            TotalKind::Subtotal => (self.since_subtotal, self.items_since_subtotal, "subtotal"),
            TotalKind::Total => (self.sheet, self.items, "total"),
        };
        if kind == TotalKind::Subtotal {
            self.since_subtotal = [Decimal::ZERO; 2];
            self.items_since_subtotal = 0;
        }
        // Each item may have been rounded to the cent before Excel added it up.
        let tolerance = Decimal::new(1, 2) + Decimal::new(5, 3) * Decimal::from(count);
        for (i, currency) in ["M.N.", "USD"].iter().enumerate() {
            match stated[i] {
                Some(s)
                    if !s.is_zero()
                        && s.checked_sub(sums[i]).is_none_or(|d| d.abs() > tolerance) =>
                {
                    return Err(format!(
                        "el {name} {currency} declarado {} no coincide con la suma de las partidas {}",
                        show(s),
                        show(sums[i])
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Columns {
        Columns {
            partida: 0,
            descripcion: 1,
            unidad: Some(2),
            cantidad: 3,
            precio_mxn: Some(4),
            precio_usd: None,
            importe_mxn: Some(5),
            importe_usd: None,
        }
    }

    fn row(cells: Vec<(u32, Value<'_>)>) -> Row<'_> {
        Row { number: 12, cells }
    }

    fn t(s: &str) -> Value<'_> {
        Value::Text(s.into())
    }

    #[test]
    fn an_item_with_its_amount_recomputed() {
        let line = read(
            &columns(),
            &row(vec![
                (0, t("1.1")),
                (1, t("Inspección")),
                (2, t("PZA")),
                (3, Value::Number(2.5)),
                (4, Value::Number(1000.1)),
                (5, Value::Int(0)),
            ]),
        )
        .unwrap();
        let Line::Item(item) = line else {
            panic!("{line:?}")
        };
        assert_eq!(item.importe_mxn, Some(Decimal::new(250025, 2)));
        assert_eq!(item.fila, 12);
    }

    fn importe(
        cantidad: Value<'_>,
        precio: Value<'_>,
        stated: Option<Value<'_>>,
    ) -> Result<Option<Decimal>, String> {
        let mut cells = vec![(0, t("1.1")), (3, cantidad), (4, precio)];
        cells.extend(stated.map(|s| (5, s)));
        match read(&columns(), &row(cells))? {
            Line::Item(item) => Ok(item.importe_mxn),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_amount_without_a_stated_one_is_rounded_half_away_from_zero() {
        // 12.5 × 80.25 = 1003.125: Excel's ROUND gives 1003.13 (banker's would give 1003.12).
        let got = importe(Value::Number(12.5), Value::Number(80.25), None);
        assert_eq!(got, Ok(Some(Decimal::new(100313, 2))));
    }

    #[test]
    fn a_stated_amount_within_half_a_cent_is_kept_as_the_file_states_it() {
        let got = importe(
            Value::Number(12.5),
            Value::Number(80.25),
            Some(Value::Number(1003.12)),
        );
        assert_eq!(got, Ok(Some(Decimal::new(100312, 2))));
    }

    #[test]
    fn a_stated_amount_off_by_more_than_half_a_cent_is_a_bad_row() {
        let got = importe(
            Value::Number(12.5),
            Value::Number(80.25),
            Some(Value::Number(1003.14)),
        );
        assert!(
            got.unwrap_err()
                .contains("no es cantidad × precio unitario")
        );
    }

    #[test]
    fn an_amount_past_what_a_decimal_holds_is_a_bad_row_with_its_reason() {
        let huge = t("70000000000000000000000000000");
        let line = read(
            &columns(),
            &row(vec![
                (0, t("1.1")),
                (1, t("Grande")),
                (3, huge.clone()),
                (4, huge),
            ]),
        );
        assert_eq!(line.unwrap_err(), TOO_LARGE);
        let mut totals = Totals::default();
        let big = AnexoItem {
            partida: "1".into(),
            descripcion: String::new(),
            unidad: String::new(),
            cantidad: Decimal::ONE,
            precio_unitario_mxn: Some(Decimal::MAX),
            precio_unitario_usd: None,
            importe_mxn: Some(Decimal::MAX),
            importe_usd: None,
            hoja: String::new(),
            fila: 1,
        };
        totals.add(&big).unwrap();
        assert_eq!(totals.add(&big).unwrap_err(), TOO_LARGE_SUM);
    }

    #[test]
    fn headings_and_totals() {
        assert_eq!(
            read(
                &columns(),
                &row(vec![(0, t("A")), (1, t("TRABAJOS DE BUCEO"))])
            ),
            Ok(Line::Other)
        );
        assert_eq!(
            read(
                &columns(),
                &row(vec![(1, t("SUBTOTAL BUCEO")), (5, Value::Int(30))])
            ),
            Ok(Line::Total {
                kind: TotalKind::Subtotal,
                stated: [Some(Decimal::from(30)), None]
            })
        );
        assert!(matches!(
            read(
                &columns(),
                &row(vec![(0, t("TOTAL GENERAL")), (5, Value::Int(30))])
            ),
            Ok(Line::Total {
                kind: TotalKind::Total,
                ..
            })
        ));
    }

    #[test]
    fn bad_items_say_why() {
        let bad = |cells| read(&columns(), &row(cells)).unwrap_err();
        assert_eq!(
            bad(vec![(1, t("x")), (3, Value::Int(1)), (4, Value::Int(5))]),
            "falta la partida"
        );
        assert!(
            bad(vec![
                (0, t("2")),
                (3, Value::Error("#DIV/0!".into())),
                (4, Value::Int(5))
            ])
            .contains("#DIV/0!")
        );
        assert!(
            bad(vec![
                (0, t("2")),
                (3, Value::Int(2)),
                (4, Value::Int(5)),
                (5, Value::Int(11))
            ])
            .contains("no es cantidad × precio unitario")
        );
    }

    #[test]
    fn totals_compare_with_the_items() {
        let item = |mxn: i64| AnexoItem {
            partida: "1".into(),
            descripcion: String::new(),
            unidad: String::new(),
            cantidad: Decimal::ONE,
            precio_unitario_mxn: Some(Decimal::from(mxn)),
            precio_unitario_usd: None,
            importe_mxn: Some(Decimal::from(mxn)),
            importe_usd: None,
            hoja: String::new(),
            fila: 1,
        };
        let mut totals = Totals::default();
        totals.add(&item(10)).unwrap();
        totals.add(&item(20)).unwrap();
        assert_eq!(
            totals.check(TotalKind::Subtotal, [Some(Decimal::from(30)), None]),
            Ok(())
        );
        totals.add(&item(5)).unwrap();
        assert!(
            totals
                .check(TotalKind::Subtotal, [Some(Decimal::from(6)), None])
                .is_err()
        );
        assert_eq!(
            totals.check(TotalKind::Total, [Some(Decimal::from(35)), None]),
            Ok(())
        );
    }
}
