//! The office's administration in the app, end to end in headless Chromium: an administrator
//! makes a user and a vessel, a tablet signed in as that user offers the vessel in its form
//! after one sync, offline too; a work order's report printed to PDF (Chromium's print, then
//! `pdftoppm` for a picture in the test artifacts) holds its folio, every step and its photos.

use ote_server::auth::users::{self, Role};
use ote_shared::codes::EstatusOt;
use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app, temp_dir};
use ote_tests::server_bin;

const LISTA: &str = "órdenes de trabajo en este dispositivo";

/// What the page says after `label`, up to the end of its line.
fn said_after(text: &str, label: &str) -> String {
    let start = text
        .find(label)
        .unwrap_or_else(|| panic!("«{label}» in {text}"))
        + label.len();
    text[start..].lines().next().unwrap().trim().to_owned()
}

/// The options of the select `name` in the form, as its HTML.
async fn options(browser: &Browser, name: &str) -> String {
    browser
        .element(&format!("select[name={name}]"))
        .await
        .html(true)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_user_and_a_vessel_made_by_the_admin_reach_a_tablet_offline_after_one_sync() {
    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    users::add(&env.pool, "jefa", Role::Admin, "clave-admin-1")
        .await
        .unwrap();
    let admin = Browser::start().await;
    admin
        .open_signed_in(&env.server.url, "jefa", "clave-admin-1")
        .await;
    admin.wait_for_text(LISTA, 20).await;
    admin.click_button("Usuarios").await;
    admin.wait_for_text("Crear usuario", 20).await;
    admin.type_into("usuario", "marta.supervisora").await;
    admin.choose("rol", "oficina").await;
    admin.click_button("Crear usuario").await;
    admin
        .wait_for_text("Su contraseña (se muestra una sola vez):", 20)
        .await;
    let password = said_after(
        &admin.text().await,
        "Su contraseña (se muestra una sola vez):",
    );
    admin.screenshot("admin-usuarios").await;

    let tablet = Browser::start().await;
    tablet
        .open_signed_in(&env.server.url, "marta.supervisora", &password)
        .await;
    tablet.wait_for_text(LISTA, 30).await;
    tablet.wait_for_service_worker(20).await;

    admin.click_button("Catálogos").await;
    admin.wait_for_text("Nuevo en Embarcaciones", 20).await;
    admin.type_into("nombre", "DSV Nueva Esperanza").await;
    admin.choose("frente", "1").await;
    admin.click_button("Agregar").await;
    admin
        .wait_for_text("«DSV Nueva Esperanza» agregado", 20)
        .await;
    admin.screenshot("admin-catalogos").await;

    // One sync of the tablet brings the changed catalogs.
    tablet.element("button.forzar").await.click().await.unwrap();
    tablet.click_button("Nueva orden").await;
    tablet.wait_for_text("Frente y sitio", 20).await;
    tablet.choose("id_frente", "1").await;
    let mut offered = String::new();
    for _ in 0..100 {
        offered = options(&tablet, "id_embarcacion").await;
        if offered.contains("DSV Nueva Esperanza") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(offered.contains("DSV Nueva Esperanza"), "{offered}");

    // Offline: the kept copy offers it.
    env.server.kill().await;
    // The page reloads from the service worker at the form it showed.
    tablet.client.refresh().await.unwrap();
    tablet.wait_for_text("Sin servidor", 30).await;
    tablet.wait_for_text("Frente y sitio", 20).await;
    tablet.choose("id_frente", "1").await;
    let offline = options(&tablet, "id_embarcacion").await;
    assert!(offline.contains("DSV Nueva Esperanza"), "{offline}");
    tablet.screenshot("tableta-embarcacion-nueva").await;
    admin.close().await;
    tablet.close().await;
    env.server.restart().await.unwrap();
    env.stop().await;
}

#[tokio::test]
async fn a_work_orders_report_prints_with_its_folio_steps_and_photos() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let ot = env.server_ot(id).await;
    let foto = temp_dir("reporte").join("brida-reparada.png");
    // A real 1×1 PNG, so the report shows a picture.
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    let png = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, png).unwrap();
    std::fs::write(&foto, png).unwrap();
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    browser.wait_for_text(LISTA, 20).await;
    browser.open_work_order(id).await;
    browser
        .send_keys_to("input[name=foto_2]", foto.to_str().unwrap())
        .await;
    browser.wait_for_text("brida-reparada.png", 10).await;
    browser.click_button("Reporte para imprimir").await;
    browser
        .wait_for_text("Reporte de orden de trabajo", 20)
        .await;
    browser
        .wait_for_text("Recibió (representante del cliente)", 10)
        .await;

    let pdf = browser.print_to_pdf("reporte-ot").await;
    let picture = pdf.with_extension("");
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&picture)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    assert!(picture.with_extension("png").exists());
    let text = std::process::Command::new("pdftotext")
        .args(["-raw"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains(&ot.orden_trabajo), "the folio: {text}");
    let joined: String = text.split_whitespace().collect();
    assert!(
        text.contains("Durante el servicio") && joined.contains("brida-reparada.png"),
        "the photo under its process: {text}"
    );
    assert!(
        !text.contains("Imprimir o guardar como PDF"),
        "the buttons stay off paper"
    );
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT t.descripcion FROM work_order_steps s JOIN pasos_ot t ON t.id = s.id_paso
         JOIN work_orders w ON w.id = s.work_order_id WHERE w.doc_id = $1",
    )
    .bind(id)
    .fetch_all(&env.pool)
    .await
    .unwrap();
    assert!(!names.is_empty());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in names {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&name), "the step «{name}» in {flat}");
    }
    browser.close().await;
    env.stop().await;
}
