//! Seed 002's `/api/v2/ordenes_servicio/` answers its integrations unchanged: the list with its
//! status filter and `count/next/previous/results` paging, one work order with `sucursal`,
//! `cliente`, `empleados` and `archivos`, the PATCH (bitácora kept as given, rules enforced)
//! and `adjuntar_imagen` with a base64 image; 401, 403, 404 and bad input change nothing.

use std::collections::BTreeSet;

use base64::Engine;
use ote_server::auth::api_keys;
use ote_server::auth::users::{self, Role};
use ote_tests::api::Api;
use ote_tests::env::{EMPLEADO_TECNICO, Env};
use ote_tests::server_bin;
use reqwest::Method;
use serde_json::{Value, json};

const LIST: &str = "/api/v2/ordenes_servicio/";

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

const LIST_FIELDS: [&str; 13] = [
    "id",
    "status",
    "prioridad",
    "bitacora_inicio_cliente",
    "bitacora_llegada_base",
    "descripcion",
    "status_display",
    "clave",
    "periodicidad",
    "prioridad_display",
    "tipo_servicio",
    "sucursal",
    "cliente",
];

async fn count(env: &Env, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&env.pool).await.unwrap()
}

#[tokio::test]
async fn the_list_pages_and_filters_as_seed_002() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let visible = count(&env, "SELECT count(*) FROM work_orders WHERE estatus <> 0").await;

    let (status, page) = api.get(&format!("{LIST}?page_size=10")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["count"], visible);
    assert_eq!(page["previous"], Value::Null);
    let next = page["next"].as_str().unwrap();
    assert!(
        next.starts_with("http://")
            && next.ends_with("/api/v2/ordenes_servicio/?page_size=10&page=2"),
        "{next}"
    );
    let results = page["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    let first = &results[0];
    assert_eq!(keys(first), set(&LIST_FIELDS), "the seed's list fields");
    assert_eq!(
        keys(&first["cliente"]),
        set(&[
            "id",
            "regimen_fiscal",
            "rfc",
            "razon_social",
            "direccion",
            "colonia",
            "nombre",
            "telefono",
            "email",
            "representante_legal"
        ])
    );
    assert_eq!(
        keys(&first["sucursal"]),
        set(&["id", "municipio", "nombre", "cliente", "direccion"])
    );
    let (municipio, direccion): (String, String) = sqlx::query_as(
        "SELECT s.municipio, s.direccion FROM work_orders w
           JOIN (SELECT id, municipio, direccion, 'e' AS k FROM embarcaciones
                 UNION ALL SELECT id, municipio, direccion, 'p' FROM plataformas
                 UNION ALL SELECT id, municipio, direccion, 'i' FROM intercoms
                 UNION ALL SELECT id, municipio, direccion, 'y' FROM patios) s
             ON (s.k, s.id) = ('e', w.id_embarcacion) OR (s.k, s.id) = ('p', w.id_plataforma)
             OR (s.k, s.id) = ('i', w.id_intercom)
             OR (s.k, s.id) = ('y', w.id_patio) AND w.id_embarcacion IS NULL
                AND w.id_plataforma IS NULL AND w.id_intercom IS NULL
          WHERE w.id = $1",
    )
    .bind(first["id"].as_i64().unwrap())
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert!(
        !municipio.is_empty(),
        "the demo's sites have a municipality"
    );
    assert_eq!(
        (
            &first["sucursal"]["municipio"],
            &first["sucursal"]["direccion"]
        ),
        (&json!(municipio), &json!(direccion)),
        "the site's municipality and address, from its catalog"
    );
    let folio: String = sqlx::query_scalar("SELECT orden_trabajo FROM work_orders WHERE id = $1")
        .bind(first["id"].as_i64().unwrap())
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(first["clave"], folio);

    // Page 2 links back to page 1 without `page`, as Django REST framework does.
    let (_, second) = api.get(&format!("{LIST}?page_size=10&page=2")).await;
    assert!(
        second["previous"]
            .as_str()
            .unwrap()
            .ends_with("/api/v2/ordenes_servicio/?page_size=10")
    );
    assert_ne!(second["results"][0]["id"], first["id"]);

    // The status filter, in the seed's codes: 1 Abierta is our Activa.
    let (status, abiertas) = api.get(&format!("{LIST}?status=1&page_size=200")).await;
    assert_eq!(status, 200);
    let activas = count(
        &env,
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND id_estatus_ot = 1",
    )
    .await;
    assert_eq!(abiertas["count"], activas);
    assert!(
        abiertas["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["status"] == 1 && o["status_display"] == "Abierta")
    );
    let (_, confirmadas) = api.get(&format!("{LIST}?status=5&page_size=200")).await;
    let stored = count(
        &env,
        "SELECT count(*) FROM work_orders WHERE estatus <> 0 AND id_estatus_ot = 5",
    )
    .await;
    assert!(stored > 0, "the demo has confirmed work orders");
    assert_eq!(
        confirmadas["count"], stored,
        "5 Confirmada is a status of its own"
    );
    assert!(
        confirmadas["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["status"] == 5 && o["status_display"] == "Confirmada")
    );

    for (query, code) in [
        ("status=9", "filtro_invalido"),
        ("status=x", "filtro_invalido"),
        ("page=0", "pagina_invalida"),
        ("page_size=500", "pagina_invalida"),
    ] {
        let (status, body) = api.get(&format!("{LIST}?{query}")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some(code)),
            "{query}: {body}"
        );
    }
    let (status, _) = Api::new(&env.server.url, None).get(LIST).await;
    assert_eq!(status, 401);

    // A field technician sees only their work orders, here as in every other list.
    let (_, mine) = Api::new(&env.server.url, Some(&env.key)).get(LIST).await;
    assert!(mine["count"].as_i64().unwrap() < visible);
    env.stop().await;
}

#[tokio::test]
async fn one_work_order_is_read_and_patched_as_seed_002() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let id: i64 = count(&env, "SELECT min(w.id) FROM work_orders w WHERE id_estatus_ot = 1 AND estatus = 1 AND EXISTS (SELECT 1 FROM work_order_empleados e WHERE e.work_order_id = w.id)").await;
    let path = format!("{LIST}{id}/");

    let (status, ot) = api.get(&path).await;
    assert_eq!(status, 200, "{ot}");
    let mut detail = set(&LIST_FIELDS);
    detail.extend(["empleados", "archivos"]);
    assert_eq!(keys(&ot), detail);
    let empleados = ot["empleados"].as_array().unwrap();
    assert!(!empleados.is_empty());
    assert_eq!(
        keys(&empleados[0]),
        set(&[
            "id",
            "rfc",
            "nombre",
            "apellido_paterno",
            "apellido_materno"
        ])
    );

    let patch = json!({
        "status": 2,
        "prioridad": 1,
        "descripción": "<p>FALTA DE AGUA</p>",
        "bitacora_inicio_cliente": "2026-01-01T09:44:27-06:00",
        "bitacora_llegada_base": "2026-01-27T09:44:27-06:00",
    });
    let (status, ot) = api.json(Method::PATCH, &path, patch).await;
    assert_eq!(status, 200, "{ot}");
    assert_eq!(
        (ot["status"].as_i64(), ot["status_display"].as_str()),
        (Some(2), Some("En proceso"))
    );
    assert_eq!(
        (ot["prioridad"].as_i64(), ot["prioridad_display"].as_str()),
        (Some(1), Some("Alta"))
    );
    assert_eq!(ot["descripcion"], "<p>FALTA DE AGUA</p>");
    assert_eq!(
        ot["bitacora_inicio_cliente"], "2026-01-01T09:44:27-06:00",
        "kept as given"
    );
    let row: (i16, Option<i16>, String, Option<String>) = sqlx::query_as(
        "SELECT id_estatus_ot, prioridad, descripcion_trabajo, bitacora_llegada_base FROM work_orders WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            2,
            Some(1),
            "<p>FALTA DE AGUA</p>".into(),
            Some("2026-01-27T09:44:27-06:00".into())
        )
    );
    let history = count(&env, &format!("SELECT count(*) FROM work_order_history WHERE work_order_id = {id} AND estatus_nuevo = 2")).await;
    assert_eq!(history, 1, "the status change is in the history");

    // Each refusal: its code, and nothing changed.
    let refused = [
        (json!({"bitacora_llegada_base": "ayer"}), "campo_invalido"),
        (json!({"status": 7}), "campo_invalido"),
        (json!({"prioridad": 9}), "campo_invalido"),
        (json!({"status": 1}), "transicion_estatus_invalida"),
        (json!({"status": 4}), "comentario_requerido"),
    ];
    for (body, code) in refused {
        let (status, answer) = api.json(Method::PATCH, &path, body.clone()).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (400, Some(code)),
            "{body}: {answer}"
        );
    }
    let after: (i16, Option<String>) = sqlx::query_as(
        "SELECT id_estatus_ot, bitacora_llegada_base FROM work_orders WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(after, (2, Some("2026-01-27T09:44:27-06:00".into())));
    for sent in [
        "2026-01-27T09:44:27.250+05:30",
        "2026-01-27T09:44:27.123456-06:00",
    ] {
        let (status, ot) = api
            .json(Method::PATCH, &path, json!({"bitacora_llegada_base": sent}))
            .await;
        assert_eq!(
            (status, &ot["bitacora_llegada_base"]),
            (200, &json!(sent)),
            "{ot}"
        );
    }
    let (status, ot) = api
        .json(
            Method::PATCH,
            &path,
            json!({"status": 4, "comentario": "El cliente canceló"}),
        )
        .await;
    assert_eq!((status, ot["status"].as_i64()), (200, Some(4)), "{ot}");

    let (status, _) = api.get(&format!("{LIST}99999999/")).await;
    assert_eq!(status, 404);
    let (status, body) = api.get(&format!("{LIST}abc/")).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("id_invalido")));
    users::add(&env.pool, "auditor", Role::Lectura, "clave-segura-3")
        .await
        .unwrap();
    let reader = api_keys::create(&env.pool, "auditor").await.unwrap();
    let reader = Api::new(&env.server.url, Some(&reader));
    assert_eq!(reader.get(&path).await.0, 200);
    let (status, _) = reader
        .json(Method::PATCH, &path, json!({"prioridad": 3}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = Api::new(&env.server.url, None)
        .json(Method::PATCH, &path, json!({"prioridad": 3}))
        .await;
    assert_eq!(status, 401);
    env.stop().await;
}

#[tokio::test]
async fn adjuntar_imagen_stores_a_base64_photo() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.key));
    let id: i64 = count(&env, &format!("SELECT min(w.id) FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id AND e.empleado_id = {EMPLEADO_TECNICO} WHERE estatus = 1")).await;
    let path = format!("{LIST}{id}/adjuntar_imagen/");
    let png: Vec<u8> = [&b"\x89PNG\r\n\x1a\n"[..], "foto del manómetro".as_bytes()].concat();
    let imagen = base64::engine::general_purpose::STANDARD.encode(&png);

    let body = json!({"titulo": "Imágen antes del servicio", "proceso": 1, "imagen": imagen});
    let (status, foto) = api.json(Method::POST, &path, body).await;
    assert_eq!(status, 201, "{foto}");
    assert_eq!(keys(&foto), set(&["id", "url", "titulo", "creado"]));
    assert_eq!(foto["titulo"], "Imágen antes del servicio");
    assert!(
        foto["creado"].as_str().unwrap().ends_with("+00:00"),
        "{foto}"
    );
    let url = foto["url"].as_str().unwrap();
    let bytes = reqwest::Client::new()
        .get(url)
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        bytes.as_ref(),
        png.as_slice(),
        "the URL gives the image back"
    );

    let (_, ot) = api.get(&format!("{LIST}{id}/")).await;
    let archivos = ot["archivos"].as_array().unwrap();
    let listed = archivos.iter().find(|a| a["id"] == foto["id"]).unwrap();
    for field in ["url", "titulo", "creado"] {
        assert_eq!(listed[field], foto[field], "{archivos:?}");
    }
    let proceso = count(
        &env,
        &format!(
            "SELECT proceso::int8 FROM work_order_photos WHERE id = {}",
            foto["id"]
        ),
    )
    .await;
    assert_eq!(proceso, 1);

    let photos = count(&env, "SELECT count(*) FROM work_order_photos").await;
    let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7 no es foto");
    let refused = [
        (json!({"proceso": 1, "imagen": pdf}), "imagen_invalida"),
        (json!({"proceso": 1, "imagen": "%%%"}), "imagen_invalida"),
        (json!({"proceso": 1}), "imagen_invalida"),
        (json!({"proceso": 9, "imagen": imagen}), "campo_invalido"),
        (json!({"imagen": imagen}), "campo_invalido"),
    ];
    for (body, code) in refused {
        let (status, answer) = api.json(Method::POST, &path, body.clone()).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (400, Some(code)),
            "{body}: {answer}"
        );
    }
    assert_eq!(
        count(&env, "SELECT count(*) FROM work_order_photos").await,
        photos
    );
    let (status, _) = api
        .json(
            Method::POST,
            &format!("{LIST}99999999/adjuntar_imagen/"),
            json!({"proceso": 1, "imagen": imagen}),
        )
        .await;
    assert_eq!(status, 404);
    env.stop().await;
}

