//! The REST writes: each through the document path (so devices receive them), each rule's
//! violation a 400 with its code and nothing changed, roles, bad bodies, unknown ids, and the
//! audit history of who changed what.

use ote_server::auth::api_keys;
use ote_server::auth::users::{self, Role};
use ote_tests::api::{Api, office_work_order as new_ot};
use ote_tests::env::Env;
use ote_tests::server_bin;
use reqwest::Method;
use serde_json::{Value, json};

async fn scalar<T>(env: &Env, sql: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(&env.pool).await.unwrap()
}

fn office(env: &Env) -> Api {
    Api::new(&env.server.url, Some(&env.office_key))
}

fn step_ids(ot: &Value) -> Vec<i64> {
    ot["pasos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn office_creates_edits_changes_status_and_deletes() {
    let env = Env::start(server_bin!()).await;
    let api = office(&env);
    let before: i64 = scalar(&env, "SELECT count(*) FROM work_orders").await;

    let (status, ot) = api
        .json(Method::POST, "/api/v1/work-orders", new_ot("OT-REST-001"))
        .await;
    assert_eq!(status, 201, "{ot}");
    let id = ot["id"].as_i64().unwrap();
    assert_eq!(ot["orden_trabajo"], "OT-REST-001");
    assert_eq!(ot["monto_mxn"], "125000.50");
    assert_eq!(ot["comentario"], "Alta desde la oficina");
    let templates: i64 = scalar(
        &env,
        "SELECT count(*) FROM pasos_ot WHERE tipo = 5 AND activo",
    )
    .await;
    assert_eq!(
        step_ids(&ot).len() as i64,
        templates,
        "steps from the templates"
    );
    assert!(
        ot["pasos"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["estatus_paso"] == 1)
    );
    let doc_rows: i64 = scalar(&env, &format!("SELECT count(*) FROM documents d JOIN work_orders w ON w.doc_id = d.doc_id WHERE w.id = {id}")).await;
    assert_eq!(doc_rows, 1, "the OT is a document like a device's");

    // A broken rule: 400 with its code, every violation listed, nothing stored.
    let mut bad = new_ot("");
    bad["oficio_ot"] = json!("");
    let (status, body) = api.json(Method::POST, "/api/v1/work-orders", bad).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("folio_requerido")),
        "{body}"
    );
    let codes: Vec<&str> = body["errores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"oficio_requerido"), "{codes:?}");
    let mut bad = new_ot("OT-REST-002");
    bad["monto_mxn"] = json!("mucho");
    let (status, body) = api.json(Method::POST, "/api/v1/work-orders", bad).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("campo_invalido")),
        "{body}"
    );
    let (status, body) = api
        .raw(
            Method::POST,
            "/api/v1/work-orders",
            "application/json",
            b"{\"orden_trabajo\":",
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("cuerpo_invalido")),
        "{body}"
    );
    let after: i64 = scalar(&env, "SELECT count(*) FROM work_orders").await;
    assert_eq!(after, before + 1, "only the valid OT was stored");

    // Edit: the yard phase of an offshore front, then the land front's patio as the site.
    let path = format!("/api/v1/work-orders/{id}");
    let (status, edited) = api
        .json(Method::PATCH, &path, json!({"id_frente": 2, "check_fase_patio": "on", "id_patio_fase": 1,
            "fecha_inicio_patio": "2026-11-25", "fecha_fin_patio": "2026-11-30", "descripcion_trabajo": "Con fase de patio"}))
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(
        (
            edited["id_patio"].as_i64(),
            edited["requiere_patio"].as_bool()
        ),
        (Some(1), Some(true))
    );
    assert_eq!(edited["descripcion_trabajo"], "Con fase de patio");
    assert_eq!(
        edited["orden_trabajo"], "OT-REST-001",
        "fields not sent stay"
    );
    let (_, edited) = api
        .json(
            Method::PATCH,
            &path,
            json!({"id_frente": 1, "id_patio": 2, "id_embarcacion": null}),
        )
        .await;
    assert_eq!(
        (
            edited["id_patio"].as_i64(),
            edited["requiere_patio"].as_bool()
        ),
        (Some(2), Some(false))
    );
    assert_eq!(edited["fecha_inicio_patio"], Value::Null);
    let (status, body) = api
        .json(
            Method::PATCH,
            &path,
            json!({"fecha_termino_programado": "2026-11-01"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("fechas_invertidas")),
        "{body}"
    );
    let kept: String = scalar(
        &env,
        &format!("SELECT fecha_termino_programado::text FROM work_orders WHERE id = {id}"),
    )
    .await;
    assert_eq!(kept, "2026-12-20");

    // Status: a cancellation needs a comment; with one it is kept in the history.
    let status_path = format!("{path}/status");
    let (status, body) = api
        .json(Method::POST, &status_path, json!({"id_estatus_ot": 4}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("comentario_requerido")),
        "{body}"
    );
    let (status, body) = api
        .json(
            Method::POST,
            &status_path,
            json!({"id_estatus_ot": 4, "comentario": "El cliente suspendió"}),
        )
        .await;
    assert_eq!(
        (status, body["id_estatus_ot"].as_i64()),
        (200, Some(4)),
        "{body}"
    );
    let why: String = scalar(
        &env,
        &format!("SELECT comentario FROM work_order_history WHERE work_order_id = {id}"),
    )
    .await;
    assert_eq!(why, "El cliente suspendió");
    let (status, body) = api
        .json(Method::POST, &status_path, json!({"id_estatus_ot": 3}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("transicion_estatus_invalida")),
        "{body}"
    );

    // Logical delete: the row stays with estatus 0, leaves the list, and takes no more edits.
    let (status, body) = api.json(Method::DELETE, &path, Value::Null).await;
    assert_eq!((status, body["estatus"].as_i64()), (200, Some(0)), "{body}");
    let (_, list) = api.get("/api/v1/work-orders?q=OT-REST-001").await;
    assert_eq!(list["total"], 0);
    let (status, body) = api
        .json(Method::PATCH, &path, json!({"comentario": "otra"}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("ot_eliminada")),
        "{body}"
    );

    // The audit history: who, through which route, what changed.
    let (status, history) = api.get(&format!("{path}/history")).await;
    assert_eq!(status, 200);
    let entries = history.as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["accion"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["eliminar", "cambiar_estatus", "editar", "editar", "crear"]
    );
    assert!(entries.iter().all(|e| e["usuario"] == "planeacion"));
    assert_eq!(
        entries[0]["origen"],
        format!("DELETE /api/v1/work-orders/{id}")
    );
    let status_change = entries[1]["cambios"].as_array().unwrap();
    assert!(
        status_change
            .iter()
            .any(|c| c["campo"] == "id_estatus_ot" && c["antes"] == 1 && c["despues"] == 4),
        "{status_change:?}"
    );
    env.stop().await;
}

