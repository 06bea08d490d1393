//! The IndexedDB device store in a real browser (headless Chromium): what is written survives
//! closing and reopening the database, as it must survive a reload.

use automerge::ActorId;
use ote_app::store::IdbStore;
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use ote_shared::roles::Rol;
use ote_shared::rules::Autor;
use ote_shared::sync::Notice;
use ote_shared::sync::device::{DeviceStore, StoredDoc};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn db_name() -> String {
    format!("ote-prueba-{}", Uuid::new_v4())
}

/// A complete work order, which breaks no rule.
fn work_order() -> OrdenTrabajo {
    let mut ot = OrdenTrabajo::new(Uuid::new_v4());
    ot.orden_trabajo = "OT-NAVEGADOR-1".into();
    ot.oficio_ot = "PEP-SUB-0001/2026".into();
    ot.descripcion_trabajo = "Inspección de ductos".into();
    ot.id_responsable_proyecto = Some(1);
    ot.responsable_cliente = "Ing. Laura Méndez".into();
    ot.id_frente = Some(2);
    ot.id_embarcacion = Some(1);
    ot.comentario = "Escrito sin conexión en la tableta".into();
    ot
}

/// The office, who may change every field.
const OFICINA: Autor = Autor {
    rol: Rol::Oficina,
    empleado: None,
};

#[wasm_bindgen_test]
async fn a_document_written_survives_reopening_and_is_pending_until_acknowledged() {
    let name = db_name();
    let ot = work_order();
    let store = IdbStore::open(&name).await.unwrap();
    let mut stored = StoredDoc {
        doc: document::new_document(&ot, ActorId::random()).unwrap(),
        acked: Vec::new(),
    };
    store.store(ot.id, &mut stored).await.unwrap();
    store.close();

    let store = IdbStore::open(&name).await.unwrap();
    let mut loaded = store
        .load(ot.id)
        .await
        .unwrap()
        .expect("the document is there after reopening");
    assert_eq!(document::read(&loaded.doc).unwrap(), ot);
    assert_eq!(
        store.dirty().await.unwrap(),
        vec![ot.id],
        "it has changes to send"
    );

    loaded.acked = loaded.doc.get_heads();
    store.store(ot.id, &mut loaded).await.unwrap();
    assert!(
        store.dirty().await.unwrap().is_empty(),
        "acknowledged by the server, nothing to send"
    );
    assert!(store.load(Uuid::new_v4()).await.unwrap().is_none());
}

/// Two edits of one document at once (a photo while a comment is saved), each taking its turn
/// as the app's screens do, both survive.
#[wasm_bindgen_test]
async fn two_edits_of_one_document_at_once_both_survive() {
    use ote_shared::sync::device;

    let store = IdbStore::open(&db_name()).await.unwrap();
    let ot = work_order();
    device::create(&store, OFICINA, &ot).await.unwrap();
    let store = &store;
    let edit = |change: fn(&mut OrdenTrabajo)| async move {
        let _turn = store.turn().await;
        device::edit(store, OFICINA, ot.id, change).await.unwrap()
    };
    futures::join!(
        edit(|o| o.oficio_ot = "PEP-1".into()),
        edit(|o| o.responsable_cliente = "Ing. Méndez".into()),
    );
    let read = document::read(&store.load(ot.id).await.unwrap().unwrap().doc).unwrap();
    assert_eq!(
        (read.oficio_ot.as_str(), read.responsable_cliente.as_str()),
        ("PEP-1", "Ing. Méndez")
    );
}

/// A write of others' changes (a sync applying the server's) made from a copy loaded before a
/// local edit keeps that edit: storing merges what is stored instead of overwriting it.
#[wasm_bindgen_test]
async fn a_sync_write_from_an_older_copy_keeps_a_local_edit() {
    use ote_shared::sync::device;

    let store = IdbStore::open(&db_name()).await.unwrap();
    let ot = work_order();
    device::create(&store, OFICINA, &ot).await.unwrap();
    let mut copy = store.load(ot.id).await.unwrap().unwrap();
    device::edit(&store, OFICINA, ot.id, |o| o.oficio_ot = "PEP-LOCAL".into())
        .await
        .unwrap();
    copy.doc.set_actor(ActorId::random());
    let mut from_server = document::read(&copy.doc).unwrap();
    from_server.comentario = "Del servidor".into();
    document::write(&mut copy.doc, &from_server).unwrap();
    copy.doc.commit();
    store.store(ot.id, &mut copy).await.unwrap();

    let read = document::read(&store.load(ot.id).await.unwrap().unwrap().doc).unwrap();
    assert_eq!(
        (read.oficio_ot.as_str(), read.comentario.as_str()),
        ("PEP-LOCAL", "Del servidor")
    );
}

