//! The migrations on a real PostgreSQL: they create the database, apply on an empty one, and
//! applying them again changes nothing.

use ote_shared::codes::EstatusOt;
use ote_tests::TestDb;

#[tokio::test]
async fn migrations_create_the_database_apply_and_are_idempotent() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(applied as usize, ote_server::db::MIGRATOR.iter().count());
    for table in [
        "tipos",
        "estatus_ot",
        "clientes",
        "frentes",
        "embarcaciones",
        "plataformas",
        "intercoms",
        "patios",
        "responsables_proyecto",
        "pte_headers",
        "pasos_ot",
        "empleados",
        "work_orders",
        "work_order_steps",
        "work_order_photos",
        "documents",
        "change_log",
        "notices",
        "blobs",
        "users",
        "sessions",
        "api_keys",
        "audit_log",
        "imports",
        "anexo_items",
        "schedule_versions",
        "schedule_tasks",
        "schedule_predecessors",
    ] {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
            .bind(table)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(exists, "table {table} exists");
    }
    pool.close().await;

    let again = db.migrated().await;
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&again)
        .await
        .unwrap();
    assert_eq!(after, applied, "a second run applies nothing");
    again.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn the_seed_codes_ship_with_the_schema() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    let tipos: Vec<(i16, String)> = sqlx::query_as("SELECT id, descripcion FROM tipos ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(
        tipos,
        [(4, "Inicial".to_owned()), (5, "Reprogramación".to_owned())]
    );
    let estatus: Vec<(i16, String)> =
        sqlx::query_as("SELECT id, descripcion FROM estatus_ot ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let codes: Vec<(i16, String)> = EstatusOt::ALL
        .iter()
        .map(|s| (s.code(), s.label().to_owned()))
        .collect();
    assert_eq!(
        estatus, codes,
        "the catalog names every status as the app does"
    );
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn a_bad_username_or_role_is_refused_by_the_schema() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    let bad_role = sqlx::query(
        "INSERT INTO users (username, password_hash, role) VALUES ('ana', 'x', 'jefe')",
    )
    .execute(&pool)
    .await;
    assert!(bad_role.is_err());
    let bad_name = sqlx::query(
        "INSERT INTO users (username, password_hash, role) VALUES ('Ana López', 'x', 'campo')",
    )
    .execute(&pool)
    .await;
    assert!(bad_name.is_err());
    pool.close().await;
    db.drop_db().await;
}
