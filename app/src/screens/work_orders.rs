//! The work orders on this device, from their summaries (no document is loaded to list them),
//! reloaded whenever a sync brings changes: search as you type (folio, oficio, description),
//! a status filter, and pages of 50, so ten thousand local work orders stay quick.

use std::sync::Arc;

use leptos::prelude::*;
use ote_shared::codes::EstatusOt;

use crate::shell::Dispositivo;
use crate::summary::Resumen;

/// Rows per page.
const POR_PAGINA: usize = 50;

/// A summary with the lower-case, accent-free text the search looks in.
struct Fila {
    busqueda: String,
    resumen: Resumen,
}

/// The list.
#[component]
pub fn Lista() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let version = d.sync.estado.version;
    let store = d.store;
    let filas = LocalResource::new(move || {
        version.track();
        let store = store.get_value();
        async move { Arc::new(indexar(store.summaries().await.unwrap_or_default())) }
    });
    let q = RwSignal::new(String::new());
    let estatus = RwSignal::new(None::<EstatusOt>);
    let pagina = RwSignal::new(0usize);
    view! {
        <Filtros q estatus pagina/>
        <Transition fallback=|| view! { <p>"Cargando órdenes…"</p> }>
            {move || filas.get().map(|todas| {
                let visibles = filtrar(&todas, &normalizar(&q.get()), estatus.get());
                view! {
                    <p class="conteo">{conteo(todas.len(), visibles.len())}</p>
                    <Pagina todas=todas.clone() visibles pagina/>
                }
            })}
        </Transition>
    }
}

/// The search box and the status filter; a new search or filter starts on the first page.
#[component]
fn Filtros(
    q: RwSignal<String>,
    estatus: RwSignal<Option<EstatusOt>>,
    pagina: RwSignal<usize>,
) -> impl IntoView {
    view! {
        <div class="filtros">
            <input type="search" name="buscar" placeholder="Buscar folio, oficio o descripción"
                prop:value=q on:input=move |ev| {
                    q.set(event_target_value(&ev));
                    pagina.set(0);
                }/>
            <select name="estatus" on:change=move |ev| {
                estatus.set(event_target_value(&ev).parse().ok().and_then(EstatusOt::from_code));
                pagina.set(0);
            }>
                <option value="">"Todos los estatus"</option>
                {EstatusOt::ALL.iter().map(|s| view! {
                    <option value=s.code().to_string()>{s.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Pagina(todas: Arc<Vec<Fila>>, visibles: Vec<usize>, pagina: RwSignal<usize>) -> impl IntoView {
    let paginas = visibles.len().div_ceil(POR_PAGINA).max(1);
    move || {
        let actual = pagina.get().min(paginas - 1);
        let filas = visibles
            .iter()
            .skip(actual * POR_PAGINA)
            .take(POR_PAGINA)
            .map(|&i| view! { <FilaOt r=todas[i].resumen.clone()/> })
            .collect_view();
        view! {
            <table class="ots">
                <thead><tr><th>"Folio"</th><th>"Descripción"</th><th>"Estatus"</th><th>"Avance"</th><th></th></tr></thead>
                <tbody>{filas}</tbody>
            </table>
            {(paginas > 1).then(|| view! {
                <nav class="paginas">
                    <button disabled=actual == 0 on:click=move |_| pagina.set(actual - 1)>"Anterior"</button>
                    <span>{format!("Página {} de {paginas}", actual + 1)}</span>
                    <button disabled=actual + 1 >= paginas on:click=move |_| pagina.set(actual + 1)>"Siguiente"</button>
                </nav>
            })}
        }
    }
}

/// Sorted by folio, each with its search text.
fn indexar(resumenes: Vec<Resumen>) -> Vec<Fila> {
    let mut filas: Vec<Fila> = resumenes
        .into_iter()
        .map(|r| Fila {
            busqueda: normalizar(&format!(
                "{} {} {}",
                r.orden_trabajo, r.oficio_ot, r.descripcion_trabajo
            )),
            resumen: r,
        })
        .collect();
    filas.sort_by(|a, b| a.resumen.orden_trabajo.cmp(&b.resumen.orden_trabajo));
    filas
}

/// The positions of the rows that match.
fn filtrar(filas: &[Fila], q: &str, estatus: Option<EstatusOt>) -> Vec<usize> {
    filas
        .iter()
        .enumerate()
        .filter(|(_, f)| estatus.is_none_or(|s| f.resumen.id_estatus_ot == s))
        .filter(|(_, f)| q.is_empty() || f.busqueda.contains(q))
        .map(|(i, _)| i)
        .collect()
}

/// Lower case without accents, so "inspeccion" finds "Inspección".
fn normalizar(texto: &str) -> String {
    ote_shared::text::fold(texto.trim())
}

fn conteo(total: usize, visibles: usize) -> String {
    let base = match total {
        0 => "No hay órdenes de trabajo en este dispositivo todavía".to_owned(),
        1 => "1 orden de trabajo en este dispositivo".to_owned(),
        n => format!("{n} órdenes de trabajo en este dispositivo"),
    };
    if visibles == total {
        base
    } else {
        format!("{base} · {visibles} coinciden")
    }
}

/// A row; touching it opens the work order.
#[component]
fn FilaOt(r: Resumen) -> impl IntoView {
    let abierta = expect_context::<Dispositivo>().abierta;
    let id = r.id;
    view! {
        <tr data-id=r.id.to_string() class="abrible" on:click=move |_| abierta.set(Some(id))>
            <td class="folio">{r.orden_trabajo}</td>
            <td class="descripcion">{r.descripcion_trabajo}</td>
            <td>{r.id_estatus_ot.label()}</td>
            <td>{format!("{:.0} %", r.progreso)}</td>
            <td class="marcas">
                {r.pendiente.then(|| view! { <span class="marca pendiente">"Por enviar"</span> })}
                {(r.conflictos > 0).then(|| view! { <span class="marca conflicto">"Conflicto"</span> })}
            </td>
        </tr>
    }
}
