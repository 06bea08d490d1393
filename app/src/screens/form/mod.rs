//! A work order's own fields (seed 001's `crear_ot` and `editar_ot`), for the office: a new
//! initial OT, or an existing one. The site selectors follow the front, the yard phase behaves
//! as the seed's (land: the patio is the site; offshore: a patio only behind the "fase de patio"
//! checkbox, with its dates), and the shared rules are checked as the user types, each message
//! under its field, before anything is saved. Saving writes the local document; the server
//! gives a new OT its steps on the next sync.
//!
//! Its parts: [`draft`] (what the form holds and the rules' judgement of it), [`controls`] (the
//! labelled inputs), [`pte`] (the PTE a new OT starts from), [`sites`] (the front, its sites
//! and the yard phase), [`people`] (the employees assigned) and [`tipo`] (a new OT's type: initial
//! or a reprogramming).

mod controls;
mod draft;
mod people;
mod pte;
mod sites;
mod tipo;

use leptos::prelude::*;
use ote_shared::codes::Prioridad;
use ote_shared::document;
use ote_shared::model::{self, OrdenTrabajo};
use ote_shared::sync::device::{self, DeviceStore};
use uuid::Uuid;

use crate::catalogs::Catalogos;
use crate::context::Device;
use crate::routes::Screen;

use controls::{area, date, datetime, number, select, text};
use draft::Draft;
use people::people_fieldset;
use sites::Sitios;

