//! The office edits the catalogs: entries added, renamed, deactivated (never deleted, still
//! naming what names them), step templates ordered; every change audited and seen by devices
//! through the catalogs' ETag; only admin and oficina edit.

use ote_server::auth::users::{self, Role};
use ote_tests::api::{Api, Session};
use ote_tests::env::Env;
use ote_tests::server_bin;
use reqwest::Method;
use serde_json::{Value, json};

async fn office(env: &Env) -> Session {
    Session::sign_in(&env.server.url, "planeacion", "clave-segura-2").await
}

/// `GET /api/v1/catalogs` with `If-None-Match: tag`: status, ETag and body.
async fn catalogs(env: &Env, tag: Option<&str>) -> (u16, String, Value) {
    let mut request = reqwest::Client::new()
        .get(format!("{}/api/v1/catalogs", env.server.url))
        .header("Api-key", &env.key);
    if let Some(tag) = tag {
        request = request.header("If-None-Match", tag);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (status, etag, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_new_vessel_reaches_the_catalogs_under_a_new_etag() {
    let env = Env::start(server_bin!()).await;
    let (_, before, _) = catalogs(&env, None).await;
    let (unchanged, _, _) = catalogs(&env, Some(&before)).await;
    assert_eq!(unchanged, 304);
    let (status, vessel) = office(&env)
        .await
        .json(
            Method::POST,
            "/api/v1/catalogs/embarcaciones",
            json!({"nombre": "DSV Mar Caribe", "id_frente": 1}),
        )
        .await;
    assert_eq!(status, 201, "{vessel}");
    let (status, after, body) = catalogs(&env, Some(&before)).await;
    assert_eq!(status, 200, "changed");
    assert_ne!(after, before);
    let names: Vec<&str> = body["sitios"]["embarcaciones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["descripcion"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"DSV Mar Caribe"), "{names:?}");
    env.stop().await;
}

#[tokio::test]
async fn a_deactivated_site_is_no_longer_offered_but_still_names_its_work_orders() {
    let env = Env::start(server_bin!()).await;
    let (id, vessel): (i64, i64) = sqlx::query_as(
        "SELECT id, id_embarcacion FROM work_orders WHERE id_embarcacion IS NOT NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let who = office(&env).await;
    let (status, changed) = who
        .json(
            Method::PATCH,
            &format!("/api/v1/catalogs/embarcaciones/{vessel}"),
            json!({"nombre": "Buque retirado", "activo": false}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["activo"], false);
    let (_, _, body) = catalogs(&env, None).await;
    assert!(
        body["inactivos"]
            .as_array()
            .unwrap()
            .contains(&json!({"catalogo": "embarcaciones", "id": vessel}))
    );
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let (_, ot) = api.get(&format!("/api/v1/work-orders/{id}")).await;
    let named = ot["sitios"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["descripcion"] == "Buque retirado");
    assert!(
        named,
        "the work order still reads its vessel: {}",
        ot["sitios"]
    );
    let (_, listed) = who.get("/api/v1/catalogs/embarcaciones").await;
    assert!(
        listed.as_array().unwrap().iter().any(|e| e["id"] == vessel),
        "kept, not deleted"
    );
    env.stop().await;
}

#[tokio::test]
async fn new_work_orders_take_their_steps_in_the_offices_order() {
    let env = Env::start(server_bin!()).await;
    let who = office(&env).await;
    let (_, templates) = who.get("/api/v1/catalogs/pasos_plantilla").await;
    let mut ids: Vec<i64> = templates
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["tipo"] == 5)
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    ids.reverse();
    let (status, ordered) = who
        .json(
            Method::PUT,
            "/api/v1/catalogs/pasos_plantilla/orden",
            json!({"tipo": 5, "ids": ids}),
        )
        .await;
    assert_eq!(status, 200, "{ordered}");
    let (bad, body) = who
        .json(
            Method::PUT,
            "/api/v1/catalogs/pasos_plantilla/orden",
            json!({"tipo": 5, "ids": [ids[0]]}),
        )
        .await;
    assert_eq!((bad, body["code"].as_str()), (400, Some("orden_invalido")));

    let api = Api::new(&env.server.url, Some(&env.office_key));
    let (status, ot) = api
        .json(
            Method::POST,
            "/api/v1/work-orders",
            json!({"orden_trabajo": "OT-ORDEN-1", "oficio_ot": "PEP-SUB-0100/2026", "id_tipo": 4,
                   "descripcion_trabajo": "Orden de pasos", "responsable_proyecto": 1,
                   "responsable_cliente": "Ing. Laura Méndez", "id_cliente": 1, "id_frente": 2,
                   "id_embarcacion": 1, "fecha_inicio_programado": "2026-12-01",
                   "fecha_termino_programado": "2026-12-20"}),
        )
        .await;
    assert_eq!(status, 201, "{ot}");
    let steps: Vec<i64> = ot["pasos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id_paso"].as_i64().unwrap())
        .collect();
    let active: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| {
            templates
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"] == *id && t["activo"] == true)
        })
        .collect();
    assert_eq!(steps, active);
    env.stop().await;
}

#[tokio::test]
async fn every_catalog_change_is_audited_with_its_author() {
    let env = Env::start(server_bin!()).await;
    let who = office(&env).await;
    let (_, client) = who
        .json(
            Method::POST,
            "/api/v1/catalogs/clientes",
            json!({"nombre": "Pemex Exploración"}),
        )
        .await;
    let id = client["id"].as_i64().unwrap();
    who.json(
        Method::PATCH,
        &format!("/api/v1/catalogs/clientes/{id}"),
        json!({"nombre": "PEP"}),
    )
    .await;
    let rows: Vec<(String, String, Value)> = sqlx::query_as(
        "SELECT a.action, u.username, a.detail FROM audit_log a JOIN users u ON u.id = a.user_id
         WHERE a.action LIKE 'catalogo_%' ORDER BY a.id",
    )
    .fetch_all(&env.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("catalogo_agregar", "planeacion")
    );
    assert_eq!(rows[1].2["antes"]["nombre"], "Pemex Exploración");
    assert_eq!(rows[1].2["despues"]["nombre"], "PEP");
    env.stop().await;
}

#[tokio::test]
async fn bad_entries_are_refused_and_change_nothing() {
    let env = Env::start(server_bin!()).await;
    let who = office(&env).await;
    let (_, before, _) = catalogs(&env, None).await;
    let cases = [
        (
            "/api/v1/catalogs/frentes",
            json!({"nombre": "   "}),
            400,
            "nombre_invalido",
        ),
        (
            "/api/v1/catalogs/frentes",
            json!({"nombre": "x".repeat(201)}),
            400,
            "nombre_invalido",
        ),
        (
            "/api/v1/catalogs/patios",
            json!({"nombre": "Patio 9", "id_frente": 999}),
            400,
            "frente_inexistente",
        ),
        (
            "/api/v1/catalogs/pasos_plantilla",
            json!({"nombre": "Sin tipo"}),
            400,
            "tipo_requerido",
        ),
        (
            "/api/v1/catalogs/muelles",
            json!({"nombre": "Muelle"}),
            404,
            "no_encontrado",
        ),
    ];
    for (path, body, status, code) in cases {
        let (got, answer) = who.json(Method::POST, path, body).await;
        assert_eq!(
            (got, answer["code"].as_str()),
            (status, Some(code)),
            "{path}"
        );
    }
    let (unchanged, _, _) = catalogs(&env, Some(&before)).await;
    assert_eq!(unchanged, 304, "nothing changed");
    env.stop().await;
}

#[tokio::test]
async fn campo_and_lectura_edit_no_catalog() {
    let env = Env::start(server_bin!()).await;
    users::add(&env.pool, "consulta", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    for (name, password) in [
        ("tecnico", "clave-segura-1"),
        ("consulta", "clave-segura-3"),
    ] {
        let who = Session::sign_in(&env.server.url, name, password).await;
        assert_eq!(who.get("/api/v1/catalogs/clientes").await.0, 403);
        let (added, _) = who
            .json(
                Method::POST,
                "/api/v1/catalogs/clientes",
                json!({"nombre": "X"}),
            )
            .await;
        assert_eq!(added, 403, "{name}");
        let (changed, _) = who
            .json(
                Method::PATCH,
                "/api/v1/catalogs/clientes/1",
                json!({"activo": false}),
            )
            .await;
        assert_eq!(changed, 403, "{name}");
        assert_eq!(
            who.get("/api/v1/catalogs").await.0,
            200,
            "everyone reads the catalogs"
        );
    }
    env.stop().await;
}
