//! The app's screens end to end, in headless Chromium against the real server and PostgreSQL:
//! the list's filters, the work-order detail (steps, status change with its rules, photos,
//! conflicts, the server's notices) and what a read-only user may do. Every change is made on
//! the device and reaches PostgreSQL with no click on any "sync". Screenshots of the screens
//! are saved under `<target>/screenshots/`.

use fantoccini::Locator;
use ote_tests::browser::Browser;
use ote_tests::env::{Env, built_app};
use ote_tests::{poll_until, server_bin};

/// A technician opens a work order on the tablet, changes a step's status and comment, and
/// the change reaches PostgreSQL with no click on any "sync".
#[tokio::test]
async fn a_step_edited_on_the_tablet_reaches_the_server_on_its_own() {
    use ote_shared::codes::{EstatusOt, EstatusPaso};

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let ot = env.server_ot(id).await;
    let paso = ot
        .pasos_ordenados()
        .into_iter()
        .find(|p| p.estatus_paso == EstatusPaso::Pendiente)
        .expect("the demo OT has a pending step")
        .id;

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    browser.open_work_order(id).await;
    browser.wait_for_text(&ot.orden_trabajo, 10).await;
    let fila = format!("tr[data-paso='{paso}']");
    let select = browser
        .element(&format!("{fila} select[name=estatus_paso]"))
        .await;
    select.select_by_value("2").await.unwrap();
    // Found again if the status change's save redrew the row meanwhile.
    browser
        .send_keys_to(
            &format!("{fila} input[name=comentario]"),
            "Revisado en la tableta\t",
        )
        .await;

    let expected = (2i16, "Revisado en la tableta".to_owned());
    let row = poll_until(20, &expected, || async {
        sqlx::query_as("SELECT estatus_paso, comentario FROM work_order_steps WHERE step_id = $1")
            .bind(paso)
            .fetch_one(&env.pool)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(row, expected, "the edit reached PostgreSQL");
    browser.screenshot("detalle").await;
    assert!(!browser.text().await.contains("No se guardó"));

    browser.close().await;
    env.stop().await;
}

/// Two devices changed the same step's comment without seeing each other: the tablet shows
/// both values, and the value picked there becomes the only one, on the server and on the
/// other devices.
#[tokio::test]
async fn a_conflict_shows_every_value_and_a_pick_settles_it_everywhere() {
    use ote_shared::codes::EstatusOt;
    use ote_shared::document;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let server_conflicts = || async { document::conflicts(&env.server_doc(id).await).unwrap() };
    let (a, b) = (env.device(), env.office_device());
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    a.edit(id, |ot| {
        ot.pasos.get_mut(&paso).unwrap().comentario = "Válvula cerrada".into()
    })
    .await;
    b.edit(id, |ot| {
        ot.pasos.get_mut(&paso).unwrap().comentario = "Válvula abierta".into()
    })
    .await;
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    assert_eq!(
        server_conflicts().await.len(),
        1,
        "the server keeps both values"
    );
    let shown = env.server_ot(id).await.pasos[&paso].comentario.clone();
    let picked = if shown == "Válvula abierta" {
        "Válvula cerrada"
    } else {
        "Válvula abierta"
    };

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.open_work_order(id).await;
    browser.wait_for_text("Cambios simultáneos", 10).await;
    browser.wait_for_text("Usar «Válvula cerrada»", 5).await;
    browser.wait_for_text("Usar «Válvula abierta»", 5).await;
    browser.screenshot("conflicto").await;
    browser
        .client
        .find(Locator::XPath(&format!(
            "//button[contains(., '«{picked}»')]"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let settled = poll_until(20, &true, || async {
        let row: String =
            sqlx::query_scalar("SELECT comentario FROM work_order_steps WHERE step_id = $1")
                .bind(paso)
                .fetch_one(&env.pool)
                .await
                .unwrap();
        row == picked && server_conflicts().await.is_empty()
    })
    .await;
    assert!(
        settled,
        "the pick reached the server and settled the conflict there"
    );
    assert!(
        !browser.text().await.contains("Cambios simultáneos"),
        "the tablet no longer shows the conflict"
    );
    a.sync().await.unwrap();
    assert_eq!(a.read(id).pasos[&paso].comentario, picked);
    assert!(
        document::conflicts(&a.doc(id)).unwrap().is_empty(),
        "and on the other devices"
    );

    browser.close().await;
    env.stop().await;
}

/// The status change on the tablet: a reason the rules require is asked for before anything is
/// saved; a valid change reaches PostgreSQL with its entry in the history.
#[tokio::test]
async fn a_status_change_on_the_tablet_checks_the_rules_and_reaches_the_history() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::Activa).await;
    let status = || async {
        sqlx::query_scalar::<_, i16>("SELECT id_estatus_ot FROM work_orders WHERE doc_id = $1")
            .bind(id)
            .fetch_one(&env.pool)
            .await
            .unwrap()
    };
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.open_work_order(id).await;
    let select = browser.element("select[name=nuevo_estatus]").await;
    let submit = Locator::Css("form.cambio-estatus button[type=submit]");

    select.select_by_value("4").await.unwrap();
    browser
        .client
        .find(submit)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("Para pasar a «Cancelada» escriba el motivo", 5)
        .await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(status().await, 1, "nothing was saved");

    select.select_by_value("2").await.unwrap();
    browser
        .send_keys_to("input[name=motivo]", "Llegó el equipo")
        .await;
    browser
        .client
        .find(submit)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let estatus = poll_until(20, &2, status).await;
    assert_eq!(estatus, 2, "the change reached PostgreSQL");
    let history: (String, String) = sqlx::query_as(
        "SELECT h.usuario, h.comentario FROM work_order_history h JOIN work_orders w ON w.id = h.work_order_id
         WHERE w.doc_id = $1 AND h.estatus_nuevo = 2",
    )
    .bind(id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(history, ("tecnico".into(), "Llegó el equipo".into()));
    browser.wait_for_text("Activa → En proceso", 5).await;

    browser.close().await;
    env.stop().await;
}

/// A photo taken on the tablet (the file input the camera fills) is kept on the device, then
/// its metadata and its bytes reach the server with no click on any "sync".
#[tokio::test]
async fn a_photo_taken_on_the_tablet_reaches_the_server() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let png: Vec<u8> = [&b"\x89PNG\r\n\x1a\n"[..], "manómetro en 120 bar".as_bytes()].concat();
    let path = ote_tests::env::temp_dir("foto").join("manometro.png");
    std::fs::write(&path, &png).unwrap();
    let sha256 = ote_shared::model::sha256_hex(&png);

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.open_work_order(id).await;
    browser
        .send_keys_to("input[name=foto_1]", path.to_str().unwrap())
        .await;
    browser.wait_for_text("manometro.png", 10).await;

    let arrived = poll_until(20, &(1i64, 1i64), || async {
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM work_order_photos p JOIN work_orders w ON w.id = p.work_order_id
                     WHERE w.doc_id = $1 AND p.proceso = 1 AND p.titulo = 'manometro.png' AND p.sha256 = $2),
                    (SELECT count(*) FROM blobs WHERE sha256 = $2 AND tamano = $3)",
        )
        .bind(id)
        .bind(&sha256)
        .bind(png.len() as i64)
        .fetch_one(&env.pool)
        .await
        .unwrap()
    })
    .await;
    assert_eq!(
        arrived,
        (1, 1),
        "the photo's metadata and its bytes reached the server"
    );
    browser.screenshot("fotos").await;

    browser.close().await;
    env.stop().await;
}

/// On the tablet a change the rules forbid (a step of a finished work order) is refused before
/// it is saved: the tablet says why, and nothing is sent.
#[tokio::test]
async fn a_change_the_rules_forbid_is_refused_on_the_tablet() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::Terminada).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let before = env.server_ot(id).await.pasos[&paso].comentario.clone();
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.open_work_order(id).await;
    browser
        .send_keys_to(
            &format!("tr[data-paso='{paso}'] input[name=comentario]"),
            "Cambio después de cerrar\t",
        )
        .await;
    browser
        .wait_for_text(
            "No se guardó el cambio: La OT está terminada, confirmada o cancelada",
            20,
        )
        .await;
    assert_eq!(env.server_ot(id).await.pasos[&paso].comentario, before);
    browser.close().await;
    env.stop().await;
}

