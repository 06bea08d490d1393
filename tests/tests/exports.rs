//! Excel exports read back with calamine: the same rows and values as the API, amounts to the
//! cent, dates as dates.

use calamine::Data;
use chrono::NaiveDate;
use ote_tests::api::Api;
use ote_tests::env::Env;
use ote_tests::import_client::ImportClient;
use ote_tests::server_bin;
use ote_tests::workbooks::{self, cell_decimal, read_sheet};
use rust_decimal::Decimal;
use serde_json::Value;

async fn bytes(env: &Env, path: &str) -> Vec<u8> {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", env.server.url))
        .header("Api-key", &env.office_key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    response.bytes().await.unwrap().to_vec()
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .map_or_else(|| v.to_string(), str::to_owned)
        .parse()
        .unwrap()
}

/// Excel's day number of `day`.
fn day_number(day: NaiveDate) -> f64 {
    (day - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

#[tokio::test]
async fn the_filtered_work_order_list_exports_with_the_apis_rows_and_amounts() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let filter = "id_estatus_ot=2&orden=orden_trabajo";
    let (_, page) = api
        .get(&format!("/api/v1/work-orders?{filter}&por_pagina=200"))
        .await;
    let rows = page["datos"].as_array().unwrap();
    assert!(rows.len() > 3, "the demo has work orders in process");
    let sheet = read_sheet(
        bytes(&env, &format!("/api/v1/work-orders.xlsx?{filter}")).await,
        "Órdenes de trabajo",
    );
    assert_eq!(sheet.height(), rows.len() + 1);
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Folio".into())));
    for (i, row) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        assert_eq!(
            sheet.get_value((r, 0)).unwrap().to_string(),
            row["orden_trabajo"].as_str().unwrap()
        );
        assert_eq!(
            cell_decimal(sheet.get_value((r, 12)).unwrap()),
            dec(&row["monto_mxn"])
        );
        assert_eq!(
            cell_decimal(sheet.get_value((r, 13)).unwrap()),
            dec(&row["monto_usd"])
        );
        if let Some(start) = row["fecha_inicio_programado"].as_str() {
            let cell = sheet.get_value((r, 10)).unwrap();
            let Data::DateTime(date) = cell else {
                panic!("a date cell, not {cell:?}");
            };
            assert_eq!(date.as_f64(), day_number(start.parse().unwrap()));
        }
    }
    env.stop().await;
}

#[tokio::test]
async fn one_work_orders_steps_export_with_their_status_and_comments() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let id = env.first_work_order().await;
    let (_, ot) = api.get(&format!("/api/v1/work-orders/{id}")).await;
    let pasos = ot["pasos"].as_array().unwrap();
    let book = bytes(&env, &format!("/api/v1/work-orders/{id}/steps.xlsx")).await;
    let header = read_sheet(book.clone(), "OT");
    assert_eq!(
        header.get_value((1, 1)).unwrap().to_string(),
        ot["orden_trabajo"].as_str().unwrap()
    );
    assert_eq!(
        cell_decimal(header.get_value((6, 1)).unwrap()),
        dec(&ot["monto_mxn"])
    );
    let steps = read_sheet(book, "Pasos");
    assert_eq!(steps.height(), pasos.len() + 1);
    for (i, paso) in pasos.iter().enumerate() {
        let comment = steps
            .get_value(((i + 1) as u32, 5))
            .map(|c| c.to_string())
            .unwrap_or_default();
        assert_eq!(comment, paso["comentario"].as_str().unwrap());
    }
    env.stop().await;
}

#[tokio::test]
async fn an_imports_anexo_items_export_to_the_cent() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let (file, _) = workbooks::cents_anexo(40);
    let id = client.import_anexo(ot, "anexo-centavos.xlsx", file).await;
    assert_eq!(client.wait(id).await["estado"], "terminada");
    let (_, items) = client
        .get(&format!("/api/v1/imports/{id}/anexo-items"))
        .await;
    let items = items.as_array().unwrap();
    let (status, book) = client
        .get_bytes(&format!("/api/v1/imports/{id}/anexo-items.xlsx"))
        .await;
    assert_eq!(status, 200);
    let sheet = read_sheet(book, "Anexo C");
    assert_eq!(sheet.height(), items.len() + 1);
    for (i, item) in items.iter().enumerate() {
        let cell = sheet.get_value(((i + 1) as u32, 6)).unwrap();
        assert_eq!(cell_decimal(cell), dec(&item["importe_mxn"]), "row {i}");
    }
    env.stop().await;
}

#[tokio::test]
async fn a_schedule_versions_tasks_export_in_outline_order() {
    let env = Env::start(server_bin!()).await;
    let client = ImportClient::new(&env.server.url, &env.office_key);
    let ot = env.first_work_order().await;
    let xml = workbooks::mspdi(&[
        (1, 1, "Movilización", 0, 2, &[]),
        (2, 2, "Inspección con ROV", 2, 3, &[(1, 1, 0)]),
        (3, 1, "Entrega", 5, 0, &[(2, 1, 0)]),
    ]);
    let id = client
        .import_schedule(ot, "plan.xml", xml.into_bytes(), "v1")
        .await;
    let record = client.wait(id).await;
    let version = record["conteos"]["version_id"].as_i64().unwrap();
    let path = format!("/api/v1/work-orders/{ot}/schedules/{version}/tasks");
    let (_, tasks) = client.get(&path).await;
    let (status, book) = client.get_bytes(&format!("{path}.xlsx")).await;
    assert_eq!(status, 200);
    let sheet = read_sheet(book, "Tareas");
    let tasks = tasks.as_array().unwrap();
    assert_eq!(sheet.height(), tasks.len() + 1);
    for (i, task) in tasks.iter().enumerate() {
        let name = sheet.get_value(((i + 1) as u32, 2)).unwrap().to_string();
        assert_eq!(name.trim(), task["nombre"].as_str().unwrap());
    }
    env.stop().await;
}
