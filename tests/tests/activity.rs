//! The activity log: every write through a route and every sign-in, with who, when, from where
//! and what it named, filtered and paged on the server, and exported.

use std::time::Duration;

use ote_server::auth::users::{self, Role};
use ote_shared::codes::EstatusOt;
use ote_tests::api::{Api, Session, sign_in};
use ote_tests::env::Env;
use ote_tests::server_bin;
use ote_tests::workbooks::read_sheet;
use reqwest::Method;
use serde_json::{Value, json};

async fn office(env: &Env) -> Session {
    Session::sign_in(&env.server.url, "planeacion", "clave-segura-2").await
}

/// The entries `query` selects once `count` of them are written (the log is written beside the
/// requests, a moment after their answers).
async fn entries(who: &Session, query: &str, count: usize) -> Vec<Value> {
    for _ in 0..50 {
        let (status, page) = who.get(&format!("/api/v1/activity?{query}")).await;
        assert_eq!(status, 200, "{page}");
        let found = page["entradas"].as_array().unwrap().clone();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("fewer than {count} entries for {query}");
}

#[tokio::test]
async fn sign_ins_are_logged_whether_they_succeed_or_not() {
    let env = Env::start(server_bin!()).await;
    assert_eq!(
        sign_in(&env.server.url, "tecnico", "mal").await.status(),
        401
    );
    assert_eq!(sign_in(&env.server.url, "nadie", "mal").await.status(), 401);
    let who = office(&env).await;
    let failed = entries(&who, "accion=inicio_sesion_fallido", 2).await;
    let names: Vec<&str> = failed
        .iter()
        .map(|e| e["usuario"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["nadie", "tecnico"], "newest first");
    assert_eq!(failed[0]["direccion"], "127.0.0.1");
    assert_eq!(failed[0]["ruta"], "POST /api/auth/login");
    assert_eq!(failed[0]["estado"], 401);
    let ok = entries(&who, "accion=inicio_sesion&usuario=planeacion", 1).await;
    assert_eq!(ok[0]["estado"], 200);
    env.stop().await;
}

#[tokio::test]
async fn a_rest_write_is_logged_with_its_route_and_work_order_and_a_read_is_not() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let id = env.first_work_order().await;
    let (_, ot) = api.get(&format!("/api/v1/work-orders/{id}")).await;
    let folio = ot["orden_trabajo"].as_str().unwrap();
    let (status, _) = api
        .json(
            Method::POST,
            &format!("/api/v1/work-orders/{id}/status"),
            json!({"id_estatus_ot": 2, "comentario": "Arranca"}),
        )
        .await;
    assert_eq!(status, 200);
    let who = office(&env).await;
    let by_folio = entries(&who, &format!("folio={folio}"), 1).await;
    assert_eq!(by_folio.len(), 1, "{by_folio:?}");
    let entry = &by_folio[0];
    assert_eq!(entry["accion"], "escritura");
    assert_eq!(entry["usuario"], "planeacion");
    assert_eq!(
        entry["ruta"],
        format!("POST /api/v1/work-orders/{id}/status")
    );
    assert_eq!(entry["folios"], json!([folio]));
    let writes = entries(&who, "accion=escritura", 1).await;
    assert!(
        writes
            .iter()
            .all(|e| !e["ruta"].as_str().unwrap().starts_with("GET")),
        "reads are not logged: {writes:?}"
    );
    env.stop().await;
}

#[tokio::test]
async fn a_devices_sync_is_logged_with_its_device_and_a_pull_is_not() {
    let env = Env::start(server_bin!()).await;
    let device = env.device();
    device.sync().await.unwrap();
    let doc = env.demo_ot(EstatusOt::Activa).await;
    device
        .edit(doc, |ot| ot.comentario = "Revisión del casco".into())
        .await;
    device.sync().await.unwrap();
    let folio: String =
        sqlx::query_scalar("SELECT orden_trabajo FROM work_orders WHERE doc_id = $1")
            .bind(doc)
            .fetch_one(&env.pool)
            .await
            .unwrap();
    let who = office(&env).await;
    let logged = entries(&who, "usuario=tecnico&accion=escritura", 1).await;
    assert_eq!(logged.len(), 1, "one write, the pull is none: {logged:?}");
    assert_eq!(logged[0]["ruta"], "POST /api/sync");
    assert_eq!(logged[0]["dispositivo"], device.store_id().to_string());
    assert_eq!(logged[0]["folios"], json!([folio]));
    env.stop().await;
}

#[tokio::test]
async fn the_log_is_paged_by_cursor_without_overlap() {
    let env = Env::start(server_bin!()).await;
    for _ in 0..5 {
        sign_in(&env.server.url, "tecnico", "clave-segura-1").await;
    }
    let who = office(&env).await;
    let all = entries(&who, "usuario=tecnico", 5).await;
    let (_, first) = who.get("/api/v1/activity?usuario=tecnico&limite=2").await;
    let next = first["siguiente"].as_i64().unwrap();
    let (_, second) = who
        .get(&format!(
            "/api/v1/activity?usuario=tecnico&limite=2&antes={next}"
        ))
        .await;
    let ids = |page: &Value| -> Vec<i64> {
        page["entradas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    let mut paged = ids(&first);
    paged.extend(ids(&second));
    let expected: Vec<i64> = all
        .iter()
        .take(4)
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(paged, expected);
    let (bad, body) = who.get("/api/v1/activity?desde=ayer").await;
    assert_eq!((bad, body["code"].as_str()), (400, Some("filtro_invalido")));
    env.stop().await;
}

#[tokio::test]
async fn the_log_exports_to_excel_with_the_same_entries() {
    let env = Env::start(server_bin!()).await;
    sign_in(&env.server.url, "tecnico", "mal").await;
    let who = office(&env).await;
    let logged = entries(&who, "usuario=tecnico", 1).await;
    let response = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/activity.xlsx?usuario=tecnico&desfase_minutos=-360",
            env.server.url
        ))
        .header("Api-key", &env.office_key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let sheet = read_sheet(response.bytes().await.unwrap().to_vec(), "Actividad");
    assert_eq!(sheet.height(), logged.len() + 1);
    assert_eq!(
        sheet.get_value((1, 2)).unwrap().to_string(),
        "Inicio de sesión fallido"
    );
    assert_eq!(
        sheet.get_value((1, 3)).unwrap().to_string(),
        "POST /api/auth/login"
    );
    env.stop().await;
}

#[tokio::test]
async fn only_admin_and_oficina_read_the_log() {
    let env = Env::start(server_bin!()).await;
    users::add(&env.pool, "consulta", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    for (name, password) in [
        ("tecnico", "clave-segura-1"),
        ("consulta", "clave-segura-3"),
    ] {
        let who = Session::sign_in(&env.server.url, name, password).await;
        assert_eq!(who.get("/api/v1/activity").await.0, 403, "{name}");
        assert_eq!(who.get("/api/v1/activity.xlsx").await.0, 403, "{name}");
    }
    assert_eq!(office(&env).await.get("/api/v1/activity").await.0, 200);
    env.stop().await;
}
