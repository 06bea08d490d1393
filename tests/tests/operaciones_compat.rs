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
        (StatusCode::OK, Some("id_invalido")),
        "a business error is the seed's 200 with exito false"
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

/// The keys of `datos_ot` in seed 001's `obtener_datos_ot`, as the seed's document writes them.
fn seed_001_datos_ot_keys() -> Vec<String> {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds");
    let seed = std::fs::read_dir(seeds)
        .expect("../shared/seeds is beside the repo")
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("001_"))
        .expect("seed 001");
    let text = std::fs::read_to_string(seed).unwrap();
    let block = text
        .split("datos_ot = {")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap();
    block
        .lines()
        .filter_map(|l| l.trim().strip_prefix('\'')?.split('\'').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn obtener_datos_answers_seed_001s_datos_ot_key_for_key() {
    let keys = seed_001_datos_ot_keys();
    assert_eq!(keys.len(), 31, "{keys:?}");
    let env = Env::start(server_bin!()).await;
    let key = env.office_key.clone();
    let ot = env.first_work_order().await;
    let (status, body) = post_json(
        &env,
        &key,
        "/operaciones/ot/obtener_datos/",
        json!({ "ot_id": ot }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let datos = body["datos"].as_object().unwrap();
    let missing: Vec<&String> = keys.iter().filter(|k| !datos.contains_key(*k)).collect();
    assert!(missing.is_empty(), "missing {missing:?}");
    // Values as the seed shapes them: the PTE's letter, the type's name, the status code.
    let pte = scalar(
        &env,
        &format!("SELECT id_pte_header FROM work_orders WHERE id = {ot}"),
    )
    .await;
    let oficio: String = sqlx::query_scalar("SELECT oficio_pte FROM pte_headers WHERE id = $1")
        .bind(pte)
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(datos["id_pte_id"], pte);
    assert_eq!(datos["pte_padre"], oficio.as_str());
    assert_eq!(datos["id_tipo_id"], 4);
    assert_eq!(datos["descripcion_tipo"], "Inicial");
    let estatus = scalar(
        &env,
        &format!("SELECT id_estatus_ot::int8 FROM work_orders WHERE id = {ot}"),
    )
    .await;
    assert_eq!(datos["estatus_ot"], estatus);
    assert!(datos["monto_mxn"].is_string(), "amounts as decimal text");
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
        (status, body["exito"].as_bool(), body["codigo"].as_str()),
        (StatusCode::OK, Some(false), Some("orden_invalido"))
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
        (status, body["codigo"].as_str()),
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

/// The seed's create form (`crear_ot`), as its office page posts it.
const CREAR: [(&str, &str); 12] = [
    ("orden_trabajo", "OT-SEED-777"),
    ("oficio_ot", "PEP-SUB-0777/2026"),
    ("id_tipo", "4"),
    ("descripcion_trabajo", "Mantenimiento a válvula submarina"),
    ("comentario_general", "Alta por el formulario anterior"),
    ("responsable_cliente", "Ing. Pedro Canul"),
    ("responsable_proyecto", "1"),
    ("id_cliente", "2"),
    ("id_frente", "1"),
    ("id_patio", "1"),
    ("monto_mxn", "99.90"),
    ("fecha_inicio_programado", "2026-12-01"),
];

#[tokio::test]
async fn the_seed_write_routes_answer_in_its_envelope() {
    let env = Env::start(server_bin!()).await;
    let key = env.office_key.clone();

    // crear-ot-reprogramacion/: the seed's message when the folio is missing, nothing stored.
    let before = scalar(&env, "SELECT count(*) FROM work_orders").await;
    let mut sin_folio = CREAR.to_vec();
    sin_folio[0].1 = "";
    let (status, body) = post_form(
        &env,
        &key,
        "/operaciones/ot/crear-ot-reprogramacion/",
        &sin_folio,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the seed's JsonResponse is a 200");
    assert_eq!(body["exito"], false);
    assert_eq!(body["tipo_aviso"], "error");
    assert_eq!(body["detalles"], "El Folio de la OT es obligatorio");
    assert_eq!(body["codigo"], "folio_requerido");
    assert_eq!(
        scalar(&env, "SELECT count(*) FROM work_orders").await,
        before
    );

    let (status, body) = post_form(
        &env,
        &key,
        "/operaciones/ot/crear-ot-reprogramacion/",
        &CREAR,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["exito"].as_bool(), body["tipo_aviso"].as_str()),
        (Some(true), Some("exito"))
    );
    assert_eq!(body["detalles"], "OT creada correctamente");
    let id = body["id_nuevo"].as_i64().unwrap();
    let row: (String, i64, Option<i64>, bool, String) = sqlx::query_as(
        "SELECT orden_trabajo, id_cliente, id_patio, requiere_patio, monto_mxn::text FROM work_orders WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        ("OT-SEED-777".into(), 2, Some(1), false, "99.90".into())
    );
    let pasos = scalar(
        &env,
        &format!("SELECT count(*) FROM work_order_steps WHERE work_order_id = {id}"),
    )
    .await;
    assert!(pasos > 0, "steps from the templates");

    // A reprogramming through the same route: tipo 5 with its principal.
    let id_text = id.to_string();
    let mut repro = CREAR.to_vec();
    repro[2].1 = "5";
    repro.push(("ot_principal", &id_text));
    let (_, body) = post_form(
        &env,
        &key,
        "/operaciones/ot/crear-ot-reprogramacion/",
        &repro,
    )
    .await;
    let child = body["id_nuevo"].as_i64().expect("created");
    let num = scalar(&env, &format!("SELECT num_reprogramacion::bigint FROM work_orders WHERE id = {child} AND ot_principal = {id}")).await;
    assert_eq!(num, 1);

    // editar/: JSON with `id`; the offshore yard phase from its checkbox.
    let (status, body) = post_json(&env, &key, "/operaciones/ot/editar/", json!({
        "id": id, "id_frente": 2, "id_embarcacion": 1, "check_fase_patio": "on", "id_patio_fase": 1,
        "fecha_inicio_patio": "2026-11-26", "fecha_fin_patio": "2026-11-29",
    })).await;
    assert_eq!(
        (status, body["exito"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{body}"
    );
    let yard = scalar(&env, &format!("SELECT count(*) FROM work_orders WHERE id = {id} AND requiere_patio AND id_patio = 1 AND id_frente = 2")).await;
    assert_eq!(yard, 1);
    let (status, body) = post_json(
        &env,
        &key,
        "/operaciones/ot/editar/",
        json!({"orden_trabajo": "x"}),
    )
    .await;
    assert_eq!(
        (status, body["exito"].as_bool(), body["codigo"].as_str()),
        (StatusCode::OK, Some(false), Some("id_invalido"))
    );

    // Steps: status, a date, a file.
    let step = scalar(
        &env,
        &format!("SELECT min(id) FROM work_order_steps WHERE work_order_id = {id}"),
    )
    .await;
    let (_, body) = post_json(
        &env,
        &key,
        "/operaciones/ot/cambiar_estatus_paso/",
        json!({"id": step, "estatus": 2, "comentario": "Arrancó"}),
    )
    .await;
    assert_eq!(body["exito"], true, "{body}");
    let (_, body) = post_form(
        &env,
        &key,
        "/operaciones/ot/actualizar-fecha/",
        &[
            ("id", &step.to_string()),
            ("campo", "fecha_inicio"),
            ("fecha", "2026-12-02"),
        ],
    )
    .await;
    assert_eq!(body["exito"], true, "{body}");
    let (status, body) = post_form(
        &env,
        &key,
        "/operaciones/ot/actualizar-fecha/",
        &[
            ("id", &step.to_string()),
            ("campo", "fecha_fin"),
            ("fecha", "2026-12-02"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["codigo"].as_str()),
        (StatusCode::OK, Some("campo_invalido"))
    );
    let form = reqwest::multipart::Form::new()
        .text("id", step.to_string())
        .part(
            "archivo",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 acta".to_vec()).file_name("acta.pdf"),
        );
    let r = reqwest::Client::new()
        .post(format!(
            "{}/operaciones/ot/guardar_archivo_ot/",
            env.server.url
        ))
        .header("Api-key", &key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["exito"], true, "{body}");
    let step_row: (i16, String, String, String) = sqlx::query_as(
        "SELECT estatus_paso, comentario, fecha_inicio::text, archivo->>'nombre' FROM work_order_steps WHERE id = $1",
    )
    .bind(step)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(
        step_row,
        (2, "Arrancó".into(), "2026-12-02".into(), "acta.pdf".into())
    );

    // cambiar_estatus_ot/ as the seed documents it, then eliminar/.
    let (_, body) = post_json(
        &env,
        &key,
        "/operaciones/ot/cambiar_estatus_ot/",
        json!({"ot_id": id, "nuevo_estatus": 4}),
    )
    .await;
    assert_eq!(body["codigo"], "comentario_requerido", "{body}");
    let (_, body) = post_json(
        &env,
        &key,
        "/operaciones/ot/cambiar_estatus_ot/",
        json!({"ot_id": id, "nuevo_estatus": 4, "comentario": "Cancelada por el cliente"}),
    )
    .await;
    assert_eq!(body["exito"], true, "{body}");
    let (_, body) = post_form(&env, &key, "/operaciones/ot/eliminar/", &[("id", &id_text)]).await;
    assert_eq!(
        (body["exito"].as_bool(), body["detalles"].as_str()),
        (Some(true), Some("OT eliminado correctamente"))
    );
    let estado = scalar(
        &env,
        &format!("SELECT estatus::bigint FROM work_orders WHERE id = {id}"),
    )
    .await;
    assert_eq!(estado, 0);

    // A technician may not plan through the seed routes either.
    let (status, body) = post_form(
        &env,
        &env.key,
        "/operaciones/ot/crear-ot-reprogramacion/",
        &CREAR,
    )
    .await;
    assert_eq!(
        (status, body["codigo"].as_str()),
        (StatusCode::FORBIDDEN, Some("sin_permiso"))
    );
    env.stop().await;
}

/// The employees a work order is created with: what `work_order_empleados` holds for it.
async fn employees_of(env: &Env, body: &Value) -> Vec<i64> {
    let id = body["id_nuevo"].as_i64().expect("a new work order");
    sqlx::query_scalar(
        "SELECT empleado_id FROM work_order_empleados WHERE work_order_id = $1 ORDER BY 1",
    )
    .bind(id)
    .fetch_all(&env.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn employees_sent_as_a_form_list_or_a_json_array_are_the_same_employees() {
    let env = Env::start(server_bin!()).await;
    let key = env.office_key.clone();
    let path = "/operaciones/ot/crear-ot-reprogramacion/";
    let mut form = CREAR.to_vec();
    form[0].1 = "OT-FORM-1";
    form.push(("empleados", "2, 5"));
    let (_, by_form) = post_form(&env, &key, path, &form).await;
    let mut json: serde_json::Map<String, Value> = CREAR
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json.insert("orden_trabajo".into(), json!("OT-JSON-1"));
    json.insert("empleados".into(), json!([5, 2]));
    let (_, by_json) = post_json(&env, &key, path, Value::Object(json)).await;
    assert_eq!(employees_of(&env, &by_form).await, vec![2, 5], "{by_form}");
    assert_eq!(employees_of(&env, &by_json).await, vec![2, 5], "{by_json}");
}