#[tokio::test]
async fn editing_a_record_to_be_defined_makes_it_active() {
    let env = Env::start(server_bin!()).await;
    let id: i64 = scalar(&env, "SELECT min(id) FROM work_orders WHERE estatus = -1").await;
    let (status, ot) = office(&env)
        .json(
            Method::PATCH,
            &format!("/api/v1/work-orders/{id}"),
            json!({"comentario_general": "Revisada"}),
        )
        .await;
    assert_eq!((status, ot["estatus"].as_i64()), (200, Some(1)), "{ot}");
    env.stop().await;
}

#[tokio::test]
async fn reprogramming_numbers_the_chain_and_needs_an_initial_principal() {
    let env = Env::start(server_bin!()).await;
    let api = office(&env);
    let principal: i64 = scalar(&env, "SELECT min(id) FROM work_orders WHERE id_tipo = 4 AND estatus = 1 AND id_estatus_ot IN (1, 2)").await;
    let existing: i32 = scalar(&env, &format!("SELECT COALESCE(max(num_reprogramacion), 0) FROM work_orders WHERE ot_principal = {principal}")).await;
    let path = format!("/api/v1/work-orders/{principal}/reprogramaciones");
    let (status, first) = api.json(Method::POST, &path, json!({"fecha_inicio_programado": "2027-01-10", "fecha_termino_programado": "2027-01-30"})).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(
        (first["id_tipo"].as_i64(), first["ot_principal"].as_i64()),
        (Some(5), Some(principal))
    );
    assert_eq!(
        first["num_reprogramacion"].as_i64(),
        Some(existing as i64 + 1)
    );
    assert_eq!(first["fecha_inicio_programado"], "2027-01-10");
    assert!(
        !step_ids(&first).is_empty(),
        "fresh steps from the templates"
    );
    let (_, second) = api.json(Method::POST, &path, json!({})).await;
    assert_eq!(
        second["num_reprogramacion"].as_i64(),
        Some(existing as i64 + 2)
    );

    let child = first["id"].as_i64().unwrap();
    let (status, body) = api
        .json(
            Method::POST,
            &format!("/api/v1/work-orders/{child}/reprogramaciones"),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("principal_no_inicial")),
        "{body}"
    );
    let mut orphan = new_ot("OT-REP-X");
    orphan["id_tipo"] = json!(5);
    orphan["ot_principal"] = json!(987_654);
    let (status, body) = api.json(Method::POST, "/api/v1/work-orders", orphan).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("principal_no_existe")),
        "{body}"
    );
    env.stop().await;
}

