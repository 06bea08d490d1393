//! Who may call what, for every route the server documents (the OpenAPI document is made from
//! the router's own route registrations, so a new route is in it): each route × {anonymous,
//! each role, a revoked key, an expired session, a cookie write without its CSRF token} gets
//! the status SECURITY.md says. A route with no expectation here fails the test.

use ote_server::auth::api_keys;
use ote_server::auth::users::{self, Role};
use ote_shared::codes::EstatusOt;
use ote_shared::sync::{DocPush, SyncRequest};
use ote_tests::env::Env;
use ote_tests::{field_work_order, server_bin};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

/// Who may call a route.
#[derive(Debug, Clone, Copy)]
enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user (what they then see is their own business: a 404 for what is not).
    SignedIn,
    /// Only these roles; the others get 403.
    Only(&'static [Role]),
    /// Anyone, with the form's CSRF token (Django's sign-in form): the matrix sends none, so
    /// every caller gets 403.
    FormToken,
    /// Anyone; a live session's cookie must come with its token (signing out), else 403.
    SessionToken,
}

use Access::{FormToken, Only, Public, SessionToken, SignedIn};

const RECORDERS: &[Role] = &[Role::Admin, Role::Oficina, Role::Campo];
const PLANNERS: &[Role] = &[Role::Admin, Role::Oficina];
const IMPORT_READERS: &[Role] = &[Role::Admin, Role::Oficina, Role::Lectura];
const ADMIN: &[Role] = &[Role::Admin];
const HUB: &[Role] = &[Role::Hub];
const DEVICES: &[Role] = &[Role::Admin, Role::Oficina, Role::Campo, Role::Hub];

