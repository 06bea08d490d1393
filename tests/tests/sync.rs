//! The sync protocol end to end: native devices (the shared crate's device code over memory)
//! against the real server process and a real PostgreSQL.

use automerge::ROOT;
use automerge::transaction::Transactable;
use ote_shared::codes::{EstatusOt, EstatusPaso, Proceso, TipoOt};
use ote_shared::document;
use ote_shared::document::schema::MAX_CHANGES_PER_PUSH;
use ote_shared::model::{Archivo, Foto};
use ote_shared::sync::wire;
use ote_tests::device::Device;
use ote_tests::env::{Env, placeholder_dist, temp_dir};
use ote_tests::field_work_order as new_ot;
use ote_tests::{ServerProcess, server_bin};
use uuid::Uuid;

fn foto(titulo: &str) -> Foto {
    Foto {
        id: Uuid::new_v4(),
        proceso: Proceso::Durante,
        titulo: titulo.into(),
        archivo: Archivo {
            sha256: "ab".repeat(32),
            nombre: format!("{titulo}.jpg"),
            tamano: 1234,
            tipo_mime: "image/jpeg".into(),
        },
        creado: chrono::Utc::now(),
    }
}

#[tokio::test]
async fn two_devices_editing_offline_converge_everywhere() {
    let env = Env::start(server_bin!()).await;
    let (a, b) = (env.device(), env.office_device());
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    assert!(
        a.has(id) && b.has(id),
        "the first sync pulls the office's work orders"
    );

    let steps: Vec<Uuid> = a.read(id).pasos_ordenados().iter().map(|p| p.id).collect();
    let (foto_a, foto_b) = (foto("antes"), foto("durante"));
    a.edit(id, |ot| {
        ot.fecha_inicio_real = "2026-02-01".parse().ok();
        ot.comentario = "Comentario de la tableta A".into();
        ot.pasos.get_mut(&steps[0]).unwrap().comentario = "Revisado por A".into();
        ot.fotos.insert(foto_a.id, foto_a.clone());
    })
    .await;
    b.edit(id, |ot| {
        ot.monto_usd = "10500.25".parse().unwrap();
        ot.comentario = "Comentario de la oficina".into();
        ot.pasos
            .get_mut(&steps[steps.len() - 1])
            .unwrap()
            .fecha_entrega = "2026-12-01".parse().ok();
        ot.fotos.insert(foto_b.id, foto_b.clone());
    })
    .await;
    for (name, device) in [("a", &a), ("b", &b), ("a", &a)] {
        let report = device.sync().await.unwrap();
        assert!(report.notices.is_empty(), "{name}: {:?}", report.notices);
    }

    let (on_a, on_b, on_server) = (a.read(id), b.read(id), env.server_ot(id).await);
    assert_eq!(on_a, on_b);
    assert_eq!(on_a, on_server);
    assert_eq!(on_a.fecha_inicio_real, "2026-02-01".parse().ok());
    assert_eq!(on_a.monto_usd.to_string(), "10500.25");
    assert_eq!(on_a.fotos.len(), 2);
    assert_eq!(on_a.pasos[&steps[0]].comentario, "Revisado por A");

    let conflicts = document::conflicts(&a.doc(id)).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].campo, "comentario");
    assert_eq!(conflicts[0].valores.len(), 2);
    assert_eq!(
        document::conflicts(&b.doc(id)).unwrap(),
        conflicts,
        "both devices see the same conflict"
    );

    let (descripcion, comentario, monto_usd, fotos): (String, String, String, i64) = sqlx::query_as(
        "SELECT descripcion_trabajo, comentario, monto_usd::text, (SELECT count(*) FROM work_order_photos p WHERE p.work_order_id = w.id)
         FROM work_orders w WHERE doc_id = $1",
    )
    .bind(id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(
        (descripcion, comentario, monto_usd, fotos),
        (
            on_a.descripcion_trabajo.clone(),
            on_a.comentario.clone(),
            "10500.25".into(),
            2
        )
    );
    let step_comment: String =
        sqlx::query_scalar("SELECT comentario FROM work_order_steps WHERE step_id = $1")
            .bind(steps[0])
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert_eq!(step_comment, "Revisado por A");
    env.stop().await;
}

