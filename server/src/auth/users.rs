//! Accounts: usernames, roles, argon2 password hashes, whether they may sign in, and their last
//! sign-in. An administrator lists, adds, changes and deactivates them (the app or the command
//! line); there is always at least one active administrator.

use chrono::{DateTime, FixedOffset};
use ote_shared::api::Cuenta;
use rand::distr::{Alphanumeric, SampleString};
use sqlx::PgPool;

use super::passwords;

pub use super::Role;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Why an account could not be made or changed.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The username is taken.
    #[error("el usuario «{0}» ya existe")]
    Exists(String),
    /// The username has characters or a length the schema refuses.
    #[error("nombre de usuario inválido: use de 2 a 64 letras minúsculas, dígitos, '.', '_' o '-'")]
    InvalidUsername,
    /// The password is too short.
    #[error("la contraseña debe tener al menos 8 caracteres")]
    WeakPassword,
    /// No such user.
    #[error("el usuario no existe")]
    NoUser,
    /// No such employee record.
    #[error("el empleado no existe")]
    NoEmpleado,
    /// The change would leave no active administrator.
    #[error("debe quedar al menos un administrador activo")]
    LastAdmin,
    /// The current password given is not the user's.
    #[error("la contraseña actual no es correcta")]
    WrongPassword,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A generated password, shown once.
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 20)
}

async fn hash_checked(password: &str) -> Result<String, UserError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UserError::WeakPassword);
    }
    Ok(passwords::hash(password.to_owned()).await)
}

/// Adds a user; the password is hashed with argon2 off the async threads.
#[tracing::instrument(skip(pool, password))]
pub async fn add(
    pool: &PgPool,
    username: &str,
    role: Role,
    password: &str,
) -> Result<i64, UserError> {
    let hash = hash_checked(password).await?;
    let inserted = sqlx::query_scalar!(
        "INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING id",
        username,
        hash,
        role.as_str()
    )
    .fetch_one(pool)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(UserError::Exists(username.to_owned()))
        }
        Err(sqlx::Error::Database(e)) if e.is_check_violation() => Err(UserError::InvalidUsername),
        Err(e) => Err(e.into()),
    }
}

/// On a database with no users, makes `admin` with `password`, or with a random one that it
/// returns so the caller can show it once.
pub async fn ensure_admin(pool: &PgPool, password: Option<&str>) -> anyhow::Result<Option<String>> {
    let any = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM users) AS "any!""#)
        .fetch_one(pool)
        .await?;
    if any {
        return Ok(None);
    }
    let generated = password.is_none().then(generate_password);
    let chosen = password
        .or(generated.as_deref())
        .expect("one of the two is set");
    match add(pool, "admin", Role::Admin, chosen).await {
        // Another server process made it first.
        Err(UserError::Exists(_)) => Ok(None),
        other => {
            other?;
            Ok(generated)
        }
    }
}

/// Links a user to their employee record: a field technician's devices receive the work orders
/// that employee is assigned to.
pub async fn link_empleado(
    pool: &PgPool,
    username: &str,
    empleado_id: i64,
) -> Result<(), UserError> {
    let updated = sqlx::query!(
        "UPDATE users SET empleado_id = $2 WHERE username = $1",
        username,
        empleado_id
    )
    .execute(pool)
    .await;
    match updated {
        Ok(done) if done.rows_affected() == 1 => Ok(()),
        Ok(_) => Err(UserError::NoUser),
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => Err(UserError::NoEmpleado),
        Err(e) => Err(e.into()),
    }
}

/// The id of the user `username`.
pub async fn id_of(pool: &PgPool, username: &str) -> Result<i64, UserError> {
    sqlx::query_scalar!("SELECT id FROM users WHERE username = $1", username)
        .fetch_optional(pool)
        .await?
        .ok_or(UserError::NoUser)
}

/// Every user, by name.
pub async fn list(pool: &PgPool) -> Result<Vec<Cuenta>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id, username, role, empleado_id, activo,
                  last_sign_in AS "last_sign_in: DateTime<FixedOffset>"
           FROM users ORDER BY username"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Cuenta {
                id: r.id,
                usuario: r.username,
                // The table's CHECK allows only the four roles.
                rol: r.role.parse().ok()?,
                empleado_id: r.empleado_id,
                activo: r.activo,
                ultimo_acceso: r.last_sign_in,
            })
        })
        .collect())
}

/// The user `id` as listed.
pub async fn get(pool: &PgPool, id: i64) -> Result<Cuenta, UserError> {
    list(pool)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(UserError::NoUser)
}

/// Gives the user `id` the role `role`; the last active administrator keeps theirs.
pub async fn set_role(pool: &PgPool, id: i64, role: Role) -> Result<(), UserError> {
    let mut tx = pool.begin().await?;
    lock_admins(&mut tx).await?;
    let done = sqlx::query!(
        "UPDATE users SET role = $2 WHERE id = $1",
        id,
        role.as_str()
    )
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(UserError::NoUser);
    }
    ensure_an_admin(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivates (`activo` false) or reactivates the user `id`. Deactivating ends their
/// sessions at once; their keys stop on their next request (within the key cache's time to
/// live on other processes). The last active administrator stays active.
pub async fn set_active(pool: &PgPool, id: i64, activo: bool) -> Result<(), UserError> {
    let mut tx = pool.begin().await?;
    lock_admins(&mut tx).await?;
    let done = sqlx::query!("UPDATE users SET activo = $2 WHERE id = $1", id, activo)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(UserError::NoUser);
    }
    ensure_an_admin(&mut tx).await?;
    if !activo {
        sqlx::query!("DELETE FROM sessions WHERE user_id = $1", id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the user `id`'s password to `password`, or to a generated one that it answers.
pub async fn set_password(
    pool: &PgPool,
    id: i64,
    password: Option<&str>,
) -> Result<Option<String>, UserError> {
    let generated = password.is_none().then(generate_password);
    let chosen = password.or(generated.as_deref()).unwrap_or_default();
    let hash = hash_checked(chosen).await?;
    let done = sqlx::query!(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        id,
        hash
    )
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(UserError::NoUser);
    }
    Ok(generated)
}

/// A user's change of their own password: `current` must be theirs.
pub async fn change_own_password(
    pool: &PgPool,
    id: i64,
    current: &str,
    new: &str,
) -> Result<(), UserError> {
    let hash = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", id)
        .fetch_optional(pool)
        .await?
        .ok_or(UserError::NoUser)?;
    if !passwords::verify(current.to_owned(), hash).await {
        return Err(UserError::WrongPassword);
    }
    set_password(pool, id, Some(new)).await?;
    Ok(())
}

/// Serialises changes of roles and activity, so two can never both remove the last admin.
async fn lock_admins(tx: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
    const ADMINS_LOCK: i64 = 0x07E_AD15;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", ADMINS_LOCK)
        .execute(tx)
        .await?;
    Ok(())
}

async fn ensure_an_admin(tx: &mut sqlx::PgConnection) -> Result<(), UserError> {
    let admins = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM users WHERE role = 'admin' AND activo"#
    )
    .fetch_one(tx)
    .await?;
    if admins == 0 {
        return Err(UserError::LastAdmin);
    }
    Ok(())
}
