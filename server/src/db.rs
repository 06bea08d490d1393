//! Connecting to PostgreSQL and keeping its schema current; the LIKE pattern of a search.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use crate::read_pool::ReadPool;

/// The migrations under `server/migrations`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Connects to the database at `url`, creating it first if the server does not have it.
#[tracing::instrument(skip_all)]
pub async fn connect(url: &str) -> anyhow::Result<PgPool> {
    let options = PgConnectOptions::from_str(url)?;
    create_if_missing(&options).await?;
    let pool = pool_options(16).connect_with(options).await?;
    Ok(pool)
}

/// A pool of up to `max` connections that pings a connection before handing it out only when it
/// sat idle for a while: sqlx's default pings every time, one more round trip before each
/// query. A busy connection is known to be alive; one idle long enough to have been cut (a
/// PostgreSQL restart) is checked. (The ping on a connection's return has no option: see
/// `sync::handle`.)
fn pool_options(max: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > Duration::from_secs(30) {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
}

/// A second, smaller pool on the same database for the filtered work-order lists, whose
/// statements PostgreSQL plans once per connection (`plan_cache_mode = force_generic_plan`).
/// Left to choose, it plans a search anew on every call, because the plan for one pattern is
/// always estimated cheaper than a generic one, and the generic plans (the trigram index for
/// the search, the sort column's index otherwise) are as fast for every filter (BENCHMARKS.md,
/// read API). A [`ReadPool`]: a list's one query is not followed by sqlx's ping.
pub fn list_pool(pool: &PgPool) -> ReadPool {
    let options = (*pool.connect_options())
        .clone()
        .application_name(LIST_CONNECTIONS);
    ReadPool::new(generic_plans_of(options), 8, Duration::from_secs(30))
}

/// The `application_name` of the lists' connections, on the primary and on a replica: what
/// an operator finds them by in `pg_stat_activity`.
pub const LIST_CONNECTIONS: &str = "ote-listas";

/// The sync's own pool, planning once per connection too (`force_generic_plan`): a merge's
/// statement was planned anew on every call, and the planning cost as much as running it
/// (pg_stat_statements under loadsync). Every statement of a sync looks rows up by key (a
/// document, its work order, a device's visible documents) or walks the change log in order
/// from the cursor with a limit, so one plan serves every value. Its own pool also keeps a burst
/// of syncs from taking the connections the REST routes wait for. Ten connections, not one per
/// syncing device: on 2 cores, more busy backends than that spend their time switching and
/// waiting on one another (BENCHMARKS.md, "Choices measured").
pub fn sync_pool(pool: &PgPool) -> PgPool {
    generic_plans(pool, 10)
}

/// A lazy pool of up to `max` connections to `pool`'s database with `plan_cache_mode =
/// force_generic_plan`. Not for the other routes: where a filter's selectivity depends on its
/// value, a plan that ignores the value can be a bad one.
fn generic_plans(pool: &PgPool, max: u32) -> PgPool {
    let options = (*pool.connect_options()).clone();
    pool_options(max).connect_lazy_with(generic_plans_of(options))
}

/// `options` with `plan_cache_mode = force_generic_plan`.
fn generic_plans_of(options: PgConnectOptions) -> PgConnectOptions {
    options.options([("plan_cache_mode", "force_generic_plan")])
}

/// A pool on the replica at `url` (`OTE_DATABASE_READ_URL`) for the lists, planning once per
/// connection as [`list_pool`] does on the primary. A replica that does not answer within a
/// second is given up for the primary (see [`crate::reads`]).
pub fn replica_pool(url: &str) -> anyhow::Result<ReadPool> {
    let options =
        generic_plans_of(PgConnectOptions::from_str(url)?).application_name(LIST_CONNECTIONS);
    Ok(ReadPool::new(options, 8, Duration::from_secs(1)))
}

/// Connects (creating the database if needed) and applies every pending migration.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<PgPool> {
    let pool = connect(url).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

async fn create_if_missing(options: &PgConnectOptions) -> anyhow::Result<()> {
    let name = options.get_database().unwrap_or("postgres").to_owned();
    let mut admin = options
        .clone()
        .database("postgres")
        .connect()
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "no se pudo conectar a PostgreSQL ({e}); revise DATABASE_URL o arranque PostgreSQL"
            )
        })?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; quote it the way PostgreSQL does.
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        match sqlx::query(&format!("CREATE DATABASE {quoted}"))
            .execute(&mut admin)
            .await
        {
            Ok(_) => tracing::info!(database = %name, "base de datos creada"),
            // Another process created it between our check and our CREATE.
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
            Err(e) => return Err(e.into()),
        }
    }
    admin.close().await?;
    Ok(())
}

/// A LIKE pattern for text containing `q`, in which `%`, `_` and `\` match themselves.
pub fn containing(q: &str) -> String {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