#[tokio::test]
async fn replayed_batches_and_lost_responses_change_nothing_twice() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::Activa).await;
    let before = env.log_rows(id).await;

    a.edit(id, |ot| ot.comentario = "Sin novedad en cubierta".into())
        .await;
    a.transport.lose_next_response.set(true);
    assert!(a.sync().await.is_err(), "the response was lost");
    a.sync().await.unwrap();
    assert_eq!(
        env.log_rows(id).await,
        before + 1,
        "the retry added nothing"
    );
    assert_eq!(
        env.server_ot(id).await.comentario,
        "Sin novedad en cubierta"
    );

    let replay = serde_json::to_vec(a.transport.last_request.borrow().as_ref().unwrap()).unwrap();
    let (status, _) = a.transport.send_raw(&replay, "application/json").await;
    assert_eq!(status, 200);
    assert_eq!(
        env.log_rows(id).await,
        before + 1,
        "a replayed batch adds nothing"
    );
    assert_eq!(a.read(id), env.server_ot(id).await);
    env.stop().await;
}

#[tokio::test]
async fn an_invalid_transition_is_compensated_and_the_device_is_told() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::Terminada).await;
    a.edit(id, |ot| {
        ot.id_estatus_ot = EstatusOt::Activa;
        ot.comentario = "Se reabre".into();
    })
    .await;
    let report = a.sync().await.unwrap();
    assert_eq!(report.notices.len(), 1, "{:?}", report.notices);
    assert_eq!(report.notices[0].code, "transicion_estatus_invalida");
    assert_eq!(report.notices[0].field, "id_estatus_ot");
    assert!(
        a.notices().iter().any(|n| n.doc_id == id),
        "the notice is kept on the device"
    );

    let shown = a.read(id);
    assert_eq!(
        shown.id_estatus_ot,
        EstatusOt::Terminada,
        "the server's compensation reached the device"
    );
    assert_eq!(
        shown.comentario, "Se reabre",
        "the rest of the edit is kept"
    );
    let row: i16 = sqlx::query_scalar("SELECT id_estatus_ot FROM work_orders WHERE doc_id = $1")
        .bind(id)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(row, 3);
    env.stop().await;
}

#[tokio::test]
async fn a_field_the_role_may_not_edit_is_compensated() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::Activa).await;
    let monto = a.read(id).monto_mxn;
    a.edit(id, |ot| {
        ot.monto_mxn = "1.00".parse().unwrap();
        ot.comentario = "Material recibido".into();
    })
    .await;
    let report = a.sync().await.unwrap();
    assert_eq!(report.notices.len(), 1, "{:?}", report.notices);
    assert_eq!(
        (
            report.notices[0].code.as_str(),
            report.notices[0].field.as_str()
        ),
        ("sin_permiso", "monto_mxn")
    );
    assert_eq!(a.read(id).monto_mxn, monto, "the amount is back");
    assert_eq!(
        a.read(id).comentario,
        "Material recibido",
        "the allowed edit stays"
    );
    env.stop().await;
}

#[tokio::test]
async fn an_ot_created_offline_gets_its_template_steps_once() {
    let env = Env::start(server_bin!()).await;
    let (a, b) = (env.device(), env.device());
    let ot = new_ot("OT-CAMPO-001");
    a.create(&ot).await;
    a.sync().await.unwrap();
    let on_a = a.read(ot.id);
    let templates: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pasos_ot WHERE tipo = 5 AND activo")
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert_eq!(on_a.pasos.len() as i64, templates);
    assert!(
        on_a.pasos
            .values()
            .all(|p| p.estatus_paso == EstatusPaso::Pendiente)
    );

    b.sync().await.unwrap();
    b.edit(ot.id, |o| o.comentario = "visto".into()).await;
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM work_order_steps s JOIN work_orders w ON w.id = s.work_order_id WHERE w.doc_id = $1")
        .bind(ot.id)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(rows, templates, "steps exactly once");
    assert_eq!(a.read(ot.id), b.read(ot.id));
    env.stop().await;
}

