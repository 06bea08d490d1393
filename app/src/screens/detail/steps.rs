//! The steps table: each step's status, dates and comment, editable with one touch. The device
//! judges every edit by the shared rules before it stores it; a refusal is explained under the
//! step's own row.

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::EstatusPaso;
use ote_shared::model::{FechaPaso, Paso};
use ote_shared::rules::transicion_paso;
use ote_shared::sync::device::{self};
use uuid::Uuid;

use super::Loaded;
use super::files::Miniatura;
use super::photos::{read_file, take_chosen_file};
use crate::context::Device;
use crate::labels::etiqueta_paso;
use crate::screens::date_input::date_input;

/// The steps table, in the office's order of their templates. Rows are keyed by the step's content: when the work
/// order changes, only the steps that changed are redrawn, and an input someone is typing in
/// elsewhere in the table stays as it is.
#[component]
pub(super) fn Pasos(ot: Uuid, loaded: Memo<Loaded>) -> impl IntoView {
    let catalogos = expect_context::<Device>().catalogos;
    // The office's order of the templates, once the catalogs are read.
    let plantillas = move || {
        catalogos
            .get()
            .map(|c| c.pasos_plantilla)
            .unwrap_or_default()
    };
    let pasos = move || {
        loaded.with(|v| match v {
            Some(Some((ot, _))) => ot
                .pasos_en_orden(&plantillas())
                .into_iter()
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    };
    view! {
        <table class="pasos">
            <thead><tr>
                <th>"Paso"</th><th>"Estatus"</th><th>"Entrega"</th><th>"Inicio"</th>
                <th>"Término"</th><th>"Comentario"</th><th>"Archivo"</th>
            </tr></thead>
            <tbody>
                <For each=pasos key=|paso: &Paso| paso.clone() let:paso>
                    <PasoRow ot paso/>
                </For>
            </tbody>
        </table>
    }
}

/// One step: a select offers only the statuses the shared rules allow from the current one.
#[component]
pub(super) fn PasoRow(ot: Uuid, paso: Paso) -> impl IntoView {
    // What the rules refused of this step's last edit, shown under it.
    let error = RwSignal::new(None::<String>);
    // A copyable handle, so each field's handler can own one.
    let d = StoredValue::new_local(expect_context::<Device>());
    let (names, id_paso) = (d.with_value(|d| d.catalogos), paso.id_paso);
    // Named once the catalogs are read (an offline start reads them after the rows show).
    let name = move || {
        names
            .get()
            .map_or_else(|| format!("Paso {id_paso}"), |c| c.nombre_paso(id_paso))
    };
    let pid = paso.id;
    let current = paso.estatus_paso;
    let options = EstatusPaso::ALL
        .iter()
        .filter(|s| **s == current || transicion_paso(current, **s))
        .map(|s| view! { <option value=s.code().to_string() selected=*s == current>{s.label()}</option> })
        .collect_view();
    let edit = move |change: Box<dyn FnOnce(&mut Paso)>| {
        d.with_value(|d| save_step(d, ot, pid, error, change))
    };
    let date_cell = move |field: FechaPaso, value: Option<NaiveDate>| {
        let on_date = move |date| edit(Box::new(move |p: &mut Paso| *p.fecha_mut(field) = date));
        view! { <td>{date_input(field.campo(), etiqueta_paso(field.campo()), move || value, on_date)}</td> }
    };
    view! {
        <tr data-paso=pid.to_string()>
            <td class="nombre">{name}</td>
            <td><select name="estatus_paso" aria-label=etiqueta_paso("estatus_paso") on:change=move |ev| {
                let code = event_target_value(&ev).parse().ok().and_then(EstatusPaso::from_code);
                if let Some(s) = code {
                    edit(Box::new(move |p| p.estatus_paso = s));
                }
            }>{options}</select></td>
            {FechaPaso::ALL.map(|field| date_cell(field, paso.fecha(field)))}
            <td><input type="text" name="comentario" aria-label=etiqueta_paso("comentario") prop:value=paso.comentario.clone()
                on:change=move |ev| {
                    let text = event_target_value(&ev).trim().to_owned();
                    edit(Box::new(move |p| p.comentario = text));
                }/></td>
            <td class="archivo-paso">
                {paso.archivo.clone().map(|archivo| view! { <Miniatura archivo/> })}
                <label class="tomar">{if paso.archivo.is_some() { "Cambiar" } else { "Adjuntar" }}
                    <input type="file" name="archivo_paso" aria-label=format!("Adjuntar un archivo al paso {id_paso}")
                        on:change=move |ev| {
                            if let Some(file) = take_chosen_file(&ev) {
                                d.with_value(|d| attach(d, ot, pid, file, error));
                            }
                        }/>
                </label>
            </td>
        </tr>
        {move || error.get().map(|e| view! {
            <tr class="rechazo" data-rechazo=pid.to_string()>
                <td colspan="7"><p class="error" role="alert">{e}</p></td>
            </tr>
        })}
    }
}

/// Keeps `file` on the device and attaches it to step `paso`; it uploads with the next sync.
fn attach(d: &Device, ot: Uuid, paso: Uuid, file: web_sys::File, error: RwSignal<Option<String>>) {
    let autor = d.autor();
    d.save(error, "el archivo", move |store| async move {
        let (tipo_mime, bytes) = read_file(&file).await?;
        let file = device::ArchivoTomado {
            nombre: file.name(),
            tipo_mime,
            bytes,
        };
        device::attach_step_file(&*store, autor, ot, paso, file)
            .await
            .map(|_| true)
            .map_err(|e| e.to_string())
    });
}

/// Stores an edit of step `paso` of the work order `ot` on this device, then tells the list
/// (it reloads) and the sync (it sends the change, debounced).
fn save_step(
    d: &Device,
    ot: Uuid,
    paso: Uuid,
    error: RwSignal<Option<String>>,
    change: Box<dyn FnOnce(&mut Paso)>,
) {
    let autor = d.autor();
    d.save(error, "el cambio", move |store| async move {
        let edited = device::edit(&*store, autor, ot, |o| {
            if let Some(p) = o.pasos.get_mut(&paso) {
                change(p);
            }
        })
        .await;
        edited.map(|(_, change)| change)
    });
}
