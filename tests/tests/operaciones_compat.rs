//! Seed 000's read routes under `/operaciones/ot/` answer its clients unchanged: fields as JSON
//! or as a form, the `{exito, tipo_aviso, detalles, datos}` envelope, the DataTables protocol,
//! errors as the envelope with a stable code, and the same visibility as the rest of the API.

use ote_tests::env::Env;
use ote_tests::server_bin;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post_json(env: &Env, key: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}{path}", env.server.url))
        .header("Api-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn post_form(env: &Env, key: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}{path}", env.server.url))
        .header("Api-key", key)
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn scalar(env: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&env.pool).await.unwrap()
}

#[tokio::test]
async fn the_seed_read_routes_answer_in_its_envelope() {
    let env = Env::start(server_bin!()).await;
    let key = env.office_key.clone();
    let ot = env.first_work_order().await;

    // obtener_datos: JSON {"ot_id": n} or a form, the OT with its steps in `datos`.
    let (status, body) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_datos/",
        json!({ "ot_id": ot }),
    )
    .await;
    assert_eq!(
        (status, body["exito"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{body}"
    );
    assert_eq!(body["datos"]["id"], ot);
    let pasos = scalar(
        &env,
        &format!("SELECT count(*) FROM work_order_steps WHERE work_order_id = {ot}"),
    )
    .await;
    assert_eq!(
        body["datos"]["pasos"].as_array().unwrap().len() as i64,
        pasos
    );
    let ot_text = ot.to_string();
    let (_, by_form) = post_form(
        &env,
        &key,
        "/operaciones/ot/obtener_datos/",
        &[("ot_id", &ot_text)],
    )
    .await;
    assert_eq!(by_form["datos"], body["datos"]);
    let (status, missing) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_datos/",
        json!({ "ot_id": 999_999 }),
    )
    .await;
    assert_eq!(
        (
            status,
            missing["exito"].as_bool(),
            missing["codigo"].as_str()
        ),
        (StatusCode::NOT_FOUND, Some(false), Some("no_encontrado"))
    );
    let (status, bad) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_datos/",
        json!({ "ot_id": "uno" }),
    )
    .await;
    assert_eq!(
        (status, bad["codigo"].as_str()),
        (StatusCode::BAD_REQUEST, Some("id_invalido"))
    );

    // obtener_ot_iniciales: every active tipo 4 OT.
    let (_, iniciales) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_ot_iniciales/",
        json!({}),
    )
    .await;
    let expected = scalar(
        &env,
        "SELECT count(*) FROM work_orders WHERE id_tipo = 4 AND estatus = 1",
    )
    .await;
    assert_eq!(
        iniciales["datos"].as_array().unwrap().len() as i64,
        expected
    );
    assert!(iniciales["datos"][0]["orden_trabajo"].is_string());

    // obtener_sitios_frente: only that front's sites; obtener_sitios: all of them.
    let frente = scalar(&env, "SELECT min(id_frente) FROM embarcaciones").await;
    let (_, sitios) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_sitios_frente/",
        json!({ "id_frente": frente }),
    )
    .await;
    let embarcaciones = sitios["datos"]["embarcaciones"].as_array().unwrap();
    assert!(!embarcaciones.is_empty());
    assert!(embarcaciones.iter().all(|s| s["id_frente"] == frente));
    let (_, todos) = post_json(&env, &key, "/operaciones/ot/obtener_sitios/", json!({})).await;
    let all = scalar(&env, "SELECT count(*) FROM embarcaciones WHERE activo").await;
    assert_eq!(
        todos["datos"]["embarcaciones"].as_array().unwrap().len() as i64,
        all
    );
    for kind in ["plataformas", "intercoms", "patios"] {
        assert!(todos["datos"][kind].is_array(), "{kind}");
    }
    env.stop().await;
}