#[tokio::test]
async fn two_devices_reprogramming_the_same_ot_get_consecutive_numbers() {
    let env = Env::start(server_bin!()).await;
    let (a, b) = (env.device(), env.device());
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let principal = env.demo_ot(EstatusOt::EnProceso).await;
    let existing: Option<i32> = sqlx::query_scalar(
        "SELECT max(num_reprogramacion) FROM work_orders WHERE ot_principal_doc = $1",
    )
    .bind(principal)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let next = existing.unwrap_or(0) + 1;
    let mut ids = Vec::new();
    for (device, folio) in [(&a, "OT-R-A"), (&b, "OT-R-B")] {
        let mut ot = new_ot(folio);
        ot.id_tipo = TipoOt::Reprogramacion;
        ot.ot_principal = Some(principal);
        ot.num_reprogramacion = Some(next);
        device.create(&ot).await;
        ids.push(ot.id);
    }
    a.sync().await.unwrap();
    let report = b.sync().await.unwrap();
    assert!(
        report
            .notices
            .iter()
            .any(|n| n.code == "num_reprogramacion_incorrecto"),
        "{:?}",
        report.notices
    );
    a.sync().await.unwrap();
    let mut nums: Vec<i32> = ids
        .iter()
        .map(|id| a.read(*id).num_reprogramacion.unwrap())
        .collect();
    nums.sort();
    assert_eq!(nums, [next, next + 1]);
    for id in &ids {
        assert_eq!(a.read(*id), b.read(*id));
        let row: i32 =
            sqlx::query_scalar("SELECT num_reprogramacion FROM work_orders WHERE doc_id = $1")
                .bind(id)
                .fetch_one(&env.pool)
                .await
                .unwrap();
        assert_eq!(Some(row), a.read(*id).num_reprogramacion);
    }
    env.stop().await;
}

#[tokio::test]
async fn malformed_or_unauthenticated_batches_are_refused_and_change_nothing() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM change_log")
        .fetch_one(&env.pool)
        .await
        .unwrap();

    let (status, body) = a
        .transport
        .send_raw(b"{esto no es json", "application/json")
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("lote_invalido"))
    );
    let (status, body) = a.transport.send_raw(b"\x05basura", wire::BINARY).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("lote_invalido")),
        "nor is garbage in the binary form"
    );

    let junk = serde_json::json!({
        "device_id": Uuid::new_v4().to_string(), "cursor": 0,
        "docs": [{ "doc_id": Uuid::new_v4(), "changes": "AAECAwQFBgc=", "heads": [] }]
    });
    let (status, body) = a
        .transport
        .send_raw(junk.to_string().as_bytes(), "application/json")
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("cambios_invalidos"))
    );

    let unauthenticated = reqwest::Client::new()
        .post(format!("{}/api/sync", env.server.url))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let wrong_key = reqwest::Client::new()
        .post(format!("{}/api/sync", env.server.url))
        .header("Api-key", "ote_falsa")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_key.status(), 401);

    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM change_log")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(after, logged);
    env.stop().await;
}

#[tokio::test]
async fn one_edited_field_of_a_long_document_travels_in_under_2_kb() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    let mut ot = new_ot("OT-LARGA-001");
    for n in 0..30 {
        let paso = ote_shared::model::Paso::pendiente(Uuid::new_v4(), n + 1);
        ot.pasos.insert(paso.id, paso);
    }
    a.create(&ot).await;
    // A long history: 300 edits over the steps, synced as they happen.
    let steps: Vec<Uuid> = ot.pasos.keys().copied().collect();
    for round in 0..300usize {
        a.edit(ot.id, |o| {
            o.pasos.get_mut(&steps[round % 30]).unwrap().comentario = format!("Revisión {round}")
        })
        .await;
        if round % 50 == 49 {
            a.sync().await.unwrap();
        }
    }
    a.sync().await.unwrap();
    a.edit(ot.id, |o| o.comentario = "Cambio de un solo campo".into())
        .await;
    let report = a.sync().await.unwrap();
    assert_eq!(report.sent, 1);
    assert!(
        report.bytes_sent < 2048,
        "one field travels in {} bytes",
        report.bytes_sent
    );
    assert_eq!(
        env.server_ot(ot.id).await.comentario,
        "Cambio de un solo campo"
    );
    env.stop().await;
}

