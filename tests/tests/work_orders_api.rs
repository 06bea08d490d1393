//! `GET /api/v1/work-orders` and `GET /api/v1/work-orders/{id}` against the demo data: paging,
//! search, filters, sort, what a field technician may see, and bad parameters.

use ote_shared::codes::EstadoRegistro;
use ote_tests::env::Env;
use ote_tests::server_bin;
use serde_json::Value;

async fn get(env: &Env, key: Option<&str>, path: &str) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", env.server.url));
    if let Some(key) = key {
        request = request.header("Api-key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn count(env: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&env.pool).await.unwrap()
}

fn ids(page: &Value) -> Vec<i64> {
    page["datos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_list_pages_searches_filters_and_sorts() {
    let env = Env::start(server_bin!()).await;
    let key = Some(env.office_key.as_str());

    let (status, first) = get(&env, key, "/api/v1/work-orders?por_pagina=5").await;
    assert_eq!(status, 200, "{first}");
    let active = count(&env, "SELECT count(*) FROM work_orders WHERE estatus <> 0").await;
    assert_eq!(first["total"], active, "deleted OTs leave the list");
    assert_eq!(ids(&first).len(), 5);
    let (_, second) = get(&env, key, "/api/v1/work-orders?por_pagina=5&pagina=2").await;
    assert!(
        ids(&first).iter().min() > ids(&second).iter().max(),
        "newest first, pages do not overlap"
    );

    let (_, found) = get(&env, key, "/api/v1/work-orders?q=ABRAZADERA").await;
    let rows = found["datos"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| {
        let text = format!(
            "{} {} {}",
            r["orden_trabajo"], r["oficio_ot"], r["descripcion_trabajo"]
        );
        text.to_lowercase().contains("abrazadera")
    }));
    let matching = count(
        &env,
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND busqueda LIKE '%abrazadera%'",
    )
    .await;
    assert_eq!(found["total"], matching, "a search counts its matches");
    let (_, past) = get(&env, key, "/api/v1/work-orders?q=abrazadera&pagina=99").await;
    assert_eq!(
        past["total"], matching,
        "a page past the end still has the total"
    );
    assert!(past["datos"].as_array().unwrap().is_empty());
    let (_, none) = get(&env, key, "/api/v1/work-orders?q=100%25_nada").await;
    assert_eq!(none["total"], 0, "% and _ are literal");

    let (_, en_proceso) = get(
        &env,
        key,
        "/api/v1/work-orders?id_estatus_ot=2&por_pagina=200",
    )
    .await;
    let expected = count(
        &env,
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND id_estatus_ot = 2",
    )
    .await;
    assert_eq!(en_proceso["total"], expected);
    assert!(
        en_proceso["datos"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id_estatus_ot"] == 2)
    );

    let (_, sorted) = get(
        &env,
        key,
        "/api/v1/work-orders?orden=orden_trabajo&por_pagina=200",
    )
    .await;
    let folios: Vec<String> = sorted["datos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["orden_trabajo"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = folios.clone();
    expected.sort();
    assert_eq!(folios, expected);
    assert!(
        sorted["datos"][0]["monto_mxn"].is_string(),
        "money travels as exact decimal text"
    );

    let (_, deleted) = get(
        &env,
        key,
        &format!(
            "/api/v1/work-orders?estatus={}",
            EstadoRegistro::Eliminado.code()
        ),
    )
    .await;
    let expected = count(&env, "SELECT count(*) FROM work_orders WHERE estatus = 0").await;
    assert_eq!(
        deleted["total"], expected,
        "a filter can ask for the deleted ones"
    );
    env.stop().await;
}

#[tokio::test]
async fn bad_parameters_and_missing_credentials_are_refused_with_a_code() {
    let env = Env::start(server_bin!()).await;
    let key = Some(env.office_key.as_str());
    for (query, code) in [
        ("orden=password_hash", "orden_invalido"),
        ("por_pagina=1000", "pagina_invalida"),
        ("pagina=0", "pagina_invalida"),
        ("desde=ayer", "filtro_invalido"),
        ("id_frente=uno", "filtro_invalido"),
        ("sitio=3", "filtro_invalido"),
        ("sitio=barco:3", "filtro_invalido"),
    ] {
        let (status, body) = get(&env, key, &format!("/api/v1/work-orders?{query}")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some(code)),
            "{query}: {body}"
        );
    }
    let (status, body) = get(&env, None, "/api/v1/work-orders").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("no_autenticado"))
    );
    let (status, body) = get(&env, key, "/api/v1/work-orders/abc").await;
    assert_eq!((status, body["code"].as_str()), (400, Some("id_invalido")));
    let (status, _) = get(&env, key, "/api/v1/work-orders/999999999").await;
    assert_eq!(status, 404);
    env.stop().await;
}

