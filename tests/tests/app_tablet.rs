//! The field tablet in headless Chromium against the real server: a tablet shared by two users
//! keeps each one's work apart, and a tablet out of storage space keeps the edit it could not
//! store until space is freed.

use ote_shared::codes::EstatusOt;
use ote_tests::browser::Browser;
use ote_tests::env::{EMPLEADO_TECNICO, Env, built_app};
use ote_tests::{poll_until, server_bin};
use serde_json::json;

/// The demo running, a work order in progress assigned to `tecnico` and its first step, and a
/// new browser signed in as `tecnico`.
async fn technician_on_a_step() -> (Env, uuid::Uuid, uuid::Uuid, Browser) {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    (env, id, paso, browser)
}

/// A real PNG (1×1), so a thumbnail of it is an image the browser draws.
fn tiny_png() -> Vec<u8> {
    base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    )
    .unwrap()
}

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
    browser
        .create_work_order("OT-DE-A", "PEP-A/2026", "Hecha por A sin servidor")
        .await;

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
    browser.click_button("Sí, cerrar sesión").await;
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
    let (env, id, paso, browser) = technician_on_a_step().await;
    let own = tecnico_work_orders(&env).await;
    browser
        .wait_for_text(&format!("{own} órdenes de trabajo en este dispositivo"), 30)
        .await;
    browser.open_work_order(id).await;
    let comment = format!(
        "Inspección sin espacio{}",
        " medición de espesores".repeat(200)
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
    // Chromium lets IndexedDB spend the space it last saw free for up to 30 s
    // (`BucketContext::kBucketSpaceCacheTimeLimit`) before it asks the quota again.
    tokio::time::sleep(std::time::Duration::from_secs(31)).await;
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
    // The sync may send the held edit before the tablet stores it: the warning goes once the
    // tablet stored it too.
    let gone = poll_until(20, &true, || async {
        !browser.text().await.contains("no tiene espacio")
    })
    .await;
    assert!(
        gone,
        "the warning went once the edit was stored; the page shows:\n{}",
        browser.text().await
    );
    browser.close().await;
    env.stop().await;
}

/// The name of project manager `id`, as the catalog has it.
async fn responsable(env: &Env, id: i64) -> String {
    sqlx::query_scalar("SELECT nombre FROM responsables_proyecto WHERE id = $1")
        .bind(id)
        .fetch_one(&env.pool)
        .await
        .unwrap()
}

/// Two office devices pick different project managers at once: the tablet names the field as
/// the form does and each value by the catalog's name, not by its id.
#[tokio::test]
async fn a_conflict_names_the_field_and_its_values_as_the_form_and_catalogs_do() {
    use ote_shared::document;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let (a, b) = (env.office_device(), env.office_device());
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    // Two managers the work order does not have yet, so both edits change it.
    let current = env.server_ot(id).await.id_responsable_proyecto;
    let mut others = (1..=3).filter(|r| Some(*r) != current);
    let (uno_id, dos_id) = (others.next().unwrap(), others.next().unwrap());
    a.edit(id, |ot| ot.id_responsable_proyecto = Some(uno_id))
        .await;
    b.edit(id, |ot| ot.id_responsable_proyecto = Some(dos_id))
        .await;
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    assert_eq!(
        document::conflicts(&env.server_doc(id).await)
            .unwrap()
            .len(),
        1
    );
    let (uno, dos) = (
        responsable(&env, uno_id).await,
        responsable(&env, dos_id).await,
    );

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    browser.open_work_order(id).await;
    browser.wait_for_text("Cambios simultáneos", 20).await;
    let text = browser.text().await;
    assert!(text.contains("Responsable del proyecto"), "{text}");
    assert!(text.contains(&format!("Usar «{uno}»")), "{text}");
    assert!(text.contains(&format!("Usar «{dos}»")), "{text}");
    assert!(!text.contains("Usar «1»") && !text.contains("id responsable"));
    browser.close().await;
    env.stop().await;
}

