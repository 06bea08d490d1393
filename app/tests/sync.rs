//! The shared sync code over the IndexedDB store, in a real browser: what the app runs when it
//! syncs. The server is scripted here (the real one is exercised end to end in `tests/`): a
//! failed or refused sync leaves every change pending, an acknowledged one clears it.

use std::cell::RefCell;
use std::collections::VecDeque;

use ote_app::store::IdbStore;
use ote_app::transport::TransportError;
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use ote_shared::sync::device::{
    self, DeviceStore, PendingBlob, StoredDoc, SyncError, Transport, device_actor,
};
use ote_shared::sync::{DocPull, Notice, SyncRequest, SyncResponse};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A server that answers from a script and remembers what it was sent.
#[derive(Default)]
struct Script {
    answers: RefCell<VecDeque<Result<SyncResponse, TransportError>>>,
    received: RefCell<Vec<SyncRequest>>,
    uploaded: RefCell<Vec<String>>,
}

impl Transport for Script {
    type Error = TransportError;

    async fn sync(&self, request: &SyncRequest) -> Result<SyncResponse, TransportError> {
        self.received.borrow_mut().push(request.clone());
        self.answers
            .borrow_mut()
            .pop_front()
            .expect("the script has an answer")
    }

    async fn upload_blob(&self, blob: &PendingBlob) -> Result<(), TransportError> {
        self.uploaded.borrow_mut().push(blob.sha256.clone());
        Ok(())
    }
}

async fn store_with_one_edit() -> (IdbStore, OrdenTrabajo) {
    let store = IdbStore::open(&format!("ote-prueba-{}", Uuid::new_v4()))
        .await
        .unwrap();
    let actor = device_actor(store.device_id().await.unwrap());
    let mut ot = OrdenTrabajo::new(Uuid::new_v4());
    ot.orden_trabajo = "OT-SYNC-1".into();
    let mut stored = StoredDoc {
        doc: document::new_document(&ot, actor).unwrap(),
        acked: Vec::new(),
    };
    store.store(ot.id, &mut stored).await.unwrap();
    (store, ot)
}

#[wasm_bindgen_test]
async fn offline_or_expired_session_keeps_every_change_pending() {
    let (store, ot) = store_with_one_edit().await;
    let script = Script::default();
    script.answers.borrow_mut().extend([
        Err(TransportError::Offline),
        Err(TransportError::SessionExpired),
    ]);
    for expected in [TransportError::Offline, TransportError::SessionExpired] {
        match device::sync(&store, &script).await {
            Err(SyncError::Transport(e)) => assert_eq!(e, expected),
            other => panic!("expected {expected:?}, got {other:?}"),
        }
        assert_eq!(store.dirty().await.unwrap(), vec![ot.id], "still to send");
    }
    let received = script.received.take();
    assert_eq!(received.len(), 2);
    assert!(
        received
            .iter()
            .all(|r| r.docs.len() == 1 && r.docs[0].doc_id == ot.id),
        "each attempt carried the change"
    );
    let summary = &store.summaries().await.unwrap()[0];
    assert!(summary.pending, "the list shows it as pending");
}

#[wasm_bindgen_test]
async fn an_acknowledged_sync_clears_the_change_moves_the_cursor_and_keeps_the_notice() {
    let (store, ot) = store_with_one_edit().await;
    let mut loaded = store.load(ot.id).await.unwrap().unwrap();
    let heads = loaded
        .doc
        .get_heads()
        .iter()
        .map(ToString::to_string)
        .collect();
    store
        .keep_blob(PendingBlob::new("image/jpeg", vec![0xff, 0xd8, 1, 2]))
        .await
        .unwrap();
    let aviso = Notice {
        doc_id: ot.id,
        code: "transicion_invalida".into(),
        field: "id_estatus_ot".into(),
        message: "No se puede pasar de Terminada a Programada".into(),
    };
    let script = Script::default();
    script.answers.borrow_mut().push_back(Ok(SyncResponse {
        cursor: 42,
        docs: vec![DocPull {
            doc_id: ot.id,
            changes: Vec::new(),
            heads,
            resend_all: false,
        }],
        notices: vec![aviso.clone()],
        more: false,
    }));

    let report = device::sync(&store, &script).await.unwrap();
    assert_eq!(
        (report.round_trips, report.sent, report.uploaded),
        (1, 1, 1)
    );
    assert!(
        store.dirty().await.unwrap().is_empty(),
        "nothing left to send"
    );
    assert_eq!(store.cursor().await.unwrap(), 42);
    assert_eq!(store.notices().await.unwrap(), vec![aviso]);
    assert_eq!(store.pending_blob_count().await.unwrap(), 0);
    assert!(!store.summaries().await.unwrap()[0].pending);
}
