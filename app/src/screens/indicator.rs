//! The sync indicator, always on screen under the title bar: online or not, changes waiting, files
//! uploading, the last successful sync (kept across reloads, so it still shows offline), and on a
//! vessel's hub its link with shore. Sync needs no button; this one only hurries it.

use leptos::prelude::*;
use ote_shared::api::upstream::EnlaceCosta;

use crate::background::Reason;
use crate::context::Device;
use crate::format::hora_si_hoy;

/// The indicator.
#[component]
pub fn Indicator(
    /// Opens the list of what waits (see `screens::outbox`).
    outbox: RwSignal<bool>,
) -> impl IntoView {
    let d = expect_context::<Device>();
    let e = d.sync.state;
    let text = move || {
        if e.session_expired.get() {
            "Sesión vencida"
        } else if !e.online.get() {
            "Sin conexión"
        } else if e.syncing.get() {
            "Sincronizando…"
        } else if e.error.get().is_some() {
            "Sin servidor; se reintentará"
        } else {
            "En línea"
        }
    };
    let offline = move || !e.online.get() || e.error.get().is_some() || e.session_expired.get();
    let last_sync = move || {
        e.last_sync
            .get()
            .map(|ms| format!("Última sincronización: {}", hora_si_hoy(ms)))
    };
    let sync = d.sync.clone();
    view! {
        <span class="indicador">
            <span class="conexion" class:fuera=offline>{text}</span>
            <button class="pendientes" title="Qué espera para enviarse, y por qué"
                on:click=move |_| outbox.update(|o| *o = !*o)>
                {move || match e.pending.get() {
                    0 => "Todo enviado".to_owned(),
                    1 => "1 OT por enviar".to_owned(),
                    n => format!("{n} OTs por enviar"),
                }}
            </button>
            {move || (e.files.get() > 0).then(|| view! {
                <span class="archivos">{format!("{} archivo(s) por subir", e.files.get())}</span>
            })}
            <span class="ultima">{last_sync}</span>
            {move || e.espacio.get().map(|espacio| view! {
                <span class="espacio" class:casi-lleno=espacio.casi_lleno()
                    title="Espacio de la app en esta tableta (incluye las fotos y archivos por subir)">
                    {format!("Espacio: {}", espacio.texto())}
                    {espacio.casi_lleno().then_some(" · queda poco: sincroniza para subir las fotos")}
                    {(espacio.persistente == Some(false)).then_some(" · el navegador podría borrarlo si falta espacio: sincroniza a menudo")}
                </span>
            })}
            <button class="forzar" title="Sincronizar ahora" on:click=move |_| sync.nudge(Reason::Manual)>"↻"</button>
            <Enlace/>
        </span>
    }
}

/// On a vessel's hub, the hub's link with shore: when shore was last reached, what waits to go
/// up and what came down (`GET /api/v1/upstream`, asked again after each sync; the last answer
/// stays while the hub is out of reach, in [`Device::enlace`] for the screens that mark a
/// provisional number). On shore it shows nothing.
#[component]
fn Enlace() -> impl IntoView {
    let device = expect_context::<Device>();
    let (last_sync, enlace) = (device.sync.state.last_sync, device.enlace);
    Effect::new(move |_| {
        last_sync.track();
        leptos::task::spawn_local(async move {
            if let Ok(now) = crate::api::get::<EnlaceCosta>("/api/v1/upstream").await {
                enlace.set(Some(now));
            }
        });
    });
    move || {
        enlace.get().filter(|l| l.es_hub).map(|l| {
            view! { <span class="enlace-tierra" class:fuera=l.error.is_some()>{enlace_texto(&l)}</span> }
        })
    }
}

/// The hub's link in words.
fn enlace_texto(l: &EnlaceCosta) -> String {
    let mut parts = vec![match l.ultimo_contacto {
        Some(t) => format!(
            "Tierra alcanzada: {}",
            hora_si_hoy(t.timestamp_millis() as f64)
        ),
        None => "Tierra aún no alcanzada".to_owned(),
    }];
    if l.error.is_some() {
        parts.push("sin enlace ahora".to_owned());
    }
    if l.por_subir > 0 || l.archivos_por_subir > 0 {
        parts.push(format!(
            "por subir a tierra: {} OT y {} archivo(s)",
            l.por_subir, l.archivos_por_subir
        ));
    }
    parts.push(format!(
        "{} OT subidas, {} recibidas",
        l.subidos, l.recibidos
    ));
    parts.join(" · ")
}

/// The warning above every screen while the browser refuses to store some edit: it is held in
/// memory, and stored as soon as there is space (see `background::retry_loop`).
#[component]
pub fn SinEspacio() -> impl IntoView {
    let unsaved = expect_context::<Device>().sync.state.unsaved;
    view! {
        <Show when=move || { unsaved.get() > 0 }>
            <p class="aviso sin-espacio" role="alert">
                {move || match unsaved.get() {
                    1 => "La tableta no tiene espacio para guardar 1 orden con cambios.".to_owned(),
                    n => format!("La tableta no tiene espacio para guardar {n} órdenes con cambios."),
                }}
                " Tus cambios se conservan en memoria y se guardarán en cuanto haya espacio: no cierres la app. Sincroniza para subir las fotos pendientes o libera espacio en la tableta."
            </p>
        </Show>
    }
}

/// The server's word that this tablet had lost this user's store (evicted by the browser):
/// what it means, until the user has read it.
#[component]
pub fn AlmacenPerdido() -> impl IntoView {
    let lost = expect_context::<Device>().sync.state.lost_store;
    move || {
        lost.get().map(|message| {
            view! {
                <div class="aviso almacen-perdido" role="alert">
                    <p>{message}</p>
                    <button on:click=move |_| lost.set(None)>"Entendido"</button>
                </div>
            }
        })
    }
}