/// Every documented operation and who may call it.
const EXPECTED: &[(&str, &str, Access)] = &[
    ("get", "/healthz", Public),
    // The operators' token, not a user's role: 404 to every caller of the matrix.
    ("get", "/metrics", Public),
    ("get", "/accounts/login/", Public),
    ("post", "/accounts/login/", FormToken),
    ("get", "/accounts/logout/", Public),
    ("post", "/accounts/logout/", SessionToken),
    ("post", "/api/auth/login", Public),
    ("post", "/api/auth/logout", SignedIn),
    ("get", "/api/auth/me", SignedIn),
    ("post", "/api/auth/password", SignedIn),
    ("get", "/api/v1/users", Only(ADMIN)),
    ("post", "/api/v1/users", Only(ADMIN)),
    ("patch", "/api/v1/users/{id}", Only(ADMIN)),
    ("post", "/api/v1/users/{id}/password", Only(ADMIN)),
    ("post", "/api/v1/users/{id}/api-keys", Only(ADMIN)),
    ("get", "/api/v1/api-keys", Only(ADMIN)),
    ("delete", "/api/v1/api-keys/{id}", Only(ADMIN)),
    ("get", "/api/v1/activity", Only(PLANNERS)),
    ("get", "/api/v1/upstream", SignedIn),
    ("get", "/api/v1/crew", Only(HUB)),
    ("get", "/api/v1/activity.xlsx", Only(PLANNERS)),
    ("get", "/api/v1/catalogs/{catalogo}", Only(PLANNERS)),
    ("post", "/api/v1/catalogs/{catalogo}", Only(PLANNERS)),
    ("patch", "/api/v1/catalogs/{catalogo}/{id}", Only(PLANNERS)),
    (
        "put",
        "/api/v1/catalogs/pasos_plantilla/orden",
        Only(PLANNERS),
    ),
    ("get", "/api/v1/work-orders.xlsx", SignedIn),
    ("get", "/api/v1/work-orders/{id}/steps.xlsx", SignedIn),
    ("get", "/api/v1/imports/{id}/anexo-items.xlsx", SignedIn),
    (
        "get",
        "/api/v1/work-orders/{id}/schedules/{version}/tasks.xlsx",
        SignedIn,
    ),
    ("post", "/api/sync", Only(DEVICES)),
    ("post", "/api/sync/hub", Only(HUB)),
    ("get", "/api/events", SignedIn),
    ("get", "/api/blobs/{sha256}", SignedIn),
    ("put", "/api/blobs/{sha256}", Only(DEVICES)),
    ("get", "/api/v1/catalogs", SignedIn),
    ("get", "/api/v1/work-orders", SignedIn),
    ("post", "/api/v1/work-orders", Only(PLANNERS)),
    ("get", "/api/v1/work-orders/{id}", SignedIn),
    ("patch", "/api/v1/work-orders/{id}", Only(PLANNERS)),
    ("delete", "/api/v1/work-orders/{id}", Only(PLANNERS)),
    ("post", "/api/v1/work-orders/{id}/status", Only(RECORDERS)),
    (
        "post",
        "/api/v1/work-orders/{id}/reprogramaciones",
        Only(PLANNERS),
    ),
    ("get", "/api/v1/work-orders/{id}/history", SignedIn),
    ("patch", "/api/v1/steps/{id}", Only(RECORDERS)),
    ("post", "/api/v1/steps/{id}/archivo", Only(RECORDERS)),
    ("post", "/api/v1/work-orders/{id}/anexo", Only(PLANNERS)),
    ("post", "/api/v1/work-orders/{id}/schedules", Only(PLANNERS)),
    ("get", "/api/v1/work-orders/{id}/schedules", SignedIn),
    (
        "get",
        "/api/v1/work-orders/{id}/schedules/compare",
        SignedIn,
    ),
    (
        "get",
        "/api/v1/work-orders/{id}/schedules/{version}/tasks",
        SignedIn,
    ),
    ("get", "/api/v1/work-orders/{id}/anexo-items", SignedIn),
    ("get", "/api/v1/work-orders/{id}/anexo-items.xlsx", SignedIn),
    ("get", "/api/v1/imports", Only(IMPORT_READERS)),
    ("get", "/api/v1/imports/{id}", SignedIn),
    ("get", "/api/v1/imports/{id}/anexo-items", SignedIn),
    ("get", "/api/v2/ordenes_servicio/", SignedIn),
    ("get", "/api/v2/ordenes_servicio/{id}/", SignedIn),
    ("patch", "/api/v2/ordenes_servicio/{id}/", Only(RECORDERS)),
    (
        "post",
        "/api/v2/ordenes_servicio/{id}/adjuntar_imagen/",
        Only(RECORDERS),
    ),
    ("post", "/operaciones/ot/obtener_datos/", SignedIn),
    ("post", "/operaciones/ot/obtener_ot_iniciales/", SignedIn),
    ("post", "/operaciones/ot/obtener_sitios_frente/", SignedIn),
    ("post", "/operaciones/ot/obtener_sitios/", SignedIn),
    (
        "post",
        "/operaciones/ot/obtener_progreso_general_ot/",
        SignedIn,
    ),
    ("post", "/operaciones/ot/datatable/", SignedIn),
    ("post", "/operaciones/ot/detalle/datatable/", SignedIn),
    (
        "post",
        "/operaciones/ot/datatable-importaciones/",
        Only(IMPORT_READERS),
    ),
    ("post", "/operaciones/ot/importar_anexo_ot/", Only(PLANNERS)),
    ("post", "/operaciones/ot/importar-mpp/", Only(PLANNERS)),
    (
        "post",
        "/operaciones/ot/crear-ot-reprogramacion/",
        Only(PLANNERS),
    ),
    ("post", "/operaciones/ot/editar/", Only(PLANNERS)),
    ("post", "/operaciones/ot/eliminar/", Only(PLANNERS)),
    (
        "post",
        "/operaciones/ot/cambiar_estatus_ot/",
        Only(RECORDERS),
    ),
    (
        "post",
        "/operaciones/ot/cambiar_estatus_paso/",
        Only(RECORDERS),
    ),
    ("post", "/operaciones/ot/actualizar-fecha/", Only(RECORDERS)),
    (
        "post",
        "/operaciones/ot/guardar_archivo_ot/",
        Only(RECORDERS),
    ),
];

