//! API keys for integrations (seed 002's `Api-key` header). A key is shown once; only its
//! SHA-256 is stored: keys are long and random, so a slow hash would add nothing.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// Why a key could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CreateKeyError {
    /// No such user.
    #[error("el usuario «{0}» no existe")]
    NoUser(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Makes a new key for `username` and returns it; it cannot be recovered later.
pub async fn create(pool: &PgPool, username: &str) -> Result<String, CreateKeyError> {
    let user = sqlx::query_scalar!("SELECT id FROM users WHERE username = $1", username)
        .fetch_optional(pool)
        .await?;
    let user = user.ok_or_else(|| CreateKeyError::NoUser(username.to_owned()))?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let key = format!("ote_{}", hex::encode(bytes));
    sqlx::query!(
        "INSERT INTO api_keys (user_id, key_hash, prefix) VALUES ($1, $2, $3)",
        user,
        hash(&key),
        &key[..12]
    )
    .execute(pool)
    .await?;
    Ok(key)
}

/// The stored form of a key.
pub fn hash(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}
