//! A device store the browser lost. Browsers evict a site's IndexedDB (Chromium under disk
//! pressure, Safari after seven days without a visit) but not the cookies its server set, so
//! the server gives each tablet's browser a cookie of its own ([`TABLET_COOKIE`]) and records,
//! per tablet and user, the device store that last synced there, the cursor it was answered and
//! the cursor it sent. A store that then arrives empty (cursor 0, another device id)
//! after one had synced was lost; the same store sending a cursor below one it had sent went
//! back to an older copy (a device moves its cursor only after storing what an answer brought,
//! so a lost answer never lowers it). Either way the answer carries a notice ([`LOST_STORE`]) so
//! the app can say so, while the pull from the device's cursor sends it everything since. What
//! the store had not sent is gone, which the notice says too.

use ote_shared::sync::Notice;
use ote_shared::sync::wire::LOST_STORE;
use sqlx::PgPool;
use uuid::Uuid;

use crate::Error;

/// The tablet's cookie: a random id, `HttpOnly`, kept for years.
pub const TABLET_COOKIE: &str = "ote_tableta";

/// The notice for `device`'s store on `tablet`, if it is an empty store where another had
/// synced for `user`, or the same store sending a cursor older than it had sent.
pub async fn check(
    pool: &PgPool,
    tablet: Uuid,
    user: i64,
    device: &str,
    cursor_sent: i64,
) -> Result<Option<Notice>, Error> {
    let last = sqlx::query!(
        "SELECT device_id, cursor, confirmed FROM tablet_stores WHERE tablet = $1 AND user_id = $2",
        tablet,
        user
    )
    .fetch_optional(pool)
    .await?;
    let Some(last) = last else {
        return Ok(None);
    };
    let message = if last.device_id != device && cursor_sent == 0 && last.cursor > 0 {
        "Esta tableta ya no tenía los datos que guardó para ti: el navegador los borró (o se \
         borraron a mano). Se recupera todo lo que el servidor tiene; lo que no se había enviado \
         antes no se puede recuperar."
    } else if last.device_id == device && cursor_sent < last.confirmed {
        "Los datos de esta tableta volvieron a una copia anterior: se recupera lo que el \
         servidor tiene desde entonces; lo que no se había enviado después de esa copia no se \
         puede recuperar."
    } else {
        return Ok(None);
    };
    Ok(Some(Notice::about_device(LOST_STORE, message)))
}

/// Records that `device` synced from `tablet` for `user`, sending `sent` and answered `cursor`.
pub async fn record(
    pool: &PgPool,
    tablet: Uuid,
    user: i64,
    device: &str,
    sent: i64,
    cursor: i64,
) -> Result<(), Error> {
    sqlx::query!(
        "INSERT INTO tablet_stores (tablet, user_id, device_id, cursor, confirmed)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tablet, user_id) DO UPDATE
            SET device_id = EXCLUDED.device_id, cursor = EXCLUDED.cursor,
                confirmed = EXCLUDED.confirmed, seen = now()",
        tablet,
        user,
        device,
        cursor,
        sent
    )
    .execute(pool)
    .await?;
    Ok(())
}
