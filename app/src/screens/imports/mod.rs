//! Imports, for the office (they need the server): for one work order, uploading an Anexo C
//! workbook or an MS Project schedule with the import's progress, the imported partidas, and
//! each schedule version as a Gantt chart; for all, the import history.
//!
//! Its parts: [`upload`] (the upload and the import's progress), [`partidas`] (the Anexo C
//! items), [`schedules`] (the schedule versions, each drawn by [`gantt`] and compared by
//! [`compare`]) and [`history`] (the import history).

mod compare;
mod gantt;
mod history;
mod partidas;
mod schedules;
mod upload;

use leptos::prelude::*;
use uuid::Uuid;

use crate::api;
use crate::context::Device;

use history::ImportList;
use partidas::Partidas;
use schedules::Programas;
use upload::Upload;

/// Imports of the work order `id`, or the history of all when `None`.
#[component]
pub fn ImportsScreen(
    /// The work order's document id; `None` for every import.
    id: Option<Uuid>,
) -> impl IntoView {
    let d = expect_context::<Device>();
    let store = d.store;
    // The folio heads the screen (the app knows the work order by its document id).
    let folio = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            let summary = store.summary(id?).await.ok()??;
            Some(summary.orden_trabajo)
        }
    });
    let reload = RwSignal::new(0u32);
    view! {
        <section class="importaciones">
            <h2>"Importaciones"</h2>
            {match id {
                Some(id) => view! {
                    <p>{move || folio.get().flatten().map(|f| format!("Orden {f}"))}</p>
                    <Upload ot=id reload/>
                    <Partidas ot=id reload/>
                    <Programas ot=id reload/>
                }.into_any(),
                None => view! {
                    <p class="ayuda">"Para importar, abra una orden y elija «Anexo C y programa»."</p>
                }.into_any(),
            }}
            <ImportList ot=id reload/>
        </section>
    }
}

/// The server's answer at `path` as text, read again whenever an import ends (`reload`) or
/// a signal `path` reads changes.
fn read(
    reload: RwSignal<u32>,
    path: impl Fn() -> String + 'static,
) -> LocalResource<Result<String, String>> {
    LocalResource::new(move || {
        reload.track();
        let path = path();
        async move { api::text(&path).await }
    })
}