#[tokio::test]
async fn steps_take_status_dates_comments_and_files() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.key)); // the technician
    let ot: i64 = scalar(&env, "SELECT min(w.id) FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id AND e.empleado_id = 1
        WHERE w.estatus = 1 AND w.id_estatus_ot IN (1, 2) AND EXISTS (SELECT 1 FROM work_order_steps s WHERE s.work_order_id = w.id AND s.estatus_paso = 1)").await;
    let step: i64 = scalar(
        &env,
        &format!(
            "SELECT min(id) FROM work_order_steps WHERE work_order_id = {ot} AND estatus_paso = 1"
        ),
    )
    .await;
    let path = format!("/api/v1/steps/{step}");
    let (status, body) = api.json(Method::PATCH, &path, json!({"estatus_paso": 3, "fecha_inicio": "2026-11-20", "fecha_termino": "2026-11-24", "comentario": "Sin novedad"})).await;
    assert_eq!(status, 200, "{body}");
    let row: (i16, String, String) = sqlx::query_as(
        "SELECT estatus_paso, fecha_termino::text, comentario FROM work_order_steps WHERE id = $1",
    )
    .bind(step)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(row, (3, "2026-11-24".into(), "Sin novedad".into()));

    let (status, body) = api
        .json(Method::PATCH, &path, json!({"estatus_paso": 1}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("paso_transicion_invalida")),
        "{body}"
    );
    let (status, body) = api
        .json(Method::PATCH, &path, json!({"fecha_inicio": "2026-11-30"}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("fechas_invertidas")),
        "{body}"
    );
    let (status, body) = api
        .json(Method::PATCH, &path, json!({"estatus_paso": 9}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("campo_invalido")),
        "{body}"
    );
    let (status, _) = api
        .json(
            Method::PATCH,
            "/api/v1/steps/99999999",
            json!({"estatus_paso": 2}),
        )
        .await;
    assert_eq!(status, 404);

    let photo = b"\xff\xd8\xff\xe0 foto de la brida".to_vec();
    let (status, body) = api
        .multipart(
            &format!("{path}/archivo"),
            &[],
            ("archivo", "brida.jpg", photo.clone()),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let archivo: String = scalar(
        &env,
        &format!("SELECT archivo->>'sha256' FROM work_order_steps WHERE id = {step}"),
    )
    .await;
    let (status, _) = api.get(&format!("/api/blobs/{archivo}")).await;
    assert_eq!(status, 200, "the file is kept by its content");
    let stored = reqwest::Client::new()
        .get(format!("{}/api/blobs/{archivo}", env.server.url))
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(stored.as_ref(), photo.as_slice());
    env.stop().await;
}

/// A pending step of a work order the demo's technician is assigned to.
async fn technicians_step(env: &Env) -> i64 {
    scalar(
        env,
        "SELECT min(s.id) FROM work_order_steps s JOIN work_orders w ON w.id = s.work_order_id
        JOIN work_order_empleados e ON e.work_order_id = w.id AND e.empleado_id = 1
        WHERE w.estatus = 1 AND w.id_estatus_ot IN (1, 2) AND s.estatus_paso = 1",
    )
    .await
}

#[tokio::test]
async fn a_step_date_sent_null_is_cleared_and_one_left_out_is_kept() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.key));
    let path = format!("/api/v1/steps/{}", technicians_step(&env).await);
    let dates = json!({"fecha_inicio": "2026-11-20", "fecha_termino": "2026-11-24"});
    let (status, body) = api.json(Method::PATCH, &path, dates).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = api
        .json(
            Method::PATCH,
            &path,
            json!({"fecha_inicio": null, "comentario": "ok"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let step = &body["pasos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["comentario"] == "ok");
    let step = step.expect("the edited step is in the answer");
    assert_eq!(
        (&step["fecha_inicio"], &step["fecha_termino"]),
        (&Value::Null, &json!("2026-11-24"))
    );
    env.stop().await;
}

#[tokio::test]
async fn a_step_edit_sent_as_a_form_with_a_bad_date_names_the_field_and_changes_nothing() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.key));
    let step = technicians_step(&env).await;
    let body: &'static [u8] = b"comentario=cambiado&fecha_entrega=31%2F02%2F2026";
    let (status, answer) = api
        .raw(
            Method::PATCH,
            &format!("/api/v1/steps/{step}"),
            "application/x-www-form-urlencoded",
            body,
        )
        .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (400, Some("campo_invalido")),
        "{answer}"
    );
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("«fecha_entrega»"),
        "{answer}"
    );
    let comentario: String = scalar(
        &env,
        &format!("SELECT comentario FROM work_order_steps WHERE id = {step}"),
    )
    .await;
    assert_ne!(comentario, "cambiado");
    env.stop().await;
}