/// A change the server's rules reject (a step of a work order the office cancelled while the
/// tablet was offline, which the tablet could not know) is undone there, and the tablet shows
/// the notice saying what was undone and why.
#[tokio::test]
async fn a_change_the_server_rejects_shows_its_notice() {
    use ote_shared::codes::EstatusOt;
    use ote_tests::ServerProcess;
    use ote_tests::env::temp_dir;

    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let before = env.server_ot(id).await.pasos[&paso].comentario.clone();

    // The tablet changes a step offline, while the work order is still open on it: its own
    // judgement lets the change through.
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser.open_work_order(id).await;
    // The work order is on screen (its screen's module loaded) before the network goes.
    browser
        .element(&format!("tr[data-paso='{paso}'] input[name=comentario]"))
        .await;
    env.server.kill().await;
    browser
        .send_keys_to(
            &format!("tr[data-paso='{paso}'] input[name=comentario]"),
            "Cambio después de cerrar\t",
        )
        .await;
    browser
        .wait_for_text("Sin servidor; se reintentará", 20)
        .await;

    // Meanwhile the office cancels the work order, through another server of the database.
    let office = ServerProcess::start(server_bin!(), &env.db, &built_app(), &temp_dir("oficina"))
        .await
        .unwrap();
    let numeric: i64 = sqlx::query_scalar("SELECT id FROM work_orders WHERE doc_id = $1")
        .bind(id)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    let cancelled = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/work-orders/{numeric}/status",
            office.url
        ))
        .header("Api-key", &env.office_key)
        .json(&serde_json::json!({"id_estatus_ot": 4, "comentario": "Cancelada por el cliente"}))
        .send()
        .await
        .unwrap();
    assert!(cancelled.status().is_success(), "{}", cancelled.status());
    office.stop().await;

    // Back online, the server refuses the step change and says why.
    env.server.restart().await.unwrap();
    browser
        .wait_for_text(
            "La OT está terminada, confirmada o cancelada: sus pasos ya no admiten cambios",
            60,
        )
        .await;
    browser.screenshot("aviso").await;
    assert_eq!(
        env.server_ot(id).await.pasos[&paso].comentario,
        before,
        "the server undid the change"
    );

    // The list marks the work order until the user has read its notice.
    let badge = format!("tr[data-id='{id}'] .marca.aviso");
    browser.click_button("← Órdenes de trabajo").await;
    browser.element(&badge).await;
    browser.open_work_order(id).await;
    browser.click_button("Entendido").await;
    let read = poll_until(10, &false, || async {
        browser.text().await.contains("El servidor deshizo cambios")
    })
    .await;
    assert!(!read, "the notice is gone once read");
    browser.click_button("← Órdenes de trabajo").await;
    browser.element(&format!("tr[data-id='{id}']")).await;
    assert!(
        browser.client.find(Locator::Css(&badge)).await.is_err(),
        "no badge once read"
    );

    browser.close().await;
    env.stop().await;
}

