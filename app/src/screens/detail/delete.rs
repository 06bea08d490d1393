//! Deleting a work order (the office's): it is marked deleted, never erased, so the audit trail
//! keeps it, and it leaves the lists unless they are asked for deleted ones. Asked twice.

use leptos::prelude::*;
use ote_shared::codes::EstadoRegistro;
use ote_shared::sync::device;
use uuid::Uuid;

use crate::context::Device;
use crate::routes::Screen;

/// The button, and the confirmation it opens.
#[component]
pub(super) fn Eliminar(id: Uuid, folio: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Device>());
    let asking = RwSignal::new(false);
    let confirm = move |_| {
        d.with_value(|d| {
            let (screen, autor) = (d.screen, d.autor());
            d.save(error, "la eliminación", move |store| async move {
                let edited = device::edit(&*store, autor, id, |o| {
                    o.estatus = EstadoRegistro::Eliminado;
                })
                .await;
                if edited.is_ok() {
                    screen.go(Screen::List);
                }
                edited.map(|(_, changed)| changed)
            });
        });
    };
    view! {
        <button class="eliminar" on:click=move |_| asking.set(true)>"Eliminar orden"</button>
        <Show when=move || asking.get()>
            <div class="aviso confirmar" role="alertdialog">
                <p>{format!("¿Eliminar la orden {folio}? Saldrá de las listas y no podrá cambiarse más; su historial se conserva.")}</p>
                <button class="principal" on:click=confirm>"Sí, eliminar"</button>
                <button on:click=move |_| asking.set(false)>"Cancelar"</button>
            </div>
        </Show>
    }
}
