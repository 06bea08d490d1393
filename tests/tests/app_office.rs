//! The office's screens end to end, in headless Chromium against the real server and
//! PostgreSQL: the work-order form (inline rule messages, site selectors that follow the front,
//! the yard phase, create and edit, a new OT from a PTE), confirming a finished OT, a session
//! begun on Django's sign-in page, the dashboard, and the imports screen with its progress and
//! the schedule's Gantt chart. Screenshots go to `<target>/screenshots/`.

use fantoccini::Locator;
use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app, temp_dir};
use ote_tests::{poll_until, server_bin};

const OFICINA: (&str, &str) = ("planeacion", "clave-segura-2");

async fn signed_in_office(env: &Env) -> Browser {
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, OFICINA.0, OFICINA.1)
        .await;
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    browser
}

async fn work_order_count(env: &Env) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM work_orders")
        .fetch_one(&env.pool)
        .await
        .unwrap()
}

/// The office creates a work order in the form: the rules' messages show under their fields
/// before anything is saved; the site selector follows the front; once saved, the server gives
/// it its steps from the templates, a step edited in the detail reaches PostgreSQL, and an
/// edit of the form (offshore, with a yard phase) does too.
#[tokio::test]
async fn an_ot_created_in_the_form_gets_its_steps_and_edits_reach_postgres() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let before = work_order_count(&env).await;
    let browser = signed_in_office(&env).await;
    browser.click_button("Nueva orden").await;
    browser.wait_for_text("Nueva orden de trabajo", 10).await;

    // Saving an empty form shows every required field's message and saves nothing.
    browser.click_button("Crear orden").await;
    browser
        .wait_for_text("El Folio de la OT es obligatorio", 5)
        .await;
    let text = browser.text().await;
    for message in [
        "El oficio de la OT es obligatorio",
        "La descripción del trabajo es obligatoria",
        "El responsable del proyecto es obligatorio",
        "El responsable del cliente es obligatorio",
    ] {
        assert!(text.contains(message), "the form shows «{message}»");
    }
    browser.type_into("monto_mxn", "doce mil").await;
    browser
        .wait_for_text("Escriba el monto como número", 5)
        .await;
    browser.screenshot("formulario").await;

    browser.type_into("orden_trabajo", "OT-FORM-001").await;
    browser.type_into("oficio_ot", "PEP-FORM/2026").await;
    browser
        .type_into(
            "descripcion_trabajo",
            "Inspección de ducto desde el formulario",
        )
        .await;
    browser.choose("id_responsable_proyecto", "1").await;
    browser
        .type_into("responsable_cliente", "Ing. Laura Méndez")
        .await;
    browser.choose("id_cliente", "1").await;
    browser.type_into("monto_mxn", "125000.50").await;
    // Land: the patio is the site, and no other site selector is offered.
    browser.choose("id_frente", "1").await;
    browser.choose("id_patio", "2").await;
    assert!(
        browser
            .client
            .find(Locator::Css("select[name=id_embarcacion]"))
            .await
            .is_err()
    );
    browser.click_button("Crear orden").await;
    browser.wait_for_text("OT-FORM-001", 10).await;
    browser.wait_for_text("Historial de estatus", 10).await;

    let row: (i64, Option<i64>, bool, String) = poll_until(20, &(1, Some(2), false, "125000.50".into()), || async {
        sqlx::query_as(
            "SELECT count(*) OVER (), id_patio, requiere_patio, monto_mxn::text FROM work_orders WHERE orden_trabajo = 'OT-FORM-001'",
        )
        .fetch_optional(&env.pool)
        .await
        .unwrap()
        .unwrap_or((0, None, false, String::new()))
    })
    .await;
    assert_eq!(
        row,
        (1, Some(2), false, "125000.50".into()),
        "the OT reached PostgreSQL"
    );
    assert_eq!(work_order_count(&env).await, before + 1);

    // Its steps come from the active templates of type 5 and reach the device.
    let templates: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pasos_ot WHERE tipo = 5 AND activo")
            .fetch_one(&env.pool)
            .await
            .unwrap();
    let steps_sql =
        "SELECT count(*) FROM work_order_steps s JOIN work_orders w ON w.id = s.work_order_id
                     WHERE w.orden_trabajo = 'OT-FORM-001'";
    let steps = poll_until(20, &templates, || async {
        sqlx::query_scalar::<_, i64>(steps_sql)
            .fetch_one(&env.pool)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(steps, templates);
    browser
        .element("tr[data-paso] select[name=estatus_paso]")
        .await;
    let shown = browser
        .client
        .find_all(Locator::Css("tr[data-paso]"))
        .await
        .unwrap();
    assert_eq!(
        shown.len() as i64,
        templates,
        "the steps show in the detail"
    );

    // A step edited in the detail reaches its row.
    browser
        .send_keys_to(
            "tr[data-paso] input[name=comentario]",
            "Primer paso revisado\t",
        )
        .await;
    let commented = poll_until(20, &1i64, || async {
        sqlx::query_scalar::<_, i64>(&format!(
            "{steps_sql} AND s.comentario = 'Primer paso revisado'"
        ))
        .fetch_one(&env.pool)
        .await
        .unwrap()
    })
    .await;
    assert_eq!(commented, 1);

    // Edit: offshore on a vessel, with a yard phase behind its checkbox.
    browser.click_button("Editar datos").await;
    browser.wait_for_text("Editar orden de trabajo", 10).await;
    browser.choose("id_frente", "2").await;
    browser.choose("id_embarcacion", "1").await;
    assert!(
        browser
            .client
            .find(Locator::Css("select[name=id_patio]"))
            .await
            .is_err()
    );
    browser
        .element("input[name=check_fase_patio]")
        .await
        .click()
        .await
        .unwrap();
    browser.choose("id_patio", "3").await;
    browser
        .send_keys_to("input[name=fecha_inicio_patio]", "02/01/2026")
        .await;
    browser.click_button("Guardar cambios").await;
    browser.wait_for_text("Historial de estatus", 10).await;
    let expected = (Some(2i64), Some(1i64), Some(3i64), true);
    let row = poll_until(20, &expected, || async {
        sqlx::query_as(
            "SELECT id_frente, id_embarcacion, id_patio, requiere_patio FROM work_orders WHERE orden_trabajo = 'OT-FORM-001'",
        )
        .fetch_one(&env.pool)
        .await
        .unwrap()
    })
    .await;
    assert_eq!(row, expected, "the edit reached PostgreSQL");
    assert!(!browser.text().await.contains("No se guardó"));

    browser.close().await;
    env.stop().await;
}

/// A new work order started from a PTE in the form takes the PTE's client and description,
/// reaches PostgreSQL naming it, and its detail names the PTE.
#[tokio::test]
async fn a_new_ot_started_from_a_pte_takes_its_client_and_description() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let (oficio, descripcion, cliente): (String, String, i64) =
        sqlx::query_as("SELECT oficio_pte, descripcion, id_cliente FROM pte_headers WHERE id = 3")
            .fetch_one(&env.pool)
            .await
            .unwrap();
    let browser = signed_in_office(&env).await;
    browser.click_button("Nueva orden").await;
    browser.wait_for_text("Nueva orden de trabajo", 10).await;
    browser.choose("id_pte_header", "3").await;
    let value = |css: &'static str| {
        let browser = &browser;
        async move {
            browser
                .element(css)
                .await
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    assert_eq!(value("select[name=id_cliente]").await, cliente.to_string());
    assert_eq!(
        value("textarea[name=descripcion_trabajo]").await,
        descripcion
    );

    browser.type_into("orden_trabajo", "OT-PTE-FORM").await;
    browser.type_into("oficio_ot", "AMG-OF-0001/2026").await;
    browser.choose("id_responsable_proyecto", "2").await;
    browser
        .type_into("responsable_cliente", "Lic. Gabriela Ortiz Cano")
        .await;
    browser.choose("id_frente", "1").await;
    browser.choose("id_patio", "1").await;
    browser.click_button("Crear orden").await;
    browser.wait_for_text(&format!("PTE {oficio}"), 10).await;

    let expected = (Some(3i64), Some(cliente), descripcion.clone());
    let row = poll_until(20, &expected, || async {
        sqlx::query_as(
            "SELECT id_pte_header, id_cliente, descripcion_trabajo FROM work_orders WHERE orden_trabajo = 'OT-PTE-FORM'",
        )
        .fetch_optional(&env.pool)
        .await
        .unwrap()
        .unwrap_or((None, None, String::new()))
    })
    .await;
    assert_eq!(row, expected, "the OT reached PostgreSQL with its PTE");
    browser.close().await;
    env.stop().await;
}

/// The office confirms a finished work order in its detail: "Confirmada" is offered from
/// "Terminada" and reaches PostgreSQL as status 5.
#[tokio::test]
async fn the_office_confirms_a_finished_work_order_in_the_app() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::Terminada).await;
    let browser = signed_in_office(&env).await;
    browser.open_work_order(id).await;
    browser.choose("nuevo_estatus", "5").await;
    browser
        .client
        .find(Locator::Css("form.cambio-estatus button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = poll_until(20, &5i16, || async {
        sqlx::query_scalar::<_, i16>("SELECT id_estatus_ot FROM work_orders WHERE doc_id = $1")
            .bind(id)
            .fetch_one(&env.pool)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(status, 5, "confirmed");
    browser.wait_for_text("Confirmada", 10).await;
    browser.close().await;
    env.stop().await;
}

/// Someone signed in on Django's page (`/accounts/login/`, as the seeds' pages do) opens the app
/// signed in: one session, no second password.
#[tokio::test]
async fn the_app_takes_up_a_session_begun_on_the_django_sign_in_page() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let browser = Browser::start().await;
    let login = format!("{}/accounts/login/?next=/", env.server.url);
    browser.client.goto(&login).await.unwrap();
    for (name, text) in [("username", OFICINA.0), ("password", OFICINA.1)] {
        browser
            .element(&format!("form input[name={name}]"))
            .await
            .send_keys(text)
            .await
            .unwrap();
    }
    browser
        .element("form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    assert!(
        browser
            .client
            .find(Locator::Css("form.ingreso"))
            .await
            .is_err(),
        "the app asked for no password"
    );
    browser.close().await;
    env.stop().await;
}

