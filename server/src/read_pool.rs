//! The lists' connections: a pool that takes a connection back without a round trip.
//!
//! sqlx's pool pings every connection it is given back (`PoolConnection::return_to_pool`, with
//! no option to skip it): one more round trip to PostgreSQL, and one more wake-up of its
//! backend, for each list request, whose own work is a single query. This pool (deadpool's,
//! made for pooling anything) takes a connection back as it is, unless a query on it failed in
//! a way that leaves it unsound (PostgreSQL ended the session in a restart or a failover, the
//! socket was cut, a protocol error): that one is closed instead, so the next request gets a
//! new connection. A connection left idle for a while is pinged before it is handed out again,
//! as [`crate::db`]'s pools do.
//!
//! A request cancelled mid-query leaves its connection with an answer unread; sqlx reads it to
//! its end before the connection's next statement (`wait_until_ready`), so such a connection
//! comes back as it is too.

use std::time::Duration;

use deadpool::Runtime;
use deadpool::managed::{self, Manager, Metrics, Object, RecycleResult};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgDatabaseError, PgSeverity};
use sqlx::{ConnectOptions, Connection};

/// How long a connection may sit idle before it is pinged on its way out.
const IDLE_CHECK: Duration = Duration::from_secs(30);

/// Opens the pool's connections, and checks the ones that sat idle.
struct Connector {
    options: PgConnectOptions,
}

impl Manager for Connector {
    type Type = PgConnection;
    type Error = sqlx::Error;

    async fn create(&self) -> Result<PgConnection, sqlx::Error> {
        self.options.connect().await
    }

    async fn recycle(
        &self,
        conn: &mut PgConnection,
        metrics: &Metrics,
    ) -> RecycleResult<sqlx::Error> {
        if metrics.last_used() > IDLE_CHECK {
            conn.ping().await?;
        }
        Ok(())
    }
}

/// Up to `max` connections to one database, opened when first needed.
#[derive(Clone)]
pub struct ReadPool(managed::Pool<Connector>);

/// How many of a pool's connections are open, and how many of those wait unused.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    /// Open connections.
    pub open: u32,
    /// Open and unused.
    pub idle: u32,
}

impl PoolUse {
    /// The use of one of sqlx's pools.
    pub fn of(pool: &sqlx::PgPool) -> PoolUse {
        PoolUse {
            open: pool.size(),
            idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
        }
    }
}

impl ReadPool {
    /// A pool of up to `max` connections with `options`, waiting at most `wait` for one.
    pub fn new(options: PgConnectOptions, max: usize, wait: Duration) -> ReadPool {
        let pool = managed::Pool::builder(Connector { options })
            .max_size(max)
            .wait_timeout(Some(wait))
            .create_timeout(Some(wait))
            .runtime(Runtime::Tokio1)
            .build()
            .expect("a runtime is given with the timeouts");
        ReadPool(pool)
    }

    /// A connection, as soon as one is free (or opened).
    pub async fn get(&self) -> Result<ReadConnection, sqlx::Error> {
        match self.0.get().await {
            Ok(conn) => Ok(ReadConnection(Some(conn))),
            Err(managed::PoolError::Backend(e)) => Err(e),
            Err(managed::PoolError::Timeout(_)) => Err(sqlx::Error::PoolTimedOut),
            Err(e) => Err(sqlx::Error::Io(std::io::Error::other(e.to_string()))),
        }
    }

    /// How many connections are open and idle now.
    pub fn usage(&self) -> PoolUse {
        let status = self.0.status();
        PoolUse {
            open: u32::try_from(status.size).unwrap_or(u32::MAX),
            idle: u32::try_from(status.available).unwrap_or(u32::MAX),
        }
    }
}

/// A connection of a [`ReadPool`], for one request's queries, given back when dropped.
pub struct ReadConnection(Option<Object<Connector>>);

impl ReadConnection {
    /// Runs `queries` on the connection. If they fail in a way that leaves the connection unsound
    /// (see [`leaves_connection_sound`]), it is closed rather than given back.
    pub async fn run<T>(
        &mut self,
        queries: impl AsyncFnOnce(&mut PgConnection) -> Result<T, sqlx::Error>,
    ) -> Result<T, sqlx::Error> {
        // Gone only after a failure, which the caller answers with.
        let Some(conn) = self.0.as_mut() else {
            return Err(sqlx::Error::PoolClosed);
        };
        let result = queries(conn).await;
        if let Err(e) = &result
            && !leaves_connection_sound(e)
        {
            // Out of the pool: dropped here, the connection closes.
            self.0.take().map(Object::take);
        }
        result
    }
}

/// Whether a connection is still good after `e`: PostgreSQL refused a statement (severity
/// ERROR, the session goes on) or a row was missing. Not after PostgreSQL ended the session
/// (FATAL: a restart, a terminated backend; sqlx reads that message as the next statement's
/// answer), nor after the socket or the protocol failed.
fn leaves_connection_sound(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::RowNotFound => true,
        sqlx::Error::Database(db) => db
            .try_downcast_ref::<PgDatabaseError>()
            .is_some_and(|pg| matches!(pg.severity(), PgSeverity::Error)),
        _ => false,
    }
}
