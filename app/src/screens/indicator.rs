//! The sync indicator, always on screen under the title bar: online or not, changes waiting, files
//! uploading, the last successful sync. Sync needs no button; this one only hurries it.

use leptos::prelude::*;

use crate::background::Reason;
use crate::context::Device;

/// The indicator.
#[component]
pub fn Indicator() -> impl IntoView {
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
        e.last_sync.get().map(|ms| {
            let date = js_sys::Date::new(&ms.into());
            format!(
                "Última sincronización: {:02}:{:02}",
                date.get_hours(),
                date.get_minutes()
            )
        })
    };
    let sync = d.sync.clone();
    view! {
        <span class="indicador">
            <span class="conexion" class:fuera=offline>{text}</span>
            <span class="pendientes" title="Órdenes con cambios por enviar">
                {move || match e.pending.get() {
                    0 => "Todo enviado".to_owned(),
                    1 => "1 OT por enviar".to_owned(),
                    n => format!("{n} OTs por enviar"),
                }}
            </span>
            {move || (e.files.get() > 0).then(|| view! {
                <span class="archivos">{format!("{} archivo(s) por subir", e.files.get())}</span>
            })}
            <span class="ultima">{last_sync}</span>
            <button class="forzar" title="Sincronizar ahora" on:click=move |_| sync.nudge(Reason::Manual)>"↻"</button>
        </span>
    }
}
