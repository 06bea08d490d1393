//! What waits to leave the tablet, per work order, and why: no network, the server down or the
//! session expired, a photo or file still uploading, an edit the browser could not store yet,
//! or a change the server undid (with its notice). Opened from the indicator, with the check
//! that the tablet is ready to leave port ([`crate::screens::readiness`]).

use std::collections::HashSet;

use leptos::prelude::*;
use ote_shared::document;
use ote_shared::sync::Notice;
use ote_shared::sync::device::DeviceStore;
use uuid::Uuid;

use crate::background::SyncState;
use crate::context::Device;
use crate::routes::Screen;
use crate::screens::readiness::ListaParaSalir;

/// One work order with something waiting.
#[derive(Debug, Clone, PartialEq)]
struct Waiting {
    id: Uuid,
    folio: String,
    /// Changes not yet acknowledged by the server.
    changes: bool,
    /// Names of its photos and files still to upload.
    files: Vec<String>,
    /// What the server undid, in its words.
    notices: Vec<String>,
}

/// Every work order with something waiting, read from the store.
async fn read(d: &Device) -> Vec<Waiting> {
    let store = d.store();
    let dirty: HashSet<Uuid> = store
        .dirty()
        .await
        .unwrap_or_default()
        .into_iter()
        .collect();
    let blobs: HashSet<String> = store
        .pending_blobs()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|b| b.sha256)
        .collect();
    let notices = store.notices().await.unwrap_or_default();
    let noticed: HashSet<Uuid> = notices.iter().map(|n| n.doc_id).collect();
    let mut out = Vec::new();
    for id in dirty.union(&noticed) {
        let Ok(Some(stored)) = store.load(*id).await else {
            continue;
        };
        let Ok(ot) = document::read(&stored.doc) else {
            continue;
        };
        let photos = ot.fotos.values().map(|f| &f.archivo);
        let step_files = ot.pasos.values().filter_map(|p| p.archivo.as_ref());
        let files = photos
            .chain(step_files)
            .filter(|a| blobs.contains(&a.sha256))
            .map(|a| a.nombre.clone())
            .collect();
        out.push(Waiting {
            id: *id,
            folio: ot.orden_trabajo,
            changes: dirty.contains(id),
            files,
            notices: messages_of(&notices, *id),
        });
    }
    out.sort_by(|a, b| a.folio.cmp(&b.folio));
    out
}

fn messages_of(notices: &[Notice], id: Uuid) -> Vec<String> {
    notices
        .iter()
        .filter(|n| n.doc_id == id)
        .map(|n| n.message.clone())
        .collect()
}

/// Why changes wait, from the sync's state.
fn why(state: SyncState) -> String {
    if state.unsaved.get() > 0 {
        "la tableta no tiene espacio para guardarlos; se conservan en memoria".to_owned()
    } else if state.session_expired.get() {
        "la sesión venció: inicia sesión para enviarlos".to_owned()
    } else if !state.online.get() {
        "sin conexión; se enviarán al volver la red".to_owned()
    } else if let Some(e) = state.error.get() {
        format!("el servidor no respondió ({e}); se reintentará")
    } else if state.syncing.get() {
        "enviándose ahora".to_owned()
    } else {
        "se enviarán en la próxima sincronización".to_owned()
    }
}

/// The panel: a line per work order, touching it opens the work order.
#[component]
pub fn Outbox(
    /// Whether the panel shows; its buttons close it.
    open: RwSignal<bool>,
) -> impl IntoView {
    let d = expect_context::<Device>();
    let state = d.sync.state;
    let waiting = LocalResource::new({
        let d = d.clone();
        move || {
            state.track_documents();
            let d = d.clone();
            async move { read(&d).await }
        }
    });
    let screen = d.screen;
    let row = move |w: Waiting| {
        let id = w.id;
        view! {
            <li>
                <button class="enlace" on:click=move |_| {
                    open.set(false);
                    screen.go(Screen::Detail(id));
                }>{w.folio}</button>
                {w.changes.then(|| view! { <span>" · cambios por enviar: " {move || why(state)}</span> })}
                {(!w.files.is_empty()).then(|| view! {
                    <span>{format!(" · esperando subir: {}", w.files.join(", "))}</span>
                })}
                {w.notices.into_iter().map(|m| view! { <span class="rechazo">{format!(" · el servidor lo deshizo: {m}")}</span> }).collect_view()}
            </li>
        }
    };
    view! {
        <section class="aviso bandeja" aria-labelledby="bandeja-titulo">
            <h2 id="bandeja-titulo">"Por enviar"</h2>
            {move || waiting.get().map(|all| if all.is_empty() {
                view! { <p>"Nada espera: todo está en el servidor."</p> }.into_any()
            } else {
                view! { <ul>{all.into_iter().map(row).collect_view()}</ul> }.into_any()
            })}
            <ListaParaSalir/>
            <button on:click=move |_| open.set(false)>"Cerrar"</button>
        </section>
    }
}