#[tokio::test]
async fn one_work_order_comes_with_its_steps_and_a_technician_sees_only_theirs() {
    let env = Env::start(server_bin!()).await;
    let (id, steps): (i64, i64) = sqlx::query_as(
        "SELECT w.id, count(s.id) FROM work_orders w JOIN work_order_steps s ON s.work_order_id = w.id
         GROUP BY w.id ORDER BY w.id LIMIT 1",
    )
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let (status, ot) = get(
        &env,
        Some(&env.office_key),
        &format!("/api/v1/work-orders/{id}"),
    )
    .await;
    assert_eq!(status, 200, "{ot}");
    assert_eq!(ot["id"], id);
    assert_eq!(ot["pasos"].as_array().unwrap().len() as i64, steps);
    assert!(ot.get("busqueda").is_none());

    let tecnico = env.device();
    tecnico.sync().await.unwrap();
    let theirs = tecnico
        .doc_ids()
        .into_iter()
        .filter(|id| tecnico.read(*id).estatus != EstadoRegistro::Eliminado)
        .count();
    let (_, list) = get(&env, Some(&env.key), "/api/v1/work-orders?por_pagina=200").await;
    assert_eq!(
        list["total"], theirs as i64,
        "the same work orders as on their tablet"
    );
    let hidden: i64 = sqlx::query_scalar(
        "SELECT w.id FROM work_orders w WHERE NOT EXISTS (SELECT 1 FROM work_order_empleados e
         WHERE e.work_order_id = w.id AND e.empleado_id = $1) ORDER BY w.id LIMIT 1",
    )
    .bind(ote_tests::env::EMPLEADO_TECNICO)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let (status, _) = get(
        &env,
        Some(&env.key),
        &format!("/api/v1/work-orders/{hidden}"),
    )
    .await;
    assert_eq!(
        status, 404,
        "another crew's work order is not theirs to read"
    );
    env.stop().await;
}

#[tokio::test]
async fn the_search_ignores_accents_and_case_as_the_app_does() {
    let env = Env::start(server_bin!()).await;
    let key = Some(env.office_key.as_str());
    let id = env.first_work_order().await;
    sqlx::query(
        "UPDATE work_orders SET descripcion_trabajo = 'INSPECCIÓN de ánodos en el Ducto Ñandú', \
         responsable_cliente = 'Ing. Pérez' WHERE id = $1",
    )
    .bind(id)
    .execute(&env.pool)
    .await
    .unwrap();
    for q in ["inspeccion de anodos", "Inspección", "ducto ñandu", "PEREZ"] {
        let (_, found) = get(&env, key, &format!("/api/v1/work-orders?q={q}")).await;
        assert!(ids(&found).contains(&id), "{q} finds it: {found}");
    }
    env.stop().await;
}

