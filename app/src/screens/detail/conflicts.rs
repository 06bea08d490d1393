//! The fields concurrent edits left with several values, and the pick that settles each.

use leptos::prelude::*;
use ote_shared::document::Conflicto;
use ote_shared::model::{Coleccion, FieldPath, OrdenTrabajo};
use ote_shared::sync::device::{self};
use uuid::Uuid;

use crate::catalogs::Catalogos;
use crate::context::Dispositivo;

/// Each field with concurrent values: what it is, and a button per value to keep that one.
#[component]
pub(super) fn Conflictos(
    ot: OrdenTrabajo,
    conflictos: Vec<Conflicto>,
    nombres: Catalogos,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    if conflictos.is_empty() {
        return None;
    }
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let id = ot.id;
    let filas = conflictos
        .into_iter()
        .map(|c| {
            let etiqueta = etiqueta(&c.campo, &ot, &nombres);
            let botones = c
                .valores
                .into_iter()
                .map(|valor| {
                    let campo = c.campo.clone();
                    let texto = format!("Usar «{}»", mostrar(&valor));
                    view! {
                        <button class="elegir" on:click=move |_| {
                            let (campo, valor) = (campo.clone(), valor.clone());
                            d.with_value(|d| elegir(d, id, campo, valor, error));
                        }>{texto}</button>
                    }
                })
                .collect_view();
            view! { <li><span class="campo">{etiqueta}</span> {botones}</li> }
        })
        .collect_view();
    Some(view! {
        <section class="conflictos">
            <h3>"Cambios simultáneos: elija el valor que queda"</h3>
            <ul>{filas}</ul>
        </section>
    })
}

/// What a conflicting field is called on screen: `pasos.<id>.comentario` is the step's name
/// and the field.
fn etiqueta(campo: &str, ot: &OrdenTrabajo, nombres: &Catalogos) -> String {
    let nombre = |c: &str| c.replace('_', " ");
    match FieldPath::parse(campo) {
        Some(FieldPath::Entry {
            coleccion: Coleccion::Pasos,
            id,
            field: Some(c),
        }) => {
            let paso = ot
                .pasos
                .get(&id)
                .map_or_else(|| "Paso".to_owned(), |p| nombres.nombre_paso(p.id_paso));
            format!("{paso} · {}", nombre(c))
        }
        _ => nombre(campo),
    }
}

/// A value as the user reads it.
fn mostrar(valor: &serde_json::Value) -> String {
    use serde_json::Value;
    match valor {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "sí".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        // Fields in conflict are scalars: text, numbers, flags or empty.
        _ => "(vacío)".to_owned(),
    }
}

/// Keeps `valor` for `campo` on this device; the sync takes the pick everywhere.
fn elegir(
    d: &Dispositivo,
    ot: Uuid,
    campo: String,
    valor: serde_json::Value,
    error: RwSignal<Option<String>>,
) {
    d.save(error, "la elección", move |store| async move {
        device::resolve_conflict(&*store, ot, &campo, &valor)
            .await
            .map(|()| true)
    });
}
