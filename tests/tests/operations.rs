//! What operators rely on: metrics for their Prometheus, a request id in every answer, logs
//! as JSON, and a process that stops cleanly when told to.

use std::time::Duration;

use ote_shared::codes::EstatusOt;
use ote_tests::env::Env;
use ote_tests::server_bin;

const TOKEN: &str = "token-de-operacion-largo";

async fn metrics(env: &Env, token: Option<&str>) -> (u16, String) {
    let mut request = reqwest::Client::new().get(format!("{}/metrics", env.server.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of the sample named `name` (labels included) in a scrape.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_answer_only_the_operators_token() {
    let env = Env::start_with(
        server_bin!(),
        &ote_tests::env::placeholder_dist(),
        &[("OTE_METRICS_TOKEN", TOKEN)],
    )
    .await;
    assert_eq!(metrics(&env, None).await.0, 404);
    assert_eq!(metrics(&env, Some("otro-token")).await.0, 404);
    let (status, text) = metrics(&env, Some(TOKEN)).await;
    assert_eq!(status, 200);
    assert!(text.contains("# TYPE ote_sync_merges counter"), "{text}");
    env.stop().await;
}

#[tokio::test]
async fn metrics_count_merges_pulls_and_event_streams() {
    let env = Env::start_with(
        server_bin!(),
        &ote_tests::env::placeholder_dist(),
        &[("OTE_METRICS_TOKEN", TOKEN)],
    )
    .await;
    let _events = env.events().await;
    let device = env.device();
    device.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::Activa).await;
    device
        .edit(id, |ot| ot.comentario = "Llegada a la plataforma".into())
        .await;
    device.sync().await.unwrap();

    let text = metrics(&env, Some(TOKEN)).await.1;
    assert_eq!(sample(&text, "ote_sync_merges_total"), Some(1.0), "{text}");
    assert_eq!(sample(&text, "ote_sync_merge_seconds_count"), Some(1.0));
    assert!(sample(&text, "ote_sync_pulls_total").unwrap() >= 1.0);
    assert_eq!(sample(&text, "ote_sse_clients"), Some(1.0));
    assert!(
        sample(
            &text,
            "ote_db_pool_connections{pool=\"principal\",state=\"idle\"}"
        )
        .is_some(),
        "{text}"
    );
    env.stop().await;
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_a_plain_one_sent_is_kept() {
    let env = Env::start(server_bin!()).await;
    let client = reqwest::Client::new();
    let id_of = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let url = format!("{}/api/v1/work-orders", env.server.url);

    let first = client.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 401, "a refusal has one too");
    let second = client.get(&url).send().await.unwrap();
    assert_eq!(id_of(&first).len(), 32);
    assert_ne!(id_of(&first), id_of(&second));

    let kept = client
        .get(&url)
        .header("Api-key", &env.key)
        .header("X-Request-Id", "tableta-7.sync-42")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&kept), "tableta-7.sync-42");
    let replaced = client
        .get(&url)
        .header("X-Request-Id", "a".repeat(200))
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&replaced).len(), 32);
    env.stop().await;
}

#[tokio::test]
async fn logs_are_json_lines_by_setting() {
    let db = ote_tests::TestDb::new();
    let port = ote_tests::free_port();
    let mut server = tokio::process::Command::new(server_bin!())
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("OTE_BIND", format!("127.0.0.1:{port}"))
        .env("OTE_DATA_DIR", ote_tests::env::temp_dir("data"))
        .env("OTE_ADMIN_PASSWORD", "admin-de-prueba")
        .env("OTE_LOG_FORMAT", "json")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines =
        tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(server.stderr.take().unwrap()));
    let listening = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let entry: serde_json::Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
            if entry["fields"]["message"] == "OTE escuchando" {
                return entry;
            }
        }
        panic!("no line said it was listening");
    })
    .await
    .unwrap();
    assert_eq!(listening["level"], "INFO");
    assert_eq!(listening["fields"]["address"], format!("127.0.0.1:{port}"));
    let _ = server.kill().await;
}

#[tokio::test]
async fn sigterm_ends_event_streams_and_the_process_exits() {
    let mut env = Env::start(server_bin!()).await;
    let mut events = env.events().await;
    let code = env.server.terminate(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "a clean exit within 10 s");
    let end = tokio::time::timeout(Duration::from_secs(2), async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(end.is_ok(), "the event stream ended");
}
