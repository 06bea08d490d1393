//! Cell values as exact decimals and as text. Numbers arrive from calamine as f64; Excel keeps
//! at most 15 significant digits, and Rust prints an f64 as the shortest decimal that reads back
//! the same, so going through that text gives the very decimal the file stored.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::imports::workbook::Value;

/// The cell as an exact decimal: `Ok(None)` when empty, `Err(reason)` when it is not a number.
pub fn decimal(cell: Option<&Value>) -> Result<Option<Decimal>, String> {
    let Some(cell) = cell else { return Ok(None) };
    match cell {
        Value::Int(i) => Ok(Some(Decimal::from(*i))),
        Value::Number(f) => from_f64(*f)
            .map(Some)
            .ok_or_else(|| format!("el número {f} está fuera de rango")),
        Value::Text(t) => {
            let cleaned: String = t
                .chars()
                .filter(|c| !matches!(c, '$' | ',' | ' ' | '\u{a0}'))
                .collect();
            Decimal::from_str(&cleaned)
                .map(Some)
                .map_err(|_| format!("«{t}» no es un número"))
        }
        Value::Error(e) => Err(format!("la celda tiene el error de fórmula {e}")),
        Value::Date(d) => Err(format!("«{d}» es una fecha, no un número")),
        Value::Bool(_) => Err("la celda es VERDADERO/FALSO, no un número".into()),
    }
}

/// The shortest decimal that reads back as `f`. Prices have few decimals: the first scale `s`
/// at which `m / 10^s` (`m` whole, both exact in f64, the division correctly rounded) gives `f`
/// back is that decimal, without formatting text; anything else goes through Rust's shortest
/// round-trip formatting.
fn from_f64(f: f64) -> Option<Decimal> {
    let mut power = 1.0_f64;
    for scale in 0..=10 {
        let m = (f * power).round();
        if m.abs() < 9e15 && m / power == f {
            return Some(Decimal::new(m as i64, scale));
        }
        power *= 10.0;
    }
    Decimal::from_str(&f.to_string()).ok()
}

/// The cell as text (numbers as the file shows them); `Err(reason)` for a formula error.
pub fn text(cell: Option<&Value>) -> Result<String, String> {
    Ok(match cell {
        None => String::new(),
        Some(Value::Text(t)) => t.to_string(),
        Some(Value::Date(t)) => t.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Number(f)) => f.to_string(),
        Some(Value::Bool(b)) => if *b { "VERDADERO" } else { "FALSO" }.into(),
        Some(Value::Error(e)) => return Err(format!("la celda tiene el error de fórmula {e}")),
    })
}

/// `12,345.60` style, for messages.
pub fn show(d: Decimal) -> String {
    let s = d.round_dp(2).to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{frac:0<2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_the_decimal_the_file_stored() {
        let d = |f: f64| {
            decimal(Some(&Value::Number(f)))
                .unwrap()
                .unwrap()
                .to_string()
        };
        assert_eq!(d(0.1), "0.1");
        assert_eq!(d(1234567.89), "1234567.89");
        assert_eq!(d(0.000001), "0.000001");
        assert_eq!(d(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(d(-2.5), "-2.5");
        assert_eq!(d(1e20), "100000000000000000000");
        assert_eq!(d(123456789.123), "123456789.123");
        for f in [0.07, 1.005, 2.675, 1000.1, 33.33, 1e-9, 98765.4321] {
            assert_eq!(d(f), f.to_string(), "{f}");
        }
    }

    #[test]
    fn text_numbers_and_bad_cells() {
        let d = |t: &str| decimal(Some(&Value::Text(t.into())));
        assert_eq!(d("$ 1,234.50").unwrap(), Some(Decimal::new(123450, 2)));
        assert!(d("cinco").unwrap_err().contains("no es un número"));
        assert!(
            decimal(Some(&Value::Error("#DIV/0!".into())))
                .unwrap_err()
                .contains("#DIV/0!")
        );
        assert_eq!(decimal(None).unwrap(), None);
    }

    #[test]
    fn shown_with_thousands() {
        assert_eq!(show(Decimal::new(123456789, 2)), "1,234,567.89");
        assert_eq!(show(Decimal::new(-5, 0)), "-5.00");
        assert_eq!(show(Decimal::new(100, 0)), "100.00");
    }
}
