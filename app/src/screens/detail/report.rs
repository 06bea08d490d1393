//! One work order's printable report: an A4 page in Spanish with the header (folio, oficio,
//! client, site, dates, amounts), the steps with their status, dates and comments, the photos by
//! process, the status history and room for signatures. Drawn from the document on the device,
//! so it prints offline too; the browser prints it or saves it as PDF (the print style sheet
//! leaves out everything but the report).

use leptos::prelude::*;
use ote_shared::codes::Proceso;
use ote_shared::document;
use ote_shared::model::{OrdenTrabajo, TipoSitio};
use ote_shared::sync::device::DeviceStore;
use uuid::Uuid;

use super::files::Miniatura;
use super::status::Historial;
use super::{programa, tipo};
use crate::catalogs::Catalogos;
use crate::context::Device;
use crate::format::{dinero, fecha, fecha_hora_ms};
use crate::labels::etiqueta;
use crate::routes::Screen;

/// The report of work order `id`.
#[component]
pub fn WorkOrderReport(id: Uuid) -> impl IntoView {
    let d = expect_context::<Device>();
    let (store, names, screen) = (d.store, d.catalogos, d.screen);
    let ot = LocalResource::new(move || {
        let store = store.get_value();
        async move { document::read(&store.load(id).await.ok().flatten()?.doc).ok() }
    });
    let print = |_| {
        let _ = window().print();
    };
    view! {
        <section class="reporte">
            <nav class="acciones no-imprimir">
                <button class="volver" on:click=move |_| screen.go(Screen::Detail(id))>"← Volver a la orden"</button>
                <button class="imprimir" on:click=print>"Imprimir o guardar como PDF"</button>
            </nav>
            {move || match ot.get() {
                None => view! { <p>"Abriendo la orden…"</p> }.into_any(),
                Some(None) => view! { <p class="error">"Esta orden no está en este dispositivo"</p> }.into_any(),
                Some(Some(ot)) => report(ot, names.get().unwrap_or_default()).into_any(),
            }}
        </section>
    }
}

fn report(ot: OrdenTrabajo, c: Catalogos) -> impl IntoView {
    view! {
        <article class="hoja">
            <h1>"Reporte de orden de trabajo"</h1>
            {header(&ot, &c)}
            {steps(&ot, &c)}
            {photos(&ot)}
            <Historial ot=ot.clone()/>
            <section class="firmas">
                <div><span class="linea"></span>"Elaboró (supervisor de campo)"</div>
                <div><span class="linea"></span>"Revisó (responsable del proyecto)"</div>
                <div><span class="linea"></span>"Recibió (representante del cliente)"</div>
            </section>
            <p class="pie">{format!("Impreso el {}", fecha_hora_ms(js_sys::Date::now()))}</p>
        </article>
    }
}

fn header(ot: &OrdenTrabajo, c: &Catalogos) -> AnyView {
    let cliente = ot
        .id_cliente
        .and_then(|id| c.clientes.iter().find(|x| x.id == id))
        .map(|x| x.nombre.clone());
    let frente = ot
        .id_frente
        .and_then(|id| c.frentes.iter().find(|x| x.id == id))
        .map(|x| x.descripcion.clone());
    let responsable = ot
        .id_responsable_proyecto
        .and_then(|id| c.responsables_proyecto.iter().find(|x| x.id == id))
        .map(|x| x.nombre.clone());
    let sitios: Vec<String> = [
        (TipoSitio::Embarcacion, ot.id_embarcacion),
        (TipoSitio::Plataforma, ot.id_plataforma),
        (TipoSitio::Intercom, ot.id_intercom),
        (TipoSitio::Patio, ot.id_patio),
    ]
    .into_iter()
    .filter_map(|(tipo, id)| {
        let id = id?;
        let name = c
            .sitios
            .of(tipo)
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.descripcion.clone());
        Some(format!("{}: {name}", etiqueta(tipo.campo())))
    })
    .collect();
    let real = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "—".to_owned(), fecha);
    let row = |k: &'static str, v: String| view! { <tr><th>{k}</th><td>{v}</td></tr> };
    view! {
        <table class="datos">
            {row("Folio", ot.orden_trabajo.clone())}
            {row("Oficio", ot.oficio_ot.clone())}
            {row("Tipo y estatus", format!("{} · {}", tipo(ot), ot.id_estatus_ot.label()))}
            {row("Descripción", ot.descripcion_trabajo.clone())}
            {row("Cliente", cliente.unwrap_or_default())}
            {row("Responsable del cliente", ot.responsable_cliente.clone())}
            {row("Responsable del proyecto", responsable.unwrap_or_default())}
            {row("Frente", frente.unwrap_or_default())}
            {row("Sitio", sitios.join(" · "))}
            {row("Programa", programa(ot))}
            {row("Fechas reales", format!("Inicio {} · Término {}", real(ot.fecha_inicio_real), real(ot.fecha_termino_real)))}
            {row("Montos", format!("{} · {}", dinero(ot.monto_mxn, "MXN"), dinero(ot.monto_usd, "USD")))}
            {row("Avance", format!("{:.0} %", ot.progreso()))}
        </table>
    }
    .into_any()
}

fn steps(ot: &OrdenTrabajo, c: &Catalogos) -> AnyView {
    let date = |d: Option<chrono::NaiveDate>| d.map(fecha).unwrap_or_default();
    let rows = ot
        .pasos_en_orden(&c.pasos_plantilla)
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <td>{c.nombre_paso(p.id_paso)}</td><td>{p.estatus_paso.label()}</td>
                    <td>{date(p.fecha_entrega)}</td><td>{date(p.fecha_inicio)}</td>
                    <td>{date(p.fecha_termino)}</td><td>{p.comentario.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="pasos-reporte">
            <h3>"Pasos"</h3>
            <table>
                <thead><tr><th>"Paso"</th><th>"Estatus"</th><th>"Entrega"</th><th>"Inicio"</th>
                    <th>"Término"</th><th>"Comentario"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}

fn photos(ot: &OrdenTrabajo) -> AnyView {
    let groups = Proceso::ALL
        .iter()
        .filter_map(|proceso| {
            let mut fotos: Vec<_> = ot.fotos.values().filter(|f| f.proceso == *proceso).cloned().collect();
            if fotos.is_empty() {
                return None;
            }
            fotos.sort_by_key(|f| f.creado);
            let items = fotos
                .into_iter()
                .map(|f| view! { <figure><Miniatura archivo=f.archivo/><figcaption>{f.titulo}</figcaption></figure> })
                .collect_view();
            Some(view! { <h4>{proceso.label()}</h4><div class="fotos-reporte">{items}</div> })
        })
        .collect_view();
    view! { <section class="fotos"><h3>"Fotografías"</h3>{groups}</section> }.into_any()
}