#[tokio::test]
async fn the_office_confirms_a_finished_work_order_and_the_crew_may_not() {
    let env = Env::start(server_bin!()).await;
    let office = Api::new(&env.server.url, Some(&env.office_key));
    let campo = Api::new(&env.server.url, Some(&env.key));
    let id = count(
        &env,
        &format!(
            "SELECT min(w.id) FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id
              AND e.empleado_id = {EMPLEADO_TECNICO} WHERE w.id_estatus_ot = 3 AND w.estatus = 1"
        ),
    )
    .await;
    let path = format!("{LIST}{id}/");
    let sql = format!("SELECT id_estatus_ot::int8 FROM work_orders WHERE id = {id}");
    let stored = || count(&env, &sql);

    // The crew finishes work but does not speak for the client's acceptance.
    let (status, body) = campo.json(Method::PATCH, &path, json!({"status": 5})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("sin_permiso")),
        "{body}"
    );
    assert_eq!(stored().await, 3, "nothing changed");

    let (status, ot) = office
        .json(Method::PATCH, &path, json!({"status": 5}))
        .await;
    assert_eq!(status, 200, "{ot}");
    assert_eq!(
        (&ot["status"], &ot["status_display"]),
        (&json!(5), &json!("Confirmada"))
    );
    assert_eq!(stored().await, 5, "stored as 5, not read back as 3");
    let history = count(&env, &format!("SELECT count(*) FROM work_order_history WHERE work_order_id = {id} AND estatus_nuevo = 5")).await;
    assert_eq!(history, 1);

    let reopen = json!({"status": 2, "comentario": "Falta una prueba"});
    let (status, body) = campo.json(Method::PATCH, &path, reopen).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("sin_permiso")),
        "{body}"
    );
    assert_eq!(stored().await, 5, "nothing changed");

    // Only a finished work order is confirmed; a confirmation is withdrawn with a reason.
    let en_proceso = count(
        &env,
        "SELECT min(id) FROM work_orders WHERE id_estatus_ot = 2 AND estatus = 1",
    )
    .await;
    let (status, body) = office
        .json(
            Method::PATCH,
            &format!("{LIST}{en_proceso}/"),
            json!({"status": 5}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("transicion_estatus_invalida")),
        "{body}"
    );
    let (status, body) = office
        .json(Method::PATCH, &path, json!({"status": 3}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("comentario_requerido")),
        "{body}"
    );
    let withdraw = json!({"status": 3, "comentario": "El cliente pidió revisar el reporte"});
    let (status, ot) = office.json(Method::PATCH, &path, withdraw).await;
    assert_eq!((status, &ot["status"]), (200, &json!(3)), "{ot}");
    env.stop().await;
}

