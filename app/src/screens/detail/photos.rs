//! A work order's photos by proceso, taken with the tablet's camera, shown as thumbnails from
//! the device's copy (offline too).

use leptos::prelude::*;
use ote_shared::codes::Proceso;
use ote_shared::model::{Foto, OrdenTrabajo};
use ote_shared::sync::device::{self};
use uuid::Uuid;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use super::files::Miniatura;
use crate::context::Device;

/// The photos by proceso (before, during, after the service), each group with a button that
/// opens the tablet's camera; a photo is kept on the device until it uploads.
#[component]
pub(super) fn Fotos(ot: OrdenTrabajo, error: RwSignal<Option<String>>) -> impl IntoView {
    let d = StoredValue::new_local(expect_context::<Device>());
    let id = ot.id;
    let groups = Proceso::ALL
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
            let items = fotos
                .into_iter()
                .map(|f| view! { <li><Miniatura archivo=f.archivo/><span class="titulo">{f.titulo}</span></li> })
                .collect_view();
            view! {
                <div class="proceso">
                    <h4>{proceso.label()}</h4>
                    <ul>{items}</ul>
                    <label class="tomar">"Tomar foto"
                        <input type="file" accept="image/*" capture="environment"
                            name=format!("foto_{}", proceso.code())
                            on:change=move |ev| {
                                if let Some(file) = take_chosen_file(&ev) {
                                    d.with_value(|d| take_foto(d, id, proceso, file, error));
                                }
                            }/>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! { <section class="fotos"><h3>"Fotos"</h3><div class="procesos">{groups}</div></section> }
}

/// Keeps the photo on the device and adds it to the work order.
fn take_foto(
    d: &Device,
    ot: Uuid,
    proceso: Proceso,
    file: web_sys::File,
    error: RwSignal<Option<String>>,
) {
    let (taken_at, autor) = (crate::clock::now(), d.autor());
    d.save(error, "la foto", move |store| async move {
        let (mime, bytes) = read_file(&file).await?;
        let taken = device::FotoTomada {
            proceso,
            titulo: file.name(),
            tipo_mime: mime,
            bytes,
            creado: taken_at,
        };
        device::add_photo(&*store, autor, ot, taken)
            .await
            .map(|_| true)
            .map_err(|e| e.to_string())
    });
}

/// The file just chosen in a file input, which is emptied so the same file can be chosen again.
pub(super) fn take_chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input = event_target::<HtmlInputElement>(ev);
    let file = input.files().and_then(|l| l.get(0));
    input.set_value("");
    file
}

/// A chosen file's MIME type (as the browser names it) and bytes.
pub(super) async fn read_file(file: &web_sys::File) -> Result<(String, Vec<u8>), String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "no se pudo leer el archivo".to_owned())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let mime = Some(file.type_())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "application/octet-stream".into());
    Ok((mime, bytes))
}
