//! Where the lists read from: a streaming replica (`OTE_DATABASE_READ_URL`) when there is one
//! and it has replayed the reader's own last write, else the primary. A user always reads
//! their own writes: after each write the primary's WAL position is kept as the user's fence
//! (`read_fences`, on the primary, so every server process sees it), and a list is read on
//! the replica only once `pg_last_wal_replay_lsn()` has passed it. Everyone else's writes may
//! show a moment late (the replica's lag, milliseconds on a healthy link).
//!
//! Syncs never read here: a sync's pull answers in the same request as its merges and must
//! include them, so it runs on the primary with them.

use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sqlx::{PgConnection, PgPool};

use crate::read_pool::{PoolUse, ReadConnection, ReadPool};

/// How long reads stay on the primary after the replica failed to answer.
const REPLICA_PAUSE: Duration = Duration::from_secs(10);

/// The read pools of a server process.
#[derive(Clone)]
pub struct Reads {
    primary: PgPool,
    lists: ReadPool,
    replica: Option<ReadPool>,
    /// Until when the replica is left alone, having failed.
    down_until: Arc<Mutex<Option<Instant>>>,
}

impl Reads {
    /// Lists on a pool of their own on `primary` (see [`crate::db::list_pool`]), or on
    /// `replica` when given; fences kept on `primary`.
    pub fn new(primary: PgPool, replica: Option<ReadPool>) -> Reads {
        Reads {
            lists: crate::db::list_pool(&primary),
            primary,
            replica,
            down_until: Arc::default(),
        }
    }

    /// The use of the pools lists read from, named for the metrics.
    pub fn pools(&self) -> Vec<(&'static str, PoolUse)> {
        let mut pools = vec![("listas", self.lists.usage())];
        pools.extend(self.replica.iter().map(|r| ("replica", r.usage())));
        pools
    }

    /// Keeps the primary's current WAL position as `user_id`'s fence, after a write of theirs
    /// was answered. Nothing without a replica.
    pub async fn fence(&self, user_id: i64) {
        if self.replica.is_none() {
            return;
        }
        let kept = sqlx::query!(
            "INSERT INTO read_fences (user_id, lsn) VALUES ($1, pg_current_wal_insert_lsn())
             ON CONFLICT (user_id) DO UPDATE SET lsn = EXCLUDED.lsn",
            user_id
        )
        .execute(&self.primary)
        .await;
        if let Err(e) = kept {
            tracing::warn!(error = %e, "no se pudo guardar la posición de la última escritura");
        }
    }

    /// A connection for `user_id`'s list: to the replica once it has replayed their last
    /// write, to the primary's list pool otherwise, and for a while after the replica failed
    /// to answer (or stopped being a replica: promoted, it replays nothing).
    pub async fn connection_for(&self, user_id: i64) -> sqlx::Result<ReadConnection> {
        let Some(replica) = &self.replica else {
            return self.lists.get().await;
        };
        let down = *self.down_until.lock().expect("not poisoned");
        if down.is_some_and(|until| Instant::now() < until) {
            return self.lists.get().await;
        }
        match self.caught_up(replica, user_id).await {
            Ok(Some(conn)) => Ok(conn),
            Ok(None) => self.lists.get().await,
            Err(e) => {
                tracing::warn!(error = %e, "la réplica no responde: se lee del primario");
                *self.down_until.lock().expect("not poisoned") =
                    Some(Instant::now() + REPLICA_PAUSE);
                self.lists.get().await
            }
        }
    }

    /// A connection to the replica if it has replayed `user_id`'s last write (asked of the
    /// replica even without one: the answer says it is up and still a replica).
    async fn caught_up(
        &self,
        replica: &ReadPool,
        user_id: i64,
    ) -> sqlx::Result<Option<ReadConnection>> {
        let fence = sqlx::query_scalar!(
            "SELECT lsn::text AS \"lsn!\" FROM read_fences WHERE user_id = $1",
            user_id
        )
        .fetch_optional(&self.primary)
        .await?
        .unwrap_or_else(|| "0/0".to_owned());
        let mut conn = replica.get().await?;
        let replayed = conn.run(async |c| replayed(c, &fence).await).await?;
        Ok(replayed.then_some(conn))
    }
}

/// Whether the replica on `conn` has replayed the WAL up to `lsn`.
async fn replayed(conn: &mut PgConnection, lsn: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, false) AS \"caught_up!\"",
        lsn
    )
    .fetch_one(conn)
    .await
}
