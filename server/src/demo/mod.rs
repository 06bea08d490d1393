//! Demo data for a new installation: Spanish catalogs of a subsea contractor, and a few dozen
//! work orders of both tipos on every front, with steps in every state. Work orders go through
//! the same document path as real ones, so devices receive them on their first sync.

mod work_orders;

use sqlx::PgPool;

/// What `seed` loaded.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    /// Whether the catalogs were loaded (they were empty).
    pub catalogs: bool,
    /// How many work orders were made (none if there were some already).
    pub work_orders: usize,
}

/// Loads the demo catalogs if there are none, and the demo work orders if there are none.
/// Safe to run again: a database with data is left alone.
pub async fn seed(pool: &PgPool) -> anyhow::Result<Seeded> {
    let mut seeded = Seeded {
        catalogs: seed_catalogs(pool).await?,
        work_orders: 0,
    };
    let has_orders: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM work_orders)")
        .fetch_one(pool)
        .await?;
    if !has_orders {
        seeded.work_orders = work_orders::insert(pool).await?;
    }
    Ok(seeded)
}

/// Loads the demo catalogs if there are none (a vessel hub's, whose work orders come from
/// shore); whether it did.
pub async fn seed_catalogs(pool: &PgPool) -> anyhow::Result<bool> {
    let has_catalogs: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM clientes)")
        .fetch_one(pool)
        .await?;
    if !has_catalogs {
        sqlx::raw_sql(include_str!("catalogs.sql"))
            .execute(pool)
            .await?;
    }
    Ok(!has_catalogs)
}