/// The sites a work order names, as `kind:id` with the catalog's name, read in SQL.
async fn sites_in_db(env: &Env, id: i64) -> Vec<(String, i64, String)> {
    sqlx::query_as(
        "SELECT s.tipo, s.id, s.descripcion FROM work_orders w, LATERAL (
             SELECT 1 AS n, 'embarcacion' AS tipo, id, descripcion FROM embarcaciones WHERE id = w.id_embarcacion
             UNION ALL SELECT 2, 'plataforma', id, descripcion FROM plataformas WHERE id = w.id_plataforma
             UNION ALL SELECT 3, 'intercom', id, descripcion FROM intercoms WHERE id = w.id_intercom
             UNION ALL SELECT 4, 'patio', id, descripcion FROM patios WHERE id = w.id_patio) s
          WHERE w.id = $1 ORDER BY s.n",
    )
    .bind(id)
    .fetch_all(&env.pool)
    .await
    .unwrap()
}

fn sites_of(row: &Value) -> Vec<(String, i64, String)> {
    row["sitios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap().to_owned();
            (text("tipo"), s["id"].as_i64().unwrap(), text("descripcion"))
        })
        .collect()
}

#[tokio::test]
async fn rows_and_reads_carry_their_sites_by_name() {
    let env = Env::start(server_bin!()).await;
    let key = Some(env.office_key.as_str());
    let (status, page) = get(&env, key, "/api/v1/work-orders?por_pagina=12&pagina=2").await;
    assert_eq!(status, 200, "{page}");
    for row in page["datos"].as_array().unwrap() {
        let id = row["id"].as_i64().unwrap();
        let expected = sites_in_db(&env, id).await;
        assert!(!expected.is_empty(), "every demo OT has a site");
        assert_eq!(sites_of(row), expected, "row {id}");
    }
    // A vessel job with a yard phase names both, the vessel first.
    let id = count(
        &env,
        "SELECT min(id) FROM work_orders WHERE estatus = 1 AND id_embarcacion IS NOT NULL AND id_patio IS NOT NULL",
    )
    .await;
    let (status, ot) = get(&env, key, &format!("/api/v1/work-orders/{id}")).await;
    assert_eq!(status, 200, "{ot}");
    let sitios = sites_of(&ot);
    assert_eq!(sitios, sites_in_db(&env, id).await);
    assert_eq!(
        sitios.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["embarcacion", "patio"]
    );
    env.stop().await;
}

#[tokio::test]
async fn the_list_filters_by_one_site_of_one_kind() {
    let env = Env::start(server_bin!()).await;
    let key = Some(env.office_key.as_str());
    let (status, page) = get(
        &env,
        key,
        "/api/v1/work-orders?sitio=plataforma:1&por_pagina=200",
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let expected = count(
        &env,
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND id_plataforma = 1",
    )
    .await;
    let same_id_elsewhere = count(
        &env,
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND 1 IN (id_embarcacion, id_intercom, id_patio)",
    )
    .await;
    assert!(expected > 0 && same_id_elsewhere > 0, "the demo has both");
    assert_eq!(
        page["total"], expected,
        "vessel 1 and yard 1 are not platform 1"
    );
    assert!(
        page["datos"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| { sites_of(r).contains(&("plataforma".into(), 1, "Akal-C".into())) })
    );
    env.stop().await;
}

/// PostgreSQL ending the lists' connections (a restart, a failover, an operator) costs no more
/// than the request that finds its connection gone: the next lists are answered on new
/// connections, with no restart of the server.
#[tokio::test]
async fn lists_answer_again_after_postgresql_ends_their_connections() {
    let env = Env::start(server_bin!()).await;
    let key = Some(env.office_key.as_str());
    let (status, before) = get(&env, key, "/api/v1/work-orders?id_estatus_ot=1").await;
    assert_eq!(status, 200, "{before}");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1",
    )
    .bind(ote_server::db::LIST_CONNECTIONS)
    .fetch_all(&env.pool)
    .await
    .unwrap();
    assert!(
        !ended.is_empty(),
        "the list read on a connection of its own pool"
    );

    // The first request may find the ended connection; the one after it may not.
    get(&env, key, "/api/v1/work-orders?id_estatus_ot=1").await;
    for _ in 0..3 {
        let (status, after) = get(&env, key, "/api/v1/work-orders?id_estatus_ot=1").await;
        assert_eq!(status, 200, "{after}");
        assert_eq!(after["total"], before["total"]);
    }
}
