//! The work orders on this device, from their summaries (no document is loaded to list them),
//! reloaded whenever a sync brings changes: search as you type (folio, oficio, description),
//! filters (status, type, front, client, site, programmed start from/to, logically deleted ones
//! only when asked for), a sort, and pages of 50, so ten thousand local work orders stay quick.
//! Rows open with a touch, or with Enter from the keyboard.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::{EstadoRegistro, EstatusOt, TipoOt};
use ote_shared::model::TipoSitio;
use uuid::Uuid;

use crate::context::Device;
use crate::format::fecha;
use crate::routes::Screen;
use crate::screens::date_input::date_input;
use crate::summary::Summary;

/// Rows per page.
const PAGE_SIZE: usize = 50;

/// A summary with the lower-case, accent-free text the search looks in.
struct Row {
    search: String,
    summary: Summary,
    /// The server undid something in it (its notices are in the detail).
    avisos: bool,
}

/// What the list is asked for, besides the search text.
#[derive(Debug, Clone, Default, PartialEq)]
struct Criteria {
    estatus: Option<EstatusOt>,
    tipo: Option<TipoOt>,
    frente: Option<i64>,
    cliente: Option<i64>,
    sitio: Option<(TipoSitio, i64)>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    /// Logically deleted work orders are listed only when asked for.
    eliminadas: bool,
    sort: Sort,
}

impl Criteria {
    /// These criteria and the search `q` as `GET /api/v1/work-orders`' query string, for the
    /// export: the server filters and sorts as the list does (its search matches words
    /// without accents too). Deleted work orders are exported only when asked for alone.
    fn query(&self, q: &str) -> String {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: String| {
            parts.push(format!("{key}={}", js_sys::encode_uri_component(&value)));
        };
        if !q.trim().is_empty() {
            push("q", q.trim().to_owned());
        }
        if let Some(s) = self.estatus {
            push("id_estatus_ot", s.code().to_string());
        }
        if let Some(t) = self.tipo {
            push("id_tipo", t.code().to_string());
        }
        if let Some(f) = self.frente {
            push("id_frente", f.to_string());
        }
        if let Some(c) = self.cliente {
            push("id_cliente", c.to_string());
        }
        if let Some((kind, id)) = self.sitio {
            push("sitio", format!("{}:{id}", kind.clave()));
        }
        if let Some(d) = self.from {
            push("desde", d.to_string());
        }
        if let Some(d) = self.to {
            push("hasta", d.to_string());
        }
        let orden = match self.sort {
            Sort::Folio => "orden_trabajo",
            Sort::Start => "-fecha_inicio_programado",
            Sort::Avance => "progreso",
        };
        push("orden", orden.to_owned());
        parts.join("&")
    }
}

/// The list's sort.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Sort {
    /// By folio (the default).
    #[default]
    Folio,
    /// By programmed start, the latest first.
    Start,
    /// By progress, the least advanced first.
    Avance,
}

/// The list.
#[component]
pub fn WorkOrderList() -> impl IntoView {
    let d = expect_context::<Device>();
    let state = d.sync.state;
    let store = d.store;
    let rows = LocalResource::new(move || {
        state.track_documents();
        let store = store.get_value();
        async move {
            let avisos = store.notices().await.unwrap_or_default();
            let avisos: HashSet<Uuid> = avisos.into_iter().map(|n| n.doc_id).collect();
            Arc::new(index(store.summaries().await.unwrap_or_default(), &avisos))
        }
    });
    let q = RwSignal::new(String::new());
    let criteria = RwSignal::new(Criteria::default());
    let page = RwSignal::new(0usize);
    view! {
        <Filters q criteria page/>
        <Transition fallback=|| view! { <p>"Cargando órdenes…"</p> }>
            {move || rows.get().map(|all| {
                let shown = filter_rows(&all, &normalize(&q.get()), &criteria.get());
                view! {
                    <p class="conteo">{count_line(all.len(), shown.len())}</p>
                    <Page all=all.clone() shown page/>
                }
            })}
        </Transition>
    }
}