/// A read-only user sees a work order whole, and every control that would change it is off.
#[tokio::test]
async fn a_read_only_user_sees_the_work_order_but_cannot_change_it() {
    use ote_server::auth::users::{self, Role};
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    users::add(&env.pool, "auditor", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "auditor", "clave-segura-3")
        .await;
    browser.open_work_order(id).await;
    for control in [
        "select[name=nuevo_estatus]",
        "select[name=estatus_paso]",
        "input[name=comentario]",
        "input[name=foto_1]",
    ] {
        let element = browser.element(control).await;
        assert!(
            !element.is_enabled().await.unwrap(),
            "{control} is off for lectura"
        );
    }
    browser.close().await;
    env.stop().await;
}

/// The list's filters and sort work on the device's own summaries: the type filter keeps
/// exactly the reprogrammings the technician has.
#[tokio::test]
async fn the_list_filters_by_type_and_front_on_the_device() {
    use ote_shared::codes::TipoOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let tecnico = env.device();
    tecnico.sync().await.unwrap();
    let ots: Vec<_> = tecnico
        .doc_ids()
        .into_iter()
        .map(|id| tecnico.read(id))
        .collect();
    let reprogramaciones = ots
        .iter()
        .filter(|o| o.id_tipo == TipoOt::Reprogramacion)
        .count();
    assert!(
        reprogramaciones > 0 && reprogramaciones < ots.len(),
        "the demo has both types"
    );

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    browser
        .wait_for_text(
            &format!("{} órdenes de trabajo en este dispositivo", ots.len()),
            20,
        )
        .await;
    browser
        .element("select[name=tipo]")
        .await
        .select_by_value("5")
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("· {reprogramaciones} coinciden"), 5)
        .await;
    let frente = ots[0].id_frente.expect("demo OTs have a front");
    let del_frente = ots
        .iter()
        .filter(|o| o.id_tipo == TipoOt::Reprogramacion && o.id_frente == Some(frente))
        .count();
    browser
        .element(&format!("select[name=frente] option[value='{frente}']"))
        .await;
    browser
        .element("select[name=frente]")
        .await
        .select_by_value(&frente.to_string())
        .await
        .unwrap();
    let expected = if del_frente == ots.len() {
        String::new()
    } else {
        format!("· {del_frente} coinciden")
    };
    browser.wait_for_text(&expected, 5).await;

    // The site filter, on top: the type and front chosen, the work orders on one site.
    let sitio = ots
        .iter()
        .filter(|o| o.id_tipo == TipoOt::Reprogramacion && o.id_frente == Some(frente))
        .find_map(|o| {
            o.id_embarcacion
                .map(|e| ("embarcacion", e))
                .or(o.id_patio.map(|p| ("patio", p)))
        });
    let (clave, id_sitio) = sitio.expect("a demo work order of that front has a site");
    let en_sitio = ots
        .iter()
        .filter(|o| o.id_tipo == TipoOt::Reprogramacion && o.id_frente == Some(frente))
        .filter(|o| match clave {
            "embarcacion" => o.id_embarcacion == Some(id_sitio),
            _ => o.id_patio == Some(id_sitio),
        })
        .count();
    browser
        .choose("sitio", &format!("{clave}:{id_sitio}"))
        .await;
    browser
        .wait_for_text(&format!("· {en_sitio} coinciden"), 5)
        .await;
    browser.screenshot("lista").await;
    browser.close().await;
    env.stop().await;
}