#[tokio::test]
async fn every_write_checks_credentials_and_roles() {
    let env = Env::start(server_bin!()).await;
    users::add(&env.pool, "auditor", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    let lectura = Api::new(
        &env.server.url,
        Some(&api_keys::create(&env.pool, "auditor").await.unwrap()),
    );
    let campo = Api::new(&env.server.url, Some(&env.key));
    let anonymous = Api::new(&env.server.url, None);
    let ot = env.first_work_order().await;
    let step: i64 = scalar(
        &env,
        &format!("SELECT min(id) FROM work_order_steps WHERE work_order_id = {ot}"),
    )
    .await;
    let writes = [
        (Method::POST, "/api/v1/work-orders".to_owned()),
        (Method::PATCH, format!("/api/v1/work-orders/{ot}")),
        (Method::DELETE, format!("/api/v1/work-orders/{ot}")),
        (Method::POST, format!("/api/v1/work-orders/{ot}/status")),
        (
            Method::POST,
            format!("/api/v1/work-orders/{ot}/reprogramaciones"),
        ),
        (Method::PATCH, format!("/api/v1/steps/{step}")),
    ];
    for (method, path) in &writes {
        let (status, _) = anonymous.json(method.clone(), path, json!({})).await;
        assert_eq!(status, 401, "{method} {path}");
        let (status, body) = lectura
            .json(method.clone(), path, json!({"comentario": "x"}))
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("sin_permiso")),
            "{method} {path}"
        );
    }
    // A technician records progress but does not plan.
    for (method, path) in &writes[..3] {
        let (status, _) = campo
            .json(method.clone(), path, json!({"comentario_general": "x"}))
            .await;
        assert_eq!(status, 403, "{method} {path}");
    }
    // ... and only on the work orders they see.
    let hidden: i64 = scalar(&env, "SELECT min(id) FROM work_orders w WHERE NOT EXISTS (SELECT 1 FROM work_order_empleados e WHERE e.work_order_id = w.id AND e.empleado_id = 1)").await;
    let (status, _) = campo
        .json(
            Method::POST,
            &format!("/api/v1/work-orders/{hidden}/status"),
            json!({"id_estatus_ot": 2}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, body) = office(&env)
        .json(
            Method::POST,
            "/api/v1/work-orders/abc/status",
            json!({"id_estatus_ot": 2}),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (400, Some("id_invalido")));
    let (status, _) = office(&env)
        .json(
            Method::PATCH,
            "/api/v1/work-orders/99999999",
            json!({"comentario_general": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let audit: i64 = scalar(
        &env,
        "SELECT count(*) FROM audit_log WHERE source <> 'seed-demo'",
    )
    .await;
    assert_eq!(audit, 0, "no refused write left a trace of a change");
    env.stop().await;
}

#[tokio::test]
async fn a_rest_write_reaches_a_device_and_a_device_edit_reaches_the_rest_api() {
    let env = Env::start(server_bin!()).await;
    let device = env.office_device();
    device.sync().await.unwrap();
    let id = env.first_work_order().await;
    let doc_id: uuid::Uuid = scalar(
        &env,
        &format!("SELECT doc_id FROM work_orders WHERE id = {id}"),
    )
    .await;
    assert!(device.has(doc_id));

    let (status, body) = office(&env)
        .json(
            Method::PATCH,
            &format!("/api/v1/work-orders/{id}"),
            json!({"responsable_cliente": "Ing. Nuevo Enlace"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    device.sync().await.unwrap();
    assert_eq!(device.read(doc_id).responsable_cliente, "Ing. Nuevo Enlace");

    device
        .edit(doc_id, |ot| ot.comentario = "Nota desde la tableta".into())
        .await;
    device.sync().await.unwrap();
    let (_, ot) = office(&env).get(&format!("/api/v1/work-orders/{id}")).await;
    assert_eq!(ot["comentario"], "Nota desde la tableta");
    assert_eq!(
        ot["responsable_cliente"], "Ing. Nuevo Enlace",
        "both edits kept"
    );
    let (_, history) = office(&env)
        .get(&format!("/api/v1/work-orders/{id}/history"))
        .await;
    let latest = &history[0];
    assert_eq!(
        latest["origen"],
        format!("dispositivo {}", device.store_id())
    );
    assert_eq!(latest["cambios"][0]["campo"], "comentario");
    env.stop().await;
}

#[tokio::test]
async fn a_work_order_names_a_pte_of_the_catalog_and_of_its_client() {
    let env = Env::start(server_bin!()).await;
    let api = office(&env);
    let mut ot = new_ot("OT-PTE-001");
    ot["id_pte_header"] = json!(1);
    let (status, created) = api.json(Method::POST, "/api/v1/work-orders", ot).await;
    assert_eq!(status, 201, "{created}");
    let oficio: String = scalar(&env, "SELECT oficio_pte FROM pte_headers WHERE id = 1").await;
    assert_eq!(created["pte_padre"], oficio, "the read names the PTE");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/work-orders/{id}");

    let refused = [
        (json!({"id_pte_header": 999}), "pte_desconocida"),
        (json!({"id_pte_header": 3}), "pte_de_otro_cliente"),
        (json!({"id_cliente": 2}), "pte_de_otro_cliente"),
    ];
    for (body, code) in refused {
        let (status, answer) = api.json(Method::PATCH, &path, body.clone()).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (400, Some(code)),
            "{body}: {answer}"
        );
    }
    let stored: (Option<i64>, Option<i64>) = sqlx::query_as(&format!(
        "SELECT id_pte_header, id_cliente FROM work_orders WHERE id = {id}"
    ))
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(stored, (Some(1), Some(1)), "nothing changed");

    let mut unknown = new_ot("OT-PTE-002");
    unknown["id_pte_header"] = json!(999);
    let (status, answer) = api.json(Method::POST, "/api/v1/work-orders", unknown).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (400, Some("pte_desconocida"))
    );
    env.stop().await;
}

#[tokio::test]
async fn a_device_naming_an_unknown_pte_has_it_undone_with_a_notice() {
    let env = Env::start(server_bin!()).await;
    let device = env.office_device();
    device.sync().await.unwrap();
    let id = env.first_work_order().await;
    let doc_id: uuid::Uuid = scalar(
        &env,
        &format!("SELECT doc_id FROM work_orders WHERE id = {id}"),
    )
    .await;
    let before = device.read(doc_id).id_pte_header;

    device
        .edit(doc_id, |ot| {
            ot.id_pte_header = Some(999);
            ot.comentario = "Nota de la tableta".into();
        })
        .await;
    device.sync().await.unwrap();
    device.sync().await.unwrap();
    assert_eq!(
        device.read(doc_id).id_pte_header,
        before,
        "the PTE went back"
    );
    assert_eq!(
        device.read(doc_id).comentario,
        "Nota de la tableta",
        "the rest was kept"
    );
    assert!(
        device.notices().iter().any(|n| n.code == "pte_desconocida"),
        "{:?}",
        device.notices()
    );
    env.stop().await;
}
