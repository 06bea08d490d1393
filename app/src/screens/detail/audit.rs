//! A work order's audit trail (`GET /api/v1/work-orders/{id}/history`): who changed what, when,
//! through which route or device, before → after, named as the form names fields. Read from the
//! server when it answers and kept on the device, so the last copy opens offline.

use leptos::prelude::*;
use ote_shared::api::{Catalogos, EntradaHistorial};
use ote_shared::model::OrdenTrabajo;
use uuid::Uuid;

use crate::api;
use crate::context::Device;
use crate::format::fecha_hora;
use crate::labels::{nombre_de_ruta, valor};
use crate::store::IdbStore;

/// The trail as text, and whether it is the copy kept from an earlier read.
async fn read(store: &IdbStore, id: Uuid) -> Result<(String, bool), String> {
    match api::text(&format!("/api/v1/work-orders/{id}/history")).await {
        Ok(text) => {
            // A failed copy only means the next offline read has none.
            let _ = store.set_audit(id, text.clone()).await;
            Ok((text, false))
        }
        Err(e) => match store.audit(id).await {
            Ok(Some(kept)) => Ok((kept, true)),
            _ => Err(e),
        },
    }
}

/// The trail, read when the user opens it.
#[component]
pub(super) fn Auditoria(ot: OrdenTrabajo, names: Catalogos) -> impl IntoView {
    let store = expect_context::<Device>().store;
    let id = ot.id;
    let open = RwSignal::new(false);
    let trail = LocalResource::new(move || {
        let wanted = open.get();
        let store = store.get_value();
        async move { wanted.then_some(read(&store, id).await) }
    });
    let ot = StoredValue::new(ot);
    let names = StoredValue::new(names);
    let rows = move |entries: Vec<EntradaHistorial>| {
        entries
            .into_iter()
            .map(|e| ot.with_value(|ot| names.with_value(|c| row(e, ot, c))))
            .collect_view()
    };
    view! {
        <details class="auditoria" on:toggle=move |_| open.set(true)>
            <summary>"Auditoría: quién cambió qué"</summary>
            {move || trail.get().flatten().map(|r| match r {
                Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                Ok((text, kept)) => match api::de_json::<Vec<EntradaHistorial>>(&text) {
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                    Ok(entries) => view! {
                        {kept.then_some(view! { <p class="nota">"Sin conexión: copia guardada en esta tableta."</p> })}
                        <table>
                            <thead><tr><th>"Fecha"</th><th>"Usuario"</th><th>"Origen"</th><th>"Cambios"</th></tr></thead>
                            <tbody>{rows(entries)}</tbody>
                        </table>
                    }.into_any(),
                },
            })}
        </details>
    }
}

/// One write: its changes as "field: before → after".
fn row(e: EntradaHistorial, ot: &OrdenTrabajo, c: &Catalogos) -> impl IntoView + use<> {
    let changes = e
        .cambios
        .iter()
        .map(|k| {
            let text = format!(
                "{}: {} → {}",
                nombre_de_ruta(&k.campo, ot, c),
                valor(&k.campo, &k.antes, c),
                valor(&k.campo, &k.despues, c)
            );
            view! { <li>{text}</li> }
        })
        .collect_view();
    view! {
        <tr>
            <td>{fecha_hora(&e.fecha)}</td>
            <td>{e.usuario.unwrap_or_else(|| "servidor".to_owned())}</td>
            <td>{e.origen}</td>
            <td><ul>{changes}</ul></td>
        </tr>
    }
}