/// The office reprograms a work order from its detail screen: the tipo 5 work order is made on
/// the device, and the server links it to its principal, numbers it next in the chain and gives
/// it its steps from the templates.
#[tokio::test]
async fn the_office_reprograms_a_work_order_from_its_detail() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let chain = || async {
        sqlx::query_as::<_, (i64, Option<i32>, i64)>(
            "SELECT count(*), max(w.num_reprogramacion),
                    COALESCE(min((SELECT count(*) FROM work_order_steps s WHERE s.work_order_id = w.id)), 0)
             FROM work_orders w WHERE w.ot_principal_doc = $1 AND w.id_tipo = 5",
        )
        .bind(id)
        .fetch_one(&env.pool)
        .await
        .unwrap()
    };
    let (before, last, _) = chain().await;
    // Seed 001: a reprogramming's templates depend on its client.
    let cliente = env.server_ot(id).await.id_cliente;
    let tipo =
        ote_shared::templates::tipo_plantilla(ote_shared::codes::TipoOt::Reprogramacion, cliente);
    let templates: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pasos_ot WHERE tipo = $1 AND activo")
            .bind(tipo)
            .fetch_one(&env.pool)
            .await
            .unwrap();

    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    browser.open_work_order(id).await;
    browser
        .element("button.reprogramar")
        .await
        .click()
        .await
        .unwrap();
    let next = last.unwrap_or(0) + 1;
    let expected = (before + 1, Some(next), templates);
    let got = poll_until(20, &expected, chain).await;
    assert_eq!(
        got, expected,
        "linked, numbered next in the chain, with its template steps"
    );
    browser
        .wait_for_text(&format!("Reprogramación {next}"), 10)
        .await;
    assert!(
        !browser.text().await.contains("El servidor deshizo"),
        "numbering a reprogramming made without a number is no notice"
    );
    browser.screenshot("reprogramacion").await;
    browser.close().await;
    env.stop().await;
}

