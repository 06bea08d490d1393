//! Shore's notices about a hub's documents (a compensation: a number another took ashore, a
//! field the role may not change), forwarded to the tablets whose changes they concern:
//! those that wrote the document on board since the hub's last sync that reached the end
//! (migration 0039). Each tablet receives them, once, in its next sync with the hub
//! (`crate::sync::forwarded`).

use ote_shared::sync::Notice;
use sqlx::PgPool;

/// Keeps `notices` for the tablets that wrote their documents since the hub's last sync that
/// reached the end.
pub async fn forward(pool: &PgPool, notices: &[Notice]) -> Result<(), sqlx::Error> {
    let column = |f: fn(&Notice) -> &str| -> Vec<String> {
        notices.iter().map(|n| f(n).to_owned()).collect()
    };
    let ids: Vec<uuid::Uuid> = notices.iter().map(|n| n.doc_id).collect();
    sqlx::query!(
        "INSERT INTO device_notices (device_id, doc_id, code, field, message)
         SELECT DISTINCT c.device, x.doc_id, x.code, x.field, x.message
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(doc_id, code, field, message)
         JOIN change_log c ON c.doc_id = x.doc_id
         WHERE c.seq > (SELECT sent_seq FROM upstream_state)
           AND c.device IS NOT NULL AND c.device <> 'costa'",
        &ids,
        &column(|n| &n.code),
        &column(|n| &n.field),
        &column(|n| &n.message)
    )
    .execute(pool)
    .await?;
    Ok(())
}