#[tokio::test]
async fn the_work_order_datatable_speaks_the_datatables_protocol() {
    let env = Env::start(server_bin!()).await;
    let key = env.office_key.clone();
    let active = scalar(&env, "SELECT count(*) FROM work_orders WHERE estatus <> 0").await;
    let folio: String = sqlx::query_scalar(
        "SELECT orden_trabajo FROM work_orders WHERE estatus = 1 ORDER BY id LIMIT 1",
    )
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let form = [
        ("draw", "3"),
        ("start", "0"),
        ("length", "5"),
        ("columns[0][data]", "orden_trabajo"),
        ("order[0][column]", "0"),
        ("order[0][dir]", "asc"),
    ];
    let (status, page) = post_form(&env, &key, "/operaciones/ot/datatable/", &form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        (
            page["draw"].as_i64(),
            page["recordsTotal"].as_i64(),
            page["recordsFiltered"].as_i64()
        ),
        (Some(3), Some(active), Some(active))
    );
    let folios: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["orden_trabajo"].as_str().unwrap())
        .collect();
    assert_eq!(folios.len(), 5);
    assert!(
        folios.windows(2).all(|w| w[0] <= w[1]),
        "sorted by folio: {folios:?}"
    );
    assert!(page["data"][0]["id"].is_i64());

    let search = [
        ("draw", "4"),
        ("start", "0"),
        ("length", "10"),
        ("search[value]", folio.as_str()),
    ];
    let (_, found) = post_form(&env, &key, "/operaciones/ot/datatable/", &search).await;
    assert_eq!(found["recordsTotal"].as_i64(), Some(active));
    assert!(found["recordsFiltered"].as_i64().unwrap() >= 1);
    assert!(
        found["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["orden_trabajo"] == folio.as_str())
    );

    let bad = [
        ("columns[0][data]", "contrasena"),
        ("order[0][column]", "0"),
    ];
    let (status, body) = post_form(&env, &key, "/operaciones/ot/datatable/", &bad).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("orden_invalido"))
    );

    // A technician's table holds only their work orders.
    let (_, mine) = post_form(
        &env,
        &env.key,
        "/operaciones/ot/datatable/",
        &[("length", "100")],
    )
    .await;
    let theirs = scalar(&env, &format!(
        "SELECT count(DISTINCT w.id) FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id
         WHERE e.empleado_id = {} AND w.estatus <> 0", ote_tests::env::EMPLEADO_TECNICO)).await;
    assert_eq!(mine["recordsTotal"].as_i64(), Some(theirs));
    env.stop().await;
}

#[tokio::test]
async fn steps_datatable_and_progress() {
    let env = Env::start(server_bin!()).await;
    let key = env.office_key.clone();
    let ot = env.first_work_order().await;
    let ot_text = ot.to_string();
    let pasos = scalar(
        &env,
        &format!("SELECT count(*) FROM work_order_steps WHERE work_order_id = {ot}"),
    )
    .await;
    assert!(pasos > 2, "the demo OT has its template steps");

    let form = [
        ("draw", "1"),
        ("start", "0"),
        ("length", "2"),
        ("id_ot", ot_text.as_str()),
    ];
    let (status, page) = post_form(&env, &key, "/operaciones/ot/detalle/datatable/", &form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        (
            page["recordsTotal"].as_i64(),
            page["recordsFiltered"].as_i64()
        ),
        (Some(pasos), Some(pasos))
    );
    let rows = page["data"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id_ot"], ot);
    assert!(rows[0]["paso"].is_string() && rows[0]["estatus"].is_string());
    assert!(
        rows[0]["id_paso"].as_i64() < rows[1]["id_paso"].as_i64(),
        "template order"
    );
    let (status, body) = post_form(
        &env,
        &key,
        "/operaciones/ot/detalle/datatable/",
        &[("id_ot", "999999")],
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("no_encontrado"))
    );

    // Progress of one OT: its steps by status add up.
    let (_, one) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_progreso_general_ot/",
        json!({ "id": ot }),
    )
    .await;
    let p = &one["datos"]["pasos"];
    let sum: i64 = ["pendientes", "en_proceso", "terminados", "no_aplica"]
        .iter()
        .map(|k| p[*k].as_i64().unwrap())
        .sum();
    assert_eq!((p["total"].as_i64(), sum), (Some(pasos), pasos));
    assert!(one["datos"]["progreso"].is_string());

    // Overall: every active OT, by front, client and status.
    let (_, all) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_progreso_general_ot/",
        json!({}),
    )
    .await;
    let active = scalar(&env, "SELECT count(*) FROM work_orders WHERE estatus = 1").await;
    assert_eq!(all["datos"]["ots"].as_i64(), Some(active));
    for group in ["por_frente", "por_cliente", "por_estatus"] {
        let total: i64 = all["datos"][group]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["ots"].as_i64().unwrap())
            .sum();
        assert_eq!(total, active, "{group}");
    }
    assert!(all["datos"]["por_estatus"][0]["descripcion"].is_string());
    env.stop().await;
}