/// Who calls.
#[derive(Debug, Clone)]
enum Caller {
    Anonymous,
    RevokedKey(String),
    ExpiredSession(String),
    /// A live session's cookie, without its CSRF token.
    CookieWithoutCsrf(String),
    Key(Role, String),
}

impl Caller {
    fn sign(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Caller::Anonymous => request,
            Caller::RevokedKey(key) | Caller::Key(_, key) => request.header("Api-key", key),
            Caller::ExpiredSession(cookie) | Caller::CookieWithoutCsrf(cookie) => {
                request.header("Cookie", cookie)
            }
        }
    }

    /// The status it must get, as `Ok(code)` for an exact one or `Err(())` for "let through":
    /// anything but 401, 403 or a server error. Seed 000's routes send a caller without a
    /// session to the sign-in page, as `@login_required` does.
    fn expected(&self, access: Access, method: &str, path: &str) -> Result<u16, ()> {
        let write = method != "get";
        let seed = path.starts_with("/operaciones/");
        match (self, access) {
            (_, Public) => Err(()),
            (_, FormToken) => Ok(403),
            (Caller::CookieWithoutCsrf(_), SessionToken) => Ok(403),
            (_, SessionToken) => Err(()),
            (Caller::Anonymous | Caller::ExpiredSession(_), _) if seed => Ok(302),
            (Caller::Anonymous | Caller::RevokedKey(_) | Caller::ExpiredSession(_), _) => Ok(401),
            (Caller::CookieWithoutCsrf(_), _) if write => Ok(403),
            // The cookie is an administrator's.
            (Caller::CookieWithoutCsrf(_), Only(roles)) if !roles.contains(&Role::Admin) => Ok(403),
            (Caller::CookieWithoutCsrf(_), _) => Err(()),
            (Caller::Key(_, _), SignedIn) => Err(()),
            (Caller::Key(role, _), Only(roles)) if roles.contains(role) => Err(()),
            (Caller::Key(_, _), Only(_)) => Ok(403),
        }
    }
}