/// The dashboard charts progress by front, client and status, and lists the work orders late
/// against their programmed dates: as many as PostgreSQL counts.
#[tokio::test]
async fn the_dashboard_charts_progress_and_lists_late_work_orders() {
    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let late: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND id_estatus_ot IN (1, 2)
           AND (fecha_termino_programado < (now() AT TIME ZONE 'UTC')::date
                OR (progreso = 0 AND fecha_inicio_programado < (now() AT TIME ZONE 'UTC')::date))",
    )
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let browser = signed_in_office(&env).await;
    browser.click_button("Tablero").await;
    browser.wait_for_text("Avance por frente", 10).await;
    browser
        .wait_for_text(&format!("Órdenes atrasadas: {late}"), 10)
        .await;
    let text = browser.text().await;
    assert!(text.contains("Avance por cliente") && text.contains("Órdenes por estatus"));
    let bars = browser
        .client
        .find_all(Locator::Css(".grafica rect"))
        .await
        .unwrap();
    let fronts: i64 =
        sqlx::query_scalar("SELECT count(DISTINCT id_frente) FROM work_orders WHERE estatus <> 0")
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert!(
        bars.len() as i64 >= fronts + 4,
        "a bar per front and per status"
    );
    let rows = browser
        .client
        .find_all(Locator::Css(".atrasadas tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len() as i64, late);
    browser.screenshot("tablero").await;

    browser.close().await;
    env.stop().await;
}

/// The office imports an Anexo C and a schedule from a work order: each upload shows its
/// progress to the end, the partidas and the history list them, and the schedule shows as a
/// Gantt chart with a row per task.
#[tokio::test]
async fn an_office_user_imports_an_anexo_and_a_schedule_and_sees_the_gantt() {
    use ote_shared::codes::EstatusOt;
    use ote_tests::workbooks;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let folder = temp_dir("importar");
    let (anexo, expected) = workbooks::anexo(6);
    let anexo_path = folder.join("anexo-c.xlsx");
    std::fs::write(&anexo_path, anexo).unwrap();
    let tasks: [workbooks::TaskSpec<'_>; 4] = [
        (1, 1, "Movilización", 0, 2, &[]),
        (2, 1, "Inspección submarina", 2, 5, &[(1, 1, 0)]),
        (3, 1, "Reparación de abrazadera", 7, 3, &[(2, 1, 0)]),
        (4, 1, "Entrega", 10, 0, &[(3, 1, 0)]),
    ];
    let schedule_path = folder.join("programa.xml");
    std::fs::write(&schedule_path, workbooks::mspdi(&tasks)).unwrap();

    let browser = signed_in_office(&env).await;
    browser.open_work_order(id).await;
    browser.click_button("Anexo C y programa").await;
    browser.wait_for_text("Sin Anexo C importado", 10).await;
    browser
        .element("form.subir input[name=archivo]")
        .await
        .send_keys(anexo_path.to_str().unwrap())
        .await
        .unwrap();
    browser.click_button("Importar").await;
    browser.wait_for_text("Importación terminada", 20).await;
    browser
        .wait_for_text(&format!("{} partidas", expected.partidas), 10)
        .await;
    assert_eq!(
        browser
            .client
            .find_all(Locator::Css("table.partidas tbody tr"))
            .await
            .unwrap()
            .len(),
        expected.partidas
    );

    browser.choose("tipo", "programa").await;
    browser.type_into("nombre_version", "Línea base").await;
    browser
        .element("form.subir input[name=archivo]")
        .await
        .send_keys(schedule_path.to_str().unwrap())
        .await
        .unwrap();
    browser.click_button("Importar").await;
    browser.wait_for_text("Línea base (4 tareas)", 20).await;
    browser.element(".gantt svg").await;
    let rows = browser
        .client
        .find_all(Locator::Css(".gantt g.fila"))
        .await
        .unwrap();
    assert_eq!(rows.len(), tasks.len(), "a Gantt row per task");
    let milestones = browser
        .client
        .find_all(Locator::Css(".gantt .hito"))
        .await
        .unwrap();
    assert_eq!(milestones.len(), 1, "the zero-length task is a milestone");
    let history = browser
        .client
        .find_all(Locator::Css(
            ".historial-importaciones tbody tr[data-estado=terminada]",
        ))
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "both imports in the work order's history");
    browser.screenshot("gantt").await;

    browser.close().await;
    env.stop().await;
}

