//! A new work order's type: initial, or a reprogramming of an initial work order on the device
//! (the same as the detail's «Reprogramar»: the form then starts from the principal's data,
//! which the user adjusts before saving; the server numbers it in the chain).

use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::codes::{EstadoRegistro, TipoOt};
use ote_shared::document;
use ote_shared::rules::Principal;
use ote_shared::sync::device::DeviceStore;
use uuid::Uuid;

use super::controls::field;
use super::draft::{Draft, Values};
use crate::context::Device;
use crate::summary::Summary;

/// The type select and, for a reprogramming, the select of its principal.
pub(super) fn tipo_select(b: Draft) -> AnyView {
    let store = expect_context::<Device>().store;
    let initials = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            let mut all: Vec<Summary> = store.summaries().await.unwrap_or_default();
            all.retain(|s| s.id_tipo == TipoOt::Inicial && s.estatus == EstadoRegistro::Activo);
            all.sort_by(|a, b| a.orden_trabajo.cmp(&b.orden_trabajo));
            all
        }
    });
    let reprogramming = move || b.read(|d| d.ot.id_tipo == TipoOt::Reprogramacion);
    let choose_tipo = move |ev: leptos::ev::Event| {
        if event_target_value(&ev) == TipoOt::Inicial.code().to_string() {
            b.values.update(|d| {
                d.ot.id_tipo = TipoOt::Inicial;
                d.ot.ot_principal = None;
                d.principal = None;
            });
        } else {
            b.values.update(|d| d.ot.id_tipo = TipoOt::Reprogramacion);
        }
    };
    let choose_principal = move |ev: leptos::ev::Event| {
        if let Ok(principal) = event_target_value(&ev).parse::<Uuid>() {
            spawn_local(start_from(b, store.get_value(), principal));
        }
    };
    let control = view! {
        <select id="id_tipo" name="id_tipo" on:change=choose_tipo>
            {[TipoOt::Inicial, TipoOt::Reprogramacion].map(|t| view! {
                <option value=t.code().to_string() selected=move || b.read(|d| d.ot.id_tipo) == t>{t.label()}</option>
            })}
        </select>
        <Show when=reprogramming>
            <select name="ot_principal" aria-label="OT que se reprograma" on:change=choose_principal>
                <option value="">"— Elija la OT que se reprograma —"</option>
                {move || initials.get().unwrap_or_default().into_iter().map(|s| {
                    let id = s.id;
                    view! {
                        <option value=id.to_string() selected=move || b.read(|d| d.ot.ot_principal) == Some(id)>
                            {format!("{} — {}", s.orden_trabajo, s.descripcion_trabajo)}
                        </option>
                    }
                }).collect_view()}
            </select>
            {move || b.message("ot_principal").map(|m| view! { <p class="mensaje" data-campo="ot_principal">{m}</p> })}
        </Show>
    };
    field(b, "id_tipo", control.into_any())
}

/// The form starts again from a reprogramming of `principal` (its data, a new id kept).
async fn start_from(b: Draft, store: std::rc::Rc<crate::store::IdbStore>, principal: Uuid) {
    let Ok(Some(stored)) = store.load(principal).await else {
        return;
    };
    let Ok(principal) = document::read(&stored.doc) else {
        return;
    };
    b.values.update(|d| {
        let ot = principal.reprogramacion(d.ot.id);
        *d = Values::of(&ot, Some(Principal::from(&principal)));
    });
}
