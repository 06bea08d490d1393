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
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
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

/// A technician opens a work order on the tablet, changes a step's status and comment, and
/// the change reaches PostgreSQL with no click on any "sync".
#[tokio::test]
async fn a_step_edited_on_the_tablet_reaches_the_server_on_its_own() {
    use fantoccini::Locator;
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
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .wait_for_text("órdenes de trabajo en este dispositivo", 20)
        .await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("tr[data-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_text(&ot.orden_trabajo, 10).await;
    let fila = format!("tr[data-paso='{paso}']");
    let select = browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("{fila} select[name=estatus_paso]")))
        .await
        .unwrap();
    select.select_by_value("2").await.unwrap();
    let comentario = browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("{fila} input[name=comentario]")))
        .await
        .unwrap();
    comentario
        .send_keys("Revisado en la tableta\t")
        .await
        .unwrap();

    let mut row = (0i16, String::new());
    for _ in 0..100 {
        row = sqlx::query_as(
            "SELECT estatus_paso, comentario FROM work_order_steps WHERE step_id = $1",
        )
        .bind(paso)
        .fetch_one(&env.pool)
        .await
        .unwrap();
        if row == (2, "Revisado en la tableta".to_owned()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        row,
        (2, "Revisado en la tableta".to_owned()),
        "the edit reached PostgreSQL"
    );
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
    use automerge::AutoCommit;
    use fantoccini::Locator;
    use ote_shared::codes::EstatusOt;
    use ote_shared::document;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let server_conflicts = || async {
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT bytes FROM documents WHERE doc_id = $1")
            .bind(id)
            .fetch_one(&env.pool)
            .await
            .unwrap();
        document::conflicts(&AutoCommit::load(&bytes).unwrap()).unwrap()
    };
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
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("tr[data-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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

    let mut settled = false;
    for _ in 0..100 {
        let row: String =
            sqlx::query_scalar("SELECT comentario FROM work_order_steps WHERE step_id = $1")
                .bind(paso)
                .fetch_one(&env.pool)
                .await
                .unwrap();
        if row == picked && server_conflicts().await.is_empty() {
            settled = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
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
    use fantoccini::Locator;
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
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("tr[data-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let select = browser
        .client
        .wait()
        .for_element(Locator::Css("select[name=nuevo_estatus]"))
        .await
        .unwrap();
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
        .client
        .find(Locator::Css("input[name=motivo]"))
        .await
        .unwrap()
        .send_keys("Llegó el equipo")
        .await
        .unwrap();
    browser
        .client
        .find(submit)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mut estatus = 0;
    for _ in 0..100 {
        estatus = status().await;
        if estatus == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
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
    use fantoccini::Locator;
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let png: Vec<u8> = [&b"\x89PNG\r\n\x1a\n"[..], "manómetro en 120 bar".as_bytes()].concat();
    let path = ote_tests::env::temp_dir("foto").join("manometro.png");
    std::fs::write(&path, &png).unwrap();
    let sha256 = ote_shared::model::sha256_hex(&png);

    let browser = Browser::start().await;
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("tr[data-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Css("input[name=foto_1]"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    browser.wait_for_text("manometro.png", 10).await;

    let mut arrived = (0i64, 0i64);
    for _ in 0..100 {
        arrived = sqlx::query_as(
            "SELECT (SELECT count(*) FROM work_order_photos p JOIN work_orders w ON w.id = p.work_order_id
                     WHERE w.doc_id = $1 AND p.proceso = 1 AND p.titulo = 'manometro.png' AND p.sha256 = $2),
                    (SELECT count(*) FROM blobs WHERE sha256 = $2 AND tamano = $3)",
        )
        .bind(id)
        .bind(&sha256)
        .bind(png.len() as i64)
        .fetch_one(&env.pool)
        .await
        .unwrap();
        if arrived == (1, 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(
        arrived,
        (1, 1),
        "the photo's metadata and its bytes reached the server"
    );
    browser.screenshot("fotos").await;

    browser.close().await;
    env.stop().await;
}

/// A change the server's rules reject (a step of a finished work order) is undone there, and
/// the tablet shows the notice saying what was undone and why.
#[tokio::test]
async fn a_change_the_server_rejects_shows_its_notice() {
    use fantoccini::Locator;
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    let id = env.demo_ot(EstatusOt::Terminada).await;
    let paso = env.server_ot(id).await.pasos_ordenados()[0].id;
    let before = env.server_ot(id).await.pasos[&paso].comentario.clone();

    let browser = Browser::start().await;
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("tr[data-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!(
            "tr[data-paso='{paso}'] input[name=comentario]"
        )))
        .await
        .unwrap()
        .send_keys("Cambio después de cerrar\t")
        .await
        .unwrap();
    browser
        .wait_for_text(
            "La OT está terminada o cancelada: sus pasos ya no admiten cambios",
            20,
        )
        .await;
    browser.screenshot("aviso").await;
    assert_eq!(
        env.server_ot(id).await.pasos[&paso].comentario,
        before,
        "the server undid the change"
    );

    browser.close().await;
    env.stop().await;
}

/// A read-only user sees a work order whole, and every control that would change it is off.
#[tokio::test]
async fn a_read_only_user_sees_the_work_order_but_cannot_change_it() {
    use fantoccini::Locator;
    use ote_server::users::{self, Role};
    use ote_shared::codes::EstatusOt;

    let env = Env::start_serving(server_bin!(), &built_app()).await;
    users::add(&env.pool, "auditor", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    let id = env.demo_ot(EstatusOt::EnProceso).await;
    let browser = Browser::start().await;
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("auditor", "clave-segura-3").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("tr[data-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for control in [
        "select[name=nuevo_estatus]",
        "select[name=estatus_paso]",
        "input[name=comentario]",
        "input[name=foto_1]",
    ] {
        let element = browser
            .client
            .wait()
            .for_element(Locator::Css(control))
            .await
            .unwrap();
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
    use fantoccini::Locator;
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
    browser.client.goto(&env.server.url).await.unwrap();
    browser.sign_in("tecnico", "clave-segura-1").await;
    browser
        .wait_for_text(
            &format!("{} órdenes de trabajo en este dispositivo", ots.len()),
            20,
        )
        .await;
    browser
        .client
        .find(Locator::Css("select[name=tipo]"))
        .await
        .unwrap()
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
        .client
        .wait()
        .for_element(Locator::Css(&format!(
            "select[name=frente] option[value='{frente}']"
        )))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("select[name=frente]"))
        .await
        .unwrap()
        .select_by_value(&frente.to_string())
        .await
        .unwrap();
    let expected = if del_frente == ots.len() {
        String::new()
    } else {
        format!("· {del_frente} coinciden")
    };
    browser.wait_for_text(&expected, 5).await;
    browser.screenshot("lista").await;
    browser.close().await;
    env.stop().await;
}
