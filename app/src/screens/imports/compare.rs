//! Two schedule versions compared (`GET /api/v1/work-orders/{id}/schedules/compare`): the tasks
//! added, removed and moved, a moved task with its start and finish before → after.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use ote_shared::api::{ComparacionVersiones, TareaMovida, TareaResumen, VersionCronograma};
use uuid::Uuid;

use crate::api;
use crate::format::fecha;

/// A select of the version to compare the shown one (`a`) with, and what changed.
#[component]
pub(super) fn Comparar(
    ot: Uuid,
    versions: Vec<VersionCronograma>,
    a: Signal<Option<i64>>,
) -> impl IntoView {
    let de = RwSignal::new(None::<i64>);
    let compared = LocalResource::new(move || {
        let (de, a) = (de.get(), a.get());
        async move {
            let (Some(de), Some(a)) = (de, a) else {
                return None;
            };
            Some(
                api::text(&format!(
                    "/api/v1/work-orders/{ot}/schedules/compare?de={de}&a={a}"
                ))
                .await,
            )
        }
    });
    view! {
        <label class="comparar">"Comparar con "
            <select name="comparar_con" on:change=move |ev| de.set(event_target_value(&ev).parse().ok())>
                <option value="">"—"</option>
                {versions.into_iter().map(|v| view! {
                    <option value=v.id.to_string()>{v.nombre_version}</option>
                }).collect_view()}
            </select>
        </label>
        {move || compared.get().flatten().map(|r| match r.and_then(|t| api::de_json::<ComparacionVersiones>(&t)) {
            Ok(c) => view! { <Cambios c/> }.into_any(),
            Err(e) => view! { <p class="error">{e}</p> }.into_any(),
        })}
    }
}

/// A date-time's day, dd/mm/aaaa (schedules plan by the day).
fn dia(t: Option<NaiveDateTime>) -> String {
    t.map_or_else(|| "—".to_owned(), |t| fecha(t.date()))
}

fn resumen(t: TareaResumen) -> impl IntoView {
    view! { <li>{format!("{} ({} – {})", t.nombre, dia(t.inicio), dia(t.fin))}</li> }
}

fn movida(t: TareaMovida) -> impl IntoView {
    view! {
        <li>{format!(
            "{}: inicio {} → {}, fin {} → {}",
            t.nombre,
            dia(t.inicio_antes),
            dia(t.inicio_despues),
            dia(t.fin_antes),
            dia(t.fin_despues)
        )}</li>
    }
}

/// What changed between the two versions.
#[component]
fn Cambios(c: ComparacionVersiones) -> impl IntoView {
    view! {
        <div class="comparacion">
            <p>{format!(
                "{} tareas agregadas, {} eliminadas, {} movidas, {} sin cambios",
                c.agregadas.len(), c.eliminadas.len(), c.movidas.len(), c.sin_cambios
            )}</p>
            <h4>"Movidas"</h4>
            <ul>{c.movidas.into_iter().map(movida).collect_view()}</ul>
            <h4>"Agregadas"</h4>
            <ul>{c.agregadas.into_iter().map(resumen).collect_view()}</ul>
            <h4>"Eliminadas"</h4>
            <ul>{c.eliminadas.into_iter().map(resumen).collect_view()}</ul>
        </div>
    }
}
