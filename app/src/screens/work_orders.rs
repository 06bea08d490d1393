//! The work orders on this device, from their summaries (no document is loaded to list them),
//! reloaded whenever a sync brings changes: search as you type (folio, oficio, description),
//! filters (status, type, front, client, site, programmed start from/to), a sort, and pages of 50, so
//! ten thousand local work orders stay quick.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::{EstatusOt, TipoOt};
use ote_shared::model::TipoSitio;
use uuid::Uuid;

use crate::context::Dispositivo;
use crate::routes::Screen;
use crate::summary::Resumen;

/// Rows per page.
const POR_PAGINA: usize = 50;

/// A summary with the lower-case, accent-free text the search looks in.
struct Fila {
    busqueda: String,
    resumen: Resumen,
    /// The server undid something in it (its notices are in the detail).
    avisos: bool,
}

/// What the list is asked for, besides the search text.
#[derive(Debug, Clone, Default, PartialEq)]
struct Criterios {
    estatus: Option<EstatusOt>,
    tipo: Option<TipoOt>,
    frente: Option<i64>,
    cliente: Option<i64>,
    sitio: Option<(TipoSitio, i64)>,
    desde: Option<NaiveDate>,
    hasta: Option<NaiveDate>,
    orden: Orden,
}

/// The list's sort.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Orden {
    /// By folio (the default).
    #[default]
    Folio,
    /// By programmed start, the latest first.
    Inicio,
    /// By progress, the least advanced first.
    Avance,
}

/// The list.
#[component]
pub fn Lista() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let estado = d.sync.estado;
    let store = d.store;
    let filas = LocalResource::new(move || {
        estado.track_documents();
        let store = store.get_value();
        async move {
            let avisos = store.notices().await.unwrap_or_default();
            let avisos: HashSet<Uuid> = avisos.into_iter().map(|n| n.doc_id).collect();
            Arc::new(indexar(
                store.summaries().await.unwrap_or_default(),
                &avisos,
            ))
        }
    });
    let q = RwSignal::new(String::new());
    let criterios = RwSignal::new(Criterios::default());
    let pagina = RwSignal::new(0usize);
    view! {
        <Filtros q criterios pagina/>
        <Transition fallback=|| view! { <p>"Cargando órdenes…"</p> }>
            {move || filas.get().map(|todas| {
                let visibles = filtrar(&todas, &normalizar(&q.get()), &criterios.get());
                view! {
                    <p class="conteo">{conteo(todas.len(), visibles.len())}</p>
                    <Pagina todas=todas.clone() visibles pagina/>
                }
            })}
        </Transition>
    }
}

