//! API keys for integrations (seed 002's `Api-key` header). A key is shown once; only its
//! SHA-256 is stored: keys are long and random, so a slow hash would add nothing. Listed with
//! their prefix and last use; revoked, never deleted (the list keeps what a key was).

use chrono::{DateTime, FixedOffset};
use ote_shared::api::{ClaveApi, ClaveApiNueva};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// Why a key could not be made or revoked.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// No such user.
    #[error("el usuario «{0}» no existe")]
    NoUser(String),
    /// No such key.
    #[error("la clave de API no existe")]
    NoKey,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Makes a new key for `username` and returns it; it cannot be recovered later.
pub async fn create(pool: &PgPool, username: &str) -> Result<String, KeyError> {
    Ok(create_listed(pool, username).await?.valor)
}

/// Makes a new key for `username`: the key as listed, and the key itself.
pub async fn create_listed(pool: &PgPool, username: &str) -> Result<ClaveApiNueva, KeyError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let key = format!("ote_{}", hex::encode(bytes));
    let id = sqlx::query_scalar!(
        "INSERT INTO api_keys (user_id, key_hash, prefix)
         SELECT id, $2, $3 FROM users WHERE username = $1 RETURNING id",
        username,
        hash(&key),
        &key[..12]
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| KeyError::NoUser(username.to_owned()))?;
    let clave = get(pool, id).await?;
    Ok(ClaveApiNueva { clave, valor: key })
}

/// The keys, newest first: every user's, or `username`'s.
pub async fn list(pool: &PgPool, username: Option<&str>) -> Result<Vec<ClaveApi>, sqlx::Error> {
    sqlx::query_as!(
        ClaveApi,
        r#"SELECT k.id, u.username AS usuario, k.prefix AS prefijo,
                  k.creado AS "creada: DateTime<FixedOffset>",
                  k.last_used_at AS "ultimo_uso: DateTime<FixedOffset>",
                  k.revoked_at AS "revocada: DateTime<FixedOffset>"
           FROM api_keys k JOIN users u ON u.id = k.user_id
           WHERE $1::text IS NULL OR u.username = $1
           ORDER BY k.id DESC"#,
        username
    )
    .fetch_all(pool)
    .await
}

async fn get(pool: &PgPool, id: i64) -> Result<ClaveApi, KeyError> {
    let all = list(pool, None).await?;
    all.into_iter().find(|k| k.id == id).ok_or(KeyError::NoKey)
}

/// Revokes the key `id` (again is no error) and answers it; it stops on its next request
/// (within the key cache's time to live on another server process).
pub async fn revoke(pool: &PgPool, id: i64) -> Result<ClaveApi, KeyError> {
    let done = sqlx::query!(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1",
        id
    )
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(KeyError::NoKey);
    }
    get(pool, id).await
}

/// The stored form of a key.
pub fn hash(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}