/// Two browsers change the same step's comment while the server is down; once it is back,
/// with no click, each shows the conflict with both values, and a pick in one settles it in
/// the other and on the server.
#[tokio::test]
async fn two_browsers_offline_see_the_same_conflict_and_one_pick_settles_it() {
    use ote_shared::codes::EstatusOt;

    let mut env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let comentario = format!("tr[data-paso='{paso}'] input[name=comentario]");
    let tableta = Browser::start().await;
    tableta
        .open_signed_in(&env.server.url, "tecnico", "clave-segura-1")
        .await;
    let oficina = Browser::start().await;
    oficina
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    for browser in [&tableta, &oficina] {
        browser.open_work_order(id).await;
        browser.element(&comentario).await;
    }

    env.server.kill().await;
    for (browser, texto) in [(&tableta, "Brida cambiada"), (&oficina, "Brida pendiente")] {
        browser
            .replace_text(&comentario, &format!("{texto}\t"))
            .await;
        // The edit's sync finds no server: both changes are made offline.
        browser.wait_for_text("Sin servidor", 20).await;
    }
    env.server.restart().await.unwrap();
    for browser in [&tableta, &oficina] {
        browser.wait_for_text("Usar «Brida cambiada»", 60).await;
        browser.wait_for_text("Usar «Brida pendiente»", 5).await;
    }
    oficina.screenshot("conflicto-dos-navegadores").await;
    tableta.click_button("Usar «Brida pendiente»").await;

    let settled = poll_until(30, &true, || async {
        !tableta.text().await.contains("Cambios simultáneos")
            && !oficina.text().await.contains("Cambios simultáneos")
    })
    .await;
    assert!(settled, "the pick settled the conflict in both browsers");
    assert_eq!(
        env.server_ot(id).await.pasos[&paso].comentario,
        "Brida pendiente"
    );
    tableta.close().await;
    oficina.close().await;
    env.stop().await;
}

/// A work order has its own URL: opened from the list the address names it, the browser's back
/// button returns to the list, and the address opens that work order again.
#[tokio::test]
async fn a_work_order_has_a_link_and_back_returns_to_the_list() {
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let folio = env.server_ot(id).await.orden_trabajo;
    let browser = Browser::start().await;
    browser
        .open_signed_in(&env.server.url, "planeacion", "clave-segura-2")
        .await;
    browser.open_work_order(id).await;
    browser.wait_for_text("Historial de estatus", 20).await;
    let link = browser.client.current_url().await.unwrap();
    assert_eq!(link.path(), format!("/ot/{id}"));

    browser.client.back().await.unwrap();
    browser.element(&format!("tr[data-id='{id}']")).await;
    assert_eq!(browser.client.current_url().await.unwrap().path(), "/");

    browser.client.goto(link.as_str()).await.unwrap();
    browser.wait_for_text("Historial de estatus", 20).await;
    browser.wait_for_text(&folio, 10).await;
    browser.close().await;
    env.stop().await;
}
