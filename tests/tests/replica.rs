//! Lists read through a streaming replica (`OTE_DATABASE_READ_URL`): the hot standby the test
//! command starts (`OTE_TEST_STANDBY`, scripts/setup.sh). A user reads their own writes at
//! once; everyone else reads the replica.

use ote_server::auth::api_keys;
use ote_server::auth::users::{self, Role};
use ote_tests::api::{Api, office_work_order};
use ote_tests::env::{Env, placeholder_dist};
use ote_tests::server_bin;
use reqwest::Method;
use sqlx::PgPool;

/// Waits until the standby has replayed everything the primary wrote so far.
async fn caught_up(primary: &PgPool, standby: &PgPool) {
    let lsn: String = sqlx::query_scalar("SELECT pg_current_wal_insert_lsn()::text")
        .fetch_one(primary)
        .await
        .unwrap();
    let mut standby = standby.acquire().await.unwrap();
    ote_tests::failover::wait_replayed(&mut standby, &lsn)
        .await
        .unwrap();
}

async fn total(api: &Api, folio: &str) -> i64 {
    let (status, page) = api.get(&format!("/api/v1/work-orders?q={folio}")).await;
    assert_eq!(status, 200, "{page}");
    page["total"].as_i64().unwrap()
}

#[tokio::test]
async fn a_users_own_write_shows_at_once_while_others_read_the_replica() {
    let standby_db = |name: &str| format!("{}/{name}", ote_tests::failover::standby_base_url());
    let env = Env::start(server_bin!()).await;
    // The replica has every database of the primary: the server reads this test's there.
    let read_url = standby_db(&env.db.name);
    let replica_env = [("OTE_DATABASE_READ_URL", read_url.as_str())];
    let server = ote_tests::ServerProcess::start_with(
        server_bin!(),
        &env.db,
        &placeholder_dist(),
        &ote_tests::env::temp_dir("data"),
        &replica_env,
    )
    .await
    .unwrap();
    users::add(&env.pool, "auditoria", Role::Oficina, "clave-segura-3")
        .await
        .unwrap();
    let other_key = api_keys::create(&env.pool, "auditoria").await.unwrap();
    let standby = PgPool::connect(&read_url).await.unwrap();
    caught_up(&env.pool, &standby).await;

    let writer = Api::new(&server.url, Some(&env.office_key));
    let other = Api::new(&server.url, Some(&other_key));
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&standby)
        .await
        .unwrap();
    let (status, body) = writer
        .json(
            Method::POST,
            "/api/v1/work-orders",
            office_work_order("OT-REPLICA-001"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        total(&writer, "OT-REPLICA-001").await,
        1,
        "the writer reads their write, though the replica has not replayed it"
    );
    assert_eq!(
        total(&other, "OT-REPLICA-001").await,
        0,
        "another user reads the paused replica"
    );

    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&standby)
        .await
        .unwrap();
    let seen = ote_tests::poll_until(10, &1, || total(&other, "OT-REPLICA-001")).await;
    assert_eq!(seen, 1, "the replica catches up and shows it to everyone");
    server.stop().await;
    env.stop().await;
}

#[tokio::test]
async fn lists_read_the_primary_when_the_replica_does_not_answer() {
    let env = Env::start_with(
        server_bin!(),
        &placeholder_dist(),
        &[(
            "OTE_DATABASE_READ_URL",
            "postgres://postgres@127.0.0.1:1/nada",
        )],
    )
    .await;
    let api = Api::new(&env.server.url, Some(&env.office_key));
    let (status, page) = api.get("/api/v1/work-orders").await;
    assert_eq!(status, 200, "{page}");
    assert!(page["total"].as_i64().unwrap() > 0);
    env.stop().await;
}
