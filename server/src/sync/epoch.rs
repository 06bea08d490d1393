//! The restores a device's cursor has lived through. A cursor is a transaction id (see `pull`)
//! in its low 48 bits and, above them, how many times the database had been restored from a
//! backup when the cursor was given (`restores`, marked by `ote-server restored`). Devices
//! keep the cursor as an opaque number. Before any restore the two forms are the same number.
//!
//! A cursor from an earlier epoch was given against a database the backup may not hold the end
//! of: its device pulls everything again (restored into a new cluster, transaction ids start
//! low again, so its old cursor would skip what follows) and is told to send everything again,
//! which brings back whatever the server had acknowledged to it after the backup.

use ote_shared::sync::Notice;
use ote_shared::sync::wire::SERVER_RESTORED;
use sqlx::PgPool;

use crate::state::AppState;

/// The bits of a cursor that hold the transaction id (2^48: centuries of transactions).
const TXID_BITS: u32 = 48;

/// A device's cursor, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// Restores marked when it was given.
    pub epoch: i64,
    /// The transaction id to pull after.
    pub txid: i64,
}

impl Cursor {
    /// Reads a cursor as a device sent it (never negative: `sync::check` refuses those).
    pub fn from_wire(wire: i64) -> Cursor {
        Cursor {
            epoch: wire >> TXID_BITS,
            txid: wire & ((1 << TXID_BITS) - 1),
        }
    }

    /// The number a device keeps.
    pub fn to_wire(self) -> i64 {
        (self.epoch << TXID_BITS) | self.txid
    }

    /// The transaction id to pull after when the server is at `epoch`: this cursor's own in
    /// the same epoch, else 0 (everything).
    pub fn pull_after(self, epoch: i64) -> i64 {
        if self.epoch == epoch { self.txid } else { 0 }
    }

    /// What its device is told when it synced before the server's last restore (a new
    /// device, cursor 0, has nothing to send again).
    pub fn restored_notice(self, epoch: i64) -> Option<Notice> {
        (self.epoch != epoch && self.to_wire() != 0).then(|| {
            Notice::about_device(
                SERVER_RESTORED,
                "El servidor se restauró de un respaldo: esta tableta vuelve a enviar todo lo \
                 que tiene, para que no se pierda nada de lo que ya había enviado.",
            )
        })
    }
}

/// The restores marked so far: the epoch of the cursors this process gives.
pub async fn current(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"SELECT count(*) AS "epoch!" FROM restores"#)
        .fetch_one(pool)
        .await
}

/// The epoch of the cursors this process gives: [`current`], read once.
pub async fn of(state: &AppState) -> sqlx::Result<i64> {
    state
        .restores
        .get_or_try_init(|| current(&state.pool))
        .await
        .copied()
}

/// Marks a restore: run once on the restored database, before any server starts on it.
/// Returns the new epoch.
pub async fn mark_restore(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query!("INSERT INTO restores DEFAULT VALUES")
        .execute(pool)
        .await?;
    current(pool).await
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn before_any_restore_a_cursor_is_its_transaction_id() {
        let read = Cursor::from_wire(918_273);
        assert_eq!(
            read,
            Cursor {
                epoch: 0,
                txid: 918_273
            }
        );
        assert_eq!(read.to_wire(), 918_273);
    }

    #[test]
    fn a_later_epoch_is_a_greater_cursor_whatever_its_transaction_id() {
        let old = Cursor {
            epoch: 0,
            txid: 5_000_000,
        }
        .to_wire();
        let new = Cursor {
            epoch: 1,
            txid: 700,
        }
        .to_wire();
        assert!(new > old);
        assert_eq!(
            Cursor::from_wire(new),
            Cursor {
                epoch: 1,
                txid: 700
            }
        );
    }
}
