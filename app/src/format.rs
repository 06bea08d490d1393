//! How the app writes dates, times and money: as a reader in Mexico expects them, whatever the
//! tablet's language. Dates dd/mm/aaaa; times in the tablet's own zone (the browser's
//! `Date`); amounts grouped by thousands with a point for cents, and their currency.
//! By hand rather than with chrono's formatter or `Intl`: a few lines, no bundle cost.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};
use rust_decimal::Decimal;

/// A date as dd/mm/aaaa.
pub fn fecha(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// A date typed as dd/mm/aaaa (or d/m/aaaa), or `None` when it is not one.
pub fn parse_fecha(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('/');
    let day = parts.next()?.trim().parse().ok()?;
    let month = parts.next()?.trim().parse().ok()?;
    let year: i32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A date and time typed as dd/mm/aaaa hh:mm, read in the tablet's zone (its offset on that
/// day), or `None` when it is not one.
pub fn parse_fecha_hora(text: &str) -> Option<DateTime<FixedOffset>> {
    let (day, time) = text.trim().split_once(' ')?;
    let date = parse_fecha(day)?;
    let (h, m) = time.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    let naive = date.and_hms_opt(h, m, 0)?;
    let local = js_sys::Date::new_with_year_month_day_hr_min(
        date.year() as u32,
        date.month0() as i32,
        date.day() as i32,
        h as i32,
        m as i32,
    );
    // `getTimezoneOffset` is minutes behind UTC; a fixed offset is seconds ahead.
    let offset = FixedOffset::east_opt(-(local.get_timezone_offset() as i32) * 60)?;
    naive.and_local_timezone(offset).single()
}

/// The first instant of `day` in the tablet's zone.
pub fn inicio_del_dia(day: NaiveDate) -> Option<DateTime<FixedOffset>> {
    parse_fecha_hora(&format!("{} 00:00", fecha(day)))
}

/// The tablet's offset from UTC now, in minutes (`-360` in Mexico City).
pub fn desfase_minutos() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// An instant as dd/mm/aaaa hh:mm in the tablet's zone.
pub fn fecha_hora<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    fecha_hora_ms(t.timestamp_millis() as f64)
}

/// An instant given as milliseconds since the epoch (`Date.now()`), as dd/mm/aaaa hh:mm in the
/// tablet's zone.
pub fn fecha_hora_ms(ms: f64) -> String {
    let local = js_sys::Date::new(&ms.into());
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        local.get_date(),
        local.get_month() + 1,
        local.get_full_year(),
        local.get_hours(),
        local.get_minutes()
    )
}

/// Only the hh:mm of an instant in the tablet's zone, when it is today there.
pub fn hora_si_hoy(ms: f64) -> String {
    let local = js_sys::Date::new(&ms.into());
    let today = js_sys::Date::new_0();
    let same_day = local.get_date() == today.get_date()
        && local.get_month() == today.get_month()
        && local.get_full_year() == today.get_full_year();
    if same_day {
        format!("{:02}:{:02}", local.get_hours(), local.get_minutes())
    } else {
        fecha_hora_ms(ms)
    }
}

/// An amount as es-MX writes it, with its currency: `$1,234,567.50 MXN`.
pub fn dinero(monto: Decimal, moneda: &str) -> String {
    let cents = monto.round_dp(2);
    let negative = cents.is_sign_negative() && !cents.is_zero();
    let text = format!("{:.2}", cents.abs());
    let (whole, decimals) = text.split_once('.').unwrap_or((&text, "00"));
    format!(
        "{}${}.{decimals} {moneda}",
        if negative { "-" } else { "" },
        group_thousands(whole)
    )
}

/// `1234567` → `1,234,567`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
