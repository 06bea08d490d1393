//! Dates and money as the app writes them (in the browser: times use its `Date`).

use chrono::NaiveDate;
use ote_app::format::{dinero, fecha, parse_fecha};
use rust_decimal::Decimal;
use std::str::FromStr;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn dates_read_day_month_year() {
    let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    assert_eq!(fecha(d), "01/03/2026");
    assert_eq!(parse_fecha("1/3/2026"), Some(d));
    assert_eq!(parse_fecha(" 01/03/2026 "), Some(d));
}

#[wasm_bindgen_test]
fn what_is_not_a_day_month_year_date_is_refused() {
    assert_eq!(parse_fecha("2026-03-01"), None);
    assert_eq!(parse_fecha("31/02/2026"), None);
    assert_eq!(parse_fecha("01/03/26"), None);
    assert_eq!(parse_fecha("01/03/2026/1"), None);
}

#[wasm_bindgen_test]
fn amounts_group_thousands_with_their_currency() {
    let m = |s: &str| Decimal::from_str(s).unwrap();
    assert_eq!(dinero(m("1234567.5"), "MXN"), "$1,234,567.50 MXN");
    assert_eq!(dinero(m("999.999"), "USD"), "$1,000.00 USD");
    assert_eq!(dinero(m("0"), "MXN"), "$0.00 MXN");
    assert_eq!(dinero(m("-1500"), "MXN"), "-$1,500.00 MXN");
}
