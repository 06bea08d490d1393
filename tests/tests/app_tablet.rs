//! The field tablet in headless Chromium against the real server: a tablet shared by two users
//! keeps each one's work apart, and a tablet out of storage space keeps the edit it could not
//! store until space is freed.

use ote_shared::codes::EstatusOt;
use ote_tests::browser::Browser;
use ote_tests::env::{EMPLEADO_TECNICO, Env, built_app};
use ote_tests::{poll_until, server_bin};
use serde_json::json;

/// How many work orders the server sends `tecnico`'s devices: those they created and those
/// they are assigned to (the pull's own rule).
async fn tecnico_work_orders(env: &Env) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM (
           SELECT d.doc_id FROM documents d JOIN users u ON u.id = d.creado_por WHERE u.username = 'tecnico'
           UNION SELECT w.doc_id FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id
            WHERE e.empleado_id = $1) v",
    )
    .bind(EMPLEADO_TECNICO)
    .fetch_one(&env.pool)
    .await
    .unwrap()
}

/// A makes a work order with the server down and signs out (told what waits, keeping it); B
/// signs in on the same tablet and sees only their own work orders; A signs in again, the work
/// order reaches PostgreSQL, and the audit trail names A.
#[tokio::test]
async fn two_users_share_a_tablet_and_each_ones_work_stays_theirs() {
    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM work_orders")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    browser
        .wait_for_text(
            &format!("{total} órdenes de trabajo en este dispositivo"),
            30,
        )
        .await;
    browser.wait_for_service_worker(20).await;

    env.server.kill().await;
    browser.click_button("Nueva orden").await;
    for (name, text) in [
        ("orden_trabajo", "OT-DE-A"),
        ("oficio_ot", "PEP-A/2026"),
        ("descripcion_trabajo", "Hecha por A sin servidor"),
        ("responsable_cliente", "Ing. Laura Méndez"),
    ] {
        browser.type_into(name, text).await;
    }
    browser.choose("id_responsable_proyecto", "1").await;
    browser.click_button("Crear orden").await;
    browser.wait_for_text("Historial de estatus", 10).await;

    browser.click_button("Cerrar sesión").await;
    browser
        .wait_for_text("Tienes cambios sin enviar en la orden OT-DE-A", 10)
        .await;
    browser
        .click_button("Cerrar sesión y conservar mis cambios")
        .await;
    // The sign-in screen, from the service worker (the server is still down).
    browser.element("form.ingreso").await;

    env.server.restart().await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    let own = tecnico_work_orders(&env).await;
    assert!(own < total, "the demo gives tecnico fewer work orders");
    browser
        .wait_for_text(&format!("{own} órdenes de trabajo en este dispositivo"), 30)
        .await;
    assert!(
        !browser.text().await.contains("OT-DE-A"),
        "B does not see A's work order"
    );
    let arrived = |n: i64| {
        let pool = env.pool.clone();
        async move {
            let count: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM work_orders WHERE orden_trabajo = 'OT-DE-A'",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            count == n
        }
    };
    assert!(arrived(0).await, "B's session did not send A's work");

    browser.click_button("Cerrar sesión").await;
    browser.click_button("Cerrar sesión").await;
    browser.sign_in("planeacion", "clave-segura-2").await;
    assert!(
        poll_until(30, &true, || arrived(1)).await,
        "A's work order reached PostgreSQL once A signed in again"
    );
    let authors: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT u.username FROM audit_log a JOIN users u ON u.id = a.user_id
           JOIN work_orders w ON w.doc_id = a.doc_id WHERE w.orden_trabajo = 'OT-DE-A'",
    )
    .fetch_all(&env.pool)
    .await
    .unwrap();
    assert_eq!(authors, ["planeacion"], "the audit trail names A");
    browser.close().await;
    env.stop().await;
}

/// With the site's quota lowered to what it already uses, a step comment cannot be stored: the
/// tablet says so in Spanish and keeps the text; once the quota is back the comment is stored
/// and reaches PostgreSQL, with no action of the user's.
#[tokio::test]
async fn an_edit_that_does_not_fit_is_kept_and_stored_once_space_is_freed() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    let own = tecnico_work_orders(&env).await;
    browser
        .wait_for_text(&format!("{own} órdenes de trabajo en este dispositivo"), 30)
        .await;
    browser.open_work_order(id).await;
    let comment = format!(
        "Inspección sin espacio {}",
        "medición de espesores ".repeat(200)
    );
    let input = format!("tr[data-paso='{paso}'] input[name=comentario]");
    browser.element(&input).await;

    let origin = env.server.url.trim_end_matches('/').to_owned();
    let used = browser.storage_usage().await;
    browser
        .cdp(
            "Storage.overrideQuotaForOrigin",
            json!({ "origin": origin, "quotaSize": used }),
        )
        .await;
    browser.replace_text(&input, &format!("{comment}\t")).await;
    browser
        .wait_for_text(
            "La tableta no tiene espacio para guardar 1 orden con cambios",
            15,
        )
        .await;
    let shown = browser
        .element(&input)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(shown, comment, "the user's text stays in the field");

    browser
        .cdp(
            "Storage.overrideQuotaForOrigin",
            json!({ "origin": origin }),
        )
        .await;
    let stored = poll_until(30, &true, || async {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM work_order_steps WHERE step_id = $1 AND comentario = $2",
        )
        .bind(paso)
        .bind(&comment)
        .fetch_one(&env.pool)
        .await
        .unwrap();
        count == 1
    })
    .await;
    assert!(
        stored,
        "the comment reached PostgreSQL once space was freed"
    );
    assert!(
        !browser.text().await.contains("no tiene espacio"),
        "the warning went once the edit was stored"
    );
    browser.close().await;
    env.stop().await;
}