/// Documents are stored as a snapshot plus the change-log rows after it (migration 0012): a
/// document merged many times is snapshotted now and then, and a server with nothing loaded
/// (restarted) reads it whole and merges into it.
#[tokio::test]
async fn a_document_merged_many_times_is_stored_whole_across_snapshots() {
    let mut env = Env::start(server_bin!()).await;
    let a = env.device();
    let ot = new_ot("OT-INCREMENTAL-001");
    a.create(&ot).await;
    for n in 0..150 {
        a.edit(ot.id, |o| o.comentario = format!("Edición {n}"))
            .await;
        a.sync().await.unwrap();
    }
    let (snapshot_seq, tail_rows, last_seq): (i64, i32, i64) =
        sqlx::query_as("SELECT snapshot_seq, tail_rows, last_seq FROM documents WHERE doc_id = $1")
            .bind(ot.id)
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert!(snapshot_seq > 0, "snapshotted along the way");
    assert!(
        tail_rows > 0 && tail_rows < 64,
        "{tail_rows} rows after the snapshot"
    );
    assert!(snapshot_seq < last_seq);
    assert_eq!(env.server_ot(ot.id).await, a.read(ot.id));

    env.server.restart().await.unwrap();
    let office = env.office_device();
    office.sync().await.unwrap();
    office
        .edit(ot.id, |o| {
            o.descripcion_trabajo = "Revisada en oficina".into()
        })
        .await;
    office.sync().await.unwrap();
    a.sync().await.unwrap();
    let stored = env.server_ot(ot.id).await;
    assert_eq!(stored.comentario, "Edición 149");
    assert_eq!(stored.descripcion_trabajo, "Revisada en oficina");
    assert_eq!(a.read(ot.id), stored);
    assert_eq!(office.read(ot.id), stored);
    env.stop().await;
}

#[tokio::test]
async fn a_server_killed_mid_batch_loses_nothing_once_the_device_retries() {
    let mut env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let mut ids = Vec::new();
    for n in 0..150 {
        let ot = new_ot(&format!("OT-CAIDA-{n:03}"));
        ids.push(ot.id);
        a.create(&ot).await;
    }
    let crash = async {
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        env.server.kill().await;
    };
    let (first, ()) = tokio::join!(a.sync(), crash);
    assert!(first.is_err(), "the server died during the batch");
    env.server.restart().await.unwrap();
    a.sync().await.unwrap();

    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM work_orders WHERE orden_trabajo LIKE 'OT-CAIDA-%'",
    )
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(
        stored, 150,
        "every work order of the batch is on the server"
    );
    let steps: Vec<i64> = sqlx::query_scalar(
        "SELECT count(s.id) FROM work_orders w LEFT JOIN work_order_steps s ON s.work_order_id = w.id
         WHERE w.orden_trabajo LIKE 'OT-CAIDA-%' GROUP BY w.id",
    )
    .fetch_all(&env.pool)
    .await
    .unwrap();
    assert!(
        steps.iter().all(|n| *n == steps[0] && *n > 0),
        "template steps once each: {steps:?}"
    );
    for id in &ids {
        assert_eq!(a.read(*id), env.server_ot(*id).await);
    }
    env.stop().await;
}

#[tokio::test]
async fn a_server_holding_a_stale_copy_merges_onto_what_another_server_stored() {
    let env = Env::start(server_bin!()).await;
    let other = ServerProcess::start_with(
        server_bin!(),
        &env.db,
        &placeholder_dist(),
        &temp_dir("data"),
        &[],
    )
    .await
    .unwrap();
    let (a, b) = (env.device(), Device::new(&other.url, &env.office_key));
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;

    // The first server keeps the document loaded after A's edit; the second one then stores
    // B's edit, which the first server's copy lacks when A edits again.
    a.edit(id, |ot| ot.comentario = "Primera edición de A".into())
        .await;
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    b.edit(id, |ot| ot.comentario = "Comentario de la oficina".into())
        .await;
    b.sync().await.unwrap();
    a.edit(id, |ot| ot.fecha_inicio_real = "2026-02-01".parse().ok())
        .await;
    let report = a.sync().await.unwrap();
    assert!(report.notices.is_empty(), "{:?}", report.notices);
    b.sync().await.unwrap();

    let server = env.server_ot(id).await;
    assert_eq!(server.comentario, "Comentario de la oficina");
    assert_eq!(server.fecha_inicio_real, "2026-02-01".parse().ok());
    assert_eq!(a.read(id), server);
    assert_eq!(b.read(id), server);
    let (comentario, inicio): (String, Option<chrono::NaiveDate>) =
        sqlx::query_as("SELECT comentario, fecha_inicio_real FROM work_orders WHERE doc_id = $1")
            .bind(id)
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert_eq!(
        (comentario.as_str(), inicio),
        ("Comentario de la oficina", server.fecha_inicio_real),
        "the row shows both servers' writes"
    );
    let heads: Vec<String> = sqlx::query_scalar("SELECT heads FROM documents WHERE doc_id = $1")
        .bind(id)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let mut doc = env.server_doc(id).await;
    let stored: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
    assert_eq!(heads, stored, "the stored heads are the whole document's");
    other.stop().await;
    env.stop().await;
}