#[tokio::test]
async fn archivos_lists_the_photos_and_the_steps_files() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let (id, step): (i64, i64) = sqlx::query_as(
        "SELECT w.id, min(s.id) FROM work_orders w JOIN work_order_steps s ON s.work_order_id = w.id
          WHERE w.estatus = 1 AND w.id_estatus_ot IN (1, 2) GROUP BY w.id ORDER BY w.id LIMIT 1",
    )
    .fetch_one(&env.pool)
    .await
    .unwrap();
    let png: Vec<u8> = [&b"\x89PNG\r\n\x1a\n"[..], b"foto de la brida"].concat();
    let imagen = base64::engine::general_purpose::STANDARD.encode(&png);
    let (status, foto) = api
        .json(
            Method::POST,
            &format!("{LIST}{id}/adjuntar_imagen/"),
            json!({"titulo": "Brida antes", "proceso": 1, "imagen": imagen}),
        )
        .await;
    assert_eq!(status, 201, "{foto}");
    let acta = b"\xff\xd8\xff\xe0 acta de entrega".to_vec();
    let (status, body) = api
        .multipart(
            &format!("/api/v1/steps/{step}/archivo"),
            &[],
            ("archivo", "acta.jpg", acta.clone()),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (_, ot) = api.get(&format!("{LIST}{id}/")).await;
    let archivos = ot["archivos"].as_array().unwrap();
    assert_eq!(archivos.len(), 2, "{archivos:?}");
    let of = |origen: &str| {
        archivos
            .iter()
            .find(|a| a["origen"] == origen)
            .unwrap()
            .clone()
    };
    let (photo, file) = (of("foto"), of("paso"));
    assert_eq!(photo["id"], foto["id"]);
    assert_eq!(file["id"], step, "a step's file carries the step's id");
    let titulo = file["titulo"].as_str().unwrap();
    assert!(
        titulo.ends_with(" - acta.jpg"),
        "the step's name and the file's: {titulo}"
    );
    assert!(
        file["creado"].as_str().unwrap().ends_with("+00:00"),
        "{file}"
    );
    let bytes = reqwest::Client::new()
        .get(file["url"].as_str().unwrap())
        .header("Api-key", &env.office_key)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        bytes.as_ref(),
        acta.as_slice(),
        "its URL gives the file back"
    );
    env.stop().await;
}
