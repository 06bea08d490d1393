//! The app's background sync, end to end: the built app in headless Chromium against the real
//! server and PostgreSQL. Nobody clicks "sync": the work orders arrive on sign-in, an office
//! change arrives through the server's events, and a session that expires pauses syncing
//! until the user signs in again.

use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app};
use ote_tests::server_bin;

#[tokio::test]
async fn the_app_syncs_on_its_own_and_resumes_after_the_session_expires() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let tecnico = env.device();
    tecnico.sync().await.unwrap();
    let visible = tecnico.doc_ids().len();
    assert!(
        visible > 0,
        "the demo assigns work orders to the technician"
    );

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    // The console check every browser test ends with (`Browser::close`) does see errors.
    browser
        .client
        .execute("console.error('prueba de la consola')", vec![])
        .await
        .unwrap();
    let logged = browser.console_errors().await;
    assert!(
        logged.iter().any(|e| e.contains("prueba de la consola")),
        "{logged:?}"
    );
    browser
        .wait_for_text(
            &format!("{visible} órdenes de trabajo en este dispositivo"),
            20,
        )
        .await;
    browser.wait_for_text("En línea", 5).await;

    // The office edits one of the technician's work orders: the server's event brings it.
    let id = env.demo_ot(ote_shared::codes::EstatusOt::EnProceso).await;
    let office = env.office_device();
    office.sync().await.unwrap();
    office
        .edit(id, |ot| {
            ot.descripcion_trabajo = "Inspección de ducto cambiada en la oficina".into()
        })
        .await;
    office.sync().await.unwrap();
    browser
        .wait_for_text("Inspección de ducto cambiada en la oficina", 15)
        .await;

    // The session ends on the server; the next change cannot be pulled until sign-in.
    sqlx::query("DELETE FROM sessions")
        .execute(&env.pool)
        .await
        .unwrap();
    office
        .edit(id, |ot| {
            ot.descripcion_trabajo = "Segunda edición de la oficina".into()
        })
        .await;
    office.sync().await.unwrap();
    browser.wait_for_text("Tu sesión venció", 15).await;
    assert!(
        !browser.text().await.contains("Segunda edición"),
        "nothing is pulled without a session"
    );
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .wait_for_text("Segunda edición de la oficina", 15)
        .await;
    assert!(!browser.text().await.contains("Tu sesión venció"));

    browser.close().await;
    env.stop().await;
}
