//! Users and API keys managed over HTTP by an administrator: listed, made, changed, deactivated
//! (sessions, keys and event streams refused on their next request), passwords reset and
//! changed; only admin manages them.

use ote_server::auth::users::{self, Role};
use ote_tests::api::{Api, Session, sign_in};
use ote_tests::env::Env;
use ote_tests::server_bin;
use reqwest::Method;
use serde_json::{Value, json};

async fn admin(env: &Env) -> Session {
    users::add(&env.pool, "jefa", Role::Admin, "clave-admin-1")
        .await
        .unwrap();
    Session::sign_in(&env.server.url, "jefa", "clave-admin-1").await
}

fn user<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|u| u["usuario"] == name)
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

#[tokio::test]
async fn an_admin_lists_users_with_role_employee_and_last_sign_in() {
    let env = Env::start(server_bin!()).await;
    let jefa = admin(&env).await;
    let (status, list) = jefa.get("/api/v1/users").await;
    assert_eq!(status, 200, "{list}");
    let tecnico = user(&list, "tecnico");
    assert_eq!(tecnico["rol"], "campo");
    assert_eq!(tecnico["empleado_id"], 1);
    assert_eq!(tecnico["activo"], true);
    assert!(tecnico["ultimo_acceso"].is_null(), "never signed in");
    assert!(user(&list, "jefa")["ultimo_acceso"].is_string());
    env.stop().await;
}

