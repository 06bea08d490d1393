//! The frame every screen sits in: title bar and connection state.

use leptos::prelude::*;
use ote_shared::codes::EstatusOt;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="barra">
            <h1>"OTE"</h1>
            <span class="subtitulo">"Órdenes de trabajo submarinas"</span>
            <Conexion/>
        </header>
        <main class="contenido">
            <p>"Bienvenido. Las órdenes de trabajo se guardan en este dispositivo y se sincronizan solas cuando hay conexión."</p>
            <h2>"Estatus de una OT"</h2>
            <ul class="estatus">
                {EstatusOt::ALL.iter().map(|e| view! { <li>{e.code()}" · "{e.label()}</li> }).collect_view()}
            </ul>
        </main>
    }
}

/// "En línea" or "Sin conexión", following the browser's online and offline events.
#[component]
fn Conexion() -> impl IntoView {
    let en_linea = RwSignal::new(window().navigator().on_line());
    let online = window_event_listener(leptos::ev::online, move |_| en_linea.set(true));
    let offline = window_event_listener(leptos::ev::offline, move |_| en_linea.set(false));
    on_cleanup(move || {
        online.remove();
        offline.remove();
    });
    view! {
        <span class="conexion" class:fuera=move || !en_linea.get()>
            {move || if en_linea.get() { "En línea" } else { "Sin conexión" }}
        </span>
    }
}
