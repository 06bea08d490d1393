//! The server process: health, the built app with its SPA fallback, and the first admin.

use ote_tests::env::{built_app, placeholder_dist, temp_dir};
use ote_tests::{ServerProcess, TestDb, server_bin};

#[tokio::test]
async fn serves_health_and_the_built_app_with_deep_links() {
    let db = TestDb::new();
    let dist = built_app();
    let server = ServerProcess::start(server_bin!(), &db, &dist, &temp_dir("data"))
        .await
        .unwrap();
    let client = reqwest::Client::new();

    let health: serde_json::Value = client
        .get(format!("{}/healthz", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");

    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    for path in ["/", "/ordenes/123", "/tablero"] {
        let response = client
            .get(format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.text().await.unwrap(),
            index,
            "{path} answers the app"
        );
    }
    assert!(index.contains(".wasm"), "the page loads the WASM app");
    server.stop().await;
    db.drop_db().await;
}

#[tokio::test]
async fn first_start_makes_the_admin_once() {
    let db = TestDb::new();
    let dist = placeholder_dist();
    let server = ServerProcess::start(server_bin!(), &db, &dist, &temp_dir("data"))
        .await
        .unwrap();
    server.stop().await;
    let again = ServerProcess::start(server_bin!(), &db, &dist, &temp_dir("data"))
        .await
        .unwrap();
    again.stop().await;
    let pool = db.migrated().await;
    let admins: Vec<(String, String)> = sqlx::query_as("SELECT username, role FROM users")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(admins, [("admin".to_owned(), "admin".to_owned())]);
    pool.close().await;
    db.drop_db().await;
}

/// The page as headless Chromium renders it, and its console lines.
fn render(url: &str) -> (String, String) {
    let profile = temp_dir("chromium");
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .output()
        .expect("chromium runs (the test command installs it)");
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .collect::<Vec<_>>()
        .join("\n");
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

#[tokio::test]
async fn the_built_app_renders_in_chromium_without_errors() {
    let db = TestDb::new();
    let server = ServerProcess::start(server_bin!(), &db, &built_app(), &temp_dir("data"))
        .await
        .unwrap();
    let (dom, console) = render(&format!("{}/", server.url));
    assert!(
        dom.contains("Órdenes de trabajo submarinas"),
        "the app mounted: {dom}\n{console}"
    );
    assert!(
        !console.contains("Uncaught") && !console.contains("panicked"),
        "no error in the console: {console}"
    );
    server.stop().await;
    db.drop_db().await;
}
