//! Browser sign-in: session cookie, CSRF on writes, sign-out, and a limit on failed attempts;
//! API keys record their last use.

use ote_server::auth::users::{self, Role};
use ote_tests::env::Env;
use ote_tests::server_bin;
use serde_json::{Value, json};

#[tokio::test]
async fn sign_in_uses_a_session_cookie_with_csrf_on_writes_and_signs_out() {
    let env = Env::start(server_bin!()).await;
    users::add(&env.pool, "ana", Role::Oficina, "contraseña-larga-1")
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", env.server.url);

    let wrong = client
        .post(url("/api/auth/login"))
        .json(&json!({"username": "ana", "password": "otra-cosa-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let malformed = client
        .post(url("/api/auth/login"))
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);

    let ok = client
        .post(url("/api/auth/login"))
        .json(&json!({"username": "ana", "password": "contraseña-larga-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let set_cookie = ok.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["rol"], "oficina");
    let csrf = body["csrf"].as_str().unwrap().to_owned();

    let me: Value = client
        .get(url("/api/auth/me"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["usuario"], "ana");

    let batch = json!({"device_id": "navegador", "cursor": 0, "docs": []});
    let forged = client
        .post(url("/api/sync"))
        .header("Cookie", &cookie)
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "a cookie alone cannot write");
    let forged: Value = forged.json().await.unwrap();
    assert_eq!(forged["code"], "csrf_invalido");
    let real = client
        .post(url("/api/sync"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(real.status(), 200);
    // The seeds' clients send Django's header name for the same token.
    let seed_client = client
        .post(url("/operaciones/ot/obtener_ot_iniciales/"))
        .header("Cookie", &cookie)
        .header("X-CSRFToken", &csrf)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(seed_client.status(), 200);

    let out = client
        .post(url("/api/auth/logout"))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);
    assert_eq!(
        client
            .get(url("/api/auth/me"))
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    env.stop().await;
}

#[tokio::test]
async fn repeated_failures_lock_the_user_out_for_a_while() {
    let env = Env::start(server_bin!()).await;
    users::add(&env.pool, "beto", Role::Campo, "contraseña-larga-2")
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let login = |password: &str| {
        client
            .post(format!("{}/api/auth/login", env.server.url))
            .json(&json!({"username": "beto", "password": password}))
            .send()
    };
    for _ in 0..ote_server::auth::sessions::MAX_FAILURES {
        assert_eq!(login("equivocada").await.unwrap().status(), 401);
    }
    let locked = login("contraseña-larga-2").await.unwrap();
    assert_eq!(locked.status(), 429, "even the right password waits");
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["code"], "demasiados_intentos");
    env.stop().await;
}

#[tokio::test]
async fn an_api_key_records_its_last_use_without_a_write_per_request() {
    let env = Env::start(server_bin!()).await;
    let last_used = || async {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT k.last_used_at::text FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.username = 'planeacion'",
        )
        .fetch_one(&env.pool)
        .await
        .unwrap()
    };
    assert_eq!(last_used().await, None, "never used yet");
    let me = || async {
        reqwest::Client::new()
            .get(format!("{}/api/auth/me", env.server.url))
            .header("Api-key", &env.office_key)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(me().await, 200);
    let first = last_used().await.expect("the first use is recorded");
    assert_eq!(me().await, 200);
    assert_eq!(
        last_used().await,
        Some(first),
        "a second use within the minute writes nothing"
    );
    env.stop().await;
}
