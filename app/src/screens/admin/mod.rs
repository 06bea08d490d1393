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

/// Something said once after an action: what it did, or why it failed.
#[derive(Clone, Default)]
pub struct Aviso {
    /// Said in green, or in red.
    pub ok: bool,
    /// The words.
    pub texto: String,
}

/// An action's outcome as an [`Aviso`]: `done` on success.
pub fn aviso<T>(result: &Result<T, String>, done: impl FnOnce(&T) -> String) -> Aviso {
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
