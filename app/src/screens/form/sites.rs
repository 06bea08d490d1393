//! The form's front and sites: the site selectors follow the front, and the yard phase behaves
//! as the seed's (land: the patio is the site; offshore: a patio only behind the "fase de patio"
//! checkbox, with its dates).

use leptos::prelude::*;
use ote_shared::codes::FRENTE_TIERRA;
use ote_shared::model::TipoSitio;

use super::controls::{date, select};
use super::draft::{Draft, Getter, Values};
use crate::catalogs::Catalogos;

/// The front, the sites of its kinds, and the yard phase.
#[component]
pub(super) fn Sitios(b: Draft, catalogos: Catalogos) -> impl IntoView {
    let frentes = catalogos
        .frentes
        .iter()
        .map(|f| (f.id, f.descripcion.clone()))
        .collect();
    let frente = Memo::new(move |_| b.read(|d| d.patio.id_frente));
    let catalogos = StoredValue::new(catalogos);
    let options = move |kind: TipoSitio, frente: Option<i64>| -> Vec<(i64, String)> {
        catalogos.with_value(|c| {
            c.sitios(kind, frente)
                .map(|s| (s.id, s.descripcion.clone()))
                .collect()
        })
    };
    let select_sitio = move |kind, field, read: Getter<Option<i64>>, write| {
        let choices = options(kind, frente.get());
        (!choices.is_empty()).then(|| select(b, field, choices, read, write))
    };
    view! {
        {select(b, "id_frente", frentes, |d| d.patio.id_frente, set_frente)}
        {move || select_sitio(TipoSitio::Embarcacion, "id_embarcacion",
            |d| d.ot.id_embarcacion, |d, v| d.ot.id_embarcacion = v)}
        {move || select_sitio(TipoSitio::Plataforma, "id_plataforma",
            |d| d.ot.id_plataforma, |d, v| d.ot.id_plataforma = v)}
        {move || select_sitio(TipoSitio::Intercom, "id_intercom",
            |d| d.ot.id_intercom, |d, v| d.ot.id_intercom = v)}
        {move || if frente.get() == Some(FRENTE_TIERRA) {
            select(b, "id_patio", options(TipoSitio::Patio, frente.get()),
                |d| d.patio.id_patio, |d, v| d.patio.id_patio = v)
        } else {
            view! { <FasePatioFields b patios=options(TipoSitio::Patio, Some(FRENTE_TIERRA))/> }.into_any()
        }}
    }
}

/// A changed front drops the sites of the old one; the yard part of the form follows it (it
/// decides what the patio means).
fn set_frente(d: &mut Values, frente: Option<i64>) {
    (d.ot.id_frente, d.patio.id_frente) = (frente, frente);
    (d.ot.id_embarcacion, d.ot.id_plataforma, d.ot.id_intercom) = (None, None, None);
}

/// Offshore: the "fase de patio" checkbox, and behind it the patio and its dates.
#[component]
fn FasePatioFields(b: Draft, patios: Vec<(i64, String)>) -> impl IntoView {
    let checked = move || b.read(|d| d.patio.check_fase_patio);
    let patios = StoredValue::new(patios);
    view! {
        <label class="casilla">
            <input type="checkbox" name="check_fase_patio" prop:checked=checked
                on:change=move |ev| b.values.update(|d| d.patio.check_fase_patio = event_target_checked(&ev))/>
            "Requiere fase de patio"
        </label>
        <Show when=checked>
            {select(b, "id_patio", patios.get_value(),
                |d| d.patio.id_patio_fase, |d, v| d.patio.id_patio_fase = v)}
            {date(b, "fecha_inicio_patio",
                |d| d.patio.fecha_inicio_patio, |d, v| d.patio.fecha_inicio_patio = v)}
            {date(b, "fecha_fin_patio",
                |d| d.patio.fecha_fin_patio, |d, v| d.patio.fecha_fin_patio = v)}
        </Show>
    }
}
