//! A work order's status: its history, the change with its reason, and a reprogramming.

use leptos::prelude::*;
use ote_shared::codes::EstatusOt;
use ote_shared::model::{EventoHistorial, OrdenTrabajo};
use ote_shared::rules::{Comentario, rol_cambia_estatus, transicion};
use ote_shared::sync::device::{self};
use uuid::Uuid;

use crate::context::Device;
use crate::format::fecha_hora;
use crate::routes::Screen;
use crate::session::Perfil;

/// The work order's status history, newest first, as the document carries it (so offline too).
#[component]
pub(super) fn Historial(ot: OrdenTrabajo) -> impl IntoView {
    let mut events: Vec<EventoHistorial> = ot.historial.into_values().collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.fecha));
    let rows = events
        .into_iter()
        .map(|e| {
            let when = fecha_hora(&e.fecha);
            let change = format!("{} → {}", e.estatus_anterior.label(), e.estatus_nuevo.label());
            view! { <tr><td>{when}</td><td>{e.usuario}</td><td>{change}</td><td>{e.comentario}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="historial">
            <h3>"Historial de estatus"</h3>
            <table>
                <thead><tr><th>"Fecha"</th><th>"Usuario"</th><th>"Cambio"</th><th>"Motivo"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The status change: only the statuses the shared rules allow from the current one, and the
/// reason, required where the rules require it, checked before anything is saved.
#[component]
pub(super) fn CambioEstatus(
    id: Uuid,
    current: EstatusOt,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Device>());
    let target = RwSignal::new(None::<EstatusOt>);
    let reason = RwSignal::new(String::new());
    let rol = d.with_value(|d| d.perfil.with_untracked(|p| p.as_ref().map(|p| p.rol)));
    let options = EstatusOt::ALL
        .iter()
        .filter(|s| **s != current && transicion(current, **s).is_some())
        .filter(|s| rol.is_some_and(|rol| rol_cambia_estatus(rol, current, **s)))
        .map(|s| view! { <option value=s.code().to_string()>{s.label()}</option> })
        .collect_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(new_estatus) = target.get() else {
            error.set(Some("Elija el nuevo estatus".into()));
            return;
        };
        let comentario = reason.get().trim().to_owned();
        if transicion(current, new_estatus) == Some(Comentario::Requerido) && comentario.is_empty()
        {
            error.set(Some(format!(
                "Para pasar a «{}» escriba el motivo",
                new_estatus.label()
            )));
            return;
        }
        d.with_value(|d| change_estatus(d, id, new_estatus, comentario, error));
    };
    view! {
        <form class="cambio-estatus" on:submit=submit>
            <select name="nuevo_estatus" aria-label="Nuevo estatus" on:change=move |ev| {
                target.set(event_target_value(&ev).parse().ok().and_then(EstatusOt::from_code));
            }>
                <option value="">"Cambiar estatus…"</option>
                {options}
            </select>
            <input type="text" name="motivo" aria-label="Motivo del cambio" placeholder="Motivo del cambio"
                prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
            <button type="submit">"Cambiar estatus"</button>
        </form>
    }
}

/// For the office: a reprogramming of this work order, made on the device (the server numbers
/// it in the chain and gives it its steps), then opened.
#[component]
pub(super) fn Reprogramar(ot: OrdenTrabajo, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Device>());
    let perfil = d.with_value(|d| d.perfil);
    let planea = move || perfil.with(|p| p.as_ref().is_some_and(Perfil::planea));
    let ot = StoredValue::new(ot);
    view! {
        <Show when=planea>
            <button class="reprogramar" on:click=move |_| {
                let new_ot = ot.with_value(|ot| ot.reprogramacion(Uuid::new_v4()));
                d.with_value(|d| reprogramar(d, new_ot, error));
            }>"Reprogramar"</button>
        </Show>
    }
}

fn reprogramar(d: &Device, new_ot: OrdenTrabajo, error: RwSignal<Option<String>>) {
    // Cleared now: saving opens the new work order, and this screen's signals go with it.
    error.set(None);
    let (screen, autor) = (d.screen, d.autor());
    d.save(error, "la reprogramación", move |store| async move {
        device::create(&*store, autor, &new_ot).await.map(|()| {
            screen.go(Screen::Detail(new_ot.id));
            true
        })
    });
}

/// Stores the status change and its entry in the history, as the signed-in user.
fn change_estatus(
    d: &Device,
    ot: Uuid,
    new_estatus: EstatusOt,
    comentario: String,
    error: RwSignal<Option<String>>,
) {
    let user = d
        .perfil
        .get_untracked()
        .map(|p| p.usuario)
        .unwrap_or_default();
    let (when, autor) = (crate::clock::now(), d.autor());
    d.save(error, "el cambio de estatus", move |store| async move {
        let edited = device::edit(&*store, autor, ot, |o| {
            o.cambiar_estatus(new_estatus, &user, &comentario, when);
        })
        .await;
        edited.map(|(_, change)| change)
    });
}