/// Two schedule versions of a work order compared on its imports screen: the task added, the
/// one moved (its start before → after, dd/mm/aaaa) and the one unchanged.
#[tokio::test]
async fn the_office_compares_two_schedule_versions() {
    use ote_shared::codes::EstatusOt;
    use ote_tests::import_client::ImportClient;
    use ote_tests::workbooks;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let doc = env.demo_ot(EstatusOt::EnProceso).await;
    let ot: i64 = sqlx::query_scalar("SELECT id FROM work_orders WHERE doc_id = $1")
        .bind(doc)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let first: [workbooks::TaskSpec<'_>; 2] = [
        (1, 1, "Movilización", 0, 2, &[]),
        (2, 1, "Inspección submarina", 2, 5, &[]),
    ];
    let second: [workbooks::TaskSpec<'_>; 3] = [
        (1, 1, "Movilización", 0, 2, &[]),
        (2, 1, "Inspección submarina", 3, 5, &[]),
        (3, 1, "Entrega", 9, 1, &[]),
    ];
    for (tasks, name) in [(&first[..], "Base"), (&second[..], "Reprogramado")] {
        let id = client
            .import_schedule(
                ot,
                "programa.xml",
                workbooks::mspdi(tasks).into_bytes(),
                name,
            )
            .await;
        client.wait(id).await;
    }
    let (_, versions) = client
        .get(&format!("/api/v1/work-orders/{ot}/schedules"))
        .await;
    let base = versions
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["nombre_version"] == "Base")
        .expect("the first version is listed")["id"]
        .to_string();

    let browser = signed_in_office(&env).await;
    browser.open_work_order(doc).await;
    browser.click_button("Anexo C y programa").await;
    browser.choose("comparar_con", &base).await;
    browser
        .wait_for_text(
            "1 tareas agregadas, 0 eliminadas, 1 movidas, 1 sin cambios",
            20,
        )
        .await;
    browser
        .wait_for_text("Inspección submarina: inicio 07/01/2026 → 08/01/2026", 5)
        .await;
    browser.close().await;
    env.stop().await;
}

