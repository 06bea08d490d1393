//! Seed 000's clients sign in as they did with Django: `/accounts/login/` (a form, the
//! `csrftoken` cookie, then `sessionid`), the seed's curl calls with only `Cookie: sessionid=…`
//! and `X-CSRFToken: …`, `/accounts/logout/`; the session is the app's too; seed routes
//! without a session redirect to the sign-in page, an `Api-key` that signs in no one is 401.

use ote_server::auth::users::{self, Role};
use ote_shared::codes::EstatusOt;
use ote_tests::env::Env;
use ote_tests::server_bin;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use serde_json::{Value, json};

const PASSWORD: &str = "contraseña-larga-9";

fn client() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

/// The value of the answer's `Set-Cookie` for `name`, and the whole header line.
fn set_cookie(response: &Response, name: &str) -> Option<(String, String)> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|line| {
            let value = line.split(';').next().unwrap()[name.len() + 1..].to_owned();
            (value, line.to_owned())
        })
}

/// The sign-in form's `csrftoken`.
async fn form_token(env: &Env, client: &Client) -> String {
    let page = client
        .get(format!("{}/accounts/login/", env.server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    set_cookie(&page, "csrftoken").expect("csrftoken is set").0
}

/// Signs `username` in through the form, answering the redirect.
async fn sign_in(
    env: &Env,
    client: &Client,
    username: &str,
    password: &str,
    next: &str,
) -> Response {
    let csrf = form_token(env, client).await;
    client
        .post(format!("{}/accounts/login/", env.server.url))
        .header("Cookie", format!("csrftoken={csrf}"))
        .form(&[
            ("username", username),
            ("password", password),
            ("csrfmiddlewaretoken", &csrf),
            ("next", next),
        ])
        .send()
        .await
        .unwrap()
}

/// A signed-in session: `(sessionid, csrftoken)`.
async fn session(env: &Env, client: &Client) -> (String, String) {
    users::add(&env.pool, "ana", Role::Oficina, PASSWORD)
        .await
        .unwrap();
    let response = sign_in(env, client, "ana", PASSWORD, "/").await;
    assert_eq!(response.status(), 302);
    let session = set_cookie(&response, "sessionid").unwrap().0;
    let csrf = set_cookie(&response, "csrftoken").unwrap().0;
    (session, csrf)
}

#[tokio::test]
async fn the_sign_in_page_is_a_spanish_form_that_sets_csrftoken() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    let page = client
        .get(format!("{}/accounts/login/?next=/ot/3", env.server.url))
        .send()
        .await
        .unwrap();
    let (csrf, line) = set_cookie(&page, "csrftoken").unwrap();
    assert!(
        !line.contains("HttpOnly"),
        "the page's script reads it: {line}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("Iniciar sesión") && html.contains("Contraseña"));
    assert!(html.contains(&format!(r#"name="csrfmiddlewaretoken" value="{csrf}""#)));
    assert!(html.contains(r#"name="next" value="/ot/3""#));
    env.stop().await;
}

#[tokio::test]
async fn signing_in_sets_sessionid_and_redirects_to_next() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    users::add(&env.pool, "ana", Role::Oficina, PASSWORD)
        .await
        .unwrap();
    let response = sign_in(&env, &client, "ana", PASSWORD, "/ot/3").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/ot/3");
    let (_, line) = set_cookie(&response, "sessionid").unwrap();
    assert!(line.contains("HttpOnly"), "{line}");
    let away = sign_in(&env, &client, "ana", PASSWORD, "https://otro.example/").await;
    assert_eq!(
        away.headers()["location"],
        "/",
        "next never leaves the server"
    );
    env.stop().await;
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_no_session() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    users::add(&env.pool, "ana", Role::Oficina, PASSWORD)
        .await
        .unwrap();
    let response = sign_in(&env, &client, "ana", "otra-cosa-1", "/").await;
    assert_eq!(response.status(), 200);
    assert!(set_cookie(&response, "sessionid").is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("Usuario o contraseña incorrectos"), "{html}");
    assert!(html.contains(r#"value="ana""#), "the username stays typed");
    env.stop().await;
}

#[tokio::test]
async fn a_sign_in_without_the_forms_token_is_403() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    users::add(&env.pool, "ana", Role::Oficina, PASSWORD)
        .await
        .unwrap();
    let csrf = form_token(&env, &client).await;
    let response = client
        .post(format!("{}/accounts/login/", env.server.url))
        .header("Cookie", format!("csrftoken={csrf}"))
        .form(&[
            ("username", "ana"),
            ("password", PASSWORD),
            ("csrfmiddlewaretoken", "otro"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(set_cookie(&response, "sessionid").is_none());
    env.stop().await;
}

#[tokio::test]
async fn the_seeds_curl_calls_work_with_sessionid_and_x_csrftoken() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    let (session, csrf) = session(&env, &client).await;
    let ot = env.demo_ot(EstatusOt::Activa).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM work_orders WHERE doc_id = $1")
        .bind(ot)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let seed_call = |path: &str, body: Value| {
        client
            .post(format!("{}/operaciones/ot/{path}", env.server.url))
            .header("Cookie", format!("sessionid={session}"))
            .header("X-CSRFToken", &csrf)
            .json(&body)
            .send()
    };
    let read = seed_call("obtener_datos/", json!({"ot_id": id}))
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let read: Value = read.json().await.unwrap();
    assert_eq!(read["exito"], true, "{read}");
    assert_eq!(read["datos"]["id"], id);
    let change = json!({"ot_id": id, "nuevo_estatus": 2, "comentario": "Trabajo iniciado"});
    let write: Value = seed_call("cambiar_estatus_ot/", change)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(write["exito"], true, "{write}");
    let estatus: i16 = sqlx::query_scalar("SELECT id_estatus_ot FROM work_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(estatus, 2);
    env.stop().await;
}

#[tokio::test]
async fn a_seed_write_without_x_csrftoken_is_403_in_the_envelope() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    let (session, _) = session(&env, &client).await;
    let id = env.first_work_order().await;
    let response = client
        .post(format!(
            "{}/operaciones/ot/cambiar_estatus_ot/",
            env.server.url
        ))
        .header("Cookie", format!("sessionid={session}"))
        .json(&json!({"ot_id": id, "nuevo_estatus": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (
            body["exito"].as_bool(),
            body["tipo_aviso"].as_str(),
            body["codigo"].as_str()
        ),
        (Some(false), Some("error"), Some("csrf_invalido"))
    );
    env.stop().await;
}

#[tokio::test]
async fn the_django_session_is_the_apps_session() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    let (session, csrf) = session(&env, &client).await;
    let me: Value = client
        .get(format!("{}/api/auth/me", env.server.url))
        .header("Cookie", format!("sessionid={session}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me["usuario"].as_str(), me["csrf"].as_str()),
        (Some("ana"), Some(csrf.as_str()))
    );
    let batch = json!({"device_id": "navegador", "cursor": 0, "docs": []});
    let sync = client
        .post(format!("{}/api/sync", env.server.url))
        .header("Cookie", format!("sessionid={session}"))
        .header("X-CSRF-Token", &csrf)
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(sync.status(), 200);
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "one session store");
    env.stop().await;
}

#[tokio::test]
async fn signing_out_ends_the_session_everywhere() {
    let env = Env::start(server_bin!()).await;
    let client = client();
    let (session, csrf) = session(&env, &client).await;
    let cookie = format!("sessionid={session}");
    let forged = client
        .post(format!("{}/accounts/logout/", env.server.url))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "another site cannot sign a user out");
    let out = client
        .post(format!("{}/accounts/logout/", env.server.url))
        .header("Cookie", &cookie)
        .header("X-CSRFToken", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 302);
    assert_eq!(out.headers()["location"], "/accounts/login/");
    let me = client
        .get(format!("{}/api/auth/me", env.server.url))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    env.stop().await;
}

#[tokio::test]
async fn a_seed_route_without_a_session_redirects_to_the_sign_in_page() {
    let env = Env::start(server_bin!()).await;
    let response = client()
        .get(format!(
            "{}/operaciones/ot/obtener_datos/?id=1",
            env.server.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/accounts/login/?next=%2Foperaciones%2Fot%2Fobtener_datos%2F%3Fid%3D1"
    );
    env.stop().await;
}

#[tokio::test]
async fn a_seed_route_with_a_key_that_signs_in_no_one_is_401_in_the_envelope() {
    let env = Env::start(server_bin!()).await;
    let response = client()
        .post(format!(
            "{}/operaciones/ot/obtener_ot_iniciales/",
            env.server.url
        ))
        .header("Api-key", "no-es-una-clave")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (body["exito"].as_bool(), body["codigo"].as_str()),
        (Some(false), Some("no_autenticado"))
    );
    env.stop().await;
}
