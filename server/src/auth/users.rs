//! Accounts: usernames, roles and argon2 password hashes.

use rand::distr::{Alphanumeric, SampleString};
use sqlx::PgPool;

use super::passwords;

pub use super::Role;

/// Why a user could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddUserError {
    /// The username is taken.
    #[error("el usuario «{0}» ya existe")]
    Exists(String),
    /// The username has characters or a length the schema refuses.
    #[error("nombre de usuario inválido: use de 2 a 64 letras minúsculas, dígitos, '.', '_' o '-'")]
    InvalidUsername,
    /// The password is too short.
    #[error("la contraseña debe tener al menos 8 caracteres")]
    WeakPassword,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Adds a user; the password is hashed with argon2 off the async threads.
#[tracing::instrument(skip(pool, password))]
pub async fn add(
    pool: &PgPool,
    username: &str,
    role: Role,
    password: &str,
) -> Result<i64, AddUserError> {
    if password.chars().count() < 8 {
        return Err(AddUserError::WeakPassword);
    }
    let hash = passwords::hash(password.to_owned()).await;
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
            Err(AddUserError::Exists(username.to_owned()))
        }
        Err(sqlx::Error::Database(e)) if e.is_check_violation() => {
            Err(AddUserError::InvalidUsername)
        }
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
    let generated = password
        .is_none()
        .then(|| Alphanumeric.sample_string(&mut rand::rng(), 20));
    let chosen = password
        .or(generated.as_deref())
        .expect("one of the two is set");
    match add(pool, "admin", Role::Admin, chosen).await {
        // Another server process made it first.
        Err(AddUserError::Exists(_)) => Ok(None),
        other => {
            other?;
            Ok(generated)
        }
    }
}

/// Links a user to their employee record: a field technician's devices receive the work orders
/// that employee is assigned to.
pub async fn link_empleado(pool: &PgPool, username: &str, empleado_id: i64) -> anyhow::Result<()> {
    let updated = sqlx::query!(
        "UPDATE users SET empleado_id = $2 WHERE username = $1",
        username,
        empleado_id
    )
    .execute(pool)
    .await?
    .rows_affected();
    anyhow::ensure!(updated == 1, "el usuario «{username}» no existe");
    Ok(())
}
