//! The office's administration, online only (each needs the server): users and their API keys
//! (admin), the catalogs (admin, oficina), the activity log (admin, oficina).
//!
//! - [`users`]: users listed, made, given a role, deactivated, given a new password.
//! - [`keys`]: API keys listed, made (shown once) and revoked.
//! - [`catalogs`]: every catalog's entries added, renamed, deactivated; step templates ordered.
//! - [`activity`]: the activity log, filtered and paged on the server, and its export.

pub mod activity;
pub mod catalogs;
mod keys;
pub mod users;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Method};
use crate::context::Device;

/// Something said once after an action: what it did, or why it failed.
#[derive(Clone, Default)]
pub struct Aviso {
    /// Said in green, or in red.
    pub ok: bool,
    /// The words.
    pub texto: String,
}

/// An action's outcome as an [`Aviso`]: `done` on success.
fn aviso<T>(result: &Result<T, String>, done: impl FnOnce(&T) -> String) -> Aviso {
    match result {
        Ok(v) => Aviso {
            ok: true,
            texto: done(v),
        },
        Err(e) => Aviso {
            ok: false,
            texto: e.clone(),
        },
    }
}

/// The last [`Aviso`], announced to screen readers.
pub fn aviso_view(aviso: RwSignal<Option<Aviso>>) -> impl IntoView {
    move || {
        aviso.get().map(|a| {
            let class = if a.ok { "aviso-ok" } else { "error" };
            view! { <p class=class role="status">{a.texto}</p> }
        })
    }
}

/// Sends an online edit (`method path` with the JSON `body`), says how it went in `said`
/// (`done` on success), and moves `reload` so the screen reads its data again.
pub fn send<T: serde::de::DeserializeOwned + 'static>(
    method: Method,
    path: String,
    body: Option<String>,
    reload: RwSignal<u32>,
    said: RwSignal<Option<Aviso>>,
    done: impl FnOnce(&T) -> String + 'static,
) {
    let csrf = expect_context::<Device>().csrf();
    spawn_local(async move {
        let result = api::send::<T>(method, &path, body, &csrf).await;
        said.set(Some(aviso(&result, done)));
        reload.update(|n| *n += 1);
    });
}