/// A live session's cookie for `username`.
async fn session(env: &Env, username: &str, password: &str) -> String {
    let response = ote_tests::api::sign_in(&env.server.url, username, password).await;
    assert_eq!(response.status(), 200, "{username} signs in");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

async fn callers(env: &Env) -> Vec<Caller> {
    users::add(&env.pool, "consulta", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    users::add(&env.pool, "baja", Role::Campo, "clave-segura-4")
        .await
        .unwrap();
    users::add(&env.pool, "jefa", Role::Admin, "clave-segura-5")
        .await
        .unwrap();
    users::add(&env.pool, "hub-barco", Role::Hub, "clave-segura-6")
        .await
        .unwrap();
    let lectura = api_keys::create(&env.pool, "consulta").await.unwrap();
    let admin = api_keys::create(&env.pool, "jefa").await.unwrap();
    let hub = api_keys::create(&env.pool, "hub-barco").await.unwrap();
    let revoked = api_keys::create(&env.pool, "baja").await.unwrap();
    sqlx::query("UPDATE api_keys SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE username = 'baja')")
        .execute(&env.pool)
        .await
        .unwrap();
    let expired = session(env, "consulta", "clave-segura-3").await;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 day' WHERE user_id = (SELECT id FROM users WHERE username = 'consulta')")
        .execute(&env.pool)
        .await
        .unwrap();
    let cookie = session(env, "jefa", "clave-segura-5").await;
    vec![
        Caller::Anonymous,
        Caller::RevokedKey(revoked),
        Caller::ExpiredSession(expired),
        Caller::CookieWithoutCsrf(cookie),
        Caller::Key(Role::Lectura, lectura),
        Caller::Key(Role::Campo, env.key.clone()),
        Caller::Key(Role::Oficina, env.office_key.clone()),
        Caller::Key(Role::Admin, admin),
        Caller::Key(Role::Hub, hub),
    ]
}

/// A request to `path` with a body of the kind the operation documents.
fn request(
    client: &reqwest::Client,
    url: String,
    method: &str,
    operation: &Value,
    id: i64,
) -> RequestBuilder {
    let request = client.request(method.to_uppercase().parse::<Method>().unwrap(), url);
    let content = &operation["requestBody"]["content"];
    if content.get("multipart/form-data").is_some() {
        let form = reqwest::multipart::Form::new()
            .text("ot_id", id.to_string())
            .text("id", id.to_string())
            .part(
                "archivo",
                reqwest::multipart::Part::bytes(b"no es un archivo".to_vec()).file_name("x.bin"),
            );
        return request.multipart(form);
    }
    if content.get("application/octet-stream").is_some() {
        return request.body(b"bytes que no son de su hash".to_vec());
    }
    if method == "get" || method == "delete" {
        return request;
    }
    request.json(&json!({"id": id, "ot_id": id, "id_ot": id, "comentario": "matriz"}))
}

/// A sync batch with one new work order (a push: what `lectura` may not send).
fn sync_body() -> Value {
    let ot = field_work_order("OT-MATRIZ");
    let doc = ote_shared::document::new_document(&ot, automerge::ActorId::random()).unwrap();
    serde_json::to_value(SyncRequest {
        device_id: "matriz".into(),
        cursor: 0,
        docs: vec![DocPush {
            doc_id: ot.id,
            changes: doc.clone().save_after(&[]),
            heads: Vec::new(),
        }],
        want_full: Vec::new(),
    })
    .unwrap()
}

#[tokio::test]
async fn every_route_answers_each_caller_as_the_matrix_says() {
    let env = Env::start(server_bin!()).await;
    let doc = ote_tests::api::Api::new(&env.server.url, None)
        .get("/api/openapi.json")
        .await
        .1;
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                let access = EXPECTED
                    .iter()
                    .find(|(m, p, _)| m == method && p == path)
                    .map(|(_, _, a)| *a)
                    .unwrap_or_else(|| panic!("{method} {path} has no expectation in the matrix"));
                operations.push((method.clone(), path.clone(), operation.clone(), access));
            }
        }
    }
    for (method, path, _) in EXPECTED {
        assert!(
            operations
                .iter()
                .any(|(m, p, _, _)| m == method && p == path),
            "{method} {path} is expected but not routed"
        );
    }

    let ot = env.demo_ot(EstatusOt::EnProceso).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM work_orders WHERE doc_id = $1")
        .bind(ot)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut failures = Vec::new();
    for caller in callers(&env).await {
        for (method, path, operation, access) in &operations {
            let url = format!(
                "{}{}",
                env.server.url,
                // Users and keys by an id no one has: the admin's calls must not revoke the
                // matrix's own keys or reset its passwords.
                path.replace("/users/{id}", "/users/999999")
                    .replace("/api-keys/{id}", "/api-keys/999999")
                    .replace("{catalogo}", "frentes")
                    .replace("{id}", &id.to_string())
                    .replace("{version}", "1")
                    .replace("{sha256}", &"a".repeat(64))
            );
            let mut builder = request(&client, url, method, operation, id);
            if path == "/api/sync" {
                builder = builder.json(&sync_body());
            }
            let response = caller.sign(builder).send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = if path == "/api/events" {
                Value::Null
            } else {
                response.json().await.unwrap_or(Value::Null)
            };
            let ok = match caller.expected(*access, method, path) {
                Ok(expected) => status == expected,
                Err(()) => ![401, 403].contains(&status) && status < 500,
            };
            // Django's own pages refuse in HTML; every other 403 of a cookie's write names the
            // token (a read needs none: its 403 is the role's).
            let csrf = matches!(caller, Caller::CookieWithoutCsrf(_))
                && status == 403
                && *method != "get"
                && !matches!(access, FormToken | SessionToken);
            let code = body["code"].as_str().or(body["codigo"].as_str());
            if !ok || (csrf && code != Some("csrf_invalido")) {
                failures.push(format!("{caller:?} {method} {path}: {status} {body}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    env.stop().await;
}
