//! A work order's schedule versions: the chosen one (the newest at first) as a Gantt chart,
//! and compared with another ([`super::compare`]).

use leptos::prelude::*;
use ote_shared::api::{TareaCronograma, VersionCronograma};
use uuid::Uuid;

use super::compare::Comparar;
use super::gantt::Gantt;
use super::read;
use crate::api;

/// The schedule versions; the chosen one (the newest at first) as a Gantt chart.
#[component]
pub(super) fn Programas(ot: Uuid, reload: RwSignal<u32>) -> impl IntoView {
    let versions = read(reload, move || {
        format!("/api/v1/work-orders/{ot}/schedules")
    });
    let versions = move || {
        versions
            .get()
            .map(|r| r.and_then(|t| api::de_json::<Vec<VersionCronograma>>(&t)))
    };
    let chosen = RwSignal::new(None::<i64>);
    let shown = Signal::derive(move || {
        chosen.get().or_else(|| {
            versions()
                .and_then(|v| v.ok())
                .and_then(|v| v.first().map(|v| v.id))
        })
    });
    let tasks = LocalResource::new(move || {
        let version = shown.get();
        async move {
            let Some(version) = version else {
                return Ok(String::new());
            };
            api::text(&format!(
                "/api/v1/work-orders/{ot}/schedules/{version}/tasks"
            ))
            .await
        }
    });
    view! {
        <section class="programas">
            <h3>"Programa"</h3>
            <Transition fallback=|| view! { <p>"Cargando versiones…"</p> }>
                {move || versions().map(|r| match r {
                    Ok(vs) if vs.is_empty() => view! { <p>"Sin programa importado"</p> }.into_any(),
                    Ok(vs) => view! {
                        {version_select(vs.clone(), chosen)}
                        {move || shown.get().map(|v| view! {
                            <a class="boton" download href=format!("/api/v1/work-orders/{ot}/schedules/{v}/tasks.xlsx")>
                                "Tareas en Excel"</a>
                        })}
                        {(vs.len() > 1).then(|| view! { <Comparar ot versions=vs a=shown/> })}
                    }.into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
                {move || tasks.get().map(draw_programa)}
            </Transition>
        </section>
    }
}

/// The versions to choose from.
fn version_select(vs: Vec<VersionCronograma>, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    view! {
        <select name="version" aria-label="Versión del programa" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
            {vs.into_iter().map(|v| view! {
                <option value=v.id.to_string()>{format!("{} ({} tareas)", v.nombre_version, v.tareas)}</option>
            }).collect_view()}
        </select>
    }
}

/// The chosen version's tasks as a Gantt chart (nothing while no version is chosen).
fn draw_programa(tasks: Result<String, String>) -> AnyView {
    match tasks {
        Ok(t) if t.is_empty() => ().into_any(),
        r => match r.and_then(|t| api::de_json::<Vec<TareaCronograma>>(&t)) {
            Ok(ts) => view! { <Gantt tasks=ts/> }.into_any(),
            Err(e) => view! { <p class="error">{e}</p> }.into_any(),
        },
    }
}