#[tokio::test]
async fn a_revoked_credential_keeps_every_local_edit_until_signed_in_again() {
    // Keys are trusted for a time once checked: a short one here, waited out after revoking.
    let dist = ote_tests::env::placeholder_dist();
    let env = Env::start_with(server_bin!(), &dist, &[("OTE_API_KEY_TTL_SECS", "1")]).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::Activa).await;
    a.edit(id, |ot| ot.comentario = "Escrito sin conexión".into())
        .await;
    sqlx::query("UPDATE api_keys SET revoked_at = now()")
        .execute(&env.pool)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;

    let refused = a.sync().await.unwrap_err();
    assert!(refused.contains("401"), "{refused}");
    assert_eq!(
        a.read(id).comentario,
        "Escrito sin conexión",
        "the edit stays on the device"
    );

    let fresh = ote_server::auth::api_keys::create(&env.pool, "tecnico")
        .await
        .unwrap();
    a.transport.set_api_key(&fresh);
    a.sync().await.unwrap();
    assert_eq!(env.server_ot(id).await.comentario, "Escrito sin conexión");
    env.stop().await;
}

#[tokio::test]
async fn a_technician_receives_only_their_work_orders_and_a_newly_assigned_one_whole() {
    let env = Env::start(server_bin!()).await;
    let (tablet, office) = (env.device(), env.office_device());
    tablet.sync().await.unwrap();
    office.sync().await.unwrap();
    let assigned: Vec<uuid::Uuid> = sqlx::query_scalar(
        "SELECT w.doc_id FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id WHERE e.empleado_id = $1",
    )
    .bind(ote_tests::env::EMPLEADO_TECNICO)
    .fetch_all(&env.pool)
    .await
    .unwrap();
    let mut on_tablet = tablet.doc_ids();
    on_tablet.sort();
    let mut expected = assigned.clone();
    expected.sort();
    assert_eq!(
        on_tablet, expected,
        "the tablet holds exactly its assigned work orders"
    );
    assert!(
        office.doc_ids().len() > on_tablet.len(),
        "the office sees every work order"
    );

    let other = office
        .doc_ids()
        .into_iter()
        .find(|id| !assigned.contains(id))
        .unwrap();
    office
        .edit(other, |ot| ot.comentario = "Antes de asignar".into())
        .await;
    office.sync().await.unwrap();
    office
        .edit(other, |ot| {
            _ = ot.empleados.insert(ote_tests::env::EMPLEADO_TECNICO)
        })
        .await;
    office.sync().await.unwrap();
    tablet.sync().await.unwrap();
    assert_eq!(
        tablet.read(other),
        env.server_ot(other).await,
        "the newly assigned OT arrives whole"
    );
    assert_eq!(tablet.read(other).comentario, "Antes de asignar");
    env.stop().await;
}

#[tokio::test]
async fn a_photo_taken_offline_uploads_after_its_metadata() {
    use ote_shared::sync::device::{self, DeviceStore};
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let bytes = b"\xff\xd8\xff\xe0 abrazadera antes del servicio".to_vec();
    let tecnico = ote_shared::rules::Autor {
        rol: ote_shared::roles::Rol::Campo,
        empleado: None,
    };
    let tomada = device::FotoTomada {
        proceso: Proceso::Antes,
        titulo: "abrazadera.jpg".into(),
        tipo_mime: "image/jpeg".into(),
        bytes: bytes.clone(),
        creado: chrono::Utc::now(),
    };
    let foto = device::add_photo(&a.store, tecnico, id, tomada)
        .await
        .unwrap();
    assert_eq!(
        a.store.pending_blobs().await.unwrap().len(),
        1,
        "kept until it uploads"
    );
    assert_eq!(
        a.read(id).fotos[&foto.id],
        foto,
        "and named by the work order"
    );
    let sha256 = foto.archivo.sha256.clone();

    let report = a.sync().await.unwrap();
    assert_eq!(report.uploaded, 1);
    assert!(
        a.store.pending_blobs().await.unwrap().is_empty(),
        "nothing left waiting"
    );
    let got = reqwest::Client::new()
        .get(format!("{}/api/blobs/{sha256}", env.server.url))
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap();
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);
    let stored: String =
        sqlx::query_scalar("SELECT sha256 FROM work_order_photos WHERE photo_id = $1")
            .bind(foto.id)
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert_eq!(stored, sha256);
    env.stop().await;
}

