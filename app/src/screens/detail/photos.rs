//! A work order's photos by proceso, taken with the tablet's camera.

use leptos::prelude::*;
use ote_shared::codes::Proceso;
use ote_shared::model::{Foto, OrdenTrabajo};
use ote_shared::sync::device::{self};
use uuid::Uuid;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::context::Dispositivo;

/// The photos by proceso (before, during, after the service), each group with a button that
/// opens the tablet's camera; a photo is kept on the device until it uploads.
#[component]
pub(super) fn Fotos(ot: OrdenTrabajo, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Dispositivo>());
    let id = ot.id;
    let grupos = Proceso::ALL
        .iter()
        .map(|proceso| {
            let proceso = *proceso;
            let mut fotos: Vec<Foto> = ot
                .fotos
                .values()
                .filter(|f| f.proceso == proceso)
                .cloned()
                .collect();
            fotos.sort_by_key(|f| f.creado);
            let lista = fotos
                .into_iter()
                .map(|f| view! { <li>{f.titulo}</li> })
                .collect_view();
            view! {
                <div class="proceso">
                    <h4>{proceso.label()}</h4>
                    <ul>{lista}</ul>
                    <label class="tomar">"Tomar foto"
                        <input type="file" accept="image/*" capture="environment"
                            name=format!("foto_{}", proceso.code())
                            on:change=move |ev| {
                                let input = event_target::<HtmlInputElement>(&ev);
                                if let Some(file) = input.files().and_then(|l| l.get(0)) {
                                    d.with_value(|d| tomar_foto(d, id, proceso, file, error));
                                }
                                input.set_value("");
                            }/>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! { <section class="fotos"><h3>"Fotos"</h3><div class="procesos">{grupos}</div></section> }
}

/// Keeps the photo on the device and adds it to the work order.
fn tomar_foto(
    d: &Dispositivo,
    ot: Uuid,
    proceso: Proceso,
    file: web_sys::File,
    error: RwSignal<Option<String>>,
) {
    let (creado, autor) = (crate::clock::ahora(), d.autor());
    d.save(error, "la foto", move |store| async move {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| "no se pudo leer el archivo".to_owned())?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let mime = Some(file.type_())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "application/octet-stream".into());
        let tomada = device::FotoTomada {
            proceso,
            titulo: file.name(),
            tipo_mime: mime,
            bytes,
            creado,
        };
        device::add_photo(&*store, autor, ot, tomada)
            .await
            .map(|_| true)
            .map_err(|e| e.to_string())
    });
}
