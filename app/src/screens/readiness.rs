//! "¿Lista para salir?": before a crew leaves port, a check that this user's tablet holds
//! everything it needs offline: a sync that just finished with nothing left to send, the
//! catalogs, and a copy of every photo and step file of its work orders (the missing ones are
//! fetched now, while there is a network).

use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::document;
use ote_shared::model::Archivo;
use ote_shared::sync::device::DeviceStore;

use crate::context::Device;
use crate::copies::bytes_of;

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq)]
struct Readiness {
    work_orders: usize,
    files: usize,
    /// Files neither on the tablet nor fetchable now.
    missing: usize,
    catalogs: bool,
    /// Work orders with changes not yet on the server, and files not yet uploaded.
    unsent: usize,
    /// The last sync succeeded and nothing failed since.
    synced: bool,
}

impl Readiness {
    fn ready(&self) -> bool {
        self.synced && self.catalogs && self.missing == 0 && self.unsent == 0
    }

    /// What is wrong, in words (empty when ready).
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.synced {
            out.push("la última sincronización no terminó: conéctate y espera «En línea»".into());
        }
        if !self.catalogs {
            out.push("faltan los catálogos: sincroniza con conexión".into());
        }
        if self.unsent > 0 {
            out.push(format!("{} cambios o archivos sin enviar", self.unsent));
        }
        if self.missing > 0 {
            out.push(format!(
                "{} fotos o archivos que no se pudieron descargar",
                self.missing
            ));
        }
        out
    }
}

/// Every photo and step file of the work orders on the device.
async fn files_of(d: &Device) -> (usize, Vec<Archivo>) {
    let store = d.store();
    let ids: Vec<_> = store
        .summaries()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut files = Vec::new();
    for id in &ids {
        if let Ok(Some(stored)) = store.load(*id).await
            && let Ok(ot) = document::read(&stored.doc)
        {
            files.extend(ot.fotos.into_values().map(|f| f.archivo));
            files.extend(ot.pasos.into_values().filter_map(|p| p.archivo));
        }
    }
    (ids.len(), files)
}

async fn check(d: &Device) -> Readiness {
    let store = d.store();
    let state = d.sync.state;
    let (work_orders, files) = files_of(d).await;
    let mut missing = 0;
    for archivo in &files {
        if bytes_of(&store, archivo).await.is_none() {
            missing += 1;
        }
    }
    let unsent = store.dirty().await.map(|v| v.len()).unwrap_or(0)
        + store.pending_blob_count().await.unwrap_or(0);
    Readiness {
        work_orders,
        files: files.len(),
        missing,
        catalogs: store.catalogs().await.ok().flatten().is_some(),
        unsent,
        synced: state.last_sync.get_untracked().is_some()
            && state.error.get_untracked().is_none()
            && !state.session_expired.get_untracked(),
    }
}

/// The button and its verdict.
#[component]
pub fn ListaParaSalir() -> impl IntoView {
    let d = expect_context::<Device>();
    let result = RwSignal::new(None::<Readiness>);
    let checking = RwSignal::new(false);
    let run = move |_| {
        let d = d.clone();
        checking.set(true);
        spawn_local(async move {
            let found = check(&d).await;
            checking.set(false);
            result.set(Some(found));
        });
    };
    view! {
        <div class="lista-para-salir">
            <button on:click=run disabled=move || checking.get()>
                {move || if checking.get() { "Comprobando y descargando…" } else { "¿Lista para salir sin red?" }}
            </button>
            {move || result.get().map(|r| {
                let summary = format!(
                    "{} órdenes de trabajo, {} fotos y archivos en esta tableta.",
                    r.work_orders, r.files
                );
                if r.ready() {
                    view! { <p class="listo" role="status">"Lista para trabajar sin red: " {summary}</p> }.into_any()
                } else {
                    view! {
                        <div class="no-listo" role="alert">
                            <p>"Todavía no está lista: " {summary}</p>
                            <ul>{r.problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any()
                }
            })}
        </div>
    }
}