#[wasm_bindgen_test]
async fn the_device_id_cursor_and_notices_persist() {
    let name = db_name();
    let store = IdbStore::open(&name).await.unwrap();
    let id = store.device_id().await.unwrap();
    store.set_cursor(123_456_789_012).await.unwrap();
    let notice = Notice {
        doc_id: Uuid::new_v4(),
        code: "sin_permiso".into(),
        field: "monto_mxn".into(),
        message: "Su rol no permite modificar este campo".into(),
    };
    store
        .add_notices(std::slice::from_ref(&notice))
        .await
        .unwrap();
    store.close();

    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(
        store.device_id().await.unwrap(),
        id,
        "the same device after a reload"
    );
    assert_eq!(store.cursor().await.unwrap(), 123_456_789_012);
    assert_eq!(store.notices().await.unwrap(), vec![notice]);
}

#[wasm_bindgen_test]
async fn a_photo_waits_in_the_store_until_it_is_uploaded() {
    use ote_shared::sync::device::PendingBlob;
    let name = db_name();
    let store = IdbStore::open(&name).await.unwrap();
    let blob = PendingBlob::new("image/jpeg", vec![0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    store.keep_blob(blob.clone()).await.unwrap();
    store.close();

    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(
        store.pending_blobs().await.unwrap(),
        vec![blob.clone()],
        "the photo survives a reload"
    );
    store.blob_uploaded(&blob.sha256).await.unwrap();
    assert!(store.pending_blobs().await.unwrap().is_empty());
}

/// An uploaded photo stays viewable offline: its bytes move to the device's copies.
#[wasm_bindgen_test]
async fn an_uploaded_photo_keeps_a_copy_for_offline_viewing() {
    use ote_shared::sync::device::PendingBlob;
    let store = IdbStore::open(&db_name()).await.unwrap();
    let blob = PendingBlob::new("image/png", vec![0x89, b'P', b'N', b'G', 7, 8]);
    store.keep_blob(blob.clone()).await.unwrap();
    store.blob_uploaded(&blob.sha256).await.unwrap();
    assert_eq!(
        store.file(&blob.sha256).await.unwrap(),
        Some(("image/png".to_owned(), blob.bytes.clone()))
    );
    store.close();
}

/// A store as version 1 of the app wrote it (before summaries existed): its documents, pending
/// changes and cursor must all be there after the app upgrades, and the list must show them.
#[wasm_bindgen_test]
async fn a_store_written_by_version_1_is_migrated_without_losing_anything() {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;

    #[derive(serde::Serialize)]
    struct DocRecordV1 {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        acked: Vec<String>,
    }

    let name = db_name();
    let ot = work_order();
    let bytes = document::new_document(&ot, ActorId::random())
        .unwrap()
        .save();
    let v1 = Database::open(&name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            for store in ["documentos", "pendientes", "estado", "archivos"] {
                db.create_object_store(store).build()?;
            }
            db.create_object_store("avisos")
                .with_auto_increment(true)
                .build()?;
            Ok(())
        })
        .await
        .unwrap();
    let tx = v1
        .transaction(["documentos", "pendientes", "estado"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("documentos")
        .unwrap()
        .put(DocRecordV1 {
            bytes,
            acked: Vec::new(),
        })
        .with_key(ot.id.to_string())
        .serde()
        .unwrap();
    tx.object_store("pendientes")
        .unwrap()
        .put(true)
        .with_key(ot.id.to_string())
        .primitive()
        .unwrap();
    tx.object_store("estado")
        .unwrap()
        .put("777".to_owned())
        .with_key("cursor".to_owned())
        .primitive()
        .unwrap();
    tx.commit().await.unwrap();
    v1.close();

    let store = IdbStore::open(&name).await.unwrap();
    let loaded = store
        .load(ot.id)
        .await
        .unwrap()
        .expect("the document survived");
    assert_eq!(document::read(&loaded.doc).unwrap(), ot);
    assert_eq!(store.dirty().await.unwrap(), vec![ot.id], "still pending");
    assert_eq!(store.cursor().await.unwrap(), 777);
    let summaries = store.summaries().await.unwrap();
    assert_eq!(summaries.len(), 1, "the list shows the old document");
    assert_eq!(summaries[0].orden_trabajo, "OT-NAVEGADOR-1");
    assert!(summaries[0].pending);
}

/// An edit that breaks a rule (an end before its start) is refused on the device: nothing is
/// stored, so nothing is sent for the server to undo.
#[wasm_bindgen_test]
async fn an_edit_that_breaks_a_rule_is_refused_and_nothing_is_stored() {
    use ote_shared::sync::device::{self, EditError};

    let store = IdbStore::open(&db_name()).await.unwrap();
    let ot = work_order();
    device::create(&store, OFICINA, &ot).await.unwrap();
    let before = store.load(ot.id).await.unwrap().unwrap().doc.get_heads();
    let refused = device::edit(&store, OFICINA, ot.id, |o| {
        o.fecha_inicio_programado = chrono::NaiveDate::from_ymd_opt(2026, 3, 20);
        o.fecha_termino_programado = chrono::NaiveDate::from_ymd_opt(2026, 3, 1);
    })
    .await;
    assert!(matches!(refused, Err(EditError::Rules(_))), "{refused:?}");
    let after = store.load(ot.id).await.unwrap().unwrap().doc.get_heads();
    assert_eq!(after, before);
}
