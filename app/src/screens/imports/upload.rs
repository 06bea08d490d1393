//! Uploading an Anexo C workbook or an MS Project schedule, then following the import's progress
//! until it ends.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::api::{EstadoImportacion, Importacion, Subida};
use uuid::Uuid;
use web_sys::{FormData, HtmlFormElement};

use crate::api;
use crate::context::Device;

/// The upload: the kind, the version name of a schedule, the file; then the import's progress
/// until it ends.
#[component]
pub(super) fn Upload(ot: Uuid, reload: RwSignal<u32>) -> impl IntoView {
    let perfil = expect_context::<Device>().perfil;
    let is_programa = RwSignal::new(false);
    let progress = RwSignal::new(None::<Importacion>);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form: HtmlFormElement = event_target(&ev);
        let Ok(data) = FormData::new_with_form(&form) else {
            return;
        };
        let csrf =
            perfil.with_untracked(|p| p.as_ref().map(|p| p.csrf.clone()).unwrap_or_default());
        let kind = if is_programa.get_untracked() {
            "schedules"
        } else {
            "anexo"
        };
        error.set(None);
        let path = format!("/api/v1/work-orders/{ot}/{kind}");
        spawn_local(async move {
            send(&path, data, &csrf, progress, error).await;
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <form class="subir" on:submit=submit>
            <select name="tipo" aria-label="Tipo de archivo" on:change=move |ev| is_programa.set(event_target_value(&ev) == "programa")>
                <option value="anexo">"Anexo C (Excel)"</option>
                <option value="programa">"Programa (MS Project)"</option>
            </select>
            <Show when=move || is_programa.get()>
                <input type="text" name="nombre_version" aria-label="Nombre de la versión" placeholder="Nombre de la versión"/>
            </Show>
            <input type="file" name="archivo" aria-label="Archivo a importar" required
                accept=move || if is_programa.get() { ".xml,.mpp,.mpt,.mpx" } else { ".xlsx,.xlsm,.xls,.xlsb,.ods" }/>
            <button type="submit">"Importar"</button>
        </form>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || progress.get().map(|i| view! { <ImportProgress i/> })}
    }
}

/// Sends the file to `path`, then follows the import it started.
async fn send(
    path: &str,
    data: FormData,
    csrf: &str,
    progress: RwSignal<Option<Importacion>>,
    error: RwSignal<Option<String>>,
) {
    match api::post_form::<Subida>(path, data, csrf).await {
        Ok(s) => follow(s.id, progress, error).await,
        Err(e) => error.set(Some(e)),
    }
}

/// Polls import `id` until it ends, showing each step.
async fn follow(id: i64, progress: RwSignal<Option<Importacion>>, error: RwSignal<Option<String>>) {
    loop {
        match api::get::<Importacion>(&format!("/api/v1/imports/{id}")).await {
            Ok(i) => {
                let ended = i.estado.ended();
                progress.set(Some(i));
                if ended {
                    return;
                }
            }
            Err(e) => {
                error.set(Some(e));
                return;
            }
        }
        TimeoutFuture::new(400).await;
    }
}

/// The progress bar of one import, and how it ended.
#[component]
fn ImportProgress(i: Importacion) -> impl IntoView {
    let (done, total) = (i.hechos, i.total.max(1));
    let text = match i.estado {
        EstadoImportacion::Terminada => format!("Importación terminada: {done} de {total}"),
        EstadoImportacion::Fallida => format!(
            "La importación falló: {}",
            i.mensaje_error.clone().unwrap_or_default()
        ),
        _ => format!("Importando… {done} de {total}"),
    };
    view! {
        <div class="avance-importacion" data-estado=i.estado.clave()>
            <progress max=total value=done></progress>
            <span>{text}</span>
        </div>
    }
}
