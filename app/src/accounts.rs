//! The accounts of a shared tablet. A crew passes one tablet between shifts: each user who
//! signs in gets a device store of their own (`ote-u{id}`), so their documents, pending changes,
//! photos, notices, cursor and device id live apart from everyone else's. Signing out closes
//! nothing but the session: the store stays, untouched, until its owner signs in again and its
//! pending work syncs under their own name.
//!
//! The list of accounts and which one is open live in `localStorage` (read synchronously
//! before any store is opened); a store from before accounts (`ote`, one for the whole
//! browser) is adopted by the user whose profile it keeps.

use ote_shared::api::Perfil;
use serde::{Deserialize, Serialize};

use crate::store::{IdbStore, StoreError};

/// The store every browser had before accounts: adopted by the user it kept (see [`adopt_legacy`]).
const LEGACY_DB: &str = "ote";
/// `localStorage`: the accounts of this tablet, as JSON.
const ACCOUNTS_KEY: &str = "ote-cuentas";
/// `localStorage`: the id of the user whose store is open.
const OPEN_KEY: &str = "ote-cuenta-abierta";
/// `localStorage`: a sign-out the server has not heard of yet (it was made offline).
const SIGN_OUT_KEY: &str = "ote-cierre-pendiente";

/// A user who has signed in on this tablet, and the store that holds their work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cuenta {
    /// The user's id.
    pub id: i64,
    /// Their login name, to list the accounts.
    pub usuario: String,
    /// The IndexedDB database of their store.
    pub db: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, value: Option<&str>) {
    // Without localStorage (a private window that refuses it) the tablet forgets who was in:
    // the next start asks to sign in, and each store is still its user's.
    if let Some(storage) = local_storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// Every account of this tablet.
pub fn all() -> Vec<Cuenta> {
    read(ACCOUNTS_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The account whose store opens at start, if someone is signed in.
pub fn open() -> Option<Cuenta> {
    let id: i64 = read(OPEN_KEY)?.parse().ok()?;
    all().into_iter().find(|c| c.id == id)
}

/// The account of `perfil`, registered on first sign-in.
fn account_of(perfil: &Perfil) -> Cuenta {
    let mut accounts = all();
    if let Some(known) = accounts.iter().find(|c| c.id == perfil.id) {
        return known.clone();
    }
    let cuenta = Cuenta {
        id: perfil.id,
        usuario: perfil.usuario.clone(),
        db: format!("ote-u{}", perfil.id),
    };
    accounts.push(cuenta.clone());
    write_accounts(&accounts);
    cuenta
}

fn write_accounts(accounts: &[Cuenta]) {
    if let Ok(json) = serde_json::to_string(accounts) {
        write(ACCOUNTS_KEY, Some(&json));
    }
}

/// Opens `perfil`'s account: their store keeps the profile, and it is the one opened from now
/// on. Returns the store's name.
pub async fn enter(perfil: &Perfil) -> Result<Cuenta, StoreError> {
    let cuenta = account_of(perfil);
    let store = IdbStore::open(&cuenta.db).await?;
    let kept = store.set_profile(perfil).await;
    store.close();
    kept?;
    write(OPEN_KEY, Some(&cuenta.id.to_string()));
    Ok(cuenta)
}

/// Closes the open account on this tablet: its store stays as it is. `told_server` says
/// whether the server already ended the session; if not, the next sign-in screen ends it first.
pub fn leave(told_server: bool) {
    write(OPEN_KEY, None);
    write(SIGN_OUT_KEY, (!told_server).then_some("1"));
}

/// A sign-out made offline that the server must still hear of.
pub fn sign_out_pending() -> bool {
    read(SIGN_OUT_KEY).is_some()
}

/// The server heard of the sign-out made offline.
pub fn sign_out_told() {
    write(SIGN_OUT_KEY, None);
}

/// Deletes an account's store and forgets the account: only on its user's explicit choice,
/// and only with nothing waiting to be sent (see `screens::sign_out`).
pub async fn forget(cuenta: &Cuenta) -> Result<(), StoreError> {
    IdbStore::delete(&cuenta.db).await?;
    let accounts: Vec<Cuenta> = all().into_iter().filter(|c| c.id != cuenta.id).collect();
    write_accounts(&accounts);
    Ok(())
}

/// The first start after accounts came: a browser's store from before (`ote`) belongs to the
/// user whose profile it keeps, and becomes their account's store, with all its pending work.
/// An empty one is deleted. Runs once (the list of accounts exists afterwards).
pub async fn adopt_legacy() -> Result<(), StoreError> {
    if read(ACCOUNTS_KEY).is_some() {
        return Ok(());
    }
    let legacy = IdbStore::open(LEGACY_DB).await?;
    let perfil = legacy.profile().await?;
    legacy.close();
    match perfil {
        Some(perfil) => {
            let cuenta = Cuenta {
                id: perfil.id,
                usuario: perfil.usuario,
                db: LEGACY_DB.to_owned(),
            };
            write_accounts(std::slice::from_ref(&cuenta));
            write(OPEN_KEY, Some(&cuenta.id.to_string()));
        }
        None => {
            IdbStore::delete(LEGACY_DB).await?;
            write_accounts(&[]);
        }
    }
    Ok(())
}
