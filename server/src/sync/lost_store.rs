//! A device store the browser lost. Browsers evict a site's IndexedDB (Chromium under disk
//! pressure, Safari after seven days without a visit) but not the cookies its server set, so
//! the server gives each tablet's browser a cookie of its own ([`TABLET_COOKIE`]) and records,
//! per tablet and user, the device store that last synced there and its cursor. A store that
//! then arrives empty (cursor 0, a device id never seen there) after one had synced was lost:
//! the answer carries a notice ([`LOST_STORE`]) so the app can say so, while the pull from
//! cursor 0 sends the user everything the server has again. What the lost store had not sent
//! is gone, which the notice says too.

use ote_shared::sync::Notice;
use ote_shared::sync::wire::LOST_STORE;
use sqlx::PgPool;
use uuid::Uuid;

use crate::Error;

/// The tablet's cookie: a random id, `HttpOnly`, kept for years.
pub const TABLET_COOKIE: &str = "ote_tableta";

/// The notice for `device`'s store on `tablet`, if it is an empty store where another had
/// synced for `user`.
pub async fn check(
    pool: &PgPool,
    tablet: Uuid,
    user: i64,
    device: &str,
    cursor_sent: i64,
) -> Result<Option<Notice>, Error> {
    if cursor_sent != 0 {
        return Ok(None);
    }
    let last = sqlx::query!(
        "SELECT device_id, cursor FROM tablet_stores WHERE tablet = $1 AND user_id = $2",
        tablet,
        user
    )
    .fetch_optional(pool)
    .await?;
    let lost = last.is_some_and(|l| l.device_id != device && l.cursor > 0);
    Ok(lost.then(|| Notice {
        doc_id: Uuid::nil(),
        code: LOST_STORE.to_owned(),
        field: String::new(),
        message: "Esta tableta ya no tenía los datos que guardó para ti: el navegador los borró \
                  (o se borraron a mano). Se recupera todo lo que el servidor tiene; lo que no se \
                  había enviado antes no se puede recuperar."
            .to_owned(),
    }))
}

/// Records that `device` synced from `tablet` for `user` up to `cursor`.
pub async fn record(
    pool: &PgPool,
    tablet: Uuid,
    user: i64,
    device: &str,
    cursor: i64,
) -> Result<(), Error> {
    sqlx::query!(
        "INSERT INTO tablet_stores (tablet, user_id, device_id, cursor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tablet, user_id) DO UPDATE
            SET device_id = EXCLUDED.device_id, cursor = EXCLUDED.cursor, seen = now()",
        tablet,
        user,
        device,
        cursor
    )
    .execute(pool)
    .await?;
    Ok(())
}
