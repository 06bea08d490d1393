//! The dashboard, from the work orders on this device (so it works offline): average progress
//! by front and by client, how many work orders are in each status, as bar charts, and the work
//! orders running late against their programmed dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::{EstadoRegistro, EstatusOt};

use crate::catalogs::Catalogos;
use crate::context::Device;
use crate::routes::Screen;
use crate::summary::Summary;

/// Height of one bar and the gap under it, in SVG units.
const ROW: f64 = 26.0;
/// Where bars start (the labels sit to their left) and their longest length.
const MARGIN: f64 = 230.0;
const LENGTH: f64 = 320.0;

/// One bar: its label, its length as a share of the longest, and the figure written after it.
struct Bar {
    label: String,
    fraction: f64,
    figure: String,
}

/// The dashboard: progress by status, front and client.
#[component]
pub fn Dashboard() -> impl IntoView {
    let d = expect_context::<Device>();
    let (store, state, catalogos) = (d.store, d.sync.state, d.catalogos);
    let summaries = LocalResource::new(move || {
        state.track_documents();
        let store = store.get_value();
        async move {
            let all = store.summaries().await.unwrap_or_default();
            let live = all
                .into_iter()
                .filter(|r| r.estatus != EstadoRegistro::Eliminado);
            live.collect::<Vec<_>>()
        }
    });
    view! {
        <section class="tablero">
            <h2>"Tablero"</h2>
            <Transition fallback=|| view! { <p>"Calculando…"</p> }>
                {move || summaries.get().map(|rs| {
                    let c = catalogos.get().unwrap_or_default();
                    let today = today();
                    view! {
                        <div class="graficas">
                            <BarChart title="Avance por frente" bars=avance_by(&rs, |r| r.id_frente, |id| frente_name(&c, id))/>
                            <BarChart title="Avance por cliente" bars=avance_by(&rs, |r| r.id_cliente, |id| cliente_name(&c, id))/>
                            <BarChart title="Órdenes por estatus" bars=by_estatus(&rs)/>
                        </div>
                        <LateWorkOrders late=late_work_orders(rs, today) today/>
                    }
                })}
            </Transition>
        </section>
    }
}

/// A horizontal bar chart.
#[component]
fn BarChart(title: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let height = (bars.len().max(1) as f64) * ROW;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * ROW;
            let width = (b.fraction * LENGTH).max(1.0);
            view! {
                <g class="barra">
                    <text x=MARGIN - 8.0 y=y + 16.0 text-anchor="end">{b.label}</text>
                    <rect x=MARGIN y=y + 4.0 width=width height=ROW - 8.0 rx="3"></rect>
                    <text x=MARGIN + width + 6.0 y=y + 16.0>{b.figure}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="grafica">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {} {height}", MARGIN + LENGTH + 80.0) role="img" aria-label=title>
                {rows}
            </svg>
        </figure>
    }
}

/// Average progress of the work orders grouped by `key` (those without one under
/// "Sin asignar"), with how many there are.
fn avance_by(
    rs: &[Summary],
    key: impl Fn(&Summary) -> Option<i64>,
    name: impl Fn(i64) -> String,
) -> Vec<Bar> {
    let mut groups: BTreeMap<Option<i64>, (f64, usize)> = BTreeMap::new();
    for r in rs {
        let g = groups.entry(key(r)).or_default();
        *g = (g.0 + r.progreso, g.1 + 1);
    }
    groups
        .into_iter()
        .map(|(id, (sum, n))| {
            let mean = sum / n as f64;
            Bar {
                label: id.map_or_else(|| "Sin asignar".to_owned(), &name),
                fraction: mean / 100.0,
                figure: format!("{mean:.0} % · {n} OT"),
            }
        })
        .collect()
}

/// How many work orders are in each status.
fn by_estatus(rs: &[Summary]) -> Vec<Bar> {
    let count = |s: EstatusOt| rs.iter().filter(|r| r.id_estatus_ot == s).count();
    let largest = EstatusOt::ALL
        .iter()
        .map(|s| count(*s))
        .max()
        .unwrap_or(0)
        .max(1);
    EstatusOt::ALL
        .iter()
        .map(|s| {
            let n = count(*s);
            Bar {
                label: s.label().to_owned(),
                fraction: n as f64 / largest as f64,
                figure: n.to_string(),
            }
        })
        .collect()
}

/// Work orders still open past their programmed end, or not started past their programmed
/// start; the latest first.
fn late_work_orders(rs: Vec<Summary>, today: NaiveDate) -> Vec<Summary> {
    let open = |r: &Summary| matches!(r.id_estatus_ot, EstatusOt::Activa | EstatusOt::EnProceso);
    let mut late: Vec<Summary> = rs
        .into_iter()
        .filter(|r| open(r) && (overdue(r, today) || not_started(r, today)))
        .collect();
    late.sort_by_key(|r| r.fecha_termino_programado.or(r.fecha_inicio_programado));
    late
}

fn overdue(r: &Summary, today: NaiveDate) -> bool {
    r.fecha_termino_programado.is_some_and(|f| f < today)
}

fn not_started(r: &Summary, today: NaiveDate) -> bool {
    r.progreso == 0.0 && r.fecha_inicio_programado.is_some_and(|f| f < today)
}

#[component]
fn LateWorkOrders(late: Vec<Summary>, today: NaiveDate) -> impl IntoView {
    let screen = expect_context::<Device>().screen;
    let total = late.len();
    let rows = late
        .into_iter()
        .map(|r| {
            let (reason, date) = if overdue(&r, today) {
                ("Término vencido", r.fecha_termino_programado)
            } else {
                ("Sin iniciar", r.fecha_inicio_programado)
            };
            let days = date.map_or(0, |f| (today - f).num_days());
            let id = r.id;
            view! {
                <tr class="abrible" data-id=id.to_string() on:click=move |_| screen.go(Screen::Detail(id))>
                    <td class="folio">{r.orden_trabajo}</td>
                    <td class="descripcion">{r.descripcion_trabajo}</td>
                    <td>{reason}</td>
                    <td>{date.map(crate::format::fecha)}</td>
                    <td class="numero">{format!("{days} días")}</td>
                    <td class="numero">{format!("{:.0} %", r.progreso)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="atrasadas">
            <h3>{format!("Órdenes atrasadas: {total}")}</h3>
            <table class="ots">
                <thead><tr>
                    <th>"Folio"</th><th>"Descripción"</th><th>"Motivo"</th><th>"Fecha programada"</th>
                    <th>"Atraso"</th><th>"Avance"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

fn frente_name(c: &Catalogos, id: i64) -> String {
    let f = c.frentes.iter().find(|f| f.id == id);
    f.map_or_else(|| format!("Frente {id}"), |f| f.descripcion.clone())
}

fn cliente_name(c: &Catalogos, id: i64) -> String {
    let cl = c.clientes.iter().find(|cl| cl.id == id);
    cl.map_or_else(|| format!("Cliente {id}"), |cl| cl.nombre.clone())
}

/// Today on the browser's clock, in UTC.
fn today() -> NaiveDate {
    crate::clock::now().date_naive()
}
