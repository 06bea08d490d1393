//! Cursors another installation gave. A cursor is a transaction id of one database (see
//! `pull`): a tablet that synced with a vessel's hub and then with shore, or another hub,
//! brings a number this database never gave, and pulling after it would skip whatever was
//! logged here below it. Each installation remembers the last cursors it gave each device
//! (migration 0036); a device that sends another one pulls everything and, told as after a
//! restore ([`SERVER_RESTORED`]), sends everything again: what it gave the other installation
//! may not have reached this one yet. Each side keeps what it already has once.

use ote_shared::sync::Notice;
use ote_shared::sync::wire::SERVER_RESTORED;
use sqlx::PgConnection;

/// Records that `device`, which sent `sent`, is answered `issued`; answers whether `sent` is a
/// cursor this installation gave it lately (or the one it sent last, or 0: a device that
/// starts).
pub async fn remember(
    conn: &mut PgConnection,
    device: &str,
    sent: i64,
    issued: i64,
) -> Result<bool, sqlx::Error> {
    // Every CTE reads the row as it was before the upsert, which keeps the last 8 answered.
    let known = sqlx::query_scalar!(
        r#"WITH before AS (SELECT issued, sent FROM device_cursors WHERE device_id = $1),
           saved AS (INSERT INTO device_cursors (device_id, issued, sent)
                     VALUES ($1, ARRAY[$2::bigint], $3)
                     ON CONFLICT (device_id) DO UPDATE SET sent = $3,
                         issued = (device_cursors.issued || $2::bigint)
                                  [greatest(1, cardinality(device_cursors.issued) - 6):])
           SELECT $3 = ANY(issued) OR $3 = sent AS "known!" FROM before"#,
        device,
        issued,
        sent
    )
    .fetch_optional(conn)
    .await?;
    Ok(sent == 0 || known == Some(true))
}

/// What a device that brought another installation's cursor is told.
pub fn notice() -> Notice {
    Notice::about_device(
        SERVER_RESTORED,
        "Esta tableta sincronizó antes con otro servidor (el hub de una embarcación o tierra): \
         recibe todo de nuevo y vuelve a enviar lo que tiene, para que nada se pierda.",
    )
}
