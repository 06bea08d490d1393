//! One work order on this device: its header, overall progress and steps, each step's status,
//! dates and comment editable with one touch, and the fields concurrent edits left with several
//! values, each value offered to pick, and the server's notices of what it undid and why. An
//! edit is a change of the local document, stored in
//! IndexedDB before the screen shows it; the background sync sends it.
//!
//! Its parts: [`steps`], [`status`] (history, status change, reprogramming), [`photos`],
//! [`conflicts`], [`notices`] and [`chain`] (the reprogrammings of one work order); [`report`]
//! is its printable report, a screen of its own.

mod audit;
mod chain;
mod conflicts;
mod delete;
mod files;
mod notices;
mod photos;
mod report;
mod status;
mod steps;

use leptos::prelude::*;
use ote_shared::codes::EstadoRegistro;
use ote_shared::document::{self, Conflicto};
use ote_shared::model::OrdenTrabajo;
use ote_shared::sync::device::DeviceStore;
use uuid::Uuid;

use crate::catalogs::Catalogos;
use crate::context::Device;
use crate::format::{dinero, fecha};
use crate::labels::nombre_de_ruta;
use crate::routes::Screen;
use crate::session::Perfil;

use audit::Auditoria;
use chain::Chain;
use conflicts::Conflicts;
use delete::Eliminar;
use notices::Avisos;
use photos::Fotos;
use status::{CambioEstatus, Historial, Reprogramar};
use steps::Pasos;

pub use report::WorkOrderReport;

/// The work order as the device has it and its conflicts: `None` while it loads, `Some(None)`
/// when the device does not have it.
pub(super) type Loaded = Option<Option<(OrdenTrabajo, Vec<Conflicto>)>>;

/// The work order `id`, until the user goes back to the list.
#[component]
pub fn WorkOrderDetail(
    /// The work order's document id.
    id: Uuid,
) -> impl IntoView {
    let d = expect_context::<Device>();
    let state = d.sync.state;
    let store = d.store;
    let ot = LocalResource::new(move || {
        state.track_documents();
        let store = store.get_value();
        async move {
            let stored = store.load(id).await.ok().flatten()?;
            let ot = document::read(&stored.doc).ok()?;
            Some((ot, document::conflicts(&stored.doc).unwrap_or_default()))
        }
    });
    // Redrawn only when this work order changed: a sync that brought other documents must not
    // rebuild the inputs someone is typing in.
    let loaded: Memo<Loaded> = Memo::new(move |_| ot.get());
    let estatus = Memo::new(move |_| {
        loaded.with(|v| {
            v.as_ref()
                .and_then(Option::as_ref)
                .map(|(ot, _)| ot.id_estatus_ot)
        })
    });
    let avisos = LocalResource::new(move || {
        state.track_documents();
        let store = store.get_value();
        async move {
            let all = store.notices().await.unwrap_or_default();
            all.into_iter()
                .filter(|n| n.doc_id == id)
                .collect::<Vec<_>>()
        }
    });
    let names = d.catalogos;
    let error = RwSignal::new(None::<String>);
    let screen = d.screen;
    // A read-only user sees everything and can change nothing: the form controls are disabled
    // (the server would refuse the change anyway).
    let perfil = d.perfil;
    let read_only = move || perfil.with(|p| p.as_ref().is_none_or(Perfil::solo_lectura));
    view! {
        <section class="detalle">
            <nav class="acciones">
                <button class="volver" on:click=move |_| screen.go(Screen::List)>"← Órdenes de trabajo"</button>
                <button class="reporte" on:click=move |_| screen.go(Screen::Report(id))>"Reporte para imprimir"</button>
                <a class="boton" href=format!("/api/v1/work-orders/{id}/steps.xlsx") download>"Pasos en Excel"</a>
                <Show when=move || perfil.with(|p| p.as_ref().is_some_and(Perfil::planea))>
                    <button class="editar" on:click=move |_| screen.go(Screen::Form(Some(id)))>"Editar datos"</button>
                    <button class="importar" on:click=move |_| screen.go(Screen::Imports(Some(id)))>"Anexo C y programa"</button>
                    {move || loaded.get().flatten()
                        .filter(|(ot, _)| ot.estatus != EstadoRegistro::Eliminado)
                        .map(|(ot, _)| view! { <Eliminar id folio=ot.orden_trabajo error/> })}
                </Show>
            </nav>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || avisos.get().filter(|a| !a.is_empty()).map(|a| {
                // Each notice names its field as the form does (a step by its name).
                let named = loaded.with(|v| match v {
                    Some(Some((ot, _))) => {
                        let names = names.get().unwrap_or_default();
                        a.iter().map(|n| nombre_de_ruta(&n.field, ot, &names)).collect()
                    }
                    _ => Vec::new(),
                });
                view! { <Avisos id avisos=a named/> }
            })}
            {move || match loaded.get() {
                None => view! { <p>"Abriendo la orden…"</p> }.into_any(),
                Some(None) => view! { <p class="error">"Esta orden no está en este dispositivo"</p> }.into_any(),
                Some(Some((ot, _))) => {
                    let pte = names.get().and_then(|c| pte_padre(&c, &ot));
                    view! { <Header ot=ot.clone() pte/><Chain ot/> }.into_any()
                }
            }}
            // Each part redrawn only when what it shows changed: a reason or a comment being
            // typed stays while a sync brings other changes.
            <Show when=move || estatus.get().is_some()>
                <fieldset class="edicion" disabled=read_only>
                    {move || estatus.get().map(|current| view! { <CambioEstatus id current error/> })}
                    {move || loaded.get().flatten().map(|(ot, conflicts)| {
                        let names = names.get().unwrap_or_default();
                        view! {
                            <Reprogramar ot=ot.clone() error/>
                            <Conflicts ot=ot.clone() conflicts names error/>
                            <Fotos ot error/>
                        }
                    })}
                    <Pasos ot=id loaded/>
                </fieldset>
            </Show>
            {move || loaded.get().flatten().map(|(ot, _)| {
                let names = names.get().unwrap_or_default();
                view! { <Historial ot=ot.clone()/><Auditoria ot names/> }
            })}
        </section>
    }
}

