//! What the link with shore did last (migration 0035's `upstream_state`): when shore was last
//! reached, the last failure, and what went each way.

use ote_shared::api::upstream::EnlaceCosta;
use sqlx::PgPool;

/// A hub's link now.
pub async fn read(pool: &PgPool) -> Result<EnlaceCosta, sqlx::Error> {
    sqlx::query_as!(
        EnlaceCosta,
        r#"SELECT TRUE AS "es_hub!", reached AS ultimo_contacto, tried AS ultimo_intento, error,
               (SELECT count(*) FROM upstream_waiting) AS "por_subir!",
               (SELECT count(*) FROM upstream_files_waiting) AS "archivos_por_subir!",
               sent AS subidos, received AS recibidos
           FROM upstream_state"#
    )
    .fetch_one(pool)
    .await
}

/// A sync that sent `sent` documents and received `received`, and reached the end.
pub async fn reached(pool: &PgPool, sent: usize, received: usize) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE upstream_state SET reached = now(), tried = now(), error = NULL,
             sent = sent + $1, received = received + $2",
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
