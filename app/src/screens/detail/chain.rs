//! The chain of reprogrammings a work order belongs to.

use leptos::prelude::*;
use ote_shared::model::OrdenTrabajo;

use crate::context::Dispositivo;
use crate::routes::Screen;
use crate::summary::Resumen;

/// The chain of reprogrammings this work order belongs to: the initial OT and each
/// reprogramming of it on this device, in order, the open one marked; touching one opens it.
#[component]
pub(super) fn Cadena(ot: OrdenTrabajo) -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let (store, screen) = (d.store, d.screen);
    let principal = ot.ot_principal.unwrap_or(ot.id);
    let cadena = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            let mut cadena: Vec<Resumen> = store
                .summaries()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|r| r.id == principal || r.ot_principal == Some(principal))
                .collect();
            cadena.sort_by_key(|r| (r.ot_principal.is_some(), r.num_reprogramacion));
            cadena
        }
    });
    let abierta = ot.id;
    move || {
        let cadena = cadena.get().unwrap_or_default();
        (cadena.len() > 1).then(|| {
            let eslabones = cadena
                .into_iter()
                .map(|r| {
                    let nombre = match r.num_reprogramacion {
                        _ if r.ot_principal.is_none() => "Inicial".to_owned(),
                        Some(n) => format!("Reprogramación {n}"),
                        None => "Reprogramación (sin número aún)".to_owned(),
                    };
                    let id = r.id;
                    view! {
                        <li class:actual=id == abierta>
                            <button on:click=move |_| screen.go(Screen::Detalle(id))>{nombre}</button>
                        </li>
                    }
                })
                .collect_view();
            view! { <nav class="cadena"><h3>"Cadena de reprogramaciones"</h3><ol>{eslabones}</ol></nav> }
        })
    }
}
