//! A schedule version as a Gantt chart (SVG): one row per task, indented by outline level, its
//! bar from start to finish with the share done filled, summary tasks as brackets and
//! milestones as diamonds, under a time axis.

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use ote_shared::api::TareaCronograma as Task;
use rust_decimal::prelude::ToPrimitive;

/// Row height, the width of the names column and of the time axis, in SVG units.
const ROW: f64 = 22.0;
const NAMES: f64 = 300.0;
const WIDTH: f64 = 880.0;
/// Height of the axis above the rows.
const AXIS: f64 = 24.0;

/// Minutes since 1970 of a task's time: the chart's unit.
fn minutes(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp() / 60
}

/// The chart.
#[component]
pub fn Gantt(
    /// The schedule's tasks, in its order.
    tasks: Vec<Task>,
) -> impl IntoView {
    let times: Vec<(i64, i64)> = tasks
        .iter()
        .filter_map(|t| {
            let start = minutes(t.inicio?);
            Some((start, t.fin.map_or(start, minutes)))
        })
        .collect();
    let (Some(from), Some(to)) = (
        times.iter().map(|t| t.0).min(),
        times.iter().map(|t| t.1).max(),
    ) else {
        return view! { <p>"El programa no tiene tareas con fechas"</p> }.into_any();
    };
    let span = (to - from).max(1) as f64;
    let x = move |m: i64| NAMES + (m - from) as f64 / span * WIDTH;
    let height = AXIS + tasks.len() as f64 * ROW;
    let rows = tasks
        .into_iter()
        .enumerate()
        .map(|(i, t)| row(t, AXIS + i as f64 * ROW, x))
        .collect_view();
    view! {
        <figure class="gantt">
            <svg viewBox=format!("0 0 {} {height}", NAMES + WIDTH + 10.0) role="img" aria-label="Diagrama de Gantt">
                {axis(from, to, height, x)}
                {rows}
            </svg>
        </figure>
    }
    .into_any()
}

/// Eight dated ticks across the schedule, with their grid lines.
fn axis(from: i64, to: i64, height: f64, x: impl Fn(i64) -> f64) -> impl IntoView {
    (0..=8)
        .map(|k| {
            let m = from + (to - from) * k / 8;
            let date = NaiveDate::default() + chrono::Days::new((m / 1440) as u64);
            let px = x(m);
            view! {
                <g class="eje">
                    <line x1=px x2=px y1=AXIS - 4.0 y2=height></line>
                    <text x=px y=AXIS - 8.0 text-anchor="middle">{crate::format::fecha(date)}</text>
                </g>
            }
        })
        .collect_view()
}

/// One task's row: its name, indented, and its bar, bracket or diamond.
fn row(t: Task, y: f64, x: impl Fn(i64) -> f64) -> impl IntoView {
    let indent = 6.0 + 12.0 * f64::from(t.nivel.max(1) - 1);
    let start = t.inicio.map(minutes);
    let end = t.fin.map(minutes).or(start);
    let done = t
        .porcentaje_completado
        .and_then(|p| p.to_f64())
        .unwrap_or(0.0);
    let shape = start.zip(end).map(|(a, b)| {
        let (x0, width) = (x(a), (x(b) - x(a)).max(2.0));
        if t.hito {
            let (cx, cy) = (x0, y + ROW / 2.0);
            let points = format!("{},{cy} {cx},{} {},{cy} {cx},{}", cx - 6.0, cy - 6.0, cx + 6.0, cy + 6.0);
            view! { <polygon class="hito" points=points></polygon> }.into_any()
        } else if t.resumen {
            view! { <rect class="resumen" x=x0 y=y + 7.0 width=width height="6"></rect> }.into_any()
        } else {
            view! {
                <rect class="tarea" x=x0 y=y + 4.0 width=width height=ROW - 8.0 rx="2"></rect>
                <rect class="hecho" x=x0 y=y + 4.0 width=width * done.clamp(0.0, 100.0) / 100.0 height=ROW - 8.0 rx="2"></rect>
            }
            .into_any()
        }
    });
    view! {
        <g class="fila" data-uid=t.uid>
            <text x=indent y=y + 15.0>{t.nombre}</text>
            {shape}
        </g>
    }
}
