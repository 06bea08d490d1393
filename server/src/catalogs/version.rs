//! The catalogs' version: a trigger on every catalog table (migration 0026) moves it with each
//! statement that changes one, whatever wrote it (the app, the demo seed, SQL by hand). It is
//! the ETag of `GET /api/v1/catalogs`: a device asks after each sync and is answered 304 until
//! something changed.

use sqlx::PgPool;

/// The current version.
pub async fn current(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT version FROM catalog_version")
        .fetch_one(pool)
        .await
}
