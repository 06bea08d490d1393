//! The accounts of a shared tablet, in a real browser: each user's store is their own, signing
//! out leaves it untouched, and a store from before accounts is adopted by its user.

use ote_app::accounts;
use ote_app::store::IdbStore;
use ote_shared::api::Perfil;
use ote_shared::roles::Rol;
use ote_shared::sync::device::{DeviceStore, PendingBlob};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn perfil(id: i64, usuario: &str) -> Perfil {
    Perfil {
        id,
        usuario: usuario.into(),
        rol: Rol::Campo,
        empleado_id: None,
        csrf: "token".into(),
    }
}

/// Every test starts as a tablet nobody signed in on (the accounts live in localStorage).
fn fresh_tablet() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn each_user_enters_a_store_of_their_own() {
    fresh_tablet();
    let a = accounts::enter(&perfil(9101, "ana")).await.unwrap();
    let b = accounts::enter(&perfil(9102, "beto")).await.unwrap();
    assert_ne!(a.db, b.db);
    assert_eq!(
        accounts::open(),
        Some(b.clone()),
        "the last to enter is open"
    );
    let store_a = IdbStore::open(&a.db).await.unwrap();
    assert_eq!(store_a.profile().await.unwrap().unwrap().usuario, "ana");
    store_a.close();
    let store_b = IdbStore::open(&b.db).await.unwrap();
    assert_eq!(store_b.profile().await.unwrap().unwrap().usuario, "beto");
    store_b.close();
}

#[wasm_bindgen_test]
async fn signing_out_keeps_the_users_pending_work() {
    fresh_tablet();
    let a = accounts::enter(&perfil(9201, "ana")).await.unwrap();
    let store = IdbStore::open(&a.db).await.unwrap();
    store
        .keep_blob(PendingBlob::new("image/png", b"foto de ana".to_vec()))
        .await
        .unwrap();
    store.close();
    accounts::leave(false);
    assert_eq!(accounts::open(), None);
    assert!(
        accounts::sign_out_pending(),
        "the server must still hear of it"
    );

    let again = accounts::enter(&perfil(9201, "ana")).await.unwrap();
    assert_eq!(again, a, "the same account, the same store");
    let store = IdbStore::open(&again.db).await.unwrap();
    assert_eq!(store.pending_blobs().await.unwrap().len(), 1);
    store.close();
}

#[wasm_bindgen_test]
async fn a_store_from_before_accounts_is_adopted_by_its_user() {
    fresh_tablet();
    let legacy = IdbStore::open("ote").await.unwrap();
    legacy.set_profile(&perfil(9301, "carla")).await.unwrap();
    legacy.close();
    accounts::adopt_legacy().await.unwrap();
    let open = accounts::open().expect("carla's account is open");
    assert_eq!((open.id, open.db.as_str()), (9301, "ote"));
    IdbStore::delete("ote").await.unwrap();
}

#[wasm_bindgen_test]
async fn forgetting_an_account_deletes_its_store() {
    fresh_tablet();
    let a = accounts::enter(&perfil(9401, "ana")).await.unwrap();
    accounts::leave(true);
    accounts::forget(&a).await.unwrap();
    assert!(accounts::all().is_empty());
    let reopened = IdbStore::open(&a.db).await.unwrap();
    assert_eq!(
        reopened.profile().await.unwrap(),
        None,
        "nothing of ana is left"
    );
    reopened.close();
}
