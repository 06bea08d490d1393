//! The chain of reprogrammings a work order belongs to.

use leptos::prelude::*;
use ote_shared::model::OrdenTrabajo;

use crate::context::Device;
use crate::routes::Screen;
use crate::summary::Summary;

/// The chain of reprogrammings this work order belongs to: the initial OT and each
/// reprogramming of it on this device, in order, the open one marked; touching one opens it.
#[component]
pub(super) fn Chain(ot: OrdenTrabajo) -> impl IntoView {
    let d = expect_context::<Device>();
    let (store, screen) = (d.store, d.screen);
    let principal = ot.ot_principal.unwrap_or(ot.id);
    let chain = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            let mut chain: Vec<Summary> = store
                .summaries()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|r| r.id == principal || r.ot_principal == Some(principal))
                .collect();
            chain.sort_by_key(|r| (r.ot_principal.is_some(), r.num_reprogramacion));
            chain
        }
    });
    let open = ot.id;
    move || {
        let chain = chain.get().unwrap_or_default();
        (chain.len() > 1).then(|| {
            let links = chain
                .into_iter()
                .map(|r| {
                    let name = match r.num_reprogramacion {
                        _ if r.ot_principal.is_none() => "Inicial".to_owned(),
                        Some(n) => format!("Reprogramación {n}"),
                        None => "Reprogramación (sin número aún)".to_owned(),
                    };
                    let id = r.id;
                    let provisional = super::provisional_number(id);
                    let numbered = r.num_reprogramacion.is_some() && r.ot_principal.is_some();
                    view! {
                        <li class:actual=id == open>
                            <button on:click=move |_| screen.go(Screen::Detail(id))>
                                {name}
                                {move || (numbered && provisional()).then_some(view! { <super::ProvisionalMark/> })}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <nav class="cadena"><h3>"Cadena de reprogramaciones"</h3><ol>{links}</ol></nav> }
        })
    }
}
