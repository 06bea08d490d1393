//! A vessel hub: the same server with an upstream. Its tablets work together while the link
//! to shore is down, and what they did reaches shore when it returns.

use ote_server::auth::users::{self, Role};
use ote_server::auth::{api_keys, crew, hub_site};
use ote_shared::api::upstream::EnlaceCosta;
use ote_shared::api::{Catalogos, Inactiva, TipoCatalogo};
use ote_shared::codes::{EstatusOt, Proceso, TipoOt};
use ote_shared::document;
use ote_shared::model::TipoSitio;
use ote_shared::rules::Autor;
use ote_shared::sync::SyncResponse;
use ote_shared::sync::device::{self, DeviceStore, StoredDoc, device_actor};
use ote_shared::sync::wire::{self, AutorRemoto, HubSyncRequest};
use ote_tests::api::{Api, blob, sign_in};
use ote_tests::device::{Device, HttpTransport};
use ote_tests::env::{EMPLEADO_TECNICO, Env};
use ote_tests::hub::{Hub, VESSEL};
use ote_tests::hub_load;
use ote_tests::{field_work_order, free_port, poll_until, server_bin};
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

/// A vessel of the demo other than the hub's.
const OTHER_VESSEL: i64 = 2;

/// Shore with its demo work orders, and a hub that has received the first in process
/// assigned to `tecnico`.
async fn shore_and_hub() -> (Env, Hub, Uuid) {
    let shore = Env::start(server_bin!()).await;
    let hub = Hub::start(server_bin!(), &shore, "hub-barco-1").await;
    let id = shore.demo_ot_on(EstatusOt::EnProceso, VESSEL).await;
    hub.wait_for(id, 30).await;
    (shore, hub, id)
}

