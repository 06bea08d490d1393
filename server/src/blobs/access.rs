//! Who may read a file: whoever uploaded it, or may see a work order whose photo or step
//! references it. To anyone else it does not exist.

use sqlx::PgPool;

use super::Stored;
use crate::auth::Viewer;

/// The stored file `sha256`, if `viewer` (user `user_id`) may read it.
pub async fn readable(
    pool: &PgPool,
    sha256: &str,
    user_id: i64,
    viewer: Viewer,
) -> Result<Option<Stored>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new(
        "SELECT b.sha256, b.tipo_mime, b.tamano, b.almacen FROM blobs b WHERE b.sha256 = ",
    );
    q.push_bind(sha256.to_owned());
    q.push(
        " AND (EXISTS (SELECT 1 FROM blob_uploaders o WHERE o.sha256 = b.sha256 AND o.user_id = ",
    );
    q.push_bind(user_id);
    q.push(") OR ");
    push_referenced(&mut q, "b.sha256", viewer);
    q.push(")");
    q.build_query_as().fetch_optional(pool).await
}

/// Whether a work order `viewer` may see references the file `sha256`, stored here or not (a
/// vessel hub fetches such a file from shore).
pub async fn referenced(pool: &PgPool, sha256: &str, viewer: Viewer) -> Result<bool, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new("WITH f AS (SELECT ");
    q.push_bind(sha256.to_owned());
    q.push("::text AS sha256) SELECT ");
    push_referenced(&mut q, "f.sha256", viewer);
    q.push(" FROM f");
    q.build_query_scalar().fetch_one(pool).await
}

/// `EXISTS (…)`: a work order the viewer sees has a photo or a step file named `file` (a SQL
/// expression).
fn push_referenced(q: &mut sqlx::QueryBuilder<'_, sqlx::Postgres>, file: &str, viewer: Viewer) {
    q.push(format!(
        "EXISTS (SELECT 1 FROM work_orders w WHERE (w.id IN (SELECT p.work_order_id FROM work_order_photos p WHERE p.sha256 = {file})
           OR w.id IN (SELECT s.work_order_id FROM work_order_steps s WHERE s.archivo IS NOT NULL AND s.archivo->>'sha256' = {file}))"
    ));
    viewer.push_filter(q);
    q.push(")");
}
