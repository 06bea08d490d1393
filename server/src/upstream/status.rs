//! What the link with shore did last (migration 0035's `upstream_state`): when shore was last
//! reached, the last failure, and what went each way.

use ote_shared::api::upstream::EnlaceCosta;
use sqlx::PgPool;

/// A hub's link now, with the reprogramming numbers shore has yet to settle.
pub async fn read(pool: &PgPool) -> Result<EnlaceCosta, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT reached AS ultimo_contacto, tried AS ultimo_intento, error,
               (SELECT count(*) FROM upstream_waiting) AS "por_subir!",
               (SELECT count(*) FROM upstream_files_waiting) AS "archivos_por_subir!",
               sent AS subidos, received AS recibidos
           FROM upstream_state"#
    )
    .fetch_one(pool)
    .await?;
    Ok(EnlaceCosta {
        es_hub: true,
        ultimo_contacto: row.ultimo_contacto,
        ultimo_intento: row.ultimo_intento,
        error: row.error,
        por_subir: row.por_subir,
        archivos_por_subir: row.archivos_por_subir,
        subidos: row.subidos,
        recibidos: row.recibidos,
        provisionales: super::provisional::numbers(pool).await?,
    })
}

/// Whether anything was written on board (not brought from shore) after the change log's
/// `seq`.
pub async fn written_on_board_since(pool: &PgPool, seq: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM change_log
               WHERE seq > $1 AND device IS DISTINCT FROM 'costa') AS "written!""#,
        seq
    )
    .fetch_one(pool)
    .await
}

/// The change log's last sequence number now: what a sync that starts now will send is at
/// or below it.
pub async fn last_seq(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT coalesce(max(seq), 0) AS "seq!" FROM change_log"#)
        .fetch_one(pool)
        .await
}

/// A sync that began at the change log's `seq`, sent `sent` documents and received
/// `received`, and reached the end.
pub async fn reached(
    pool: &PgPool,
    seq: i64,
    sent: usize,
    received: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE upstream_state SET reached = now(), tried = now(), error = NULL,
             sent_seq = $1, sent = sent + $2, received = received + $3",
        seq,
        sent as i64,
        received as i64
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A sync that stopped on `error`.
pub async fn failed(pool: &PgPool, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE upstream_state SET tried = now(), error = $1", error)
        .execute(pool)
        .await?;
    Ok(())
}
