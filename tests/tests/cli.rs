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

/// `ote-server` with `args` against `db`, its output; panics when it fails.
async fn ok(db: &TestDb, args: &[&str], stdin: Option<&str>) -> String {
    run_command(server_bin!(), db, args, stdin).await.unwrap()
}

#[tokio::test]
async fn users_are_listed_given_roles_deactivated_activated_and_given_passwords() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    ok(
        &db,
        &[
            "user",
            "add",
            "admin",
            "--role",
            "admin",
            "--password",
            "inicial-aleatoria",
        ],
        None,
    )
    .await;
    ok(
        &db,
        &[
            "user",
            "add",
            "luis",
            "--role",
            "campo",
            "--password",
            "clave-luis-1",
        ],
        None,
    )
    .await;

    let list = ok(&db, &["user", "list"], None).await;
    let luis = list.lines().find(|l| l.contains("luis")).unwrap();
    assert!(
        luis.contains("campo") && luis.contains("sí") && luis.contains("nunca"),
        "{list}"
    );

    ok(&db, &["user", "set-role", "luis", "oficina"], None).await;
    ok(&db, &["user", "deactivate", "luis"], None).await;
    let (role, active): (String, bool) =
        sqlx::query_as("SELECT role, activo FROM users WHERE username = 'luis'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), active), ("oficina", false));
    ok(&db, &["user", "activate", "luis"], None).await;
    let last_admin = run_command(server_bin!(), &db, &["user", "deactivate", "admin"], None).await;
    assert!(
        last_admin
            .unwrap_err()
            .to_string()
            .contains("administrador activo")
    );

    // The first admin's password, changed from standard input.
    ok(
        &db,
        &["user", "passwd", "admin"],
        Some("una-clave-nueva-larga\n"),
    )
    .await;
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'admin'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(password_auth::verify_password("una-clave-nueva-larga", &hash).is_ok());
    let unknown = run_command(
        server_bin!(),
        &db,
        &["user", "passwd", "nadie"],
        Some("clave-larga-1\n"),
    )
    .await;
    assert!(unknown.is_err());
    pool.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn keys_are_listed_by_user_and_revoked_by_id() {
    let db = TestDb::new();
    let pool = db.migrated().await;
    ok(
        &db,
        &[
            "user",
            "add",
            "integra",
            "--role",
            "oficina",
            "--password",
            "clave-larga-1",
        ],
        None,
    )
    .await;
    ok(
        &db,
        &[
            "user",
            "add",
            "otra",
            "--role",
            "oficina",
            "--password",
            "clave-larga-2",
        ],
        None,
    )
    .await;
    let key = ok(&db, &["apikey", "create", "--user", "integra"], None).await;
    let key = key.lines().last().unwrap().trim().to_owned();
    ok(&db, &["apikey", "create", "--user", "otra"], None).await;

    let list = ok(&db, &["apikey", "list", "--user", "integra"], None).await;
    let rows: Vec<&str> = list.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{list}");
    assert!(
        rows[0].contains(&key[..12]) && rows[0].contains("activa"),
        "{list}"
    );
    assert!(!list.contains(&key), "never the key itself");
    let id = rows[0].split_whitespace().next().unwrap();

    ok(&db, &["apikey", "revoke", id], None).await;
    let list = ok(&db, &["apikey", "list"], None).await;
    assert_eq!(
        list.lines().filter(|l| l.contains("revocada")).count(),
        1,
        "{list}"
    );
    let revoked: bool = sqlx::query_scalar(
        "SELECT revoked_at IS NOT NULL FROM api_keys k JOIN users u ON u.id = k.user_id WHERE u.username = 'integra'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(revoked);
    pool.close().await;
    db.drop_db().await;
}
