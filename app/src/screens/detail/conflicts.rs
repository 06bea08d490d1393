//! The fields concurrent edits left with several values, and the pick that settles each.

use leptos::prelude::*;
use ote_shared::document::Conflicto;
use ote_shared::model::OrdenTrabajo;
use ote_shared::sync::device::{self};
use uuid::Uuid;

use crate::catalogs::Catalogos;
use crate::context::Device;
use crate::labels::{nombre_de_ruta, valor};

/// Each field with concurrent values: what it is, and a button per value to keep that one.
#[component]
pub(super) fn Conflicts(
    ot: OrdenTrabajo,
    conflicts: Vec<Conflicto>,
    names: Catalogos,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    if conflicts.is_empty() {
        return None;
    }
    let d = StoredValue::new_local(expect_context::<Device>());
    let id = ot.id;
    let rows = conflicts
        .into_iter()
        .map(|c| {
            let label = nombre_de_ruta(&c.campo, &ot, &names);
            let buttons = c
                .valores
                .into_iter()
                .map(|value| {
                    let field = c.campo.clone();
                    let text = format!("Usar «{}»", valor(&c.campo, &value, &names));
                    view! {
                        <button class="elegir" on:click=move |_| {
                            let (field, value) = (field.clone(), value.clone());
                            d.with_value(|d| pick(d, id, field, value, error));
                        }>{text}</button>
                    }
                })
                .collect_view();
            view! { <li><span class="campo">{label}</span> {buttons}</li> }
        })
        .collect_view();
    Some(view! {
        <section class="conflictos">
            <h3>"Cambios simultáneos: elija el valor que queda"</h3>
            <ul>{rows}</ul>
        </section>
    })
}

/// Keeps `value` for `field` on this device; the sync takes the pick everywhere.
fn pick(
    d: &Device,
    ot: Uuid,
    field: String,
    value: serde_json::Value,
    error: RwSignal<Option<String>>,
) {
    d.save(error, "la elección", move |store| async move {
        device::resolve_conflict(&*store, ot, &field, &value)
            .await
            .map(|()| true)
    });
}
