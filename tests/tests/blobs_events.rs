//! Content-addressed uploads, and change events over SSE across server processes.

use std::time::Duration;

use ote_server::auth::api_keys;
use ote_server::auth::users::{self, Role};
use ote_shared::codes::EstatusOt;
use ote_tests::api::{blob, camera_photo, sha};
use ote_tests::env::{Env, placeholder_dist, temp_dir};
use ote_tests::{ServerProcess, server_bin};

#[tokio::test]
async fn blobs_upload_once_verified_by_hash() {
    let env = Env::start(server_bin!()).await;
    let client = reqwest::Client::new();
    let photo = b"\xff\xd8\xff\xe0 foto de la abrazadera antes del servicio".to_vec();
    let url = format!("{}/api/blobs/{}", env.server.url, sha(&photo));
    let put = || {
        client
            .put(&url)
            .header("Api-key", &env.key)
            .header("Content-Type", "image/jpeg")
            .body(photo.clone())
    };

    assert_eq!(put().send().await.unwrap().status(), 201);
    assert_eq!(
        put().send().await.unwrap().status(),
        200,
        "the same file again is accepted and changes nothing"
    );
    let got = client
        .get(&url)
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap();
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    assert_eq!(got.bytes().await.unwrap().to_vec(), photo);

    let wrong = client
        .put(format!(
            "{}/api/blobs/{}",
            env.server.url,
            sha(b"otra cosa")
        ))
        .header("Api-key", &env.key)
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "sha256_no_coincide");
    let bad = client
        .put(format!("{}/api/blobs/NO-ES-HASH", env.server.url))
        .header("Api-key", &env.key)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        client
            .put(&url)
            .body(photo.clone())
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    users::add(&env.pool, "auditor", Role::Lectura, "solo-lectura-1")
        .await
        .unwrap();
    let reader = api_keys::create(&env.pool, "auditor").await.unwrap();
    assert_eq!(
        client
            .put(&url)
            .header("Api-key", &reader)
            .body(photo.clone())
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM blobs")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);
    env.stop().await;
}

#[tokio::test]
async fn a_photo_uploaded_through_one_server_process_is_downloaded_through_another() {
    let env = Env::start(server_bin!()).await;
    let other = ServerProcess::start(
        server_bin!(),
        &env.db,
        &placeholder_dist(),
        &temp_dir("data"),
    )
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let photo = camera_photo();
    let path = format!("/api/blobs/{}", sha(&photo));

    let put = client
        .put(format!("{}{path}", env.server.url))
        .header("Api-key", &env.key)
        .header("Content-Type", "image/jpeg")
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    let got = client
        .get(format!("{}{path}", other.url))
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    assert!(
        got.bytes().await.unwrap().to_vec() == photo,
        "the same bytes"
    );
    other.stop().await;
    env.stop().await;
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_and_nothing_is_stored() {
    let env = Env::start(server_bin!()).await;
    let big = vec![7u8; ote_server::blobs::MAX_BLOB_BYTES + 1];
    let refused = reqwest::Client::new()
        .put(format!("{}/api/blobs/{}", env.server.url, sha(&big)))
        .header("Api-key", &env.key)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "archivo_demasiado_grande");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM blob_chunks")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    env.stop().await;
}

#[tokio::test]
async fn files_an_older_version_left_on_disk_move_to_postgres_with_a_command() {
    let env = Env::start(server_bin!()).await;
    let photo = camera_photo();
    let old_disk = temp_dir("data");
    let hash = env.file_left_on_disk(&old_disk, &photo).await;
    let lost = sha(b"una foto que solo estaba en otra maquina");
    env.disk_row(&lost, 10).await;

    let out = env.migrate_blobs(server_bin!(), &old_disk, &[]).await;
    assert!(out.contains("archivos movidos a PostgreSQL: 1"), "{out}");
    assert!(
        out.contains(&format!("no está en este disco: {lost}")),
        "{out}"
    );

    // A process with another disk now serves it.
    let (status, got) = blob(&env.server.url, &env.key, &hash).await;
    assert_eq!(status, 200);
    assert!(got == photo, "the same bytes");
    env.stop().await;
}

#[tokio::test]
async fn a_merge_on_one_server_process_is_an_event_on_another() {
    let env = Env::start(server_bin!()).await;
    let dist = placeholder_dist();
    let other = ServerProcess::start(server_bin!(), &env.db, &dist, &temp_dir("data"))
        .await
        .unwrap();

    let mut events = reqwest::Client::new()
        .get(format!("{}/api/events", other.url))
        .header("Api-key", &env.key)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);

    let device = env.device();
    device.sync().await.unwrap();
    let first = env.demo_ot(EstatusOt::Activa).await;
    let second = *device
        .doc_ids()
        .iter()
        .find(|id| **id != first)
        .expect("a second work order");
    for id in [first, second] {
        device
            .edit(id, |ot| ot.comentario = "Llegada a la plataforma".into())
            .await;
    }
    device.sync().await.unwrap();

    // The two merges of one batch may share a NOTIFY; each is still an event of its own.
    let wanted = [first, second].map(|id| format!("event: cambio\ndata: {id}\n"));
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !wanted.iter().all(|w| seen.contains(w.as_str())) {
        let chunk = tokio::time::timeout_at(deadline, events.chunk())
            .await
            .unwrap_or_else(|_| panic!("both events within 10 s: {seen}"))
            .unwrap()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    other.stop().await;
    env.stop().await;
}