/// The header: folio, description, type, status, official letter and the PTE it derives from
/// (`pte`, its official letter).
#[component]
fn Header(ot: OrdenTrabajo, pte: Option<String>) -> impl IntoView {
    let progreso = ot.progreso();
    let provisional = provisional_number(ot.id);
    let numbered = ot.num_reprogramacion.is_some();
    view! {
        <header class="encabezado">
            <h2>{ot.orden_trabajo.clone()}</h2>
            <p class="descripcion">{ot.descripcion_trabajo.clone()}</p>
            <p>
                {tipo(&ot)}
                {move || (numbered && provisional()).then_some(view! { <ProvisionalMark/> })}
                {format!(" · {} · Oficio {}", ot.id_estatus_ot.label(), ot.oficio_ot)}
            </p>
            {pte.map(|p| view! { <p class="pte">"PTE "{p}</p> })}
            <p class="programa">{programa(&ot)}</p>
            <p class="montos">{format!("Monto: {} · {}", dinero(ot.monto_mxn, "MXN"), dinero(ot.monto_usd, "USD"))}</p>
            <div class="avance" title="Avance">
                <progress max="100" value=progreso></progress>
                <span>{format!("{progreso:.0} %")}</span>
            </div>
        </header>
    }
}

/// Whether the reprogramming number of the work order `id` was given on a vessel's hub and
/// shore has yet to settle it (the hub's link, [`Device::enlace`]).
pub(super) fn provisional_number(id: Uuid) -> impl Fn() -> bool + Copy {
    let enlace = expect_context::<Device>().enlace;
    move || enlace.with(|l| l.as_ref().is_some_and(|l| l.provisionales.contains(&id)))
}

/// The mark beside a provisional reprogramming number.
#[component]
pub(super) fn ProvisionalMark() -> impl IntoView {
    view! {
        <span class="provisional" title="Número dado a bordo: tierra lo confirma o lo cambia al volver el enlace">
            " (provisional)"
        </span>
    }
}

/// The programmed dates, as dd/mm/aaaa.
fn programa(ot: &OrdenTrabajo) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "sin fecha".to_owned(), fecha);
    format!(
        "Programada del {} al {}",
        date(ot.fecha_inicio_programado),
        date(ot.fecha_termino_programado)
    )
}

/// The official letter of the PTE `ot` derives from, as the catalog kept on the device has it.
fn pte_padre(c: &Catalogos, ot: &OrdenTrabajo) -> Option<String> {
    Some(c.pte(ot.id_pte_header?)?.oficio_pte.clone())
}

/// The work order's type, with its number in the chain once the server has given it one.
fn tipo(ot: &OrdenTrabajo) -> String {
    match ot.num_reprogramacion {
        Some(n) => format!("{} {n}", ot.id_tipo.label()),
        None => ot.id_tipo.label().to_owned(),
    }
}
