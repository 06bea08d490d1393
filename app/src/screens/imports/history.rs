//! The import history, newest first, paged; of one work order or of all.

use leptos::prelude::*;
use ote_shared::api::{PaginaImportaciones, TipoImportacion};
use uuid::Uuid;

use super::read;
use crate::api;

/// Rows of the history per page.
const PAGE_SIZE: usize = 20;

/// The import history, newest first, paged; of one work order when it is given.
#[component]
pub(super) fn ImportList(ot: Option<Uuid>, reload: RwSignal<u32>) -> impl IntoView {
    let page = RwSignal::new(1usize);
    let historial = read(reload, move || {
        let ot_filter = ot.map(|ot| format!("&id_ot={ot}")).unwrap_or_default();
        format!(
            "/api/v1/imports?pagina={}&por_pagina={PAGE_SIZE}{ot_filter}",
            page.get()
        )
    });
    view! {
        <section class="historial-importaciones">
            <h3>"Historial de importaciones"</h3>
            <Transition fallback=|| view! { <p>"Cargando historial…"</p> }>
                {move || historial.get().map(|r| match r.and_then(|t| api::de_json::<PaginaImportaciones>(&t)) {
                    Ok(h) => history_table(h, page).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// One page of the history, and the buttons to the others.
fn history_table(h: PaginaImportaciones, page: RwSignal<usize>) -> impl IntoView {
    let pages = (h.total.max(0) as usize).div_ceil(PAGE_SIZE).max(1);
    let rows = h
        .datos
        .into_iter()
        .map(|i| {
            view! {
                <tr data-id=i.id data-estado=i.estado.clave()>
                    <td>{crate::format::fecha_hora(&i.creado)}</td>
                    <td>{if i.tipo == TipoImportacion::Anexo { "Anexo C" } else { "Programa" }}</td>
                    <td>{i.orden_trabajo}</td><td>{i.archivo}</td><td>{i.usuario}</td>
                    <td>{i.estado.clave()}</td><td>{i.mensaje_error}</td>
                    <td>{(i.tipo == TipoImportacion::Anexo).then(|| view! {
                        <a download href=format!("/api/v1/imports/{}/anexo-items.xlsx", i.id)>"Partidas en Excel"</a>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    let current = page.get_untracked();
    view! {
        <table class="ots">
            <thead><tr><th>"Fecha"</th><th>"Tipo"</th><th>"OT"</th><th>"Archivo"</th><th>"Usuario"</th>
                <th>"Estado"</th><th>"Error"</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="paginas">
            <button disabled=current <= 1 on:click=move |_| page.update(|p| *p -= 1)>"Anterior"</button>
            <span>{format!("Página {current} de {pages}")}</span>
            <button disabled=current >= pages on:click=move |_| page.update(|p| *p += 1)>"Siguiente"</button>
        </nav>
    }
}
