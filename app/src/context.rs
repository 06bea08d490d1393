//! What every screen reaches through the Leptos context: the device's store, its background
//! sync, the signed-in user, the navigation and the catalogs. Screens take it with
//! `expect_context::<Device>()`; the shell provides it once the store is open.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use ote_shared::api::upstream::EnlaceCosta;
use ote_shared::roles::Rol;
use ote_shared::rules::Autor;

use crate::background::{Reason, SyncHandle};
use crate::catalogs::Catalogos;
use crate::routes::Navigator;
use crate::session::Perfil;
use crate::store::IdbStore;

/// Opens the store of the account signed in on this tablet again: the sign-in form notifies
/// it once the user's account is entered (see [`crate::accounts::enter`]). Provided by the
/// shell before any store is open.
#[derive(Clone, Copy)]
pub struct Reopen(pub RwSignal<u32>);

/// What every screen reaches through the context: the store, the sync loop, the user, the
/// screen shown and the catalogs.
#[derive(Clone)]
pub struct Device {
    /// The device store (IndexedDB is not `Send`: kept on this thread).
    pub store: StoredValue<Rc<IdbStore>, LocalStorage>,
    /// The background sync.
    pub sync: SyncHandle,
    /// The signed-in user, `None` until someone signs in.
    pub perfil: RwSignal<Option<Perfil>>,
    /// Goes to another screen.
    pub screen: Navigator,
    /// The catalogs screens name things with: read once per sign-in (see [`crate::catalogs::load`]).
    pub catalogos: LocalResource<Catalogos>,
    /// On a vessel's hub, its link with shore as last read (the sync indicator reads it after
    /// each sync); `None` until read.
    pub enlace: RwSignal<Option<EnlaceCosta>>,
}

impl Device {
    /// The store, to use in an async block.
    pub fn store(&self) -> Rc<IdbStore> {
        self.store.get_value()
    }

    /// The session's CSRF token, which the office's online writes echo (empty signed out).
    pub fn csrf(&self) -> String {
        self.perfil
            .with_untracked(|p| p.as_ref().map(|p| p.csrf.clone()).unwrap_or_default())
    }

    /// The signed-in user as the rules judge their edits; signed out, one who may change
    /// nothing.
    pub fn autor(&self) -> Autor {
        self.perfil.get_untracked().map_or(
            Autor {
                rol: Rol::Lectura,
                empleado: None,
            },
            |p| p.autor(),
        )
    }

    /// Runs `change` on this device's store in the background: the one way screens save. When
    /// it changed something, the screens reload and the sync sends it (debounced); a failure is
    /// shown in `error` as what was not saved (`what`).
    pub fn save<Fut, E>(
        &self,
        error: RwSignal<Option<String>>,
        what: &'static str,
        change: impl FnOnce(Rc<IdbStore>) -> Fut + 'static,
    ) where
        Fut: Future<Output = Result<bool, E>> + 'static,
        E: std::fmt::Display,
    {
        let d = self.clone();
        spawn_local(async move {
            let store = d.store();
            let turn = store.turn().await;
            let refusals = store.refusals();
            let outcome = change(store.clone()).await;
            drop(turn);
            // The change may have left the screen that asked for it (a new work order opens its
            // detail), which disposes `error`: touched only when it has something to clear.
            match outcome {
                Ok(true) => {
                    if error.try_with_untracked(Option::is_some) == Some(true) {
                        error.try_set(None);
                    }
                    d.sync.state.documents_changed();
                    d.sync.nudge(Reason::Edit);
                }
                Ok(false) => {}
                // The browser refused the write for want of space: the edit is held in memory
                // and the warning above every screen says so until it is stored (a line here
                // would stay after the retry stored it).
                Err(_) if store.refusals() > refusals => {
                    d.sync.state.unsaved.set(store.unsaved_count());
                    d.sync.state.documents_changed();
                    // The sync reads held edits too: the server may have it before the tablet.
                    d.sync.nudge(Reason::Edit);
                }
                Err(e) => {
                    error.try_set(Some(format!("No se guardó {what}: {e}")));
                }
            }
        });
    }
}
