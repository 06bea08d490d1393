//! The catalogs (admin, oficina): one catalog at a time, its entries added, renamed,
//! deactivated or reactivated (never deleted), and a type's step templates moved up or down.
//! Devices take the changes up on their next sync.

use leptos::prelude::*;
use ote_shared::api::{CambioEntrada, EntradaCatalogo, NuevaEntrada, OrdenPasos, TipoCatalogo};

use super::{Aviso, aviso_view, send};
use crate::api::{self, Method};
use crate::context::Device;

/// The catalogs screen.
#[component]
pub fn CatalogsScreen() -> impl IntoView {
    let chosen = RwSignal::new(TipoCatalogo::Embarcaciones);
    let reload = RwSignal::new(0u32);
    let said = RwSignal::new(None::<Aviso>);
    let entries = LocalResource::new(move || {
        reload.track();
        let path = format!("/api/v1/catalogs/{}", chosen.get().clave());
        async move { api::get::<Vec<EntradaCatalogo>>(&path).await }
    });
    let tabs = TipoCatalogo::ALL
        .iter()
        .map(|c| {
            let c = *c;
            view! {
                <button class:activa=move || chosen.get() == c
                    on:click=move |_| { said.set(None); chosen.set(c) }>{c.etiqueta()}</button>
            }
        })
        .collect_view();
    view! {
        <section class="administracion">
            <h2>"Catálogos"</h2>
            <nav class="catalogos">{tabs}</nav>
            {aviso_view(said)}
            {move || view! { <NewEntry catalogo=chosen.get() reload said/> }}
            <Transition fallback=|| view! { <p>"Cargando…"</p> }>
                {move || entries.get().map(|r| match r {
                    Ok(list) => entries_table(chosen.get_untracked(), list, reload, said).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn entries_table(
    catalogo: TipoCatalogo,
    list: Vec<EntradaCatalogo>,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
) -> impl IntoView {
    let order = StoredValue::new(list.clone());
    let rows = list
        .into_iter()
        .map(|e| view! { <EntryRow catalogo entrada=e order reload said/> })
        .collect_view();
    let extra = match catalogo {
        TipoCatalogo::PasosPlantilla => "Tipo · orden",
        c if c.es_sitio() => "Frente",
        _ => "",
    };
    view! {
        <table class="ots catalogo">
            <thead><tr><th>"Nombre"</th><th>{extra}</th><th>"Estado"</th><th>"Acciones"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn EntryRow(
    catalogo: TipoCatalogo,
    entrada: EntradaCatalogo,
    order: StoredValue<Vec<EntradaCatalogo>>,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
) -> impl IntoView {
    let (id, activo) = (entrada.id, entrada.activo);
    let name = RwSignal::new(entrada.nombre.clone());
    let path = format!("/api/v1/catalogs/{}/{id}", catalogo.clave());
    let patch = move |cambio: CambioEntrada, done: &'static str| {
        let body = serde_json::to_string(&cambio).ok();
        send::<EntradaCatalogo>(Method::PATCH, path.clone(), body, reload, said, move |e| {
            format!("«{}»: {done}", e.nombre)
        });
    };
    let rename = patch.clone();
    let extra = match (entrada.tipo, entrada.id_frente) {
        (Some(tipo), _) => format!(
            "{tipo} · {}",
            entrada.orden.map_or("—".into(), |o| o.to_string())
        ),
        (None, Some(frente)) => frente_name(frente),
        _ => String::new(),
    };
    let moves = entrada.tipo.map(|tipo| {
        let go = move |up: bool| move_step(order.get_value(), tipo, id, up, reload, said);
        view! {
            <button aria-label="Subir" on:click=move |_| go(true)>"↑"</button>
            <button aria-label="Bajar" on:click=move |_| go(false)>"↓"</button>
        }
    });
    view! {
        <tr data-id=id>
            <td><input aria-label="Nombre" bind:value=name/></td>
            <td>{extra}</td>
            <td>{if activo { "Activo" } else { "Inactivo" }}</td>
            <td>
                <button on:click=move |_| rename(
                    CambioEntrada { nombre: Some(name.get_untracked()), activo: None }, "renombrado")>
                    "Renombrar"</button>
                <button on:click=move |_| patch(
                    CambioEntrada { nombre: None, activo: Some(!activo) },
                    if activo { "desactivado (ya no se ofrece)" } else { "activado" })>
                    {if activo { "Desactivar" } else { "Activar" }}</button>
                {moves}
            </td>
        </tr>
    }
}

/// The name of front `id` from the catalogs on this device.
fn frente_name(id: i64) -> String {
    let catalogos = expect_context::<Device>().catalogos.get_untracked();
    catalogos
        .and_then(|c| c.frentes.into_iter().find(|f| f.id == id))
        .map_or_else(|| format!("Frente {id}"), |f| f.descripcion)
}

/// Moves template `id` one place up or down among its type's, and sends the new order.
fn move_step(
    all: Vec<EntradaCatalogo>,
    tipo: i32,
    id: i64,
    up: bool,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
) {
    let mut ids: Vec<i64> = all
        .iter()
        .filter(|e| e.tipo == Some(tipo))
        .map(|e| e.id)
        .collect();
    let Some(at) = ids.iter().position(|i| *i == id) else {
        return;
    };
    let to = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|t| *t < ids.len())
    };
    let Some(to) = to else {
        return;
    };
    ids.swap(at, to);
    let body = serde_json::to_string(&OrdenPasos { tipo, ids }).ok();
    send::<Vec<EntradaCatalogo>>(
        Method::PUT,
        "/api/v1/catalogs/pasos_plantilla/orden".into(),
        body,
        reload,
        said,
        |_| "Orden de los pasos guardado: las órdenes nuevas lo siguen".into(),
    );
}

/// A new entry of `catalogo`: its name, and a site's front or a template's type.
#[component]
fn NewEntry(
    catalogo: TipoCatalogo,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
) -> impl IntoView {
    let nombre = RwSignal::new(String::new());
    let frente = RwSignal::new(String::new());
    let tipo = RwSignal::new("5".to_owned());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let nueva = NuevaEntrada {
            nombre: nombre.get_untracked(),
            id_frente: frente.get_untracked().parse().ok(),
            tipo: (catalogo == TipoCatalogo::PasosPlantilla)
                .then(|| tipo.get_untracked().parse().ok())
                .flatten(),
        };
        let body = serde_json::to_string(&nueva).ok();
        let path = format!("/api/v1/catalogs/{}", catalogo.clave());
        send::<EntradaCatalogo>(Method::POST, path, body, reload, said, |e| {
            format!("«{}» agregado", e.nombre)
        });
        nombre.set(String::new());
    };
    let frentes = move || {
        let catalogos = expect_context::<Device>()
            .catalogos
            .get()
            .unwrap_or_default();
        catalogos
            .frentes
            .into_iter()
            .map(|f| view! { <option value=f.id.to_string()>{f.descripcion}</option> })
            .collect_view()
    };
    view! {
        <form class="nueva-entrada" on:submit=submit>
            <label>"Nuevo en " {catalogo.etiqueta()} ": "<input name="nombre" required bind:value=nombre/></label>
            {catalogo.es_sitio().then(|| view! {
                <label>"Frente "
                    <select name="frente" on:change=move |ev| frente.set(event_target_value(&ev))>
                        <option value="">"—"</option>{frentes}
                    </select>
                </label>
            })}
            {(catalogo == TipoCatalogo::PasosPlantilla).then(|| view! {
                <label>"Tipo "<input name="tipo" inputmode="numeric" bind:value=tipo/></label>
            })}
            <button type="submit">"Agregar"</button>
        </form>
    }
}
