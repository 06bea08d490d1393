//! `GET /api/openapi.json` documents the whole API: the routes the issues name are there, every
//! documented operation is one the server really routes (without credentials it answers 401,
//! where a route the server lacked would fall through to the app's files), and operation ids
//! are unique so generated clients work.

use std::collections::BTreeSet;

use ote_tests::api::Api;
use ote_tests::env::Env;
use ote_tests::server_bin;

/// Routes that answer without a user's credentials (`/metrics` asks for the operators' token
/// and is a 404 without it: tests/tests/operations.rs).
const PUBLIC: [&str; 6] = [
    "/healthz",
    "/metrics",
    "/api/auth/login",
    "/api/openapi.json",
    "/accounts/login/",
    "/accounts/logout/",
];
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[tokio::test]
async fn the_document_lists_every_route_the_server_serves() {
    let env = Env::start(server_bin!()).await;
    let (status, doc) = Api::new(&env.server.url, None)
        .get("/api/openapi.json")
        .await;
    assert_eq!(status, 200);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/api/auth/login", "post"),
        ("/api/auth/me", "get"),
        ("/api/sync", "post"),
        ("/api/blobs/{sha256}", "put"),
        ("/api/events", "get"),
        ("/api/v1/work-orders", "get"),
        ("/api/v1/work-orders", "post"),
        ("/api/v1/work-orders/{id}", "patch"),
        ("/api/v1/work-orders/{id}", "delete"),
        ("/api/v1/work-orders/{id}/status", "post"),
        ("/api/v1/work-orders/{id}/reprogramaciones", "post"),
        ("/api/v1/work-orders/{id}/history", "get"),
        ("/api/v1/steps/{id}", "patch"),
        ("/api/v1/catalogs", "get"),
        ("/api/v1/work-orders/{id}/anexo-items", "get"),
        ("/api/v1/work-orders/{id}/schedules/{version}/tasks", "get"),
        ("/operaciones/ot/datatable/", "post"),
        ("/operaciones/ot/cambiar_estatus_ot/", "post"),
        ("/operaciones/ot/datatable-importaciones/", "post"),
        ("/api/v2/ordenes_servicio/", "get"),
        ("/api/v2/ordenes_servicio/{id}/", "patch"),
        ("/api/v2/ordenes_servicio/{id}/adjuntar_imagen/", "post"),
    ];
    for (path, method) in expected {
        assert!(
            paths[path][method].is_object(),
            "{method} {path} documented"
        );
    }
    assert!(doc["components"]["securitySchemes"]["api_key"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut operation_ids = BTreeSet::new();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            operations += 1;
            let id = op["operationId"].as_str().unwrap().to_owned();
            assert!(operation_ids.insert(id.clone()), "operationId {id} twice");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path}: tag"
            );
            if PUBLIC.contains(&path.as_str()) {
                continue;
            }
            let url = path
                .replace("{id}", "1")
                .replace("{version}", "1")
                .replace("{sha256}", &"0".repeat(64));
            let status = client
                .request(
                    method.to_uppercase().parse().unwrap(),
                    format!("{}{url}", env.server.url),
                )
                .send()
                .await
                .unwrap()
                .status();
            // Seed 000's routes send a caller without a session to the sign-in page.
            let asks = if path.starts_with("/operaciones/") {
                302
            } else {
                401
            };
            assert_eq!(
                status, asks,
                "{method} {path} is routed and asks for credentials"
            );
        }
    }
    assert!(operations >= 45, "{operations} operations documented");
    env.stop().await;
}
