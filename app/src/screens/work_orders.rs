//! The work orders on this device, from their summaries (no document is loaded to list them),
//! reloaded whenever a sync brings changes.

use leptos::prelude::*;

use crate::shell::Dispositivo;
use crate::summary::Resumen;

/// The list.
#[component]
pub fn Lista() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let version = d.sync.estado.version;
    let store = d.store;
    let resumenes = LocalResource::new(move || {
        version.track();
        let store = store.get_value();
        async move {
            let mut todos = store.summaries().await.unwrap_or_default();
            todos.sort_by(|a, b| a.orden_trabajo.cmp(&b.orden_trabajo));
            todos
        }
    });
    view! {
        <Transition fallback=|| view! { <p>"Cargando órdenes…"</p> }>
            {move || resumenes.get().map(|todos| view! {
                <p class="conteo">{conteo(todos.len())}</p>
                <table class="ots">
                    <thead><tr><th>"Folio"</th><th>"Descripción"</th><th>"Estatus"</th><th>"Avance"</th><th></th></tr></thead>
                    <tbody>
                        {todos.into_iter().map(|r| view! { <Fila r/> }).collect_view()}
                    </tbody>
                </table>
            })}
        </Transition>
    }
}

fn conteo(n: usize) -> String {
    match n {
        0 => "No hay órdenes de trabajo en este dispositivo todavía".to_owned(),
        1 => "1 orden de trabajo en este dispositivo".to_owned(),
        n => format!("{n} órdenes de trabajo en este dispositivo"),
    }
}

#[component]
fn Fila(r: Resumen) -> impl IntoView {
    view! {
        <tr data-id=r.id.to_string()>
            <td class="folio">{r.orden_trabajo}</td>
            <td class="descripcion">{r.descripcion_trabajo}</td>
            <td>{r.id_estatus_ot.label()}</td>
            <td>{format!("{:.0} %", r.progreso)}</td>
            <td class="marcas">
                {r.pendiente.then(|| view! { <span class="marca pendiente">"Por enviar"</span> })}
                {(r.conflictos > 0).then(|| view! { <span class="marca conflicto">"Conflicto"</span> })}
            </td>
        </tr>
    }
}
