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
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
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

/// Copies a folder with its subfolders (the build's own folder is one).
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, target).unwrap();
        }
    }
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
    copy_dir(&built_app(), &dist);
    let mut env = Env::start_serving(server_bin!(), &dist).await;
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
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

/// The office works with the server stopped: the page reloads from the service worker with its
/// data, a new work order is made in the form, a step of another is changed and a photo taken.
/// When the server returns, with no click, all of it reaches PostgreSQL and another browser.
#[tokio::test]
async fn work_done_offline_reaches_the_server_and_another_browser_on_its_own() {
    use ote_shared::codes::EstatusOt;
    use ote_tests::poll_until;

    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let foto = temp_dir("foto-sin-red").join("brida.png");
    std::fs::write(
        &foto,
        [&b"\x89PNG\r\n\x1a\n"[..], b"brida sin fuga"].concat(),
    )
    .unwrap();

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    // Every work order on the device before the server goes: the list shows the first ones
    // while the rest of the first sync is still being stored.
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM work_orders")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    browser
        .wait_for_text(
            &format!("{total} órdenes de trabajo en este dispositivo"),
            20,
        )
        .await;
    browser.wait_for_service_worker(20).await;
    env.server.kill().await;
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("Sin servidor; se reintentará", 20)
        .await;

    browser
        .create_work_order("OT-SIN-RED-1", "PEP-SR/2026", "Creada a bordo sin conexión")
        .await;
    browser.click_button("Órdenes de trabajo").await;
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    browser.open_work_order(id).await;
    browser
        .replace_text(
            &format!("tr[data-paso='{paso}'] input[name=comentario]"),
            "Revisado sin red\t",
        )
        .await;
    browser
        .send_keys_to("input[name=foto_2]", foto.to_str().unwrap())
        .await;
    browser.wait_for_text("brida.png", 10).await;

    env.server.restart().await.unwrap();
    let expected = (1i64, 1i64, 1i64);
    let arrived = poll_until(60, &expected, || async {
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM work_orders WHERE orden_trabajo = 'OT-SIN-RED-1'),
                    (SELECT count(*) FROM work_order_steps WHERE step_id = $1 AND comentario = 'Revisado sin red'),
                    (SELECT count(*) FROM work_order_photos p JOIN blobs b ON b.sha256 = p.sha256
                      WHERE p.titulo = 'brida.png' AND p.proceso = 2)",
        )
        .bind(paso)
        .fetch_one(&env.pool)
        .await
        .unwrap()
    })
    .await;
    assert_eq!(
        arrived, expected,
        "the new OT, the step and the photo reached PostgreSQL"
    );

    let otro = Browser::start().await;
    otro.open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    otro.wait_for_text("OT-SIN-RED-1", 20).await;
    otro.close().await;
    browser.close().await;
    env.stop().await;
}

/// A work order's link opens with no server: the service worker answers the address with the
/// app, and the app shows that work order from the device.
#[tokio::test]
async fn a_work_order_link_opens_offline() {
    use ote_shared::codes::EstatusOt;

    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let folio = env.server_ot(id).await.orden_trabajo;
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.element(&format!("tr[data-id='{id}']")).await;
    browser.wait_for_service_worker(20).await;
    env.server.kill().await;
    browser
        .client
        .goto(&format!("{}/ot/{id}", env.server.url))
        .await
        .unwrap();
    browser.wait_for_text("Historial de estatus", 20).await;
    browser.wait_for_text(&folio, 10).await;
    browser.close().await;
    env.stop().await;
}
