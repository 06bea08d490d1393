//! The demo data: realistic catalogs and a few dozen work orders that go through the document
//! path, obey the rules, and load only once.

use std::collections::HashMap;

use automerge::AutoCommit;
use ote_shared::codes::TipoOt;
use ote_shared::document;
use ote_shared::model::OrdenTrabajo;
use ote_shared::rules::{self, Contexto, Principal};
use ote_tests::TestDb;
use sqlx::PgPool;
use uuid::Uuid;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn demo_data_loads_once_with_every_kind_of_work_order() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    let seeded = ote_server::demo::seed(&pool).await.unwrap();
    assert!(seeded.catalogs);
    assert!(
        seeded.work_orders >= 24,
        "a few dozen work orders: {}",
        seeded.work_orders
    );

    assert_eq!(
        count(&pool, "SELECT count(*) FROM work_orders").await,
        seeded.work_orders as i64
    );
    assert!(count(&pool, "SELECT count(*) FROM clientes").await >= 5);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM work_orders w LEFT JOIN pte_headers p ON p.id = w.id_pte_header
              WHERE w.id_pte_header IS NOT NULL AND p.id_cliente IS DISTINCT FROM w.id_cliente"
        )
        .await,
        0,
        "each work order's PTE is in the catalog and its client's"
    );
    assert_eq!(
        count(&pool, "SELECT count(DISTINCT id_tipo) FROM work_orders").await,
        2,
        "both tipos"
    );
    assert!(
        count(&pool, "SELECT count(DISTINCT id_frente) FROM work_orders").await >= 3,
        "several fronts"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(DISTINCT id_estatus_ot) FROM work_orders"
        )
        .await,
        5,
        "every OT status"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(DISTINCT estatus_paso) FROM work_order_steps"
        )
        .await,
        4,
        "steps in every state"
    );
    assert!(
        count(&pool, "SELECT count(*) FROM work_orders WHERE estatus = -1").await > 0,
        "some still to define"
    );
    assert!(
        count(
            &pool,
            "SELECT count(*) FROM work_orders WHERE requiere_patio"
        )
        .await
            > 0,
        "offshore with a yard phase"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM work_orders WHERE NOT EXISTS (SELECT 1 FROM work_order_steps s WHERE s.work_order_id = work_orders.id)").await,
        0,
        "every work order has its steps"
    );

    let again = ote_server::demo::seed(&pool).await.unwrap();
    assert_eq!(
        (again.catalogs, again.work_orders),
        (false, 0),
        "a second run loads nothing"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM work_orders").await,
        seeded.work_orders as i64
    );
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn demo_documents_match_their_rows_and_obey_the_rules() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    ote_server::demo::seed(&pool).await.unwrap();
    let docs: Vec<(Uuid, Vec<u8>)> = sqlx::query_as("SELECT doc_id, bytes FROM document_bytes")
        .fetch_all(&pool)
        .await
        .unwrap();
    let orders: HashMap<Uuid, OrdenTrabajo> = docs
        .iter()
        .map(|(id, bytes)| {
            (
                *id,
                document::read(&AutoCommit::load(bytes).unwrap()).unwrap(),
            )
        })
        .collect();
    let logged = count(&pool, "SELECT count(DISTINCT doc_id) FROM change_log").await;
    assert_eq!(
        logged as usize,
        orders.len(),
        "every document is in the change log"
    );

    for (id, ot) in &orders {
        let (folio, steps, principal): (String, i64, Option<i64>) = sqlx::query_as(
            "SELECT orden_trabajo, (SELECT count(*) FROM work_order_steps s WHERE s.work_order_id = w.id), ot_principal
             FROM work_orders w WHERE doc_id = $1",
        )
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(folio, ot.orden_trabajo);
        assert_eq!(steps as usize, ot.pasos.len());
        assert_eq!(
            principal.is_some(),
            ot.id_tipo == TipoOt::Reprogramacion,
            "{folio}: numeric ot_principal"
        );

        let ctx = context(ot, &orders);
        assert_eq!(rules::validate(ot, &ctx), vec![], "{folio} obeys the rules");
    }
    pool.close().await;
    db.drop_db().await;
}

/// What the rules need to know about the other demo work orders.
fn context(ot: &OrdenTrabajo, all: &HashMap<Uuid, OrdenTrabajo>) -> Contexto {
    let Some(parent) = ot.ot_principal.and_then(|p| all.get(&p)) else {
        return Contexto::default();
    };
    let siblings = all
        .values()
        .filter(|o| o.ot_principal == Some(parent.id) && o.id != ot.id)
        .filter(|o| o.num_reprogramacion < ot.num_reprogramacion)
        .map(|o| o.num_reprogramacion);
    Contexto {
        principal: Some(Principal {
            id_tipo: parent.id_tipo,
            estatus: parent.estatus,
            id_estatus_ot: parent.id_estatus_ot,
        }),
        siguiente_reprogramacion: Some(rules::siguiente_num_reprogramacion(siblings)),
        pte: None,
    }
}