/// The detail writes programmed dates dd/mm/aaaa and amounts as es-MX does, with the currency.
#[tokio::test]
async fn dates_and_amounts_read_as_in_mexico() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let office = env.office_device();
    office.sync().await.unwrap();
    office
        .edit(id, |ot| {
            ot.fecha_inicio_programado = chrono::NaiveDate::from_ymd_opt(2026, 3, 1);
            ot.fecha_termino_programado = chrono::NaiveDate::from_ymd_opt(2026, 4, 15);
            ot.monto_mxn = "1234567.5".parse().unwrap();
        })
        .await;
    office.sync().await.unwrap();

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    browser.open_work_order(id).await;
    browser
        .wait_for_text("Programada del 01/03/2026 al 15/04/2026", 20)
        .await;
    browser.wait_for_text("$1,234,567.50 MXN", 5).await;
    browser.close().await;
    env.stop().await;
}

/// A step's end typed before its start, dd/mm/aaaa, is refused on the tablet under the step
/// with the rule's Spanish message, and nothing reaches the server.
#[tokio::test]
async fn a_step_date_before_its_start_is_refused_on_the_tablet() {
    let (env, id, _, browser) = technician_on_a_step().await;
    // A step with no dates yet, so the start typed below is the only one it has.
    let paso = env
        .server_ot(id)
        .await
        .pasos_ordenados()
        .into_iter()
        .find(|p| p.fecha_inicio.is_none() && p.fecha_termino.is_none())
        .expect("a step not started")
        .id;
    browser.open_work_order(id).await;
    let cell = |field: &str| format!("tr[data-paso='{paso}'] input[name={field}]");
    browser
        .replace_text(&cell("fecha_inicio"), "10/03/2026\t")
        .await;
    let started = poll_until(20, &true, || async {
        env.server_ot(id).await.pasos[&paso].fecha_inicio
            == chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
    })
    .await;
    assert!(started, "the start, typed dd/mm/aaaa, reached the server");
    browser
        .replace_text(&cell("fecha_termino"), "01/03/2026\t")
        .await;
    browser
        .wait_for_text(
            "No se guardó el cambio: La fecha de término no puede ser anterior a la de inicio",
            10,
        )
        .await;
    browser.element(&format!("tr[data-rechazo='{paso}']")).await;
    assert_eq!(env.server_ot(id).await.pasos[&paso].fecha_termino, None);
    browser.close().await;
    env.stop().await;
}

/// With the server stopped, a file attached to a step and a photo taken both show as
/// thumbnails from the tablet's store; when the server returns they reach PostgreSQL, and a
/// second browser shows them too.
#[tokio::test]
async fn a_step_file_and_a_photo_taken_offline_show_and_reach_another_browser() {
    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let dir = ote_tests::env::temp_dir("archivos-sin-red");
    let png = tiny_png();
    let foto = dir.join("valvula.png");
    std::fs::write(&foto, &png).unwrap();
    let reporte = dir.join("espesores.pdf");
    std::fs::write(&reporte, b"%PDF-1.4 espesores").unwrap();

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.wait_for_service_worker(20).await;
    browser.open_work_order(id).await;
    browser.element(&format!("tr[data-paso='{paso}']")).await;
    env.server.kill().await;
    browser
        .send_keys_to(
            &format!("tr[data-paso='{paso}'] input[name=archivo_paso]"),
            reporte.to_str().unwrap(),
        )
        .await;
    browser
        .send_keys_to("input[name=foto_2]", foto.to_str().unwrap())
        .await;
    browser.wait_for_text("espesores.pdf", 10).await;
    browser
        .element(".fotos .miniatura img[alt='valvula.png']")
        .await;
    browser.screenshot("archivos-sin-red").await;

    env.server.restart().await.unwrap();
    let expected = (1i64, 1i64);
    let arrived = poll_until(60, &expected, || async {
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM work_order_steps s JOIN blobs b ON b.sha256 = s.archivo->>'sha256'
                      WHERE s.step_id = $1 AND s.archivo->>'nombre' = 'espesores.pdf'),
                    (SELECT count(*) FROM work_order_photos p JOIN blobs b ON b.sha256 = p.sha256
                      WHERE p.titulo = 'valvula.png')",
        )
        .bind(paso)
        .fetch_one(&env.pool)
        .await
        .unwrap()
    })
    .await;
    assert_eq!(
        arrived, expected,
        "the file and the photo reached PostgreSQL"
    );

    let otro = Browser::start().await;
    otro.open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    otro.open_work_order(id).await;
    otro.element(".fotos .miniatura img[alt='valvula.png']")
        .await;
    otro.wait_for_text("espesores.pdf", 20).await;
    otro.close().await;
    browser.close().await;
    env.stop().await;
}

