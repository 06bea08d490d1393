//! The sync indicator, always on screen under the title bar: online or not, changes waiting, files
//! uploading, the last successful sync. Sync needs no button; this one only hurries it.

use leptos::prelude::*;

use crate::background::Reason;
use crate::context::Dispositivo;

/// The indicator.
#[component]
pub fn Indicador() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let e = d.sync.estado;
    let texto = move || {
        if e.sesion_vencida.get() {
            "Sesión vencida"
        } else if !e.en_linea.get() {
            "Sin conexión"
        } else if e.sincronizando.get() {
            "Sincronizando…"
        } else if e.error.get().is_some() {
            "Sin servidor; se reintentará"
        } else {
            "En línea"
        }
    };
    let fuera = move || !e.en_linea.get() || e.error.get().is_some() || e.sesion_vencida.get();
    let ultima = move || {
        e.ultima.get().map(|ms| {
            let fecha = js_sys::Date::new(&ms.into());
            format!(
                "Última sincronización: {:02}:{:02}",
                fecha.get_hours(),
                fecha.get_minutes()
            )
        })
    };
    let sync = d.sync.clone();
    view! {
        <span class="indicador">
            <span class="conexion" class:fuera=fuera>{texto}</span>
            <span class="pendientes" title="Órdenes con cambios por enviar">
                {move || match e.pendientes.get() {
                    0 => "Todo enviado".to_owned(),
                    1 => "1 OT por enviar".to_owned(),
                    n => format!("{n} OTs por enviar"),
                }}
            </span>
            {move || (e.archivos.get() > 0).then(|| view! {
                <span class="archivos">{format!("{} archivo(s) por subir", e.archivos.get())}</span>
            })}
            <span class="ultima">{ultima}</span>
            <button class="forzar" title="Sincronizar ahora" on:click=move |_| sync.avisar(Reason::Manual)>"↻"</button>
        </span>
    }
}
