//! A backup restored: `pg_dump` of the database (files included: they are in it), the
//! database dropped and restored from the dump, `ote-server restored`, and the devices that had
//! synced after the backup bring back everything the server had acknowledged to them.

use ote_shared::codes::{EstatusOt, Proceso};
use ote_shared::sync::device::{self, DeviceStore};
use ote_shared::sync::wire::SERVER_RESTORED;
use ote_tests::api::blob;
use ote_tests::env::{Env, temp_dir};
use ote_tests::{field_work_order, run_command, server_bin};
use sqlx::Connection;

async fn pg_tool(program: &str, args: &[&str]) {
    let out = tokio::process::Command::new(program)
        .args(args)
        .output()
        .await
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Drops the test's database and makes it anew from `dump`.
async fn restore(env: &Env, dump: &str) {
    let admin_url = format!("{}/postgres", ote_tests::pg_base_url());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    for sql in [
        format!("DROP DATABASE \"{}\" WITH (FORCE)", env.db.name),
        format!("CREATE DATABASE \"{}\"", env.db.name),
    ] {
        sqlx::query(&sql).execute(&mut admin).await.unwrap();
    }
    pg_tool("pg_restore", &["--no-owner", "-d", &env.db.url, dump]).await;
}

#[tokio::test]
async fn a_restore_to_a_backup_older_than_a_devices_last_sync_loses_no_edit() {
    let mut env = Env::start(server_bin!()).await;
    let tablet = env.device();
    tablet.sync().await.unwrap();
    let id = env.demo_ot(EstatusOt::Activa).await;
    tablet
        .edit(id, |ot| ot.comentario = "Antes del respaldo".into())
        .await;
    tablet.sync().await.unwrap();
    let dump = temp_dir("respaldo").join("ote.dump");
    let dump = dump.to_str().unwrap();
    pg_tool("pg_dump", &["-Fc", "-f", dump, &env.db.url]).await;

    // After the backup: an edit, a new work order and a photo, all acknowledged.
    tablet
        .edit(id, |ot| ot.comentario = "Después del respaldo".into())
        .await;
    let nueva = field_work_order("OT-DESPUES-DEL-RESPALDO");
    tablet.create(&nueva).await;
    let campo = ote_shared::rules::Autor {
        rol: ote_shared::roles::Rol::Campo,
        empleado: None,
    };
    let bytes = b"\xff\xd8\xff\xe0 brida despues del respaldo".to_vec();
    let foto = device::FotoTomada {
        proceso: Proceso::Despues,
        titulo: "brida.jpg".into(),
        tipo_mime: "image/jpeg".into(),
        bytes: bytes.clone(),
        creado: chrono::Utc::now(),
    };
    let foto = device::add_photo(&tablet.store, campo, id, foto)
        .await
        .unwrap();
    let report = tablet.sync().await.unwrap();
    assert_eq!(report.uploaded, 1);
    assert!(
        tablet.store.dirty().await.unwrap().is_empty(),
        "all acknowledged"
    );

    env.server.kill().await;
    env.pool.close().await;
    restore(&env, dump).await;
    let said = run_command(server_bin!(), &env.db, &["restored"], None)
        .await
        .unwrap();
    assert!(said.contains("restauración registrada"), "{said}");
    env.pool = env.db.migrated().await;
    assert_eq!(
        env.server_ot(id).await.comentario,
        "Antes del respaldo",
        "the restored database lacks what came after the backup"
    );
    env.server.restart().await.unwrap();

    tablet.sync().await.unwrap();
    assert!(
        tablet.notices().iter().any(|n| n.code == SERVER_RESTORED),
        "the tablet was told"
    );
    assert_eq!(env.server_ot(id).await.comentario, "Después del respaldo");
    assert_eq!(
        env.server_ot(nueva.id).await.orden_trabajo,
        "OT-DESPUES-DEL-RESPALDO"
    );
    let (status, photo) = blob(&env.server.url, &env.key, &foto.archivo.sha256).await;
    assert_eq!(status, 200);
    assert!(photo == bytes, "the photo is back");
    env.stop().await;
}

#[tokio::test]
async fn a_new_device_after_a_restore_pulls_everything_and_is_not_told() {
    let mut env = Env::start(server_bin!()).await;
    let dump = temp_dir("respaldo").join("ote.dump");
    let dump = dump.to_str().unwrap();
    pg_tool("pg_dump", &["-Fc", "-f", dump, &env.db.url]).await;
    env.server.kill().await;
    env.pool.close().await;
    restore(&env, dump).await;
    run_command(server_bin!(), &env.db, &["restored"], None)
        .await
        .unwrap();
    env.pool = env.db.migrated().await;
    env.server.restart().await.unwrap();

    let fresh = env.device();
    fresh.sync().await.unwrap();
    assert!(
        !fresh.notices().iter().any(|n| n.code == SERVER_RESTORED),
        "a new device has nothing to send again"
    );
    assert!(!fresh.doc_ids().is_empty(), "and pulls everything");
    env.stop().await;
}