/// The form for work order `id`, or for a new one.
#[component]
pub fn WorkOrderForm(
    /// The work order's document id; `None` for a new one.
    id: Option<Uuid>,
) -> impl IntoView {
    let store = expect_context::<Device>().store;
    let original = LocalResource::new(move || {
        let store = store.get_value();
        async move {
            match id {
                None => Some(OrdenTrabajo::new(Uuid::new_v4())),
                Some(id) => {
                    let stored = store.load(id).await.ok().flatten()?;
                    document::read(&stored.doc).ok()
                }
            }
        }
    });
    view! {
        <section class="formulario">
            <h2>{if id.is_some() { "Editar orden de trabajo" } else { "Nueva orden de trabajo" }}</h2>
            <Suspense fallback=|| view! { <p>"Abriendo la orden…"</p> }>
                {move || original.get().map(|ot| match ot {
                    Some(ot) => view! { <FormFields original=ot is_new=id.is_none()/> }.into_any(),
                    None => view! { <p class="error">"Esta orden no está en este dispositivo"</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The form's fields, checked as they are typed; saving stores the work order and opens it.
#[component]
fn FormFields(original: OrdenTrabajo, is_new: bool) -> impl IntoView {
    let d = expect_context::<Device>();
    let (todos, autor) = (d.catalogos, d.autor());
    // What the selects offer: no inactive entry, unless this work order names it already. The
    // rules read every entry.
    let nombra = original.clone();
    let catalogos = LocalResource::new(move || {
        let ot = nombra.clone();
        async move { todos.await.ofrecidos(&ot) }
    });
    let original = StoredValue::new(original);
    let b = Draft::new(original, is_new, autor, todos);
    let error = RwSignal::new(None::<String>);
    let d = StoredValue::new_local(d);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        b.tried.set(true);
        let (Ok(ot), true) = (b.result(), b.errors.with(Vec::is_empty)) else {
            error.set(Some(
                "Corrija los campos marcados; no se guardó nada".into(),
            ));
            return;
        };
        // Cleared now: saving opens the detail, and this screen's signals go with it.
        error.set(None);
        let before = original.get_value();
        d.with_value(|d| save_work_order(d, before, ot, is_new, error));
    };
    let c = move || catalogos.get().unwrap_or_default();
    view! {
        <form class="ot" novalidate on:submit=save>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {data_fieldset(b, catalogos, is_new)}
            <fieldset>
                <legend>"Frente y sitio"</legend>
                {move || view! { <Sitios b catalogos=c()/> }}
            </fieldset>
            {dates_fieldset(b)}
            {people_fieldset(b, catalogos)}
            <fieldset>
                <legend>"Montos"</legend>
                {text(b, "monto_mxn", |d| d.mxn.clone(), |d, v| d.mxn = v)}
                {text(b, "monto_usd", |d| d.usd.clone(), |d, v| d.usd = v)}
            </fieldset>
            <button type="submit" class="guardar">{if is_new { "Crear orden" } else { "Guardar cambios" }}</button>
        </form>
    }
}

/// The order's own data: its PTE, folio, oficio, type, description, the people, priority and
/// comment.
fn data_fieldset(b: Draft, catalogos: LocalResource<Catalogos>, is_new: bool) -> impl IntoView {
    let c = move || catalogos.get().unwrap_or_default();
    let responsables = move || {
        c().responsables_proyecto
            .into_iter()
            .map(|r| (r.id, r.nombre))
            .collect()
    };
    let clientes = move || c().clientes.into_iter().map(|r| (r.id, r.nombre)).collect();
    let prioridades = Prioridad::ALL
        .iter()
        .map(|p| (i64::from(p.code()), p.label().to_owned()));
    view! {
        <fieldset>
            <legend>"Datos de la orden"</legend>
            {pte::pte_select(b, catalogos, is_new)}
            {text(b, "orden_trabajo",
                |d| d.ot.orden_trabajo.clone(), |d, v| d.ot.orden_trabajo = v)}
            {text(b, "oficio_ot", |d| d.ot.oficio_ot.clone(), |d, v| d.ot.oficio_ot = v)}
            {if is_new {
                tipo::tipo_select(b)
            } else {
                view! { <p class="campo"><span>"Tipo"</span><output>{move || b.read(|d| d.ot.id_tipo.label())}</output></p> }.into_any()
            }}
            {area(b, "descripcion_trabajo",
                |d| d.ot.descripcion_trabajo.clone(), |d, v| d.ot.descripcion_trabajo = v)}
            {move || select(b, "id_responsable_proyecto",
                responsables(),
                |d| d.ot.id_responsable_proyecto, |d, v| d.ot.id_responsable_proyecto = v)}
            {text(b, "responsable_cliente",
                |d| d.ot.responsable_cliente.clone(), |d, v| d.ot.responsable_cliente = v)}
            {move || select(b, "id_cliente", clientes(),
                |d| d.ot.id_cliente, |d, v| d.ot.id_cliente = v)}
            {select(b, "prioridad", prioridades.collect(),
                |d| d.ot.prioridad.map(|p| i64::from(p.code())),
                |d, v| d.ot.prioridad = v.and_then(Prioridad::from_code))}
            {area(b, "comentario", |d| d.ot.comentario.clone(), |d, v| d.ot.comentario = v)}
        </fieldset>
    }
}

/// The programmed and real dates, and the term in days.
fn dates_fieldset(b: Draft) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Fechas y plazo"</legend>
            {date(b, "fecha_inicio_programado",
                |d| d.ot.fecha_inicio_programado, |d, v| d.ot.fecha_inicio_programado = v)}
            {date(b, "fecha_termino_programado",
                |d| d.ot.fecha_termino_programado, |d, v| d.ot.fecha_termino_programado = v)}
            {date(b, "fecha_inicio_real",
                |d| d.ot.fecha_inicio_real, |d, v| d.ot.fecha_inicio_real = v)}
            {date(b, "fecha_termino_real",
                |d| d.ot.fecha_termino_real, |d, v| d.ot.fecha_termino_real = v)}
            {number(b, "plazo_dias", |d| d.ot.plazo_dias, |d, v| d.ot.plazo_dias = v)}
            {datetime(b, "bitacora_inicio_cliente",
                |d| d.ot.bitacora_inicio_cliente, |d, v| d.ot.bitacora_inicio_cliente = v)}
            {datetime(b, "bitacora_llegada_base",
                |d| d.ot.bitacora_llegada_base, |d, v| d.ot.bitacora_llegada_base = v)}
        </fieldset>
    }
}

/// Stores the work order on this device: a new one whole, an edit as the fields the user changed
/// (what another device changed meanwhile in other fields stays); then opens it.
fn save_work_order(
    d: &Device,
    before: OrdenTrabajo,
    ot: OrdenTrabajo,
    is_new: bool,
    error: RwSignal<Option<String>>,
) {
    let (screen, autor) = (d.screen, d.autor());
    d.save(error, "la orden", move |store| async move {
        let id = ot.id;
        let saved = if is_new {
            device::create(&*store, autor, &ot).await.map(|()| true)
        } else {
            let changes = model::cambios(&before, &ot);
            let edited = device::edit(&*store, autor, id, |o| {
                // The draft came from this document: its fields read back as a work order.
                let _ = model::aplicar(o, &changes);
            });
            edited.await.map(|(_, changed)| changed)
        };
        if saved.is_ok() {
            screen.go(Screen::Detail(id));
        }
        saved
    });
}