/// A file attached to a step on the tablet (a PDF, not only images) is kept until it uploads,
/// named by the step, and reaches the server's step row and blob store.
#[tokio::test]
async fn a_step_file_attached_offline_reaches_the_step_and_the_blob_store() {
    use ote_shared::sync::device::{self, DeviceStore};
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let bytes = b"%PDF-1.4 reporte de espesores".to_vec();
    let tecnico = ote_shared::rules::Autor {
        rol: ote_shared::roles::Rol::Campo,
        empleado: None,
    };
    let file = device::ArchivoTomado {
        nombre: "espesores.pdf".into(),
        tipo_mime: "application/pdf".into(),
        bytes: bytes.clone(),
    };
    let archivo = device::attach_step_file(&a.store, tecnico, id, paso, file)
        .await
        .unwrap();
    assert_eq!(a.store.pending_blobs().await.unwrap().len(), 1);
    assert_eq!(a.read(id).pasos[&paso].archivo.as_ref(), Some(&archivo));

    let report = a.sync().await.unwrap();
    assert_eq!(report.uploaded, 1);
    let got = reqwest::Client::new()
        .get(format!("{}/api/blobs/{}", env.server.url, archivo.sha256))
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap();
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);
    assert_eq!(
        env.server_ot(id).await.pasos[&paso].archivo.as_ref(),
        Some(&archivo),
        "the server's document names the file"
    );
    env.stop().await;
}

/// More rows logged since a device's cursor than one answer holds (a page is 2,000): they come
/// over several answers in one sync, for a field technician (documents looked up one by one)
/// and for the office (every row), and each ends with every change.
#[tokio::test]
async fn a_backlog_longer_than_a_page_arrives_whole_over_several_answers() {
    let env = Env::start(server_bin!()).await;
    let (a, b, writer) = (env.device(), env.office_device(), env.device());
    for device in [&a, &b, &writer] {
        device.sync().await.unwrap();
    }
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let start = writer.doc(id).get_heads();
    for n in 0..2_100 {
        writer
            .edit(id, |ot| ot.comentario = format!("Nota {n}"))
            .await;
    }
    // One change-log row per change, in three transactions: three transaction ids to page by.
    let changes: Vec<Vec<u8>> = writer
        .doc(id)
        .get_changes(&start)
        .into_iter()
        .map(|c| c.raw_bytes().to_vec())
        .collect();
    for part in changes.chunks(700) {
        sqlx::query("INSERT INTO change_log (doc_id, changes, device) SELECT $1, UNNEST($2::bytea[]), 'prueba'")
            .bind(id)
            .bind(part)
            .execute(&env.pool)
            .await
            .unwrap();
    }
    for device in [&a, &b] {
        let report = device.sync().await.unwrap();
        assert!(report.round_trips >= 2, "{report:?}");
        assert_eq!(device.read(id).comentario, "Nota 2099");
        assert_eq!(
            device.doc(id).get_changes(&start).len(),
            2_100,
            "every change, once"
        );
    }
}

/// The tablet judges an edit as the server would before it saves it: a field technician's
/// change of the money is refused on the device, and nothing waits to be sent.
#[tokio::test]
async fn a_field_technicians_tablet_refuses_a_change_the_role_may_not_make() {
    use ote_shared::sync::device::{self, EditError};
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let monto = a.read(id).monto_mxn;
    let tecnico = ote_shared::rules::Autor {
        rol: ote_shared::roles::Rol::Campo,
        empleado: None,
    };
    let refused = device::edit(&a.store, tecnico, id, |o| o.monto_mxn = 1.into()).await;
    let Err(EditError::Rules(violations)) = refused else {
        panic!("refused on the device: {refused:?}");
    };
    assert_eq!(violations[0].field, "monto_mxn");
    assert_eq!(a.read(id).monto_mxn, monto);
    assert!(
        !device::build_request(&a.store)
            .await
            .unwrap()
            .docs
            .iter()
            .any(|d| d.doc_id == id)
    );
}

