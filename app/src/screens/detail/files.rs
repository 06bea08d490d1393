//! Photos and step files as thumbnails, opened full size, from the device's own copy (see
//! [`crate::copies`]). Offline, a file the device never had says so.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;
use ote_shared::model::Archivo;
use web_sys::{Blob, BlobPropertyBag, Url};

use crate::context::Device;
use crate::copies::bytes_of;

/// An object URL over bytes held by the page, revoked when the view that shows it goes.
#[derive(Debug, Clone, PartialEq)]
struct LocalUrl {
    url: String,
    image: bool,
}

fn object_url(mime: &str, bytes: &[u8]) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        Blob::new_with_u8_array_sequence_and_options(&JsValue::from(parts), &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// A thumbnail of `archivo` (an image shows itself, any other file its name); touching it opens
/// the file full size.
#[component]
pub(super) fn Miniatura(archivo: Archivo) -> impl IntoView {
    let store = expect_context::<Device>().store;
    let nombre = archivo.nombre.clone();
    let shown = LocalResource::new(move || {
        let (store, archivo) = (store.get_value(), archivo.clone());
        async move {
            let (mime, bytes) = bytes_of(&store, &archivo).await?;
            let url = object_url(&mime, &bytes)?;
            Some(LocalUrl {
                url,
                image: mime.starts_with("image/"),
            })
        }
    });
    let full = RwSignal::new(false);
    Effect::new(move |previous: Option<Option<String>>| {
        // The previous URL is let go once a new one replaces it; the last one with the view.
        if let Some(Some(old)) = previous {
            let _ = Url::revoke_object_url(&old);
        }
        shown.get().flatten().map(|u| u.url)
    });
    view! {
        <span class="miniatura">
            {move || match shown.get() {
                None => view! { <span class="cargando">{nombre.clone()}</span> }.into_any(),
                Some(None) => view! {
                    <span class="sin-copia" title="Esta tableta no tiene el archivo; se verá con conexión">{nombre.clone()}</span>
                }.into_any(),
                Some(Some(u)) => {
                    let nombre = nombre.clone();
                    let thumb = if u.image {
                        view! { <img src=u.url.clone() alt=nombre.clone()/> }.into_any()
                    } else {
                        view! { <span class="archivo">"📄 "{nombre.clone()}</span> }.into_any()
                    };
                    view! {
                        <button class="ver" title=format!("Ver {nombre}") on:click=move |_| full.set(true)>{thumb}</button>
                        <Show when=move || full.get()>
                            <FullView url=u.url.clone() image=u.image nombre=nombre.clone() full/>
                        </Show>
                    }.into_any()
                }
            }}
        </span>
    }
}

/// The file full size over the screen: an image as itself, any other file as a link that opens
/// or saves it.
#[component]
fn FullView(url: String, image: bool, nombre: String, full: RwSignal<bool>) -> impl IntoView {
    let content = if image {
        view! { <img src=url alt=nombre.clone()/> }.into_any()
    } else {
        view! { <a href=url download=nombre.clone() target="_blank">{format!("Abrir {nombre}")}</a> }
            .into_any()
    };
    view! {
        <div class="visor" role="dialog" aria-label=format!("Archivo {nombre}")>
            {content}
            <button on:click=move |_| full.set(false)>"Cerrar"</button>
        </div>
    }
}
