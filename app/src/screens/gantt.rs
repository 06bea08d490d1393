//! A schedule version as a Gantt chart (SVG): one row per task, indented by outline level, its
//! bar from start to finish with the share done filled, summary tasks as brackets and
//! milestones as diamonds, under a time axis.

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use ote_shared::api::TareaCronograma as Tarea;
use rust_decimal::prelude::ToPrimitive;

/// Row height, the width of the names column and of the time axis, in SVG units.
const FILA: f64 = 22.0;
const NOMBRES: f64 = 300.0;
const ANCHO: f64 = 880.0;
/// Height of the axis above the rows.
const EJE: f64 = 24.0;

/// Minutes since 1970 of a task's time: the chart's unit.
fn minutos(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp() / 60
}

/// The chart.
#[component]
pub fn Gantt(
    /// The schedule's tasks, in its order.
    tareas: Vec<Tarea>,
) -> impl IntoView {
    let tiempos: Vec<(i64, i64)> = tareas
        .iter()
        .filter_map(|t| {
            let inicio = minutos(t.inicio?);
            Some((inicio, t.fin.map_or(inicio, minutos)))
        })
        .collect();
    let (Some(desde), Some(hasta)) = (
        tiempos.iter().map(|t| t.0).min(),
        tiempos.iter().map(|t| t.1).max(),
    ) else {
        return view! { <p>"El programa no tiene tareas con fechas"</p> }.into_any();
    };
    let lapso = (hasta - desde).max(1) as f64;
    let x = move |m: i64| NOMBRES + (m - desde) as f64 / lapso * ANCHO;
    let alto = EJE + tareas.len() as f64 * FILA;
    let filas = tareas
        .into_iter()
        .enumerate()
        .map(|(i, t)| fila(t, EJE + i as f64 * FILA, x))
        .collect_view();
    view! {
        <figure class="gantt">
            <svg viewBox=format!("0 0 {} {alto}", NOMBRES + ANCHO + 10.0) role="img" aria-label="Diagrama de Gantt">
                {eje(desde, hasta, alto, x)}
                {filas}
            </svg>
        </figure>
    }
    .into_any()
}

/// Eight dated ticks across the schedule, with their grid lines.
fn eje(desde: i64, hasta: i64, alto: f64, x: impl Fn(i64) -> f64) -> impl IntoView {
    (0..=8)
        .map(|k| {
            let m = desde + (hasta - desde) * k / 8;
            let fecha = NaiveDate::default() + chrono::Days::new((m / 1440) as u64);
            let px = x(m);
            view! {
                <g class="eje">
                    <line x1=px x2=px y1=EJE - 4.0 y2=alto></line>
                    <text x=px y=EJE - 8.0 text-anchor="middle">{fecha.to_string()}</text>
                </g>
            }
        })
        .collect_view()
}

/// One task's row: its name, indented, and its bar, bracket or diamond.
fn fila(t: Tarea, y: f64, x: impl Fn(i64) -> f64) -> impl IntoView {
    let sangria = 6.0 + 12.0 * f64::from(t.nivel.max(1) - 1);
    let inicio = t.inicio.map(minutos);
    let fin = t.fin.map(minutos).or(inicio);
    let hecho = t
        .porcentaje_completado
        .and_then(|p| p.to_f64())
        .unwrap_or(0.0);
    let forma = inicio.zip(fin).map(|(a, b)| {
        let (x0, ancho) = (x(a), (x(b) - x(a)).max(2.0));
        if t.hito {
            let (cx, cy) = (x0, y + FILA / 2.0);
            let puntos = format!("{},{cy} {cx},{} {},{cy} {cx},{}", cx - 6.0, cy - 6.0, cx + 6.0, cy + 6.0);
            view! { <polygon class="hito" points=puntos></polygon> }.into_any()
        } else if t.resumen {
            view! { <rect class="resumen" x=x0 y=y + 7.0 width=ancho height="6"></rect> }.into_any()
        } else {
            view! {
                <rect class="tarea" x=x0 y=y + 4.0 width=ancho height=FILA - 8.0 rx="2"></rect>
                <rect class="hecho" x=x0 y=y + 4.0 width=ancho * hecho.clamp(0.0, 100.0) / 100.0 height=FILA - 8.0 rx="2"></rect>
            }
            .into_any()
        }
    });
    view! {
        <g class="fila" data-uid=t.uid>
            <text x=sangria y=y + 15.0>{t.nombre}</text>
            {forma}
        </g>
    }
}