#[tokio::test]
async fn a_new_user_gets_a_password_shown_once_that_signs_in() {
    let env = Env::start(server_bin!()).await;
    let jefa = admin(&env).await;
    let (status, made) = jefa
        .json(
            Method::POST,
            "/api/v1/users",
            json!({"usuario": "rosa.buzo", "rol": "campo", "empleado_id": 2}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let password = made["password"].as_str().unwrap();
    assert!(password.len() >= 16);
    assert_eq!(made["cuenta"]["empleado_id"], 2);
    assert_eq!(
        sign_in(&env.server.url, "rosa.buzo", password)
            .await
            .status(),
        200
    );
    let (_, list) = jefa.get("/api/v1/users").await;
    assert!(!list.to_string().contains(password), "never listed again");
    let (again, body) = jefa
        .json(
            Method::POST,
            "/api/v1/users",
            json!({"usuario": "rosa.buzo", "rol": "campo"}),
        )
        .await;
    assert_eq!(
        (again, body["code"].as_str()),
        (400, Some("usuario_existe"))
    );
    env.stop().await;
}

#[tokio::test]
async fn a_deactivated_users_session_key_and_event_stream_stop_at_once() {
    let env = Env::start(server_bin!()).await;
    let jefa = admin(&env).await;
    let tecnico = Session::sign_in(&env.server.url, "tecnico", "clave-segura-1").await;
    let key = Api::new(&env.server.url, Some(&env.key));
    assert_eq!(
        key.get("/api/v1/work-orders").await.0,
        200,
        "the key is cached"
    );
    let mut events = env.events().await;
    assert_eq!(events.status(), 200);
    let (_, list) = jefa.get("/api/v1/users").await;
    let id = user(&list, "tecnico")["id"].as_i64().unwrap();

    let (status, changed) = jefa
        .json(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            json!({"activo": false}),
        )
        .await;
    assert_eq!((status, &changed["activo"]), (200, &json!(false)));
    assert_eq!(
        tecnico.get("/api/auth/me").await.0,
        401,
        "the session ended"
    );
    assert_eq!(
        key.get("/api/v1/work-orders").await.0,
        401,
        "the key stopped"
    );
    assert_eq!(
        sign_in(&env.server.url, "tecnico", "clave-segura-1")
            .await
            .status(),
        401
    );
    let ended = tokio::time::timeout(std::time::Duration::from_secs(40), async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the event stream ends at its next check");

    jefa.json(
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        json!({"activo": true}),
    )
    .await;
    assert_eq!(key.get("/api/v1/work-orders").await.0, 200, "reactivated");
    env.stop().await;
}

#[tokio::test]
async fn a_role_change_applies_to_the_next_request_and_the_last_admin_stays() {
    let env = Env::start(server_bin!()).await;
    let jefa = admin(&env).await;
    let (_, list) = jefa.get("/api/v1/users").await;
    let planeacion = user(&list, "planeacion")["id"].as_i64().unwrap();
    let jefa_id = user(&list, "jefa")["id"].as_i64().unwrap();
    let office = Api::new(&env.server.url, Some(&env.office_key));
    let (status, _) = jefa
        .json(
            Method::PATCH,
            &format!("/api/v1/users/{planeacion}"),
            json!({"rol": "lectura"}),
        )
        .await;
    assert_eq!(status, 200);
    let (refused, _) = office
        .json(
            Method::POST,
            "/api/v1/work-orders",
            json!({"orden_trabajo": "X-1"}),
        )
        .await;
    assert_eq!(refused, 403, "lectura writes nothing");

    let (last, body) = jefa
        .json(
            Method::PATCH,
            &format!("/api/v1/users/{jefa_id}"),
            json!({"rol": "oficina"}),
        )
        .await;
    assert_eq!(
        (last, body["code"].as_str()),
        (400, Some("ultimo_administrador"))
    );
    let (still, _) = jefa.get("/api/v1/users").await;
    assert_eq!(still, 200, "still admin");
    env.stop().await;
}

#[tokio::test]
async fn a_reset_password_is_shown_once_and_replaces_the_old_one() {
    let env = Env::start(server_bin!()).await;
    let jefa = admin(&env).await;
    let (_, list) = jefa.get("/api/v1/users").await;
    let id = user(&list, "tecnico")["id"].as_i64().unwrap();
    let (status, reset) = jefa
        .json(
            Method::POST,
            &format!("/api/v1/users/{id}/password"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{reset}");
    let new = reset["password"].as_str().unwrap();
    assert_eq!(
        sign_in(&env.server.url, "tecnico", "clave-segura-1")
            .await
            .status(),
        401
    );
    assert_eq!(sign_in(&env.server.url, "tecnico", new).await.status(), 200);
    env.stop().await;
}

#[tokio::test]
async fn a_user_changes_their_own_password_knowing_the_current_one() {
    let env = Env::start(server_bin!()).await;
    let tecnico = Session::sign_in(&env.server.url, "tecnico", "clave-segura-1").await;
    let (wrong, body) = tecnico
        .json(
            Method::POST,
            "/api/auth/password",
            json!({"actual": "otra", "nueva": "nueva-clave-larga"}),
        )
        .await;
    assert_eq!(
        (wrong, body["code"].as_str()),
        (400, Some("clave_incorrecta"))
    );
    let (short, body) = tecnico
        .json(
            Method::POST,
            "/api/auth/password",
            json!({"actual": "clave-segura-1", "nueva": "corta"}),
        )
        .await;
    assert_eq!((short, body["code"].as_str()), (400, Some("clave_debil")));
    let (ok, _) = tecnico
        .json(
            Method::POST,
            "/api/auth/password",
            json!({"actual": "clave-segura-1", "nueva": "nueva-clave-larga"}),
        )
        .await;
    assert_eq!(ok, 200);
    assert_eq!(
        sign_in(&env.server.url, "tecnico", "nueva-clave-larga")
            .await
            .status(),
        200
    );
    env.stop().await;
}

#[tokio::test]
async fn keys_are_listed_without_their_value_made_once_and_revoked_at_once() {
    let env = Env::start(server_bin!()).await;
    let jefa = admin(&env).await;
    let (_, list) = jefa.get("/api/v1/users").await;
    let id = user(&list, "planeacion")["id"].as_i64().unwrap();
    let (status, made) = jefa
        .json(
            Method::POST,
            &format!("/api/v1/users/{id}/api-keys"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let value = made["valor"].as_str().unwrap().to_owned();
    let key = Api::new(&env.server.url, Some(&value));
    assert_eq!(key.get("/api/v1/work-orders").await.0, 200);

    let (_, keys) = jefa.get("/api/v1/api-keys?usuario=planeacion").await;
    let keys = keys.as_array().unwrap().clone();
    assert_eq!(keys.len(), 2, "the env's and the new one: {keys:?}");
    assert!(!serde_json::to_string(&keys).unwrap().contains(&value));
    let listed = keys
        .iter()
        .find(|k| k["id"] == made["clave"]["id"])
        .unwrap();
    assert!(value.starts_with(listed["prefijo"].as_str().unwrap()));
    assert!(listed["ultimo_uso"].is_string(), "its use is recorded");

    let key_id = listed["id"].as_i64().unwrap();
    let (revoked, body) = jefa
        .json(
            Method::DELETE,
            &format!("/api/v1/api-keys/{key_id}"),
            Value::Null,
        )
        .await;
    assert_eq!(revoked, 200);
    assert!(body["revocada"].is_string());
    assert_eq!(key.get("/api/v1/work-orders").await.0, 401);
    env.stop().await;
}

#[tokio::test]
async fn only_admin_manages_users_and_keys() {
    let env = Env::start(server_bin!()).await;
    users::add(&env.pool, "consulta", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    let oficina = Session::sign_in(&env.server.url, "planeacion", "clave-segura-2").await;
    let campo = Session::sign_in(&env.server.url, "tecnico", "clave-segura-1").await;
    let lectura = Session::sign_in(&env.server.url, "consulta", "clave-segura-3").await;
    for who in [&oficina, &campo, &lectura] {
        assert_eq!(who.get("/api/v1/users").await.0, 403);
        assert_eq!(who.get("/api/v1/api-keys").await.0, 403);
        let (made, _) = who
            .json(
                Method::POST,
                "/api/v1/users",
                json!({"usuario": "intruso", "rol": "admin", "password": "clave-larga-9"}),
            )
            .await;
        assert_eq!(made, 403);
        assert_eq!(
            who.json(Method::PATCH, "/api/v1/users/1", json!({"rol": "admin"}))
                .await
                .0,
            403
        );
        assert_eq!(
            who.json(Method::DELETE, "/api/v1/api-keys/1", Value::Null)
                .await
                .0,
            403
        );
    }
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE username = 'intruso')")
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert!(!exists);
    env.stop().await;
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_sign_in_limit() {
    let env = Env::start(server_bin!()).await;
    let tecnico = Session::sign_in(&env.server.url, "tecnico", "clave-segura-1").await;
    let guess = |n: usize| json!({"actual": format!("adivina-{n}"), "nueva": "nueva-clave-larga"});
    for n in 0..5 {
        let (status, _) = tecnico
            .json(Method::POST, "/api/auth/password", guess(n))
            .await;
        assert_eq!(status, 400);
    }
    let (limited, body) = tecnico
        .json(Method::POST, "/api/auth/password", guess(5))
        .await;
    assert_eq!(
        (limited, body["code"].as_str()),
        (429, Some("demasiados_intentos"))
    );
    let (right, _) = tecnico
        .json(
            Method::POST,
            "/api/auth/password",
            json!({"actual": "clave-segura-1", "nueva": "nueva-clave-larga"}),
        )
        .await;
    assert_eq!(right, 429, "even the right one waits for the window");
    env.stop().await;
}
