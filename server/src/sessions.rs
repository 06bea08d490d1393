//! Browser sign-in: password check with a limit on failures, and sessions whose cookie holds a
//! random token (only its SHA-256 is stored) plus a CSRF token the app echoes on writes.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::Error;
use crate::users::Role;

/// How long a session lasts: long, because tablets stay offline for days and must not lose
/// their user while away.
pub const SESSION_DAYS: i64 = 30;
/// Failed sign-ins allowed per user in [`FAILURE_WINDOW_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
/// The window failures are counted in.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// A new session: what the cookie and the app get.
pub struct NewSession {
    /// The cookie's value.
    pub token: String,
    /// The token the app sends back in `X-CSRF-Token` on writes.
    pub csrf: String,
    /// Who signed in.
    pub user_id: i64,
    /// Their login name.
    pub username: String,
    /// Their role.
    pub role: Role,
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// The stored form of a session token.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Checks a password and opens a session. Wrong credentials are a 401 whether the user exists
/// or not; after [`MAX_FAILURES`] recent failures the user is refused (429) until the window
/// passes, even with the right password.
pub async fn sign_in(pool: &PgPool, username: &str, password: &str) -> Result<NewSession, Error> {
    let failures: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM login_attempts WHERE username = $1 AND at > now() - make_interval(mins => $2::int)",
    )
    .bind(username)
    .bind(FAILURE_WINDOW_MINUTES as i32)
    .fetch_one(pool)
    .await?;
    if failures >= MAX_FAILURES {
        return Err(Error::TooManyRequests);
    }
    let user: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, password_hash, role FROM users WHERE username = $1 AND activo")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    let verified = match &user {
        Some((_, hash, _)) => verify(password.to_owned(), hash.clone()).await,
        None => false,
    };
    let (Some((user_id, _, role)), true) = (user, verified) else {
        sqlx::query("INSERT INTO login_attempts (username) VALUES ($1)")
            .bind(username)
            .execute(pool)
            .await?;
        return Err(Error::Unauthorized);
    };
    let session = NewSession {
        token: random_hex(32),
        csrf: random_hex(16),
        user_id,
        username: username.to_owned(),
        role: role
            .parse()
            .map_err(|e: String| Error::Internal(anyhow::anyhow!(e)))?,
    };
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4::int))",
    )
    .bind(hash_token(&session.token))
    .bind(user_id)
    .bind(&session.csrf)
    .bind(SESSION_DAYS as i32)
    .execute(pool)
    .await?;
    Ok(session)
}

/// Ends a session.
pub async fn sign_out(pool: &PgPool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(pool)
        .await?;
    Ok(())
}

async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}
