//! The people assigned to the work order: a technician receives on their tablet the work orders
//! they are assigned to, so this is also what reaches whose tablet.

use leptos::prelude::*;

use super::draft::Draft;
use crate::catalogs::Catalogos;
use crate::labels::etiqueta;

/// A checkbox per employee of the catalog kept on the device.
pub(super) fn people_fieldset(b: Draft, catalogos: LocalResource<Catalogos>) -> impl IntoView {
    let empleados = move || catalogos.get().map(|c| c.empleados).unwrap_or_default();
    view! {
        <fieldset class="personal">
            <legend>{etiqueta("empleados")}</legend>
            {move || empleados().into_iter().map(|e| {
                let id = e.id;
                let nombre = format!("{} {} {}", e.nombre, e.apellido_paterno, e.apellido_materno);
                let checked = move || b.values.with(|d| d.ot.empleados.contains(&id));
                view! {
                    <label class="casilla">
                        <input type="checkbox" name="empleados" value=id.to_string() prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                b.values.update(|d| {
                                    if on {
                                        d.ot.empleados.insert(id);
                                    } else {
                                        d.ot.empleados.remove(&id);
                                    }
                                });
                            }/>
                        {nombre.trim().to_owned()}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