/// Before leaving port: the check says the tablet holds the technician's work orders, the
/// catalogs and a copy of a photo another device took, and that photo then shows with the
/// server stopped.
#[tokio::test]
async fn the_ready_for_offline_check_fetches_the_photos_and_says_the_tablet_is_ready() {
    use ote_shared::codes::Proceso;
    use ote_shared::sync::device;

    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let other = env.device();
    other.sync().await.unwrap();
    let png = tiny_png();
    let tomada = device::FotoTomada {
        proceso: Proceso::Antes,
        titulo: "brida-de-otra-tableta.png".into(),
        tipo_mime: "image/png".into(),
        bytes: png,
        creado: chrono::Utc::now(),
    };
    let autor = ote_shared::rules::Autor {
        rol: ote_shared::roles::Rol::Campo,
        empleado: Some(EMPLEADO_TECNICO),
    };
    device::add_photo(&other.store, autor, id, tomada)
        .await
        .unwrap();
    other.sync().await.unwrap();

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    let own = tecnico_work_orders(&env).await;
    browser
        .wait_for_text(&format!("{own} órdenes de trabajo en este dispositivo"), 30)
        .await;
    browser.wait_for_service_worker(20).await;
    browser.wait_for_text("Última sincronización", 20).await;
    browser.click_button("Todo enviado").await;
    browser.click_button("¿Lista para salir sin red?").await;
    browser
        .wait_for_text(
            &format!("Lista para trabajar sin red: {own} órdenes de trabajo"),
            30,
        )
        .await;

    env.server.kill().await;
    browser.client.refresh().await.unwrap();
    browser.open_work_order(id).await;
    browser
        .element(".fotos .miniatura img[alt='brida-de-otra-tableta.png']")
        .await;
    browser.close().await;
    env.stop().await;
}

/// The browser deletes the tablet's stored data (as Safari does after seven days unused, or
/// Chromium under disk pressure) but keeps the server's cookies: at the next start the tablet
/// says its data was lost and gets back everything the server has.
#[tokio::test]
async fn a_store_the_browser_evicted_is_said_and_recovered_from_the_server() {
    let (env, _, _, browser) = technician_on_a_step().await;
    let own = tecnico_work_orders(&env).await;
    let count = format!("{own} órdenes de trabajo en este dispositivo");
    browser.wait_for_text(&count, 30).await;
    browser.wait_for_text("Última sincronización", 20).await;

    let origin = env.server.url.trim_end_matches('/').to_owned();
    browser
        .cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": "indexeddb,local_storage" }),
        )
        .await;
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("Esta tableta ya no tenía los datos que guardó para ti", 30)
        .await;
    browser.wait_for_text(&count, 30).await;
    browser.close().await;
    env.stop().await;
}

/// With the server down, a step edited on the tablet waits: the outbox lists its work order and
/// says why.
#[tokio::test]
async fn the_outbox_lists_what_waits_and_why() {
    let (mut env, id, paso, browser) = technician_on_a_step().await;
    let folio = env.server_ot(id).await.orden_trabajo;
    browser.open_work_order(id).await;
    // The work order is on screen, and the service worker keeps every screen's module (the
    // outbox's included), before the network goes.
    browser
        .element(&format!("tr[data-paso='{paso}'] input[name=comentario]"))
        .await;
    browser.wait_for_service_worker(20).await;
    env.server.kill().await;
    browser
        .replace_text(
            &format!("tr[data-paso='{paso}'] input[name=comentario]"),
            "Esperando al servidor\t",
        )
        .await;
    browser
        .wait_for_text("Sin servidor; se reintentará", 20)
        .await;
    browser.click_button("1 OT por enviar").await;
    browser
        .wait_for_text(
            &format!("{folio} · cambios por enviar: el servidor no respondió"),
            10,
        )
        .await;
    browser.close().await;
    env.stop().await;
}
