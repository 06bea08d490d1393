//! The form's labelled controls: each reads its value from the draft, writes it back, and
//! shows the rules' message for its field under it. Labels come from [`crate::labels`], so
//! conflicts and notices name fields as the form does.

use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;

use super::draft::{Draft, Getter, Setter};
use crate::labels::etiqueta;
use crate::screens::date_input::{date_input, datetime_input};

/// A labelled control with its rule message under it.
pub(super) fn field(b: Draft, name: &'static str, control: AnyView) -> AnyView {
    let message = move || b.message(name);
    view! {
        <div class="campo" class:invalido=move || message().is_some()>
            <label for=name>{etiqueta(name)}</label>
            {control}
            {move || message().map(|m| view! { <p class="mensaje" data-campo=name>{m}</p> })}
        </div>
    }
    .into_any()
}

/// A line of text (amounts too: they are read when the form is checked).
pub(super) fn text(
    b: Draft,
    name: &'static str,
    read: Getter<String>,
    write: Setter<String>,
) -> AnyView {
    let control = view! {
        <input type="text" id=name name=name prop:value=move || b.read(read)
            on:input=move |ev| b.values.update(|d| write(d, event_target_value(&ev)))
            on:blur=move |_| b.touch(name)/>
    };
    field(b, name, control.into_any())
}

/// Several lines of text.
pub(super) fn area(
    b: Draft,
    name: &'static str,
    read: Getter<String>,
    write: Setter<String>,
) -> AnyView {
    let control = view! {
        <textarea id=name name=name rows="3" prop:value=move || b.read(read)
            on:input=move |ev| b.values.update(|d| write(d, event_target_value(&ev)))
            on:blur=move |_| b.touch(name)></textarea>
    };
    field(b, name, control.into_any())
}

/// A select of catalog entries; the empty choice is "none".
pub(super) fn select(
    b: Draft,
    name: &'static str,
    options: Vec<(i64, String)>,
    read: Getter<Option<i64>>,
    write: Setter<Option<i64>>,
) -> AnyView {
    let current = move || b.read(read);
    let options = options
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=move || current() == Some(id)>{name}</option> })
        .collect_view();
    let control = view! {
        <select id=name name=name
            on:change=move |ev| b.write(name, write, event_target_value(&ev).parse().ok())>
            <option value="" selected=move || current().is_none()>"—"</option>
            {options}
        </select>
    };
    field(b, name, control.into_any())
}

/// A date; empty is none.
pub(super) fn date(
    b: Draft,
    name: &'static str,
    read: Getter<Option<NaiveDate>>,
    write: Setter<Option<NaiveDate>>,
) -> AnyView {
    let control = date_input(
        name,
        etiqueta(name),
        move || b.read(read),
        move |d| b.write(name, write, d),
    );
    field(b, name, control.into_any())
}

/// A date and time in the tablet's zone; empty is none.
pub(super) fn datetime(
    b: Draft,
    name: &'static str,
    read: Getter<Option<DateTime<FixedOffset>>>,
    write: Setter<Option<DateTime<FixedOffset>>>,
) -> AnyView {
    let control = datetime_input(
        name,
        etiqueta(name),
        move || b.read(read),
        move |t| b.write(name, write, t),
    );
    field(b, name, control.into_any())
}

/// A whole number; empty (or not a number) is none.
pub(super) fn number(
    b: Draft,
    name: &'static str,
    read: Getter<Option<i32>>,
    write: Setter<Option<i32>>,
) -> AnyView {
    let control = view! {
        <input type="number" id=name name=name step="1"
            prop:value=move || b.read(read).map(|n| n.to_string()).unwrap_or_default()
            on:input=move |ev| b.values.update(|d| write(d, event_target_value(&ev).trim().parse().ok()))
            on:blur=move |_| b.touch(name)/>
    };
    field(b, name, control.into_any())
}
