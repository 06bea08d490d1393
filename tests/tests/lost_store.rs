//! A tablet's store the browser lost, told by the server: the tablet cookie a session's sync
//! sets, an empty store where the user had synced, and a store gone back to an older copy.

use ote_shared::sync::SyncResponse;
use ote_shared::sync::wire::LOST_STORE;
use ote_tests::env::Env;
use ote_tests::server_bin;
use serde_json::json;

/// A browser of `tecnico`: the session cookie and its CSRF token, and the tablet cookie once the
/// server set it.
struct Tablet<'a> {
    env: &'a Env,
    http: reqwest::Client,
    session: String,
    csrf: String,
    tablet: Option<String>,
}

impl<'a> Tablet<'a> {
    async fn sign_in(env: &'a Env) -> Tablet<'a> {
        let http = reqwest::Client::new();
        let ok = http
            .post(format!("{}/api/auth/login", env.server.url))
            .json(&json!({"username": "tecnico", "password": "clave-segura-1"}))
            .send()
            .await
            .unwrap();
        let session = ok.headers()["set-cookie"].to_str().unwrap();
        let session = session.split(';').next().unwrap().to_owned();
        let body: serde_json::Value = ok.json().await.unwrap();
        Tablet {
            env,
            http,
            session,
            csrf: body["csrf"].as_str().unwrap().to_owned(),
            tablet: None,
        }
    }

    /// One sync of the store `device` at `cursor`: the answer, and the tablet cookie it set.
    async fn sync(&mut self, device: &str, cursor: i64) -> SyncResponse {
        let cookies = match &self.tablet {
            Some(t) => format!("{}; {t}", self.session),
            None => self.session.clone(),
        };
        let answer = self
            .http
            .post(format!("{}/api/sync", self.env.server.url))
            .header("Cookie", cookies)
            .header("X-CSRF-Token", &self.csrf)
            .json(&json!({"device_id": device, "cursor": cursor, "docs": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        if let Some(set) = answer.headers().get("set-cookie") {
            let set = set.to_str().unwrap();
            assert!(set.contains("HttpOnly"), "{set}");
            self.tablet = Some(set.split(';').next().unwrap().to_owned());
        }
        answer.json().await.unwrap()
    }
}

fn lost(answer: &SyncResponse) -> bool {
    answer.notices.iter().any(|n| n.code == LOST_STORE)
}

#[tokio::test]
async fn an_empty_store_where_the_user_had_synced_is_told() {
    let env = Env::start(server_bin!()).await;
    let mut tablet = Tablet::sign_in(&env).await;
    let first = tablet.sync("tienda-1", 0).await;
    assert!(
        tablet.tablet.is_some(),
        "the first sync sets the tablet cookie"
    );
    assert!(!lost(&first) && first.cursor > 0);
    assert!(!lost(&tablet.sync("tienda-1", first.cursor).await));

    let again = tablet.sync("tienda-2", 0).await;
    assert!(lost(&again), "a new empty store on the same tablet");
    assert!(!again.docs.is_empty(), "and everything comes back");
    assert!(!lost(&tablet.sync("tienda-2", again.cursor).await));
    env.stop().await;
}

#[tokio::test]
async fn a_store_gone_back_to_an_older_copy_is_told_once() {
    let env = Env::start(server_bin!()).await;
    let mut tablet = Tablet::sign_in(&env).await;
    let first = tablet.sync("tienda-1", 0).await;
    assert!(!lost(&tablet.sync("tienda-1", first.cursor).await));
    // A lost answer leaves the device at the cursor it had: no notice.
    assert!(!lost(&tablet.sync("tienda-1", first.cursor).await));
    let older = tablet.sync("tienda-1", 1).await;
    assert!(lost(&older), "a cursor below one the store had sent");
    assert!(!lost(&tablet.sync("tienda-1", older.cursor).await));
    env.stop().await;
}

#[tokio::test]
async fn an_api_key_device_gets_no_tablet_cookie() {
    let env = Env::start(server_bin!()).await;
    let answer = reqwest::Client::new()
        .post(format!("{}/api/sync", env.server.url))
        .header("Api-key", &env.key)
        .json(&json!({"device_id": "integracion", "cursor": 0, "docs": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.headers().get("set-cookie").is_none());
    env.stop().await;
}
