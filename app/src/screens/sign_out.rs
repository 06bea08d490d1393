//! Signing out of a shared tablet. What is waiting to be sent stays in the user's own store,
//! untouched, and is sent under their name when they sign in again (see [`crate::accounts`]):
//! the panel says exactly what waits before asking. Deleting the user's data from the tablet is
//! offered only when nothing waits, so no choice here can lose an edit.

use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::sync::device::DeviceStore;

use crate::accounts;
use crate::context::Device;
use crate::session;

/// What waits on the tablet for the signed-in user.
#[derive(Debug, Clone, Default, PartialEq)]
struct Waiting {
    /// Folios of the work orders with changes the server has not acknowledged.
    folios: Vec<String>,
    /// Photos and files waiting to upload.
    files: usize,
}

impl Waiting {
    fn nothing(&self) -> bool {
        self.folios.is_empty() && self.files == 0
    }

    /// What waits, in words.
    fn text(&self) -> String {
        let orders = match self.folios.len() {
            0 => String::new(),
            1 => format!("cambios sin enviar en la orden {}", self.folios[0]),
            n => format!(
                "cambios sin enviar en {n} órdenes ({})",
                self.folios.join(", ")
            ),
        };
        let files = match self.files {
            0 => String::new(),
            1 => "1 foto o archivo por subir".to_owned(),
            n => format!("{n} fotos o archivos por subir"),
        };
        let both = if orders.is_empty() || files.is_empty() {
            ""
        } else {
            " y "
        };
        format!("Tienes {orders}{both}{files}.")
    }
}

async fn waiting(d: &Device) -> Waiting {
    let store = d.store();
    let mut folios: Vec<String> = store
        .summaries()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.pending)
        .map(|s| s.orden_trabajo)
        .collect();
    // A pending document that does not read as a work order has no summary: still counted.
    let dirty = store.dirty().await.map(|d| d.len()).unwrap_or(0);
    while folios.len() < dirty {
        folios.push("(sin folio)".to_owned());
    }
    folios.sort();
    Waiting {
        folios,
        files: store.pending_blob_count().await.unwrap_or(0),
    }
}

/// The sign-out panel, shown while `leaving`.
#[component]
pub fn SignOut(
    /// Whether the panel shows; "Cancelar" closes it.
    leaving: RwSignal<bool>,
) -> impl IntoView {
    let d = expect_context::<Device>();
    let online = d.sync.state.online;
    let waits = LocalResource::new({
        let d = d.clone();
        move || {
            let d = d.clone();
            async move { waiting(&d).await }
        }
    });
    let error = RwSignal::new(None::<String>);
    let leave = {
        let d = d.clone();
        move |forget: bool| {
            let d = d.clone();
            spawn_local(async move {
                if let Err(e) = sign_out(&d, forget).await {
                    error.set(Some(e));
                }
            });
        }
    };
    let keep = leave.clone();
    view! {
        <section class="aviso cerrar-sesion" role="dialog" aria-labelledby="cerrar-sesion-titulo">
            <h2 id="cerrar-sesion-titulo">"Cerrar sesión"</h2>
            {move || waits.get().map(|w| {
                let leave = leave.clone();
                let keep = keep.clone();
                view! {
                    {(!w.nothing()).then(|| view! {
                        <p class="espera">{w.text()}</p>
                        <p>"Se quedan guardados en esta tableta, sin tocar, y se enviarán a tu nombre cuando vuelvas a iniciar sesión. Quien entre después no los verá."</p>
                    })}
                    {move || (!online.get()).then(|| view! {
                        <p>"Sin conexión: la sesión se cerrará también en el servidor en cuanto haya red."</p>
                    })}
                    <div class="acciones">
                        <button class="principal" on:click=move |_| keep(false)>
                            {if w.nothing() { "Sí, cerrar sesión" } else { "Cerrar sesión y conservar mis cambios" }}
                        </button>
                        {w.nothing().then(|| view! {
                            <button on:click=move |_| leave(true)>"Cerrar sesión y borrar mis datos de esta tableta"</button>
                        })}
                        <button on:click=move |_| leaving.set(false)>"Cancelar"</button>
                    </div>
                }
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

/// Ends the session (on the server when it answers), closes the account on this tablet and
/// opens the sign-in screen; with `forget` (offered only when nothing waits), deletes the
/// user's store first.
async fn sign_out(d: &Device, forget: bool) -> Result<(), String> {
    // Checked again here: something may have been saved since the panel opened.
    if forget && !waiting(d).await.nothing() {
        return Err(
            "Hay cambios nuevos sin enviar; no se cerró la sesión ni se borró nada.".to_owned(),
        );
    }
    let csrf = d.perfil.get_untracked().map(|p| p.csrf).unwrap_or_default();
    let told = session::sign_out(&csrf).await;
    let cuenta = accounts::open();
    accounts::leave(told);
    if forget && let Some(cuenta) = cuenta {
        d.store().close();
        accounts::forget(&cuenta).await.map_err(|e| e.to_string())?;
    }
    // A new page: the sync loop and the event stream of this user end with the old one.
    let _ = window().location().set_href("/");
    Ok(())
}
