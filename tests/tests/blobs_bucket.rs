//! Files in an S3-compatible bucket (`OTE_S3_BUCKET`), against a real S3 server (moto).

use ote_tests::api::{blob, camera_photo, photo_of, put_blob, sha};
use ote_tests::bucket::{BUCKET, S3Server};
use ote_tests::env::{Env, placeholder_dist, temp_dir};
use ote_tests::{ServerProcess, server_bin};

/// An `Env` whose server keeps its files in `s3`.
async fn env_on(s3: &S3Server) -> Env {
    Env::start_with(server_bin!(), &placeholder_dist(), &s3.server_env()).await
}

/// Another server process on `env`'s database, its files in `s3`.
async fn other_process(env: &Env, s3: &S3Server) -> ServerProcess {
    ServerProcess::start_with(
        server_bin!(),
        &env.db,
        &placeholder_dist(),
        &temp_dir("data"),
        &s3.server_env(),
    )
    .await
    .unwrap()
}

async fn almacen(env: &Env, bytes: &[u8]) -> String {
    sqlx::query_scalar("SELECT almacen FROM blobs WHERE sha256 = $1")
        .bind(sha(bytes))
        .fetch_one(&env.pool)
        .await
        .unwrap()
}

async fn chunks(env: &Env) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM blob_chunks")
        .fetch_one(&env.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_photo_uploaded_to_the_bucket_through_one_process_is_downloaded_through_another() {
    let s3 = S3Server::start().await.unwrap();
    let env = env_on(&s3).await;
    let other = other_process(&env, &s3).await;
    let photo = camera_photo();

    assert_eq!(put_blob(&env.server.url, &env.key, &photo).await, 201);
    let (status, got) = blob(&other.url, &env.key, &sha(&photo)).await;

    assert_eq!(status, 200);
    assert!(got == photo, "the same bytes");
    assert_eq!(almacen(&env, &photo).await, "s3");
    assert_eq!(chunks(&env).await, 0, "nothing of it in PostgreSQL");
    other.stop().await;
    env.stop().await;
}

#[tokio::test]
async fn a_file_larger_than_a_part_goes_up_in_parts_and_comes_back_whole() {
    let s3 = S3Server::start().await.unwrap();
    let env = env_on(&s3).await;
    let video = photo_of(12 * 1024 * 1024 + 12_345);

    assert_eq!(put_blob(&env.server.url, &env.key, &video).await, 201);
    let (status, got) = blob(&env.server.url, &env.key, &sha(&video)).await;

    assert_eq!(status, 200);
    assert_eq!(got.len(), video.len());
    assert!(got == video, "the same bytes");
    env.stop().await;
}

#[tokio::test]
async fn the_same_file_twice_is_one_object_and_both_uploads_succeed() {
    let s3 = S3Server::start().await.unwrap();
    let env = env_on(&s3).await;
    let photo = camera_photo();

    assert_eq!(put_blob(&env.server.url, &env.key, &photo).await, 201);
    assert_eq!(
        put_blob(&env.server.url, &env.office_key, &photo).await,
        200
    );

    let uploaders: i64 =
        sqlx::query_scalar("SELECT count(*) FROM blob_uploaders WHERE sha256 = $1")
            .bind(sha(&photo))
            .fetch_one(&env.pool)
            .await
            .unwrap();
    assert_eq!(uploaders, 2, "each uploader may read it");
    let (status, got) = blob(&env.server.url, &env.office_key, &sha(&photo)).await;
    assert_eq!(status, 200);
    assert!(got == photo, "the same bytes");
    env.stop().await;
}

#[tokio::test]
async fn files_stored_in_postgres_before_a_bucket_was_configured_are_still_served() {
    let s3 = S3Server::start().await.unwrap();
    let env = Env::start(server_bin!()).await;
    let photo = camera_photo();
    assert_eq!(put_blob(&env.server.url, &env.key, &photo).await, 201);

    let on_bucket = other_process(&env, &s3).await;
    let (status, got) = blob(&on_bucket.url, &env.key, &sha(&photo)).await;

    assert_eq!(status, 200);
    assert!(got == photo, "the same bytes");
    assert_eq!(almacen(&env, &photo).await, "postgres");
    on_bucket.stop().await;
    env.stop().await;
}

#[tokio::test]
async fn files_an_older_version_left_on_disk_move_to_the_bucket_with_a_command() {
    let s3 = S3Server::start().await.unwrap();
    let env = env_on(&s3).await;
    let photo = camera_photo();
    let old_disk = temp_dir("data");
    let hash = env.file_left_on_disk(&old_disk, &photo).await;

    let out = env
        .migrate_blobs(server_bin!(), &old_disk, &s3.server_env())
        .await;
    assert!(
        out.contains(&format!("archivos movidos al bucket {BUCKET}: 1")),
        "{out}"
    );

    // The server, with another disk, serves it from the bucket.
    let (status, got) = blob(&env.server.url, &env.key, &hash).await;
    assert_eq!(status, 200);
    assert!(got == photo, "the same bytes");
    assert_eq!(almacen(&env, &photo).await, "s3");
    env.stop().await;
}
