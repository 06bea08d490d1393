//! Finding the Anexo C header row by its titles, whatever the file's wording: "PARTIDA" or
//! "CLAVE", "DESCRIPCIÓN" or "CONCEPTO", "P.U. M.N." or "PRECIO UNITARIO (USD)", and currency
//! sub-headers under a merged "PRECIO UNITARIO" title.

use crate::imports::workbook::{Row, Value};

/// A currency of the Anexo C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// Mexican pesos.
    Mxn,
    /// US dollars.
    Usd,
}

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    Partida,
    Descripcion,
    Unidad,
    Cantidad,
    Precio(Option<Currency>),
    Importe(Option<Currency>),
}

/// Where each field of an item is: 0-based columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    /// Item key.
    pub partida: u32,
    /// Description.
    pub descripcion: u32,
    /// Unit of measure.
    pub unidad: Option<u32>,
    /// Quantity.
    pub cantidad: u32,
    /// Unit price in pesos.
    pub precio_mxn: Option<u32>,
    /// Unit price in dollars.
    pub precio_usd: Option<u32>,
    /// Stated amount in pesos.
    pub importe_mxn: Option<u32>,
    /// Stated amount in dollars.
    pub importe_usd: Option<u32>,
}

/// The outcome of reading a candidate header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The columns, with titles without a currency taken as pesos.
    pub columns: Columns,
    /// Price or amount titles without a currency: the next row may name it (merged titles).
    pub needs_currency_row: bool,
    titles: Vec<(u32, Title)>,
}

/// The columns named by `row`, if it is an Anexo C header (partida, descripción, cantidad and a
/// unit price at least).
pub fn detect(row: &Row) -> Option<Header> {
    let titles: Vec<(u32, Title)> = row
        .cells
        .iter()
        .filter_map(|(col, v)| match v {
            Value::Text(t) => title(&words(t)).map(|t| (*col, t)),
            _ => None,
        })
        .collect();
    let columns = columns(&titles)?;
    let needs_currency_row = titles
        .iter()
        .any(|(_, t)| matches!(t, Title::Precio(None) | Title::Importe(None)));
    Some(Header {
        columns,
        needs_currency_row,
        titles,
    })
}

impl Header {
    /// Applies a row of currency labels ("M.N.", "USD") under merged price and amount titles.
    /// Returns false, changing nothing, when `row` is not such a row.
    pub fn apply_currency_row(&mut self, row: &Row) -> bool {
        let labels: Vec<(u32, Currency)> = row
            .cells
            .iter()
            .filter_map(|(col, v)| match v {
                Value::Text(t) => currency(&words(t)).map(|c| (*col, c)),
                _ => None,
            })
            .collect();
        if labels.is_empty() || labels.len() != row.cells.len() {
            return false;
        }
        let mut titles = self.titles.clone();
        for (col, cur) in labels {
            // The label belongs to the nearest titled column at or left of it (a merged title
            // keeps its text in its first cell only).
            let Some(&(_, owner)) = self.titles.iter().rev().find(|(c, _)| *c <= col) else {
                continue;
            };
            let t = match owner {
                Title::Precio(None) => Title::Precio(Some(cur)),
                Title::Importe(None) => Title::Importe(Some(cur)),
                _ => continue,
            };
            titles.retain(|(c, _)| *c != col);
            titles.push((col, t));
        }
        titles.sort_by_key(|(c, _)| *c);
        match columns(&titles) {
            Some(columns) => {
                self.columns = columns;
                true
            }
            None => false,
        }
    }
}

fn columns(titles: &[(u32, Title)]) -> Option<Columns> {
    let find =
        |want: &dyn Fn(Title) -> bool| titles.iter().find(|(_, t)| want(*t)).map(|(c, _)| *c);
    let money = |precio: bool, cur: Currency| {
        find(&|t| match t {
            Title::Precio(c) if precio => c.unwrap_or(Currency::Mxn) == cur,
            Title::Importe(c) if !precio => c.unwrap_or(Currency::Mxn) == cur,
            _ => false,
        })
    };
    let columns = Columns {
        partida: find(&|t| t == Title::Partida)?,
        descripcion: find(&|t| t == Title::Descripcion)?,
        unidad: find(&|t| t == Title::Unidad),
        cantidad: find(&|t| t == Title::Cantidad)?,
        precio_mxn: money(true, Currency::Mxn),
        precio_usd: money(true, Currency::Usd),
        importe_mxn: money(false, Currency::Mxn),
        importe_usd: money(false, Currency::Usd),
    };
    (columns.precio_mxn.is_some() || columns.precio_usd.is_some()).then_some(columns)
}

