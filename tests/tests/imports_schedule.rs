//! MS Project schedule imports end to end: MPXJ's own MSPDI test files (links of every type and
//! lag), a binary .mpp converted by MPXJ (also named by a relative path), a server without Java,
//! cycles and non-schedules, versions and their comparison, progress over SSE, and seed 000's
//! `importar-mpp/`.

use ote_tests::env::{Env, placeholder_dist};
use ote_tests::import_client::{ImportClient, fixture};
use ote_tests::server_bin;
use ote_tests::workbooks::mspdi;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Imports and returns the tasks of the new version.
async fn import_tasks(
    client: &ImportClient,
    ot: i64,
    file: &str,
    bytes: Vec<u8>,
    name: &str,
) -> Vec<Value> {
    let id = client.import_schedule(ot, file, bytes, name).await;
    let record = client.wait(id).await;
    assert_eq!(record["estado"], "terminada", "{record}");
    let version = record["conteos"]["version_id"].as_i64().unwrap();
    let (status, tasks) = client
        .get(&format!(
            "/api/v1/work-orders/{ot}/schedules/{version}/tasks"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    tasks.as_array().unwrap().clone()
}

fn links(task: &Value) -> Vec<(i64, String, String)> {
    task["predecesoras"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uid"].as_i64().unwrap(),
                l["tipo"].as_str().unwrap().to_owned(),
                l["retraso_horas"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn mpxj_test_schedules_keep_every_link_type_and_lag() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;

    let tasks = import_tasks(
        &client,
        ot,
        "mspdirelations.xml",
        fixture("mpxj/mspdirelations.xml"),
        "Relaciones",
    )
    .await;
    assert_eq!(tasks.len(), 5, "the project summary (UID 0) is not a task");
    let by_uid = |uid: i64| tasks.iter().find(|t| t["uid"] == uid).unwrap();
    assert_eq!(links(by_uid(2)), [(1, "FS".into(), "0".into())]);
    assert_eq!(
        links(by_uid(3)),
        [(2, "SS".into(), "8".into())],
        "1 day of lag is 8 working hours"
    );
    assert_eq!(links(by_uid(4)), [(3, "FF".into(), "0".into())]);
    assert_eq!(links(by_uid(5)), [(4, "SF".into(), "0".into())]);
    assert_eq!(by_uid(1)["nombre"], "Task 1");
    assert_eq!(by_uid(1)["inicio"], "2006-09-21T08:00:00");
    assert_eq!(by_uid(1)["duracion_horas"], "8");
    assert_eq!(
        (by_uid(1)["nivel"].as_i64(), by_uid(1)["padre"].clone()),
        (Some(1), Value::Null)
    );

    let tasks = import_tasks(
        &client,
        ot,
        "links.xml",
        fixture("mpxj/task-links-project2019-mspdi.xml"),
        "Vínculos",
    )
    .await;
    assert_eq!(tasks.len(), 16);
    let expected = [
        (2, 1, "FS", "0"),
        (4, 3, "FS", "8"),
        (6, 5, "FS", "16"),
        (8, 7, "FS", "40"),
        (10, 9, "FS", "80"),
        (12, 11, "SF", "16"),
        (14, 13, "SS", "16"),
        (16, 15, "FF", "16"),
    ];
    for (task, pred, tipo, lag) in expected {
        let t = tasks.iter().find(|t| t["uid"] == task).unwrap();
        assert_eq!(
            links(t),
            [(pred, tipo.to_owned(), lag.to_owned())],
            "task {task}"
        );
    }
    let (_, versions) = client
        .get(&format!("/api/v1/work-orders/{ot}/schedules"))
        .await;
    let names: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["nombre_version"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Vínculos", "Relaciones"], "newest first");
    assert_eq!(versions[0]["tareas"], 16);
    env.stop().await;
}

#[tokio::test]
async fn a_binary_mpp_is_converted_by_mpxj_and_refused_clearly_without_java() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let tasks = import_tasks(
        &client,
        ot,
        "mpp14task.mpp",
        fixture("mpxj/mpp14task.mpp"),
        "Cronograma inicial",
    )
    .await;
    let task = tasks
        .iter()
        .find(|t| t["id"] == 1)
        .unwrap_or_else(|| panic!("{tasks:?}"));
    assert_eq!(task["nombre"], "Task #1");
    assert!(task["inicio"].as_str().unwrap().starts_with("2006-08-23"));
    assert!(task["fin"].as_str().unwrap().starts_with("2006-08-29"));
    assert_eq!(task["duracion_horas"], "40");
    assert_eq!(task["porcentaje_completado"], "45");
    env.stop().await;

    let env = Env::start_with(
        server_bin!(),
        &placeholder_dist(),
        &[("OTE_JAVA", "/sin/java")],
    )
    .await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let id = client
        .import_schedule(
            env.first_work_order().await,
            "plan.mpp",
            fixture("mpxj/mpp14task.mpp"),
            "v1",
        )
        .await;
    let record = client.wait(id).await;
    assert_eq!(
        (record["estado"].as_str(), record["codigo_error"].as_str()),
        (Some("fallida"), Some("java_no_disponible")),
        "{record}"
    );
    assert!(
        record["mensaje_error"]
            .as_str()
            .unwrap()
            .contains("XML de MS Project")
    );
    // MSPDI needs no Java.
    let id = client
        .import_schedule(
            env.first_work_order().await,
            "plan.xml",
            fixture("mpxj/mspdirelations.xml"),
            "v1",
        )
        .await;
    assert_eq!(client.wait(id).await["estado"], "terminada");
    env.stop().await;
}

#[tokio::test]
async fn a_binary_mpp_converts_with_mpxj_named_by_a_relative_path() {
    // As the run command names it: relative to the server's working directory (the test's is
    // the tests crate's folder), while Java runs in a temporary folder of its own.
    let env = Env::start_with(
        server_bin!(),
        &placeholder_dist(),
        &[("OTE_MPXJ_DIR", "../.local/mpxj/mpxj")],
    )
    .await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let tasks = import_tasks(
        &client,
        ot,
        "mpp14task.mpp",
        fixture("mpxj/mpp14task.mpp"),
        "v1",
    )
    .await;
    assert!(tasks.iter().any(|t| t["nombre"] == "Task #1"), "{tasks:?}");
    env.stop().await;
}

#[tokio::test]
async fn bad_schedules_fail_with_a_code_and_write_nothing() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let cycle = mspdi(&[
        (1, 1, "A", 0, 1, &[(3, 1, 0)]),
        (2, 1, "B", 1, 1, &[(1, 1, 0)]),
        (3, 1, "C", 2, 1, &[(2, 1, 0)]),
        (4, 1, "D", 0, 1, &[]),
    ]);
    let missing = mspdi(&[(1, 1, "A", 0, 1, &[(9, 1, 0)])]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("ciclo.xml", cycle.into_bytes(), "ciclo_en_predecesoras"),
        ("falta.xml", missing.into_bytes(), "predecesora_inexistente"),
        (
            "pagina.html",
            b"<html><body>hola</body></html>".to_vec(),
            "xml_invalido",
        ),
        (
            "roto.xml",
            b"<Project><Tasks><Task><UID>1</UID>".to_vec(),
            "xml_invalido",
        ),
        ("vacio.xml", mspdi(&[]).into_bytes(), "cronograma_vacio"),
        (
            "foto.jpg",
            vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10],
            "tipo_archivo_invalido",
        ),
        (
            "dañado.mpp",
            [&[0xD0, 0xCF, 0x11, 0xE0][..], &[0u8; 600][..]].concat(),
            "conversion_fallida",
        ),
    ];
    for (name, bytes, code) in cases {
        let id = client.import_schedule(ot, name, bytes, name).await;
        let record = client.wait(id).await;
        assert_eq!(
            (record["estado"].as_str(), record["codigo_error"].as_str()),
            (Some("fallida"), Some(code)),
            "{name}: {record}"
        );
    }
    let versions: i64 = sqlx::query_scalar("SELECT count(*) FROM schedule_versions")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(versions, 0);
    env.stop().await;
}

#[tokio::test]
async fn versions_compare_and_progress_arrives_over_sse() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let mut events = client.import_events().await;

    let v1 = mspdi(&[
        (1, 1, "Movilización", 0, 2, &[]),
        (2, 1, "Inspección", 2, 3, &[(1, 1, 0)]),
        (3, 1, "Reporte", 5, 1, &[(2, 1, 0)]),
    ]);
    let v2 = mspdi(&[
        (1, 1, "Movilización", 0, 2, &[]),
        (2, 1, "Inspección", 3, 4, &[(1, 1, 4800)]),
        (4, 1, "Limpieza", 7, 2, &[(2, 1, 0)]),
    ]);
    let id1 = client
        .import_schedule(ot, "v1.xml", v1.into_bytes(), "Cronograma base")
        .await;
    let first = client.wait(id1).await;

    // The SSE stream told of this import's end.
    let reports = events.until_end_of(id1).await;
    assert_eq!(reports.last().unwrap()["estado"], "terminada");
    assert_eq!(reports.last().unwrap()["id_ot"], ot);

    let (_, page) = client.get(&format!("/api/v1/imports?id_ot={ot}")).await;
    assert_eq!(page["datos"][0]["hechos"], 3);

    let id2 = client
        .import_schedule(ot, "v2.xml", v2.into_bytes(), "Reprogramación 1")
        .await;
    let second = client.wait(id2).await;
    let (a, b) = (
        first["conteos"]["version_id"].as_i64().unwrap(),
        second["conteos"]["version_id"].as_i64().unwrap(),
    );
    let (status, diff) = client
        .get(&format!(
            "/api/v1/work-orders/{ot}/schedules/compare?de={a}&a={b}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{diff}");
    assert_eq!(
        diff["agregadas"],
        json!([{"uid": 4, "nombre": "Limpieza", "inicio": "2026-01-12T08:00:00", "fin": "2026-01-13T17:00:00"}])
    );
    assert_eq!(diff["eliminadas"][0]["uid"], 3);
    assert_eq!(diff["movidas"].as_array().unwrap().len(), 1);
    assert_eq!(diff["movidas"][0]["uid"], 2);
    assert_eq!(diff["movidas"][0]["desfase_horas"], "48.00");
    assert_eq!(diff["sin_cambios"], 1);
    let (status, body) = client
        .get(&format!(
            "/api/v1/work-orders/{ot}/schedules/compare?de={a}"
        ))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("version_invalida"))
    );
    let other = ot + 1;
    assert_eq!(
        client
            .get(&format!(
                "/api/v1/work-orders/{other}/schedules/compare?de={a}&a={b}"
            ))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    env.stop().await;
}

#[tokio::test]
async fn the_seed_route_imports_a_schedule_with_its_version_name() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await.to_string();
    let (status, envelope) = client
        .upload(
            "/operaciones/ot/importar-mpp/",
            "archivo_mpp",
            "cronograma.xml",
            fixture("mpxj/mspdirelations.xml"),
            &[("ot_id", &ot), ("nombre_version", "Cronograma Inicial")],
        )
        .await;
    assert_eq!(
        (status, envelope["exito"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{envelope}"
    );
    let record = client.wait(envelope["id_nuevo"].as_i64().unwrap()).await;
    assert_eq!(record["nombre_version"], "Cronograma Inicial");
    assert_eq!(record["conteos"]["tareas"], 5);
    let (status, envelope) = client
        .upload(
            "/operaciones/ot/importar-mpp/",
            "otro_campo",
            "x.xml",
            b"<x/>".to_vec(),
            &[("ot_id", &ot)],
        )
        .await;
    assert_eq!(
        (status, envelope["codigo"].as_str()),
        (StatusCode::OK, Some("archivo_requerido"))
    );
    env.stop().await;
}
