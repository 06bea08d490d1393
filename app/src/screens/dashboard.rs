//! The dashboard, from the work orders on this device (so it works offline): average progress
//! by front and by client, how many work orders are in each status, as bar charts, and the work
//! orders running late against their programmed dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::codes::{EstadoRegistro, EstatusOt};

use crate::catalogs::Catalogos;
use crate::context::Dispositivo;
use crate::routes::Screen;
use crate::summary::Resumen;

/// Height of one bar and the gap under it, in SVG units.
const FILA: f64 = 26.0;
/// Where bars start (the labels sit to their left) and their longest length.
const MARGEN: f64 = 230.0;
const LARGO: f64 = 320.0;

/// One bar: its label, its length as a share of the longest, and the figure written after it.
struct Barra {
    etiqueta: String,
    fraccion: f64,
    cifra: String,
}

/// The dashboard: progress by status, front and client.
#[component]
pub fn Tablero() -> impl IntoView {
    let d = expect_context::<Dispositivo>();
    let (store, estado, catalogos) = (d.store, d.sync.estado, d.catalogos);
    let resumenes = LocalResource::new(move || {
        estado.track_documents();
        let store = store.get_value();
        async move {
            let todas = store.summaries().await.unwrap_or_default();
            let vigentes = todas
                .into_iter()
                .filter(|r| r.estatus != EstadoRegistro::Eliminado);
            vigentes.collect::<Vec<_>>()
        }
    });
    view! {
        <section class="tablero">
            <h2>"Tablero"</h2>
            <Transition fallback=|| view! { <p>"Calculando…"</p> }>
                {move || resumenes.get().map(|rs| {
                    let c = catalogos.get().unwrap_or_default();
                    let hoy = hoy();
                    view! {
                        <div class="graficas">
                            <Grafica titulo="Avance por frente" barras=avance_por(&rs, |r| r.id_frente, |id| nombre_frente(&c, id))/>
                            <Grafica titulo="Avance por cliente" barras=avance_por(&rs, |r| r.id_cliente, |id| nombre_cliente(&c, id))/>
                            <Grafica titulo="Órdenes por estatus" barras=por_estatus(&rs)/>
                        </div>
                        <Atrasadas atrasadas=atrasadas(rs, hoy) hoy/>
                    }
                })}
            </Transition>
        </section>
    }
}

/// A horizontal bar chart.
#[component]
fn Grafica(titulo: &'static str, barras: Vec<Barra>) -> impl IntoView {
    let alto = (barras.len().max(1) as f64) * FILA;
    let filas = barras
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * FILA;
            let ancho = (b.fraccion * LARGO).max(1.0);
            view! {
                <g class="barra">
                    <text x=MARGEN - 8.0 y=y + 16.0 text-anchor="end">{b.etiqueta}</text>
                    <rect x=MARGEN y=y + 4.0 width=ancho height=FILA - 8.0 rx="3"></rect>
                    <text x=MARGEN + ancho + 6.0 y=y + 16.0>{b.cifra}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="grafica">
            <figcaption>{titulo}</figcaption>
            <svg viewBox=format!("0 0 {} {alto}", MARGEN + LARGO + 80.0) role="img" aria-label=titulo>
                {filas}
            </svg>
        </figure>
    }
}

/// Average progress of the work orders grouped by `clave` (those without one under
/// "Sin asignar"), with how many there are.
fn avance_por(
    rs: &[Resumen],
    clave: impl Fn(&Resumen) -> Option<i64>,
    nombre: impl Fn(i64) -> String,
) -> Vec<Barra> {
    let mut grupos: BTreeMap<Option<i64>, (f64, usize)> = BTreeMap::new();
    for r in rs {
        let g = grupos.entry(clave(r)).or_default();
        *g = (g.0 + r.progreso, g.1 + 1);
    }
    grupos
        .into_iter()
        .map(|(id, (suma, n))| {
            let media = suma / n as f64;
            Barra {
                etiqueta: id.map_or_else(|| "Sin asignar".to_owned(), &nombre),
                fraccion: media / 100.0,
                cifra: format!("{media:.0} % · {n} OT"),
            }
        })
        .collect()
}

/// How many work orders are in each status.
fn por_estatus(rs: &[Resumen]) -> Vec<Barra> {
    let cuenta = |s: EstatusOt| rs.iter().filter(|r| r.id_estatus_ot == s).count();
    let mayor = EstatusOt::ALL
        .iter()
        .map(|s| cuenta(*s))
        .max()
        .unwrap_or(0)
        .max(1);
    EstatusOt::ALL
        .iter()
        .map(|s| {
            let n = cuenta(*s);
            Barra {
                etiqueta: s.label().to_owned(),
                fraccion: n as f64 / mayor as f64,
                cifra: n.to_string(),
            }
        })
        .collect()
}

/// Work orders still open past their programmed end, or not started past their programmed
/// start; the latest first.
fn atrasadas(rs: Vec<Resumen>, hoy: NaiveDate) -> Vec<Resumen> {
    let abierta = |r: &Resumen| matches!(r.id_estatus_ot, EstatusOt::Activa | EstatusOt::EnProceso);
    let mut tarde: Vec<Resumen> = rs
        .into_iter()
        .filter(|r| abierta(r) && (vencida(r, hoy) || sin_iniciar(r, hoy)))
        .collect();
    tarde.sort_by_key(|r| r.fecha_termino_programado.or(r.fecha_inicio_programado));
    tarde
}

fn vencida(r: &Resumen, hoy: NaiveDate) -> bool {
    r.fecha_termino_programado.is_some_and(|f| f < hoy)
}

fn sin_iniciar(r: &Resumen, hoy: NaiveDate) -> bool {
    r.progreso == 0.0 && r.fecha_inicio_programado.is_some_and(|f| f < hoy)
}

#[component]
fn Atrasadas(atrasadas: Vec<Resumen>, hoy: NaiveDate) -> impl IntoView {
    let screen = expect_context::<Dispositivo>().screen;
    let total = atrasadas.len();
    let filas = atrasadas
        .into_iter()
        .map(|r| {
            let (motivo, fecha) = if vencida(&r, hoy) {
                ("Término vencido", r.fecha_termino_programado)
            } else {
                ("Sin iniciar", r.fecha_inicio_programado)
            };
            let dias = fecha.map_or(0, |f| (hoy - f).num_days());
            let id = r.id;
            view! {
                <tr class="abrible" data-id=id.to_string() on:click=move |_| screen.go(Screen::Detalle(id))>
                    <td class="folio">{r.orden_trabajo}</td>
                    <td class="descripcion">{r.descripcion_trabajo}</td>
                    <td>{motivo}</td>
                    <td>{fecha.map(|f| f.to_string())}</td>
                    <td class="numero">{format!("{dias} días")}</td>
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
                <tbody>{filas}</tbody>
            </table>
        </section>
    }
}

fn nombre_frente(c: &Catalogos, id: i64) -> String {
    let f = c.frentes.iter().find(|f| f.id == id);
    f.map_or_else(|| format!("Frente {id}"), |f| f.descripcion.clone())
}

fn nombre_cliente(c: &Catalogos, id: i64) -> String {
    let cl = c.clientes.iter().find(|cl| cl.id == id);
    cl.map_or_else(|| format!("Cliente {id}"), |cl| cl.nombre.clone())
}

/// Today on the browser's clock, in UTC.
fn hoy() -> NaiveDate {
    crate::clock::ahora().date_naive()
}