/// The search box, the filters and the sort; any change starts on the first page. Fronts and
/// clients are named from the catalogs kept on the device.
#[component]
fn Filtros(
    q: RwSignal<String>,
    criterios: RwSignal<Criterios>,
    pagina: RwSignal<usize>,
) -> impl IntoView {
    let catalogos = expect_context::<Dispositivo>().catalogos;
    let cambiar = move |f: &dyn Fn(&mut Criterios)| {
        criterios.update(|c| f(c));
        pagina.set(0);
    };
    let numero = |ev: &leptos::ev::Event| event_target_value(ev).parse::<i64>().ok();
    let fecha = |ev: &leptos::ev::Event| event_target_value(ev).parse::<NaiveDate>().ok();
    view! {
        <div class="filtros">
            <input type="search" name="buscar" placeholder="Buscar folio, oficio o descripción"
                prop:value=q on:input=move |ev| {
                    q.set(event_target_value(&ev));
                    pagina.set(0);
                }/>
            <select name="estatus" on:change=move |ev| {
                let s = numero(&ev).and_then(EstatusOt::from_code);
                cambiar(&|c| c.estatus = s);
            }>
                <option value="">"Todos los estatus"</option>
                {EstatusOt::ALL.iter().map(|s| view! {
                    <option value=s.code().to_string()>{s.label()}</option>
                }).collect_view()}
            </select>
            <select name="tipo" on:change=move |ev| {
                let t = numero(&ev).and_then(TipoOt::from_code);
                cambiar(&|c| c.tipo = t);
            }>
                <option value="">"Todos los tipos"</option>
                {TipoOt::ALL.iter().map(|t| view! {
                    <option value=t.code().to_string()>{t.label()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="filtros">
            <select name="frente" on:change=move |ev| {
                let f = numero(&ev);
                cambiar(&|c| c.frente = f);
            }>
                <option value="">"Todos los frentes"</option>
                {move || catalogos.get().map(|c| c.frentes.iter().map(|f| view! {
                    <option value=f.id.to_string()>{f.descripcion.clone()}</option>
                }).collect_view())}
            </select>
            <select name="cliente" on:change=move |ev| {
                let f = numero(&ev);
                cambiar(&|c| c.cliente = f);
            }>
                <option value="">"Todos los clientes"</option>
                {move || catalogos.get().map(|c| c.clientes.iter().map(|cl| view! {
                    <option value=cl.id.to_string()>{cl.nombre.clone()}</option>
                }).collect_view())}
            </select>
            <select name="sitio" on:change=move |ev| {
                let s = sitio(&event_target_value(&ev));
                cambiar(&|c| c.sitio = s);
            }>
                <option value="">"Todos los sitios"</option>
                {move || catalogos.get().map(|c| c.todos_los_sitios().map(|(tipo, s)| view! {
                    <option value=format!("{}:{}", tipo.clave(), s.id)>{s.descripcion.clone()}</option>
                }).collect_view())}
            </select>
            <label>"Inicio desde "<input type="date" name="desde" on:change=move |ev| {
                let f = fecha(&ev);
                cambiar(&|c| c.desde = f);
            }/></label>
            <label>"hasta "<input type="date" name="hasta" on:change=move |ev| {
                let f = fecha(&ev);
                cambiar(&|c| c.hasta = f);
            }/></label>
            <select name="orden" on:change=move |ev| {
                let o = match event_target_value(&ev).as_str() {
                    "inicio" => Orden::Inicio,
                    "avance" => Orden::Avance,
                    _ => Orden::Folio,
                };
                cambiar(&|c| c.orden = o);
            }>
                <option value="folio">"Ordenar por folio"</option>
                <option value="inicio">"Por inicio programado"</option>
                <option value="avance">"Por avance"</option>
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
            .map(|&i| view! { <FilaOt r=todas[i].resumen.clone() avisos=todas[i].avisos/> })
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

/// The site a value of the site filter (`kind:id`) names.
fn sitio(valor: &str) -> Option<(TipoSitio, i64)> {
    let (tipo, id) = valor.split_once(':')?;
    Some((TipoSitio::de_clave(tipo)?, id.parse().ok()?))
}

/// Sorted by folio, each with its search text.
fn indexar(resumenes: Vec<Resumen>, avisos: &HashSet<Uuid>) -> Vec<Fila> {
    let mut filas: Vec<Fila> = resumenes
        .into_iter()
        .map(|r| Fila {
            busqueda: normalizar(&format!(
                "{} {} {}",
                r.orden_trabajo, r.oficio_ot, r.descripcion_trabajo
            )),
            avisos: avisos.contains(&r.id),
            resumen: r,
        })
        .collect();
    filas.sort_by(|a, b| a.resumen.orden_trabajo.cmp(&b.resumen.orden_trabajo));
    filas
}

/// The positions of the rows that match, in the order asked for.
fn filtrar(filas: &[Fila], q: &str, c: &Criterios) -> Vec<usize> {
    let r = |i: &usize| &filas[*i].resumen;
    let mut visibles: Vec<usize> = (0..filas.len())
        .filter(|i| c.estatus.is_none_or(|s| r(i).id_estatus_ot == s))
        .filter(|i| c.tipo.is_none_or(|t| r(i).id_tipo == t))
        .filter(|i| c.frente.is_none_or(|f| r(i).id_frente == Some(f)))
        .filter(|i| c.cliente.is_none_or(|f| r(i).id_cliente == Some(f)))
        .filter(|i| c.sitio.is_none_or(|s| r(i).sitios.contains(&s)))
        .filter(|i| {
            c.desde
                .is_none_or(|d| r(i).fecha_inicio_programado.is_some_and(|f| f >= d))
        })
        .filter(|i| {
            c.hasta
                .is_none_or(|d| r(i).fecha_inicio_programado.is_some_and(|f| f <= d))
        })
        .filter(|i| q.is_empty() || filas[*i].busqueda.contains(q))
        .collect();
    // The rows come sorted by folio; the other orders are stable sorts of that.
    match c.orden {
        Orden::Folio => {}
        Orden::Inicio => visibles.sort_by(|a, b| {
            r(b).fecha_inicio_programado
                .cmp(&r(a).fecha_inicio_programado)
        }),
        Orden::Avance => visibles.sort_by(|a, b| r(a).progreso.total_cmp(&r(b).progreso)),
    }
    visibles
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
fn FilaOt(r: Resumen, avisos: bool) -> impl IntoView {
    let screen = expect_context::<Dispositivo>().screen;
    let id = r.id;
    view! {
        <tr data-id=r.id.to_string() class="abrible" on:click=move |_| screen.go(Screen::Detalle(id))>
            <td class="folio">{r.orden_trabajo}</td>
            <td class="descripcion">{r.descripcion_trabajo}</td>
            <td>{r.id_estatus_ot.label()}</td>
            <td>{format!("{:.0} %", r.progreso)}</td>
            <td class="marcas">
                {r.pendiente.then(|| view! { <span class="marca pendiente">"Por enviar"</span> })}
                {(r.conflictos > 0).then(|| view! { <span class="marca conflicto">"Conflicto"</span> })}
                {avisos.then(|| view! { <span class="marca aviso">"Aviso"</span> })}
            </td>
        </tr>
    }
}