/// A batch sent twice (a client's retry) is answered twice, and the device keeps the first
/// answer's cursor: one the server gave it, not another installation's, so nothing is sent
/// again whole.
#[tokio::test]
async fn a_cursor_from_a_batch_answered_twice_is_still_this_servers() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    a.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    a.edit(id, |ot| ot.comentario = "Enviado dos veces".into())
        .await;
    let body = wire::to_binary(&a.next_request().await);
    let (_, first) = a.transport.post(body.clone(), wire::BINARY).await.unwrap();
    a.transport.post(body, wire::BINARY).await.unwrap();
    a.apply(&wire::from_binary(&first).unwrap()).await.unwrap();

    let report = a.sync().await.unwrap();
    assert!(
        !report
            .notices
            .iter()
            .any(|n| n.code == "servidor_restaurado"),
        "{:?}",
        report.notices
    );
    assert_eq!(report.sent, 0, "nothing to send again");
    env.stop().await;
}

/// A work order edited offline more times than the server takes in one push (a hub back from
/// months without shore, a tablet sending everything again to a restored server) goes up over
/// several batches, its oldest changes first, and arrives whole.
#[tokio::test]
async fn a_document_with_more_changes_than_one_push_takes_arrives_whole() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    let ot = new_ot("OT-MUCHOS-CAMBIOS-001");
    a.create(&ot).await;
    let edits = MAX_CHANGES_PER_PUSH + 50;
    a.commit_each(ot.id, edits, |doc, n| {
        doc.put(ROOT, "comentario", format!("Edición {n}")).unwrap();
    })
    .await;

    let report = a.sync().await.unwrap();
    assert!(report.notices.is_empty(), "{:?}", report.notices);
    assert!(
        report.round_trips >= 2,
        "{} round trips",
        report.round_trips
    );
    let stored = env.server_ot(ot.id).await;
    assert_eq!(stored.comentario, format!("Edición {}", edits - 1));
    assert!(
        a.next_request().await.docs.is_empty(),
        "nothing left to send"
    );
    env.stop().await;
}

/// A document the server refuses whole, with more changes than one push takes, ends the sync
/// with the server's notice: the device does not send its first batch again and again.
#[tokio::test]
async fn a_refused_document_too_long_for_one_push_ends_the_sync_with_its_notice() {
    let env = Env::start(server_bin!()).await;
    let a = env.device();
    let ot = new_ot("OT-RECHAZADA-LARGA-001");
    a.create(&ot).await;
    a.commit_each(ot.id, MAX_CHANGES_PER_PUSH + 50, |doc, n| {
        let key = if n == 0 { "campo_ajeno" } else { "comentario" };
        doc.put(ROOT, key, format!("Edición {n}")).unwrap();
    })
    .await;

    let report = tokio::time::timeout(std::time::Duration::from_secs(60), a.sync())
        .await
        .expect("the sync ends")
        .unwrap();
    assert!(
        report.notices.iter().any(|n| n.code == "esquema_invalido"),
        "{:?}",
        report.notices
    );
    assert!(
        report.round_trips <= 3,
        "{} round trips",
        report.round_trips
    );
    env.stop().await;
}

/// A device with more to send than the server takes in one request (everything again after a
/// restore, heavy work orders after a long time offline) builds a batch under the limit and
/// leaves the rest for the next, rather than one the server would refuse on every retry.
#[tokio::test]
async fn a_batch_stays_under_the_servers_request_limit() {
    use rand::Rng;
    // The batch is built on the device alone: nothing is sent.
    let a = Device::new("http://127.0.0.1:9", "sin-servidor");
    for i in 0..4 {
        let ot = new_ot(&format!("OT-LOTE-{i}"));
        a.create(&ot).await;
        // 4 MB of changes each, in random texts (Automerge compresses its changes, so
        // repeated text would weigh nothing), as a long history holds.
        a.commit_each(ot.id, 400, |doc, _| {
            let noise: String = rand::rng()
                .sample_iter(rand::distr::Alphanumeric)
                .take(10_000)
                .map(char::from)
                .collect();
            doc.put(ROOT, "comentario", noise).unwrap();
        })
        .await;
    }
    let batch = a.next_request().await;
    assert_eq!(batch.docs.len(), 2, "documents of 4 MB in an 8 MiB batch");
    let changes: usize = batch.docs.iter().map(|d| d.changes.len()).sum();
    assert!(
        changes <= wire::MAX_BATCH_CHANGE_BYTES,
        "{changes} bytes of changes"
    );
    let json = serde_json::to_vec(&batch).unwrap().len();
    assert!(json <= wire::MAX_REQUEST_BYTES, "{json} bytes as JSON");
}