/// A new work order made a reprogramming in the form: it starts from the chosen initial work
/// order's data and reaches PostgreSQL linked to it and numbered in its chain.
#[tokio::test]
async fn a_reprogramming_is_made_in_the_form_from_its_principal() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let principal = env.demo_ot(EstatusOt::EnProceso).await;
    let folio = env.server_ot(principal).await.orden_trabajo;
    let chain = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM work_orders WHERE ot_principal_doc = $1 AND id_tipo = 5
               AND num_reprogramacion IS NOT NULL",
        )
        .bind(principal)
        .fetch_one(&env.pool)
        .await
        .unwrap()
    };
    let before = chain().await;

    let browser = signed_in_office(&env).await;
    browser.click_button("Nueva orden").await;
    browser.choose("id_tipo", "5").await;
    browser.choose("ot_principal", &principal.to_string()).await;
    let filled = poll_until(10, &folio, || async {
        browser
            .element("input[name=orden_trabajo]")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    })
    .await;
    assert_eq!(filled, folio, "the form starts from the principal's data");
    browser.click_button("Crear orden").await;
    browser.wait_for_text("Historial de estatus", 10).await;
    assert_eq!(
        poll_until(20, &(before + 1), chain).await,
        before + 1,
        "linked to its principal and numbered"
    );
    browser.close().await;
    env.stop().await;
}
