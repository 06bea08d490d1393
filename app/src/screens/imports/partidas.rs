//! The Anexo C items (partidas) of a work order's latest import, with the Excel export.

use leptos::prelude::*;
use ote_shared::api::PartidaAnexo;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::read;
use crate::api;

/// The Anexo C items of the latest import, with the Excel export.
#[component]
pub(super) fn Partidas(ot: Uuid, reload: RwSignal<u32>) -> impl IntoView {
    let partidas = read(reload, move || {
        format!("/api/v1/work-orders/{ot}/anexo-items")
    });
    view! {
        <section class="anexo">
            <h3>"Partidas del Anexo C"</h3>
            <Transition fallback=|| view! { <p>"Cargando partidas…"</p> }>
                {move || partidas.get().map(|r| match r.and_then(|t| api::de_json::<Vec<PartidaAnexo>>(&t)) {
                    Ok(ps) if ps.is_empty() => view! { <p>"Sin Anexo C importado"</p> }.into_any(),
                    Ok(ps) => partidas_table(ot, ps).into_any(),
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The first 200 items, how many there are, and the link to all of them in Excel.
fn partidas_table(ot: Uuid, ps: Vec<PartidaAnexo>) -> impl IntoView {
    let total = ps.len();
    let rows = ps
        .into_iter()
        .take(200)
        .map(|p| view! {
            <tr>
                <td>{p.partida}</td><td class="descripcion">{p.descripcion}</td><td>{p.unidad}</td>
                <td class="numero">{decimal(p.cantidad)}</td><td class="numero">{decimal(p.precio_unitario_mxn)}</td>
                <td class="numero">{decimal(p.importe_mxn)}</td><td>{format!("{} · fila {}", p.hoja, p.fila)}</td>
            </tr>
        })
        .collect_view();
    view! {
        <p>{format!("{total} partidas")}{(total > 200).then_some(" (se muestran las primeras 200)")}
            " · "<a href=format!("/api/v1/work-orders/{ot}/anexo-items.xlsx")>"Descargar en Excel"</a></p>
        <table class="partidas">
            <thead><tr><th>"Partida"</th><th>"Descripción"</th><th>"Unidad"</th><th>"Cantidad"</th>
                <th>"P. U. MXN"</th><th>"Importe MXN"</th><th>"Origen"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// An amount as the API gives it, exact (blank when the file had none).
fn decimal(amount: Option<Decimal>) -> String {
    amount.map(|c| c.to_string()).unwrap_or_default()
}
