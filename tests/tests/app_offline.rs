//! The installable app with no network: once a service worker has cached the app shell, a
//! reload with the server stopped opens the app with its local data, a deep link too, and the
//! app goes back to syncing on its own when the server returns; a new deploy replaces the
//! cached shell.

use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app, temp_dir};
use ote_tests::server_bin;

#[tokio::test]
async fn the_app_opens_from_the_service_worker_with_the_server_stopped() {
    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let tecnico = env.device();
    tecnico.sync().await.unwrap();
    let count = format!(
        "{} órdenes de trabajo en este dispositivo",
        tecnico.doc_ids().len()
    );

    let browser = Browser::start().await;
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser.wait_for_text(&count, 20).await;
    browser.wait_for_service_worker(20).await;

    env.server.kill().await;
    browser.client.refresh().await.unwrap();
    browser.wait_for_text(&count, 20).await;
    browser
        .wait_for_text("Sin servidor; se reintentará", 20)
        .await;
    browser
        .client
        .goto(&format!("{}/ordenes/1", env.server.url))
        .await
        .unwrap();
    browser.wait_for_text(&count, 20).await;

    // The list searches offline, over the local documents.
    let folio = tecnico.read(tecnico.doc_ids()[0]).orden_trabajo;
    let search = browser
        .client
        .find(fantoccini::Locator::Css("input[name=buscar]"))
        .await
        .unwrap();
    search.send_keys(&folio).await.unwrap();
    browser.wait_for_text("coinciden", 5).await;
    assert!(browser.text().await.contains(&folio));
    search.send_keys("-no-existe").await.unwrap();
    browser.wait_for_text("· 0 coinciden", 5).await;

    env.server.restart().await.unwrap();
    browser.wait_for_text("En línea", 60).await;
    browser.close().await;
    env.stop().await;
}

/// The page's `<meta name="ote-despliegue">`, if any.
async fn deploy_marker(browser: &Browser) -> serde_json::Value {
    browser
        .client
        .execute(
            "const m = document.querySelector('meta[name=ote-despliegue]'); return m && m.content;",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_deploy_replaces_the_cached_app_shell() {
    // A copy of the built app, so this test can deploy a new version of it.
    let dist = temp_dir("dist");
    for entry in std::fs::read_dir(built_app()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dist.join(path.file_name().unwrap())).unwrap();
    }
    let mut env = Env::start_serving(server_bin!(), &dist).await;
    let browser = Browser::start().await;
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    browser.wait_for_service_worker(20).await;
    assert_eq!(deploy_marker(&browser).await, serde_json::Value::Null);

    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    let deployed = index.replacen(
        "<head>",
        "<head><meta name=\"ote-despliegue\" content=\"2\">",
        1,
    );
    std::fs::write(dist.join("index.html"), deployed).unwrap();
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    assert_eq!(
        deploy_marker(&browser).await,
        "2",
        "online, pages come from the server first"
    );

    // The worker keeps the new shell: with the server stopped, the new version opens.
    let cached = "const done = arguments[arguments.length - 1];
        const poll = () => caches.match('/').then((r) => r ? r.text() : '')
            .then((t) => t.includes('ote-despliegue') ? done(true) : setTimeout(poll, 100));
        poll();";
    browser.client.execute_async(cached, vec![]).await.unwrap();
    env.server.kill().await;
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    assert_eq!(deploy_marker(&browser).await, "2");
    browser.close().await;
    env.stop().await;
}
