//! The activity log (admin, oficina): who wrote through which route or tried to sign in, when
//! and from where; filtered by user, work order, action and dates, paged on the server (older
//! pages by cursor), and exported to Excel as filtered.

use chrono::NaiveDate;
use leptos::prelude::*;
use ote_shared::api::{Accion, EntradaActividad, PaginaActividad};

use crate::api;
use crate::format::{desfase_minutos, fecha_hora, inicio_del_dia};
use crate::screens::date_input::date_input;

/// Entries per page.
const PAGE: usize = 50;

/// The filters as typed.
#[derive(Clone, Default, PartialEq)]
struct Filtros {
    usuario: String,
    folio: String,
    accion: Option<Accion>,
    desde: Option<NaiveDate>,
    hasta: Option<NaiveDate>,
}

impl Filtros {
    /// The query string of these filters (without the page).
    fn query(&self) -> String {
        let mut q = Vec::new();
        let mut push = |key: &str, value: &str| {
            if !value.trim().is_empty() {
                q.push(format!(
                    "{key}={}",
                    js_sys::encode_uri_component(value.trim())
                ));
            }
        };
        push("usuario", &self.usuario);
        push("folio", &self.folio);
        push("accion", self.accion.map_or("", Accion::as_str));
        let instant = |d: Option<NaiveDate>| d.and_then(inicio_del_dia).map(|t| t.to_rfc3339());
        push("desde", &instant(self.desde).unwrap_or_default());
        // Through the whole of the last day.
        push(
            "hasta",
            &instant(self.hasta.and_then(|d| d.succ_opt())).unwrap_or_default(),
        );
        q.join("&")
    }
}

/// The activity screen.
#[component]
pub fn ActivityScreen() -> impl IntoView {
    let typed = RwSignal::new(Filtros::default());
    let applied = RwSignal::new(Filtros::default());
    // The cursors of the pages before the one shown (empty: the newest).
    let cursors = RwSignal::new(Vec::<i64>::new());
    let page = LocalResource::new(move || {
        let mut path = format!("/api/v1/activity?limite={PAGE}&{}", applied.get().query());
        if let Some(before) = cursors.get().last() {
            path.push_str(&format!("&antes={before}"));
        }
        async move { api::get::<PaginaActividad>(&path).await }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        cursors.set(Vec::new());
        applied.set(typed.get_untracked());
    };
    let export = move || {
        format!(
            "/api/v1/activity.xlsx?{}&desfase_minutos={}",
            applied.get().query(),
            desfase_minutos()
        )
    };
    view! {
        <section class="administracion actividad">
            <h2>"Registro de actividad"</h2>
            <form class="filtros" on:submit=search>
                <label>"Usuario "<input name="usuario" on:input=move |ev| typed.update(|f| f.usuario = event_target_value(&ev))/></label>
                <label>"Folio de OT "<input name="folio" on:input=move |ev| typed.update(|f| f.folio = event_target_value(&ev))/></label>
                <label>"Acción "
                    <select name="accion" on:change=move |ev| typed.update(|f| f.accion = Accion::de_clave(&event_target_value(&ev)))>
                        <option value="">"Todas"</option>
                        {Accion::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.etiqueta()}</option> }).collect_view()}
                    </select>
                </label>
                {date_input("desde", "Desde", move || typed.with(|f| f.desde), move |d| typed.update(|f| f.desde = d))}
                {date_input("hasta", "Hasta", move || typed.with(|f| f.hasta), move |d| typed.update(|f| f.hasta = d))}
                <button type="submit">"Buscar"</button>
                <a class="boton" href=export download="actividad.xlsx">"Exportar a Excel"</a>
            </form>
            <Transition fallback=|| view! { <p>"Cargando…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => entries_table(p, cursors).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn entries_table(page: PaginaActividad, cursors: RwSignal<Vec<i64>>) -> impl IntoView {
    let rows = page.entradas.into_iter().map(entry_row).collect_view();
    let next = page.siguiente;
    let newer = !cursors.with_untracked(Vec::is_empty);
    view! {
        <table class="ots actividad">
            <thead><tr><th>"Fecha"</th><th>"Usuario"</th><th>"Acción"</th><th>"Ruta"</th>
                <th>"Estado"</th><th>"Dirección"</th><th>"Dispositivo"</th><th>"OT"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="paginas">
            <button disabled=!newer on:click=move |_| cursors.update(|c| { c.pop(); })>"Más recientes"</button>
            <button disabled=next.is_none() on:click=move |_| {
                if let Some(n) = next { cursors.update(|c| c.push(n)) }
            }>"Más antiguas"</button>
        </nav>
    }
}

fn entry_row(e: EntradaActividad) -> impl IntoView {
    view! {
        <tr data-accion=e.accion.as_str()>
            <td>{fecha_hora(&e.fecha)}</td>
            <td>{e.usuario}</td>
            <td>{e.accion.etiqueta()}</td>
            <td><code>{e.ruta}</code></td>
            <td>{e.estado}</td>
            <td>{e.direccion}</td>
            <td>{e.dispositivo}</td>
            <td>{e.folios.join(", ")}</td>
        </tr>
    }
}