/// A demo work order on `OTHER_VESSEL` that no one on the hub's crew is assigned to.
async fn elsewhere_unassigned(shore: &Env) -> Uuid {
    sqlx::query_scalar(
        "SELECT doc_id FROM work_orders w WHERE id_embarcacion = $1 AND NOT EXISTS
           (SELECT 1 FROM work_order_empleados e WHERE e.work_order_id = w.id AND e.empleado_id = $2)
         ORDER BY id LIMIT 1",
    )
    .bind(OTHER_VESSEL)
    .bind(EMPLEADO_TECNICO)
    .fetch_one(&shore.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_hubs_account_receives_its_vessels_work_orders_and_not_another_vessels() {
    let (shore, hub, on_board) = shore_and_hub().await;
    let elsewhere = elsewhere_unassigned(&shore).await;
    let as_hub = Device::new(&shore.server.url, &hub.account_key);
    as_hub.sync().await.unwrap();
    assert!(as_hub.has(on_board), "its vessel's work order");
    assert!(!as_hub.has(elsewhere), "not another vessel's");
    assert!(
        hub.ot(elsewhere).await.is_none(),
        "the hub holds only what its account sees"
    );
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_hub_moved_to_another_vessel_receives_that_vessels_work_orders() {
    let (shore, hub, _) = shore_and_hub().await;
    let elsewhere = elsewhere_unassigned(&shore).await;
    assert!(hub.ot(elsewhere).await.is_none());
    let other = (TipoSitio::Embarcacion, OTHER_VESSEL);
    hub_site::set(&shore.pool, "hub-barco-1", other)
        .await
        .unwrap();
    hub.wait_for(elsewhere, 30).await;
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_hubs_account_may_not_change_another_vessels_work_order() {
    let (shore, hub, _) = shore_and_hub().await;
    let elsewhere = elsewhere_unassigned(&shore).await;
    let as_hub = Device::new(&shore.server.url, &hub.account_key);
    let mut copy = StoredDoc {
        doc: shore.server_doc(elsewhere).await,
        acked: Vec::new(),
    };
    let Ok(()) = as_hub.store.store(elsewhere, &mut copy).await;
    as_hub
        .edit(elsewhere, |ot| ot.comentario = "Desde otro barco".into())
        .await;
    as_hub.sync().await.unwrap();
    assert_ne!(
        shore.server_ot(elsewhere).await.comentario,
        "Desde otro barco"
    );
    let refused = as_hub
        .notices()
        .iter()
        .any(|n| n.doc_id == elsewhere && n.code == "sin_acceso");
    assert!(refused, "{:?}", as_hub.notices());
    hub.stop().await;
    shore.stop().await;
}

/// Shore's `tecnico`'s user id.
async fn shores_technician(shore: &Env) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = 'tecnico'")
        .fetch_one(&shore.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_made_on_board_is_logged_on_shore_as_its_technicians_from_its_tablet() {
    let (shore, hub, id) = shore_and_hub().await;
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    tablet
        .edit(id, |ot| ot.comentario = "Firmado a bordo".into())
        .await;
    tablet.sync().await.unwrap();
    let logged_as = poll_until(30, &vec![Some(shores_technician(&shore).await)], || async {
        sqlx::query_scalar("SELECT user_id FROM change_log WHERE doc_id = $1 AND device = $2")
            .bind(id)
            .bind(tablet.store_id().to_string())
            .fetch_all(&shore.pool)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(
        logged_as,
        vec![Some(shores_technician(&shore).await)],
        "shore's log names the technician and the tablet, not the hub"
    );
    hub.stop().await;
    shore.stop().await;
}

/// Posts `batch` to shore's `POST /api/sync/hub` with the hub account's key.
async fn post_as_hub(shore: &Env, hub: &Hub, batch: &HubSyncRequest) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/sync/hub", shore.server.url))
        .header("Api-key", &hub.account_key)
        .header("Content-Type", wire::BINARY)
        .body(wire::to_binary(batch))
        .send()
        .await
        .unwrap()
}

/// Sends `tablet`'s next batch to shore as the hub's account would, each change of `tablet`
/// named as `usuario`'s; answers shore's answer.
async fn as_hub_naming(shore: &Env, hub: &Hub, tablet: &Device, usuario: &str) -> SyncResponse {
    let batch = HubSyncRequest {
        request: tablet.next_request().await,
        autores: vec![AutorRemoto {
            dispositivo: tablet.store_id().to_string(),
            usuario: usuario.into(),
        }],
    };
    let response = post_as_hub(shore, hub, &batch).await;
    assert_eq!(response.status(), 200);
    wire::from_binary(&response.bytes().await.unwrap()).unwrap()
}

/// A tablet holding shore's document `id` as shore has it.
async fn tablet_with(shore: &Env, hub: &Hub, id: Uuid) -> Device {
    let tablet = Device::new(&hub.server.url, &hub.key);
    let mut copy = StoredDoc {
        doc: shore.server_doc(id).await,
        acked: Vec::new(),
    };
    copy.acked = copy.doc.get_heads();
    let Ok(()) = tablet.store.store(id, &mut copy).await;
    tablet
}

#[tokio::test]
async fn a_hub_naming_someone_off_its_crew_is_logged_as_itself() {
    let (shore, hub, id) = shore_and_hub().await;
    let tablet = tablet_with(&shore, &hub, id).await;
    tablet
        .edit(id, |ot| ot.comentario = "Firmado con otro nombre".into())
        .await;
    as_hub_naming(&shore, &hub, &tablet, "planeacion").await;
    let logged_as: Vec<Option<i64>> =
        sqlx::query_scalar("SELECT user_id FROM change_log WHERE doc_id = $1 AND device = $2")
            .bind(id)
            .bind(tablet.store_id().to_string())
            .fetch_all(&shore.pool)
            .await
            .unwrap();
    let hub_account: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'hub-barco-1'")
            .fetch_one(&shore.pool)
            .await
            .unwrap();
    assert_eq!(
        logged_as,
        vec![Some(hub_account)],
        "planeacion is not on its crew"
    );
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_hub_batch_naming_too_many_authors_is_refused_and_changes_nothing() {
    let (shore, hub, id) = shore_and_hub().await;
    let tablet = tablet_with(&shore, &hub, id).await;
    tablet
        .edit(id, |ot| ot.comentario = "Con demasiados autores".into())
        .await;
    let autores = (0..=wire::MAX_AUTHORS_PER_REQUEST)
        .map(|n| AutorRemoto {
            dispositivo: Uuid::from_u128(n as u128).to_string(),
            usuario: "tecnico".into(),
        })
        .collect();
    let batch = HubSyncRequest {
        request: tablet.next_request().await,
        autores,
    };
    let response = post_as_hub(&shore, &hub, &batch).await;
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("lote_invalido"))
    );
    assert_ne!(
        shore.server_ot(id).await.comentario,
        "Con demasiados autores"
    );
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn shore_judges_a_change_made_on_board_by_its_technicians_role_not_the_hubs() {
    let (shore, hub, id) = shore_and_hub().await;
    let tablet = tablet_with(&shore, &hub, id).await;
    tablet
        .edit(id, |ot| ot.descripcion_trabajo = "Reescrita a bordo".into())
        .await;
    let answer = as_hub_naming(&shore, &hub, &tablet, "tecnico").await;
    assert!(
        answer
            .notices
            .iter()
            .any(|n| n.doc_id == id && n.code == "sin_permiso"),
        "a technician may not rewrite the description: {:?}",
        answer.notices
    );
    assert_ne!(
        shore.server_ot(id).await.descripcion_trabajo,
        "Reescrita a bordo"
    );
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn two_tablets_on_a_hub_converge_with_shore_down_and_shore_gets_both() {
    let (mut shore, hub, id) = shore_and_hub().await;
    shore.server.kill().await;
    let (a, b) = (hub.device(), hub.device());
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let step = a.read(id).pasos_ordenados()[0].id;
    a.edit(id, |ot| {
        ot.comentario = "Buzo A: abrazadera revisada".into()
    })
    .await;
    b.edit(id, |ot| {
        ot.pasos.get_mut(&step).unwrap().comentario = "Buzo B: paso 1 listo".into()
    })
    .await;
    for device in [&a, &b, &a] {
        device.sync().await.unwrap();
    }
    assert_eq!(
        a.read(id),
        b.read(id),
        "the two tablets converge on the hub"
    );
    assert_eq!(b.read(id).comentario, "Buzo A: abrazadera revisada");
    assert_eq!(a.read(id).pasos[&step].comentario, "Buzo B: paso 1 listo");

    shore.server.restart().await.unwrap();
    let on_shore = poll_until(30, &a.read(id), || shore.server_ot(id)).await;
    assert_eq!(
        on_shore,
        a.read(id),
        "both edits reach shore through the hub"
    );
    let actors: Vec<_> = shore
        .server_doc(id)
        .await
        .get_changes(&[])
        .iter()
        .map(|c| c.actor_id().clone())
        .collect();
    for device in [&a, &b] {
        assert!(
            actors.contains(&device_actor(device.store_id())),
            "shore's document names each tablet as the author of its change"
        );
    }
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn an_office_edit_on_shore_reaches_a_tablet_through_the_hub() {
    let (shore, hub, id) = shore_and_hub().await;
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    let office = shore.office_device();
    office.sync().await.unwrap();
    office
        .edit(id, |ot| {
            ot.comentario = "Cambio de alcance desde tierra".into()
        })
        .await;
    office.sync().await.unwrap();
    let seen = poll_until(30, &"Cambio de alcance desde tierra".to_owned(), || async {
        tablet.sync().await.unwrap();
        tablet.read(id).comentario
    })
    .await;
    assert_eq!(seen, "Cambio de alcance desde tierra");
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_break_undone_on_the_hub_and_on_shore_leaves_one_value_and_no_conflict() {
    let (mut shore, hub, id) = shore_and_hub().await;
    let monto = shore.server_ot(id).await.monto_mxn;
    let (on_board, ashore) = (hub.device(), shore.device());
    on_board.sync().await.unwrap();
    ashore.sync().await.unwrap();
    shore.server.kill().await;
    on_board
        .edit(id, |ot| ot.monto_mxn = "1.00".parse().unwrap())
        .await;
    let report = on_board.sync().await.unwrap();
    assert_eq!(
        report.notices[0].code, "sin_permiso",
        "the hub runs the rules"
    );
    shore.server.restart().await.unwrap();
    ashore
        .edit(id, |ot| ot.monto_mxn = "2.00".parse().unwrap())
        .await;
    assert_eq!(ashore.sync().await.unwrap().notices[0].code, "sin_permiso");

    // Each server undid the break as its own actor: shore takes the hub's undoing too.
    let tablet = device_actor(on_board.store_id());
    let arrived = poll_until(30, &true, || async {
        let mut doc = shore.server_doc(id).await;
        doc.get_changes(&[]).iter().any(|c| *c.actor_id() == tablet)
    })
    .await;
    assert!(arrived, "the hub's history of the work order reached shore");
    let on_shore = shore.server_doc(id).await;
    assert_eq!(document::read(&on_shore).unwrap().monto_mxn, monto);
    assert_eq!(document::conflicts(&on_shore).unwrap(), []);
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_tablet_that_synced_on_board_then_ashore_receives_everything_and_sends_its_work() {
    let shore = Env::start(server_bin!()).await;
    let dead_link = format!("http://127.0.0.1:{}", free_port());
    let hub = Hub::start_linked(server_bin!(), &shore, "hub-barco-1", &dead_link, VESSEL).await;
    let on_board = hub.device();
    let ot = field_work_order("OT-A-BORDO-1");
    on_board.create(&ot).await;
    on_board.sync().await.unwrap();
    on_board.sync().await.unwrap();

    // The same tablet, ashore: its cursor is the hub's, a number shore never gave.
    let ashore = Device {
        store: on_board.store,
        transport: HttpTransport::new(&shore.server.url, &shore.key),
    };
    let report = ashore.sync().await.unwrap();
    assert!(
        report
            .notices
            .iter()
            .any(|n| n.code == "servidor_restaurado"),
        "{:?}",
        report.notices
    );
    let demo = shore.demo_ot(EstatusOt::EnProceso).await;
    assert!(ashore.has(demo), "shore's work orders arrive whole");
    assert_eq!(
        shore.server_ot(ot.id).await.orden_trabajo,
        "OT-A-BORDO-1",
        "what the tablet made on board reaches shore, though the hub never did"
    );
    hub.stop().await;
    shore.stop().await;
}

/// A reprogramming a tablet made on board, numbered by the hub while shore was out of reach
/// and the office had taken that number ashore; shore is back. Answers shore, the hub, the
/// tablet, the reprogramming and the number the office took.
async fn numbered_on_board() -> (Env, Hub, Device, Uuid, i32) {
    let (mut shore, mut hub, principal) = shore_and_hub().await;
    let reprogramming = |folio: &str| {
        let mut ot = field_work_order(folio);
        ot.id_tipo = TipoOt::Reprogramacion;
        ot.ot_principal = Some(principal);
        ot
    };
    // Ashore, while the hub is away, the office takes the chain's next number.
    hub.server.kill().await;
    let office = shore.office_device();
    office.sync().await.unwrap();
    let in_office = reprogramming("OT-R-OFICINA");
    office.create(&in_office).await;
    office.sync().await.unwrap();
    let taken = office.read(in_office.id).num_reprogramacion.unwrap();

    // On board, with shore out of reach, the hub numbers a reprogramming by what it knows.
    shore.server.kill().await;
    hub.server.restart().await.unwrap();
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    let on_board = reprogramming("OT-R-A-BORDO");
    tablet.create(&on_board).await;
    tablet.sync().await.unwrap();
    assert_eq!(tablet.read(on_board.id).num_reprogramacion, Some(taken));
    assert_eq!(
        link(&hub).await.provisionales,
        vec![on_board.id],
        "a number given on board is provisional while shore is out of reach"
    );
    shore.server.restart().await.unwrap();
    (shore, hub, tablet, on_board.id, taken)
}

#[tokio::test]
async fn a_reprogramming_made_on_board_gets_its_final_number_when_the_link_returns() {
    let (shore, hub, tablet, id, taken) = numbered_on_board().await;
    let settled = poll_until(30, &Some(taken + 1), || async {
        tablet.sync().await.unwrap();
        tablet.read(id).num_reprogramacion
    })
    .await;
    assert_eq!(settled, Some(taken + 1), "shore settles the number");
    let still = poll_until(30, &Vec::new(), || async { link(&hub).await.provisionales }).await;
    assert!(
        still.is_empty(),
        "a settled number is no longer provisional"
    );
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn shores_notice_about_a_change_made_on_board_reaches_the_tablet_that_made_it() {
    let (shore, hub, tablet, id, _) = numbered_on_board().await;
    let other = hub.device();
    other.sync().await.unwrap();
    let told = poll_until(30, &true, || async {
        tablet.sync().await.unwrap();
        tablet
            .notices()
            .iter()
            .any(|n| n.doc_id == id && n.code == "num_reprogramacion_incorrecto")
    })
    .await;
    assert!(told, "{:?}", tablet.notices());
    other.sync().await.unwrap();
    assert!(
        other.notices().is_empty(),
        "a tablet that did not make the change is not told"
    );
    hub.stop().await;
    shore.stop().await;
}

/// The hub's link as its tablets read it.
async fn link(hub: &Hub) -> EnlaceCosta {
    let (status, body) = Api::new(&hub.server.url, Some(&hub.key))
        .get("/api/v1/upstream")
        .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn the_hub_tells_when_shore_was_last_reached_and_what_waits_to_go_up() {
    let (mut shore, hub, id) = shore_and_hub().await;
    // The round that brought the work order ends by saying so.
    poll_until(30, &true, || async {
        link(&hub).await.ultimo_contacto.is_some()
    })
    .await;
    let reached = link(&hub).await;
    assert!(reached.es_hub && reached.ultimo_contacto.is_some() && reached.recibidos > 0);

    shore.server.kill().await;
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    tablet
        .edit(id, |ot| ot.comentario = "Sin enlace con tierra".into())
        .await;
    tablet.sync().await.unwrap();
    let cut = poll_until(30, &(1, true), || async {
        let now = link(&hub).await;
        (now.por_subir, now.error.is_some())
    })
    .await;
    assert_eq!(cut, (1, true), "one work order waits, and the hub says why");
    assert_eq!(link(&hub).await.ultimo_contacto, reached.ultimo_contacto);

    shore.server.restart().await.unwrap();
    let back = poll_until(30, &(0, false), || async {
        let now = link(&hub).await;
        (now.por_subir, now.error.is_some())
    })
    .await;
    assert_eq!(back, (0, false), "everything went up once shore answered");
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_user_created_on_shore_signs_in_on_board_offline_after_one_hub_sync() {
    let (mut shore, hub, _) = shore_and_hub().await;
    users::add(&shore.pool, "buzo.rios", Role::Campo, "clave-del-buzo-1")
        .await
        .unwrap();
    crew::add(&shore.pool, "hub-barco-1", "buzo.rios")
        .await
        .unwrap();
    users::add(&shore.pool, "buzo.otro", Role::Campo, "clave-de-otro-1")
        .await
        .unwrap();
    let signs_in = |user: &'static str, password: &'static str| {
        let url = hub.server.url.clone();
        async move { sign_in(&url, user, password).await.status().as_u16() }
    };
    // Waiting on the hub's users, not by signing in: failed sign-ins would reach the limit
    // on attempts (429) before the hub's first sync.
    let came_down = poll_until(30, &true, || async {
        sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)")
            .bind("buzo.rios")
            .fetch_one(&hub.pool)
            .await
            .unwrap()
    })
    .await;
    assert!(came_down, "the crew's account came down with one sync");

    shore.server.kill().await;
    assert_eq!(
        signs_in("buzo.rios", "clave-del-buzo-1").await,
        200,
        "offline"
    );
    assert_eq!(signs_in("buzo.rios", "otra-clave-123").await, 401);
    assert_eq!(
        signs_in("buzo.otro", "clave-de-otro-1").await,
        401,
        "only the hub's crew comes down"
    );
    hub.stop().await;
    shore.stop().await;
}

/// The catalogs a tablet on the hub downloads.
async fn catalogs_on_board(hub: &Hub) -> Catalogos {
    let (status, body) = Api::new(&hub.server.url, Some(&hub.key))
        .get("/api/v1/catalogs")
        .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn a_vessel_added_on_shore_is_offered_on_board_and_a_retired_client_is_not() {
    let (shore, hub, _) = shore_and_hub().await;
    let office = Api::new(&shore.server.url, Some(&shore.office_key));
    let (status, body) = office
        .json(
            Method::POST,
            "/api/v1/catalogs/embarcaciones",
            json!({"nombre": "Barco Nuevo 7"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let cliente = catalogs_on_board(&hub).await.clientes[0].id;
    let (status, body) = office
        .json(
            Method::PATCH,
            &format!("/api/v1/catalogs/clientes/{cliente}"),
            json!({"activo": false}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let retired = Inactiva {
        catalogo: TipoCatalogo::Clientes,
        id: cliente,
    };
    let on_board = poll_until(30, &(true, true), || async {
        let now = catalogs_on_board(&hub).await;
        let vessel = now.sitios.embarcaciones.iter();
        (
            vessel
                .map(|s| s.descripcion.as_str())
                .any(|d| d == "Barco Nuevo 7"),
            now.inactivos.contains(&retired),
        )
    })
    .await;
    assert_eq!(
        on_board,
        (true, true),
        "the hub's tablets get shore's catalogs"
    );
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn the_catalogs_are_edited_on_shore_not_on_board() {
    let (shore, hub, _) = shore_and_hub().await;
    users::add(
        &hub.pool,
        "planeacion-abordo",
        Role::Oficina,
        "clave-segura-9",
    )
    .await
    .unwrap();
    let key = api_keys::create(&hub.pool, "planeacion-abordo")
        .await
        .unwrap();
    let (status, body) = Api::new(&hub.server.url, Some(&key))
        .json(
            Method::POST,
            "/api/v1/catalogs/clientes",
            json!({"nombre": "Cliente de a bordo"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("catalogo_en_tierra"))
    );
    let names = catalogs_on_board(&hub).await.clientes;
    assert!(!names.iter().any(|c| c.nombre == "Cliente de a bordo"));
    hub.stop().await;
    shore.stop().await;
}

/// A photo of the work order `id`, taken as `rol` on `device` and kept until it uploads.
async fn photo(device: &Device, rol: Role, id: Uuid, bytes: &[u8]) -> String {
    let autor = Autor {
        rol,
        empleado: None,
    };
    let tomada = device::FotoTomada {
        proceso: Proceso::Durante,
        titulo: "abrazadera.jpg".into(),
        tipo_mime: "image/jpeg".into(),
        bytes: bytes.to_vec(),
        creado: chrono::Utc::now(),
    };
    let foto = device::add_photo(&device.store, autor, id, tomada)
        .await
        .unwrap();
    foto.archivo.sha256
}

#[tokio::test]
async fn a_photo_taken_on_board_reaches_shore_through_the_hub() {
    let (shore, hub, id) = shore_and_hub().await;
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    let bytes = b"\xff\xd8\xff\xe0 abrazadera a bordo".to_vec();
    let sha256 = photo(&tablet, Role::Campo, id, &bytes).await;
    assert_eq!(tablet.sync().await.unwrap().uploaded, 1, "the hub has it");

    let on_shore = poll_until(30, &(200, bytes.clone()), || {
        blob(&shore.server.url, &shore.office_key, &sha256)
    })
    .await;
    assert_eq!(on_shore, (200, bytes), "the hub sent it up");
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn a_photo_taken_ashore_is_seen_on_board_and_stays_when_the_link_drops() {
    let (mut shore, hub, id) = shore_and_hub().await;
    let office = shore.office_device();
    office.sync().await.unwrap();
    let bytes = b"\xff\xd8\xff\xe0 plano de la oficina".to_vec();
    let sha256 = photo(&office, Role::Oficina, id, &bytes).await;
    office.sync().await.unwrap();

    let tablet = hub.device();
    let named = poll_until(30, &true, || async {
        tablet.sync().await.unwrap();
        tablet
            .read(id)
            .fotos
            .values()
            .any(|f| f.archivo.sha256 == sha256)
    })
    .await;
    assert!(named, "the work order on board names the photo");
    let first = blob(&hub.server.url, &hub.key, &sha256).await;
    assert_eq!(first, (200, bytes.clone()), "the hub brings it down");
    shore.server.kill().await;
    let again = blob(&hub.server.url, &hub.key, &sha256).await;
    assert_eq!(again, (200, bytes), "and keeps it");
    hub.stop().await;
    shore.stop().await;
}

#[tokio::test]
async fn links_cut_at_random_and_a_tablet_moving_ashore_lose_no_edit() {
    let options = hub_load::Options {
        hubs: 2,
        tablets: 2,
        rounds: 4,
        edits: 4,
        cut: 0.5,
        seed: 28,
    };
    let report = hub_load::run(server_bin!(), options).await.unwrap();
    assert!(
        report.cuts > 0,
        "the links were cut: {}",
        report.last_line()
    );
    assert_eq!(report.lost_edits, 0, "{}", report.last_line());
}

#[tokio::test]
async fn a_tablets_edit_goes_up_at_once_not_at_the_hubs_next_period() {
    let shore = Env::start(server_bin!()).await;
    let url = shore.server.url.clone();
    let hub = Hub::start_every(server_bin!(), &shore, "hub-barco-1", &url, 3600).await;
    let id = shore.demo_ot_on(EstatusOt::EnProceso, VESSEL).await;
    hub.wait_for(id, 30).await;
    let tablet = hub.device();
    tablet.sync().await.unwrap();
    tablet
        .edit(id, |ot| ot.comentario = "Sube sin esperar una hora".into())
        .await;
    tablet.sync().await.unwrap();
    let on_shore = poll_until(20, &"Sube sin esperar una hora".to_owned(), || async {
        shore.server_ot(id).await.comentario
    })
    .await;
    assert_eq!(on_shore, "Sube sin esperar una hora");
    hub.stop().await;
    shore.stop().await;
}
