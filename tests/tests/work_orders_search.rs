//! The list's search by words (`work_order_words`) and by fragments (trigrams): what an office
//! finds when it types a word, part of one, or a folio, and that the words follow every edit.

use ote_tests::api::Api;
use ote_tests::env::Env;
use ote_tests::server_bin;
use reqwest::Method;
use serde_json::{Value, json};

fn ids(page: &Value) -> Vec<i64> {
    page["datos"]
        .as_array()
        .unwrap_or_else(|| panic!("a page: {page}"))
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// Three of the demo's work orders, given descriptions naming hydrophones (no other does) and
/// programmed starts in an order unlike their ids: returned in date order.
async fn hydrophones(env: &Env) -> Vec<i64> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM work_orders WHERE estatus = 1 ORDER BY id LIMIT 3")
            .fetch_all(&env.pool)
            .await
            .unwrap();
    let texts = [
        ("Calibración de hidrófonos del ROV", "2027-03-01"),
        ("HIDRÓFONO dañado en el casco", "2027-01-01"),
        ("Hidrofono de respaldo", "2027-02-01"),
    ];
    for (id, (text, date)) in ids.iter().zip(texts) {
        sqlx::query(
            "UPDATE work_orders SET descripcion_trabajo = $2, fecha_inicio_programado = $3::date WHERE id = $1",
        )
        .bind(id)
        .bind(text)
        .bind(date)
        .execute(&env.pool)
        .await
        .unwrap();
    }
    vec![ids[1], ids[2], ids[0]]
}

#[tokio::test]
async fn a_word_finds_its_other_forms_in_date_order_with_every_match_counted() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let by_date = hydrophones(&env).await;

    let list = "/api/v1/work-orders?q=Hidrófonos&orden=fecha_inicio_programado&por_pagina=2";
    let (status, first) = api.get(list).await;
    let (_, second) = api.get(&format!("{list}&pagina=2")).await;

    assert_eq!(status, 200, "{first}");
    assert_eq!(first["total"], 3, "singular and plural, any case or accent");
    assert_eq!(ids(&first), by_date[..2]);
    assert_eq!(ids(&second), by_date[2..]);
    assert_eq!(second["total"], 3);
    env.stop().await;
}

#[tokio::test]
async fn the_words_of_a_search_must_all_be_in_a_work_order() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let by_date = hydrophones(&env).await;

    let (_, found) = api.get("/api/v1/work-orders?q=hidrofono%20casco").await;

    assert_eq!(ids(&found), [by_date[0]]);
    assert_eq!(found["total"], 1);
    env.stop().await;
}

#[tokio::test]
async fn part_of_a_word_is_still_found_as_a_fragment() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let mut by_date = hydrophones(&env).await;

    let (_, found) = api.get("/api/v1/work-orders?q=idrof&por_pagina=10").await;

    let mut got = ids(&found);
    got.sort();
    by_date.sort();
    assert_eq!(got, by_date);
    assert_eq!(found["total"], 3);
    env.stop().await;
}

#[tokio::test]
async fn a_work_order_edited_through_the_api_is_found_by_its_new_words_only() {
    let env = Env::start(server_bin!()).await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let id = hydrophones(&env).await[0];

    let (status, edited) = api
        .json(
            Method::PATCH,
            &format!("/api/v1/work-orders/{id}"),
            json!({"descripcion_trabajo": "Cambio de sismógrafo"}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");

    let (_, old) = api.get("/api/v1/work-orders?q=hidrofono").await;
    let (_, new) = api.get("/api/v1/work-orders?q=sismografos").await;
    assert!(!ids(&old).contains(&id), "{old}");
    assert_eq!(old["total"], 2);
    assert_eq!(ids(&new), [id]);
    env.stop().await;
}

#[tokio::test]
async fn a_technician_finds_by_word_only_the_work_orders_they_may_see() {
    let env = Env::start(server_bin!()).await;
    let office = Api::new(&env.server.url, Some(&env.office_key));
    let tecnico = Api::new(&env.server.url, Some(&env.key));
    let (_, all) = office.get("/api/v1/work-orders?por_pagina=200").await;
    let (_, theirs) = tecnico.get("/api/v1/work-orders?por_pagina=200").await;
    let visible = ids(&theirs);
    assert!(ids(&all).len() > visible.len(), "the technician sees fewer");
    assert!(!visible.is_empty(), "and some");
    // Every work order, visible or not, names the same word.
    sqlx::query("UPDATE work_orders SET descripcion_trabajo = descripcion_trabajo || ' geófono'")
        .execute(&env.pool)
        .await
        .unwrap();

    let (_, found) = tecnico
        .get("/api/v1/work-orders?q=geofonos&orden=fecha_inicio_programado&por_pagina=200")
        .await;

    let mut got = ids(&found);
    got.sort();
    let mut expected = visible;
    expected.sort();
    assert_eq!(got, expected);
    assert_eq!(found["total"], expected.len());
    env.stop().await;
}
