//! A date field written dd/mm/aaaa whatever the tablet's language: the browser's own date input
//! follows the browser's locale (mm/dd/yyyy on an English tablet), which is how dates got typed
//! wrong. A text that is not a date is pointed out in place and changes nothing.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::format::{fecha, parse_fecha};

/// The field: `value` is what it shows, `on_date` gets each new date (`None` when emptied).
pub fn date_input(
    name: &'static str,
    label: &'static str,
    value: impl Fn() -> Option<NaiveDate> + Send + Sync + 'static,
    on_date: impl Fn(Option<NaiveDate>) + 'static,
) -> impl IntoView {
    let invalid = RwSignal::new(false);
    view! {
        <input type="text" id=name name=name inputmode="numeric" placeholder="dd/mm/aaaa"
            aria-label=label maxlength="10"
            class:invalida=move || invalid.get()
            aria-invalid=move || invalid.get().to_string()
            title=move || if invalid.get() { "Escribe la fecha como dd/mm/aaaa" } else { "" }
            prop:value=move || value().map(fecha).unwrap_or_default()
            on:change=move |ev| {
                let text = event_target_value(&ev);
                let date = if text.trim().is_empty() { Some(None) } else { parse_fecha(&text).map(Some) };
                invalid.set(date.is_none());
                if let Some(date) = date {
                    on_date(date);
                }
            }/>
    }
}
