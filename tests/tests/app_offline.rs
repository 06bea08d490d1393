//! The installable app with no network: once a service worker has cached the app shell, a
//! reload with the server stopped opens the app with its local data, a deep link too, and the
//! app goes back to syncing on its own when the server returns.

use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app};
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
