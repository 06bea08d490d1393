//! Date and date-time fields written dd/mm/aaaa (hh:mm) whatever the tablet's language: the
//! browser's own date input follows the browser's locale (mm/dd/yyyy on an English tablet),
//! which is how dates got typed wrong. Times are the tablet's own. A text that is not a date is
//! pointed out in place and changes nothing.

use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;

use crate::format::{fecha, fecha_hora, parse_fecha, parse_fecha_hora};

/// A date field: `value` is what it shows, `on_date` gets each new date (`None` when emptied).
pub fn date_input(
    name: &'static str,
    label: &'static str,
    value: impl Fn() -> Option<NaiveDate> + Send + Sync + 'static,
    on_date: impl Fn(Option<NaiveDate>) + 'static,
) -> impl IntoView {
    let format = Format {
        placeholder: "dd/mm/aaaa",
        show: fecha,
        parse: parse_fecha,
    };
    typed_input(name, label, format, value, on_date)
}

/// A date and time in the tablet's zone, dd/mm/aaaa hh:mm.
pub fn datetime_input(
    name: &'static str,
    label: &'static str,
    value: impl Fn() -> Option<DateTime<FixedOffset>> + Send + Sync + 'static,
    on_value: impl Fn(Option<DateTime<FixedOffset>>) + 'static,
) -> impl IntoView {
    let format = Format {
        placeholder: "dd/mm/aaaa hh:mm",
        show: |t: DateTime<FixedOffset>| fecha_hora(&t),
        parse: parse_fecha_hora,
    };
    typed_input(name, label, format, value, on_value)
}

/// How a field shows and reads its value.
struct Format<T> {
    placeholder: &'static str,
    show: fn(T) -> String,
    parse: fn(&str) -> Option<T>,
}

fn typed_input<T: Send + Sync + 'static>(
    name: &'static str,
    label: &'static str,
    format: Format<T>,
    value: impl Fn() -> Option<T> + Send + Sync + 'static,
    on_value: impl Fn(Option<T>) + 'static,
) -> impl IntoView {
    let Format {
        placeholder,
        show,
        parse,
    } = format;
    let invalid = RwSignal::new(false);
    view! {
        <input type="text" id=name name=name inputmode="numeric" placeholder=placeholder
            aria-label=label
            class:invalida=move || invalid.get()
            aria-invalid=move || invalid.get().to_string()
            title=move || if invalid.get() { format!("Escribe la fecha como {placeholder}") } else { String::new() }
            prop:value=move || value().map(show).unwrap_or_default()
            on:change=move |ev| {
                let text = event_target_value(&ev);
                let read = if text.trim().is_empty() { Some(None) } else { parse(&text).map(Some) };
                invalid.set(read.is_none());
                if let Some(read) = read {
                    on_value(read);
                }
            }/>
    }
}