/// The search box, the filters and the sort; any change starts on the first page. Fronts and
/// clients are named from the catalogs kept on the device.
#[component]
fn Filters(
    q: RwSignal<String>,
    criteria: RwSignal<Criteria>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let catalogos = expect_context::<Device>().catalogos;
    let change = move |f: &dyn Fn(&mut Criteria)| {
        criteria.update(|c| f(c));
        page.set(0);
    };
    let number = |ev: &leptos::ev::Event| event_target_value(ev).parse::<i64>().ok();
    view! {
        <div class="filtros">
            <input type="search" name="buscar" aria-label="Buscar folio, oficio o descripción" placeholder="Buscar folio, oficio o descripción"
                prop:value=q on:input=move |ev| {
                    q.set(event_target_value(&ev));
                    page.set(0);
                }/>
            <select name="estatus" aria-label="Estatus" on:change=move |ev| {
                let s = number(&ev).and_then(EstatusOt::from_code);
                change(&|c| c.estatus = s);
            }>
                <option value="">"Todos los estatus"</option>
                {EstatusOt::ALL.iter().map(|s| view! {
                    <option value=s.code().to_string()>{s.label()}</option>
                }).collect_view()}
            </select>
            <select name="tipo" aria-label="Tipo" on:change=move |ev| {
                let t = number(&ev).and_then(TipoOt::from_code);
                change(&|c| c.tipo = t);
            }>
                <option value="">"Todos los tipos"</option>
                {TipoOt::ALL.iter().map(|t| view! {
                    <option value=t.code().to_string()>{t.label()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="filtros">
            <select name="frente" aria-label="Frente" on:change=move |ev| {
                let f = number(&ev);
                change(&|c| c.frente = f);
            }>
                <option value="">"Todos los frentes"</option>
                {move || catalogos.get().map(|c| c.frentes.iter().map(|f| view! {
                    <option value=f.id.to_string()>{f.descripcion.clone()}</option>
                }).collect_view())}
            </select>
            <select name="cliente" aria-label="Cliente" on:change=move |ev| {
                let f = number(&ev);
                change(&|c| c.cliente = f);
            }>
                <option value="">"Todos los clientes"</option>
                {move || catalogos.get().map(|c| c.clientes.iter().map(|cl| view! {
                    <option value=cl.id.to_string()>{cl.nombre.clone()}</option>
                }).collect_view())}
            </select>
            <select name="sitio" aria-label="Sitio" on:change=move |ev| {
                let s = TipoSitio::sitio_de_texto(&event_target_value(&ev));
                change(&|c| c.sitio = s);
            }>
                <option value="">"Todos los sitios"</option>
                {move || catalogos.get().map(|c| c.todos_los_sitios().map(|(kind, s)| view! {
                    <option value=format!("{}:{}", kind.clave(), s.id)>{s.descripcion.clone()}</option>
                }).collect_view())}
            </select>
            <label>"Inicio desde "{date_input("desde", "Inicio desde", || None, move |f| change(&|c| c.from = f))}</label>
            <label>"hasta "{date_input("hasta", "Inicio hasta", || None, move |f| change(&|c| c.to = f))}</label>
            <label class="casilla">
                <input type="checkbox" name="eliminadas" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    change(&|c| c.eliminadas = on);
                }/>
                "Mostrar eliminadas"
            </label>
            <select name="orden" aria-label="Ordenar por" on:change=move |ev| {
                let o = match event_target_value(&ev).as_str() {
                    "inicio" => Sort::Start,
                    "avance" => Sort::Avance,
                    _ => Sort::Folio,
                };
                change(&|c| c.sort = o);
            }>
                <option value="folio">"Ordenar por folio"</option>
                <option value="inicio">"Por inicio programado"</option>
                <option value="avance">"Por avance"</option>
            </select>
            <a class="boton exportar" download="ordenes-de-trabajo.xlsx"
                href=move || format!("/api/v1/work-orders.xlsx?{}", criteria.with(|c| c.query(&q.get())))>
                "Exportar a Excel"</a>
        </div>
    }
}

#[component]
fn Page(all: Arc<Vec<Row>>, shown: Vec<usize>, page: RwSignal<usize>) -> impl IntoView {
    let pages = shown.len().div_ceil(PAGE_SIZE).max(1);
    move || {
        let current = page.get().min(pages - 1);
        let rows = shown
            .iter()
            .skip(current * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|&i| view! { <OtRow r=all[i].summary.clone() avisos=all[i].avisos/> })
            .collect_view();
        view! {
            <table class="ots">
                <thead><tr><th>"Folio"</th><th>"Descripción"</th><th>"Estatus"</th><th>"Inicio programado"</th><th>"Avance"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(pages > 1).then(|| view! {
                <nav class="paginas">
                    <button disabled=current == 0 on:click=move |_| page.set(current - 1)>"Anterior"</button>
                    <span>{format!("Página {} de {pages}", current + 1)}</span>
                    <button disabled=current + 1 >= pages on:click=move |_| page.set(current + 1)>"Siguiente"</button>
                </nav>
            })}
        }
    }
}

/// Sorted by folio, each with its search text.
fn index(summaries: Vec<Summary>, avisos: &HashSet<Uuid>) -> Vec<Row> {
    let mut rows: Vec<Row> = summaries
        .into_iter()
        .map(|r| Row {
            search: normalize(&format!(
                "{} {} {}",
                r.orden_trabajo, r.oficio_ot, r.descripcion_trabajo
            )),
            avisos: avisos.contains(&r.id),
            summary: r,
        })
        .collect();
    rows.sort_by(|a, b| a.summary.orden_trabajo.cmp(&b.summary.orden_trabajo));
    rows
}

/// The positions of the rows that match, in the order asked for.
fn filter_rows(rows: &[Row], q: &str, c: &Criteria) -> Vec<usize> {
    let r = |i: &usize| &rows[*i].summary;
    let mut shown: Vec<usize> = (0..rows.len())
        .filter(|i| c.eliminadas || r(i).estatus == EstadoRegistro::Activo)
        .filter(|i| c.estatus.is_none_or(|s| r(i).id_estatus_ot == s))
        .filter(|i| c.tipo.is_none_or(|t| r(i).id_tipo == t))
        .filter(|i| c.frente.is_none_or(|f| r(i).id_frente == Some(f)))
        .filter(|i| c.cliente.is_none_or(|f| r(i).id_cliente == Some(f)))
        .filter(|i| c.sitio.is_none_or(|s| r(i).sitios.contains(&s)))
        .filter(|i| {
            c.from
                .is_none_or(|d| r(i).fecha_inicio_programado.is_some_and(|f| f >= d))
        })
        .filter(|i| {
            c.to.is_none_or(|d| r(i).fecha_inicio_programado.is_some_and(|f| f <= d))
        })
        .filter(|i| q.is_empty() || rows[*i].search.contains(q))
        .collect();
    // The rows come sorted by folio; the other orders are stable sorts of that.
    match c.sort {
        Sort::Folio => {}
        Sort::Start => shown.sort_by(|a, b| {
            r(b).fecha_inicio_programado
                .cmp(&r(a).fecha_inicio_programado)
        }),
        Sort::Avance => shown.sort_by(|a, b| r(a).progreso.total_cmp(&r(b).progreso)),
    }
    shown
}

/// Lower case without accents, so "inspeccion" finds "Inspección".
fn normalize(text: &str) -> String {
    ote_shared::text::fold(text.trim())
}

fn count_line(total: usize, shown: usize) -> String {
    let base = match total {
        0 => "No hay órdenes de trabajo en este dispositivo todavía".to_owned(),
        1 => "1 orden de trabajo en este dispositivo".to_owned(),
        n => format!("{n} órdenes de trabajo en este dispositivo"),
    };
    if shown == total {
        base
    } else {
        format!("{base} · {shown} coinciden")
    }
}

/// A row; touching it opens the work order.
#[component]
fn OtRow(r: Summary, avisos: bool) -> impl IntoView {
    let screen = expect_context::<Device>().screen;
    let id = r.id;
    let eliminada = r.estatus != EstadoRegistro::Activo;
    let label = format!("Abrir la orden {}", r.orden_trabajo);
    view! {
        <tr data-id=r.id.to_string() class="abrible" tabindex="0" role="link" aria-label=label
            on:click=move |_| screen.go(Screen::Detail(id))
            on:keydown=move |ev| {
                if matches!(ev.key().as_str(), "Enter" | " ") {
                    ev.prevent_default();
                    screen.go(Screen::Detail(id));
                }
            }>
            <td class="folio">{r.orden_trabajo}</td>
            <td class="descripcion">{r.descripcion_trabajo}</td>
            <td>{r.id_estatus_ot.label()}{eliminada.then_some(" (eliminada)")}</td>
            <td>{r.fecha_inicio_programado.map(fecha)}</td>
            <td>{format!("{:.0} %", r.progreso)}</td>
            <td class="marcas">
                {r.pending.then(|| view! { <span class="marca pendiente">"Por enviar"</span> })}
                {(r.conflicts > 0).then(|| view! { <span class="marca conflicto">"Conflicto"</span> })}
                {avisos.then(|| view! { <span class="marca aviso">"Aviso"</span> })}
            </td>
        </tr>
    }
}
