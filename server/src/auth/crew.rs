//! A vessel hub's crew: the accounts that come down from shore to the hub (migration 0037).
//! On shore an administrator puts users on a hub's crew; the hub's shore account reads its
//! crew ([`of`]) on each sync, and the hub writes it into its own users ([`apply`]), password
//! hashes included, so the crew signs in on board with no link.

use ote_shared::api::upstream::Tripulante;
use sqlx::PgPool;

use super::users::{UserError, id_of};
use super::{CurrentUser, Role};

/// Puts `user` on the crew of the hub whose shore account is `hub`.
pub async fn add(pool: &PgPool, hub: &str, user: &str) -> Result<(), UserError> {
    let (hub_id, user_id) = (hub_account(pool, hub).await?, id_of(pool, user).await?);
    sqlx::query!(
        "INSERT INTO hub_crew (hub_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        hub_id,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes `user` off the crew of `hub`: the hub deactivates the account on its next sync.
pub async fn remove(pool: &PgPool, hub: &str, user: &str) -> Result<(), UserError> {
    let (hub_id, user_id) = (hub_account(pool, hub).await?, id_of(pool, user).await?);
    sqlx::query!(
        "DELETE FROM hub_crew WHERE hub_id = $1 AND user_id = $2",
        hub_id,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The id of the hub account `hub`; [`UserError::NoUser`] unless it has the role hub.
pub(super) async fn hub_account(pool: &PgPool, hub: &str) -> Result<i64, UserError> {
    sqlx::query_scalar!(
        "SELECT id FROM users WHERE username = $1 AND role = $2",
        hub,
        Role::Hub.as_str()
    )
    .fetch_optional(pool)
    .await?
    .ok_or(UserError::NoUser)
}

/// The crew of the hub account `hub_id`, as it comes down (never another hub's account).
pub async fn of(pool: &PgPool, hub_id: i64) -> Result<Vec<Tripulante>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT u.username, u.nombre, u.role, u.empleado_id, u.activo, u.password_hash
         FROM hub_crew c JOIN users u ON u.id = c.user_id
         WHERE c.hub_id = $1 AND u.role <> $2 ORDER BY u.username",
        hub_id,
        Role::Hub.as_str()
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Tripulante {
                rol: r.role.parse().ok()?,
                usuario: r.username,
                nombre: r.nombre,
                empleado_id: r.empleado_id,
                activo: r.activo,
                password_hash: r.password_hash,
            })
        })
        .collect())
}

/// The active members of the crew of the hub account `hub_id` named in `usernames`, as the
/// users their changes on board are judged and logged as on shore.
pub async fn members(
    pool: &PgPool,
    hub_id: i64,
    usernames: &[String],
) -> Result<Vec<CurrentUser>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT u.id, u.username, u.role, u.empleado_id
         FROM hub_crew c JOIN users u ON u.id = c.user_id
         WHERE c.hub_id = $1 AND u.activo AND u.role <> $2 AND u.username = ANY($3)",
        hub_id,
        Role::Hub.as_str(),
        usernames
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(CurrentUser {
                id: r.id,
                username: r.username,
                role: r.role.parse().ok()?,
                empleado_id: r.empleado_id,
                csrf: None,
            })
        })
        .collect())
}

/// On a hub: makes its users from shore exactly `crew`. Each is added or rewritten (an
/// employee record the hub lacks is left out); one off the crew is deactivated and signed
/// out. Accounts made on the hub itself, and shore's of the same name, are left alone.
pub async fn apply(pool: &PgPool, crew: &[Tripulante]) -> Result<(), sqlx::Error> {
    let column = |f: fn(&Tripulante) -> String| -> Vec<String> { crew.iter().map(f).collect() };
    let usernames = column(|t| t.usuario.clone());
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO users (username, nombre, password_hash, role, activo, empleado_id, de_costa)
         SELECT x.username, x.nombre, x.hash, x.role, x.activo,
                (SELECT e.id FROM empleados e WHERE e.id = x.empleado), TRUE
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::bigint[])
              AS x(username, nombre, hash, role, activo, empleado)
         ON CONFLICT (username) DO UPDATE SET nombre = EXCLUDED.nombre,
             password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
             activo = EXCLUDED.activo, empleado_id = EXCLUDED.empleado_id
         WHERE users.de_costa",
        &usernames,
        &column(|t| t.nombre.clone()),
        &column(|t| t.password_hash.clone()),
        &column(|t| t.rol.as_str().to_owned()),
        &crew.iter().map(|t| t.activo).collect::<Vec<bool>>(),
        &crew
            .iter()
            .map(|t| t.empleado_id)
            .collect::<Vec<Option<i64>>>() as &[Option<i64>]
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE users SET activo = FALSE WHERE de_costa AND activo AND NOT (username = ANY($1))",
        &usernames
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE de_costa AND NOT activo)"
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}
