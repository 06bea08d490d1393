//! The PTE a work order derives from (seed 001): picked from the catalog kept on the device, and
//! a new work order starts from it, taking its client and, when none is written yet, its
//! description.

use leptos::prelude::*;
use ote_shared::api::PteHeader;

use super::controls::field;
use super::draft::{Draft, Values};
use crate::catalogs::Catalogos;

/// The PTE select; on a new work order, picking one fills its client and description.
pub(super) fn pte_select(b: Draft, catalogos: LocalResource<Catalogos>, is_new: bool) -> AnyView {
    let ptes = move || catalogos.get().map(|c| c.pte_headers).unwrap_or_default();
    let current = move || b.read(|d| d.ot.id_pte_header);
    let options = move || {
        ptes()
            .into_iter()
            .map(|p| {
                let id = p.id;
                view! { <option value=id.to_string() selected=move || current() == Some(id)>{label(&p)}</option> }
            })
            .collect_view()
    };
    let change = move |ev: leptos::ev::Event| {
        let id: Option<i64> = event_target_value(&ev).parse().ok();
        let pte = id.and_then(|id| catalogos.get()?.pte(id).cloned());
        b.write("id_pte_header", |d, id| d.ot.id_pte_header = id, id);
        if let (true, Some(pte)) = (is_new, pte) {
            b.values.update(|d| start_from(d, &pte));
        }
    };
    let control = view! {
        <select id="id_pte_header" name="id_pte_header" on:change=change>
            <option value="" selected=move || current().is_none()>"— Sin PTE —"</option>
            {options}
        </select>
    };
    field(b, "id_pte_header", control.into_any())
}

/// How a PTE reads in the list: its official letter and description.
fn label(pte: &PteHeader) -> String {
    if pte.descripcion.is_empty() {
        pte.oficio_pte.clone()
    } else {
        format!("{} — {}", pte.oficio_pte, pte.descripcion)
    }
}

/// A new work order started from `pte`: its client, and its description unless one is written.
fn start_from(d: &mut Values, pte: &PteHeader) {
    if pte.id_cliente.is_some() {
        d.ot.id_cliente = pte.id_cliente;
    }
    if d.ot.descripcion_trabajo.trim().is_empty() {
        d.ot.descripcion_trabajo = pte.descripcion.clone();
    }
}