fn title(w: &[String]) -> Option<Title> {
    let has = |x: &str| w.iter().any(|v| v == x);
    let cur = currency(w);
    if has("precio") || has("pu") || has("unitario") {
        Some(Title::Precio(cur))
    } else if has("importe") || has("monto") || w.first().is_some_and(|f| f == "total") {
        Some(Title::Importe(cur))
    } else if has("cantidad") || has("cant") {
        Some(Title::Cantidad)
    } else if has("unidad") || has("unid") || has("um") {
        Some(Title::Unidad)
    } else if has("descripcion") {
        Some(Title::Descripcion)
    } else if has("partida") || has("clave") || has("item") || w == ["no"] || w == ["num"] {
        Some(Title::Partida)
    } else if has("concepto") {
        Some(Title::Descripcion)
    } else {
        None
    }
}

fn currency(w: &[String]) -> Option<Currency> {
    let has = |x: &str| w.iter().any(|v| v == x);
    if ["usd", "dlls", "dls", "dolares", "dolar", "us"]
        .iter()
        .any(|c| has(c))
    {
        Some(Currency::Usd)
    } else if ["mxn", "mn", "mxp", "pesos"].iter().any(|c| has(c)) {
        Some(Currency::Mxn)
    } else {
        None
    }
}

/// Lower-case words without accents or punctuation. Dots go (abbreviations: "P.U. M.N." gives
/// `["pu", "mn"]`) and runs of single letters are joined ("M. N." gives `["mn"]`).
pub fn words(text: &str) -> Vec<String> {
    let plain: String = ote_shared::text::fold(&text.replace('.', ""))
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut letters = String::new();
    for w in plain.split_whitespace() {
        if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
            letters.push_str(w);
            continue;
        }
        if !letters.is_empty() {
            out.push(std::mem::take(&mut letters));
        }
        out.push(w.to_owned());
    }
    if !letters.is_empty() {
        out.push(letters);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(titles: &[&'static str]) -> Row<'static> {
        Row {
            number: 1,
            cells: titles
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(i, t)| (i as u32, Value::Text((*t).into())))
                .collect(),
        }
    }

    #[test]
    fn words_join_abbreviations() {
        assert_eq!(words("P.U. M.N."), ["pu", "mn"]);
        assert_eq!(
            words("Precio Unitario (U.S.D.)"),
            ["precio", "unitario", "usd"]
        );
        assert_eq!(words("DESCRIPCIÓN"), ["descripcion"]);
    }

    #[test]
    fn a_title_row_is_not_a_header() {
        assert_eq!(
            detect(&row(&["ANEXO C", "CATÁLOGO DE CONCEPTOS Y PRECIOS"])),
            None
        );
    }

    #[test]
    fn both_currencies_in_one_row() {
        let h = detect(&row(&[
            "PARTIDA",
            "DESCRIPCIÓN",
            "UNIDAD",
            "CANTIDAD",
            "P.U. M.N.",
            "P.U. USD",
            "IMPORTE M.N.",
            "IMPORTE USD",
        ]))
        .unwrap();
        assert!(!h.needs_currency_row);
        assert_eq!(
            h.columns,
            Columns {
                partida: 0,
                descripcion: 1,
                unidad: Some(2),
                cantidad: 3,
                precio_mxn: Some(4),
                precio_usd: Some(5),
                importe_mxn: Some(6),
                importe_usd: Some(7),
            }
        );
    }

    #[test]
    fn currencies_under_merged_titles() {
        let mut h = detect(&row(&[
            "CLAVE",
            "CONCEPTO",
            "U.M.",
            "CANT.",
            "PRECIO UNITARIO",
            "",
            "IMPORTE",
            "",
        ]))
        .unwrap();
        assert!(h.needs_currency_row);
        assert!(h.apply_currency_row(&row(&["", "", "", "", "M.N.", "DLLS", "M.N.", "DLLS"])));
        assert_eq!(h.columns.precio_mxn, Some(4));
        assert_eq!(h.columns.precio_usd, Some(5));
        assert_eq!(h.columns.importe_mxn, Some(6));
        assert_eq!(h.columns.importe_usd, Some(7));
    }

    #[test]
    fn a_data_row_is_not_a_currency_row() {
        let mut h = detect(&row(&[
            "PARTIDA",
            "DESCRIPCIÓN",
            "CANTIDAD",
            "PRECIO UNITARIO",
        ]))
        .unwrap();
        let before = h.clone();
        assert!(!h.apply_currency_row(&row(&["1.1", "Buceo", "3", "100"])));
        assert_eq!(h, before);
        assert_eq!(h.columns.precio_mxn, Some(3));
    }
}
