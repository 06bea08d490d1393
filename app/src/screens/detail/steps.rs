//! The steps table: each step's status, dates and comment, editable with one touch.

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::EstatusPaso;
use ote_shared::model::{FechaPaso, Paso};
use ote_shared::rules::transicion_paso;
use ote_shared::sync::device::{self};
use uuid::Uuid;

use super::Vista;
use crate::context::Dispositivo;

/// The steps table, in template order. Rows are keyed by the step's content: when the work
/// order changes, only the steps that changed are redrawn, and an input someone is typing in
/// elsewhere in the table stays as it is.
#[component]
pub(super) fn Pasos(
    ot: Uuid,
    vista: Memo<Vista>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let pasos = move || {
        vista.with(|v| match v {
            Some(Some((ot, _))) => ot.pasos_ordenados().into_iter().cloned().collect(),
            _ => Vec::new(),
        })
    };
    view! {
        <table class="pasos">
            <thead><tr>
                <th>"Paso"</th><th>"Estatus"</th><th>"Entrega"</th><th>"Inicio"</th>
                <th>"Término"</th><th>"Comentario"</th>
            </tr></thead>
            <tbody>
                <For each=pasos key=|paso: &Paso| paso.clone() let:paso>
                    <FilaPaso ot paso error/>
                </For>
            </tbody>
        </table>
    }
}

/// One step: a select offers only the statuses the shared rules allow from the current one.
#[component]
pub(super) fn FilaPaso(ot: Uuid, paso: Paso, error: RwSignal<Option<String>>) -> impl IntoView {
    // A copyable handle, so each field's handler can own one.
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let (nombres, id_paso) = (d.with_value(|d| d.catalogos), paso.id_paso);
    // Named once the catalogs are read (an offline start reads them after the rows show).
    let nombre = move || {
        nombres
            .get()
            .map_or_else(|| format!("Paso {id_paso}"), |c| c.nombre_paso(id_paso))
    };
    let pid = paso.id;
    let actual = paso.estatus_paso;
    let opciones = EstatusPaso::ALL
        .iter()
        .filter(|s| **s == actual || transicion_paso(actual, **s))
        .map(|s| view! { <option value=s.code().to_string() selected=*s == actual>{s.label()}</option> })
        .collect_view();
    let editar = move |cambio: Box<dyn FnOnce(&mut Paso)>| {
        d.with_value(|d| save_step(d, ot, pid, error, cambio))
    };
    let fecha = move |campo: FechaPaso, valor: Option<NaiveDate>| {
        view! {
            <td><input type="date" name=campo.campo()
                prop:value=valor.map(|f| f.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let nueva = event_target_value(&ev).parse::<NaiveDate>().ok();
                    editar(Box::new(move |p| *p.fecha_mut(campo) = nueva));
                }/></td>
        }
    };
    view! {
        <tr data-paso=pid.to_string()>
            <td class="nombre">{nombre}</td>
            <td><select name="estatus_paso" on:change=move |ev| {
                let codigo = event_target_value(&ev).parse().ok().and_then(EstatusPaso::from_code);
                if let Some(s) = codigo {
                    editar(Box::new(move |p| p.estatus_paso = s));
                }
            }>{opciones}</select></td>
            {FechaPaso::ALL.map(|campo| fecha(campo, paso.fecha(campo)))}
            <td><input type="text" name="comentario" prop:value=paso.comentario.clone()
                on:change=move |ev| {
                    let texto = event_target_value(&ev).trim().to_owned();
                    editar(Box::new(move |p| p.comentario = texto));
                }/></td>
        </tr>
    }
}

/// Stores an edit of step `paso` of the work order `ot` on this device, then tells the list
/// (it reloads) and the sync (it sends the change, debounced).
fn save_step(
    d: &Dispositivo,
    ot: Uuid,
    paso: Uuid,
    error: RwSignal<Option<String>>,
    cambio: Box<dyn FnOnce(&mut Paso)>,
) {
    let autor = d.autor();
    d.save(error, "el cambio", move |store| async move {
        let editado = device::edit(&*store, autor, ot, |o| {
            if let Some(p) = o.pasos.get_mut(&paso) {
                cambio(p);
            }
        })
        .await;
        editado.map(|(_, cambio)| cambio)
    });
}
