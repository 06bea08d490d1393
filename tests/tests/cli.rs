//! The `ote-server` commands run as a process against a fresh database.

use ote_server::auth::api_keys;
use ote_tests::{TestDb, run_command, server_bin};

#[tokio::test]
async fn migrate_user_add_apikey_create_and_seed_demo() {
    let db = TestDb::new();
    let bin = server_bin!();
    run_command(bin, &db, &["migrate"], None).await.unwrap();

    let out = run_command(
        bin,
        &db,
        &["user", "add", "ana.lopez", "--role", "oficina"],
        Some("secreto-largo\n"),
    )
    .await
    .unwrap();
    assert!(out.contains("ana.lopez"), "{out}");
    let pool = db.migrated().await;
    let (hash, role): (String, String) =
        sqlx::query_as("SELECT password_hash, role FROM users WHERE username = 'ana.lopez'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(role, "oficina");
    assert!(hash.starts_with("$argon2"), "argon2 hash: {hash}");
    assert!(!hash.contains("secreto-largo"));

    let duplicate = run_command(
        bin,
        &db,
        &[
            "user",
            "add",
            "ana.lopez",
            "--role",
            "campo",
            "--password",
            "otra-clave-9",
        ],
        None,
    )
    .await;
    assert!(duplicate.unwrap_err().to_string().contains("ya existe"));
    let weak = run_command(
        bin,
        &db,
        &[
            "user",
            "add",
            "beto",
            "--role",
            "campo",
            "--password",
            "corta",
        ],
        None,
    )
    .await;
    assert!(weak.unwrap_err().to_string().contains("8 caracteres"));

    let out = run_command(bin, &db, &["apikey", "create", "--user", "ana.lopez"], None)
        .await
        .unwrap();
    let key = out.lines().last().unwrap().trim();
    assert!(
        key.starts_with("ote_") && key.len() > 40,
        "the key alone on the last line: {out}"
    );
    let stored: Vec<u8> = sqlx::query_scalar("SELECT key_hash FROM api_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, api_keys::hash(key), "only the hash is stored");
    let nobody = run_command(bin, &db, &["apikey", "create", "--user", "nadie"], None).await;
    assert!(nobody.is_err());

    let out = run_command(bin, &db, &["seed-demo"], None).await.unwrap();
    assert!(out.contains("catálogos cargados: true"), "{out}");
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM work_orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(orders > 0);
    pool.close().await;
    db.drop_db().await;
}
