//! Browser sign-in: password check with a limit on failures, and sessions whose cookie holds a
//! random token (only its SHA-256 is stored) plus a CSRF token the app echoes on writes.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use super::Role;
use super::passwords;
use crate::Error;

/// How long a session lasts: long, because tablets stay offline for days and must not lose
/// their user while away.
pub const SESSION_DAYS: i64 = 30;
/// Failed sign-ins allowed per user in [`FAILURE_WINDOW_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
/// Failed sign-ins allowed per client address in [`FAILURE_WINDOW_MINUTES`], whatever the
/// usernames tried (an office behind one proxy shares one address).
pub const MAX_FAILURES_PER_CLIENT: i64 = 30;
/// The window failures are counted in; older attempts are deleted.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// The longest username tried against the database (the schema allows 64).
pub const MAX_USERNAME_BYTES: usize = 64;
/// The advisory lock sign-ins take to count and record an attempt as one step.
const ATTEMPTS_LOCK: i64 = 0x07E_5E55;

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
    /// Their employee record, if they have one.
    pub empleado_id: Option<i64>,
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
/// or not, in the same time (an unknown user's password is checked against a stand-in hash);
/// after [`MAX_FAILURES`] recent failures of the user, or [`MAX_FAILURES_PER_CLIENT`] from
/// `client`, the attempt is refused (429) until the window passes, even with the right
/// password. Each attempt is counted before its password is checked, so parallel attempts
/// cannot all pass the limit.
pub async fn sign_in(
    pool: &PgPool,
    username: &str,
    password: &str,
    client: &str,
) -> Result<NewSession, Error> {
    if username.len() > MAX_USERNAME_BYTES {
        return Err(Error::bad_request(
            "solicitud_invalida",
            format!("El usuario tiene a lo más {MAX_USERNAME_BYTES} caracteres"),
        ));
    }
    let attempt = reserve_attempt(pool, username, client)
        .await?
        .ok_or(Error::TooManyRequests)?;
    let user = sqlx::query!(
        "SELECT id, password_hash, role, empleado_id FROM users WHERE username = $1 AND activo",
        username
    )
    .fetch_optional(pool)
    .await?;
    let hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => stand_in_hash().await,
    };
    let verified = passwords::verify(password.to_owned(), hash).await && user.is_some();
    let (Some(user), true) = (user, verified) else {
        return Err(Error::Unauthorized);
    };
    let (user_id, role, empleado_id) = (user.id, user.role, user.empleado_id);
    take_back(pool, attempt).await?;
    sqlx::query!(
        "UPDATE users SET last_sign_in = now() WHERE id = $1",
        user_id
    )
    .execute(pool)
    .await?;
    let session = NewSession {
        token: random_hex(32),
        csrf: new_csrf_token(),
        user_id,
        username: username.to_owned(),
        role: role
            .parse()
            .map_err(|e: String| Error::Internal(anyhow::anyhow!(e)))?,
        empleado_id,
    };
    sqlx::query!(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(days => $4::int))",
        hash_token(&session.token),
        user_id,
        &session.csrf,
        SESSION_DAYS as i32
    )
    .execute(pool)
    .await?;
    Ok(session)
}

/// Records an attempt of `username` from `client` if neither is past its limit, and answers
/// its id; counting and recording happen under one lock, so no two attempts see the same
/// count. Attempts older than the window are deleted on the way.
pub(crate) async fn reserve_attempt(
    pool: &PgPool,
    username: &str,
    client: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", ATTEMPTS_LOCK)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "DELETE FROM login_attempts WHERE at < now() - make_interval(mins => $1::int)",
        FAILURE_WINDOW_MINUTES as i32
    )
    .execute(&mut *tx)
    .await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO login_attempts (username, client)
         SELECT $1, $2 WHERE
             (SELECT count(*) FROM login_attempts WHERE username = $1) < $3
         AND (SELECT count(*) FROM login_attempts WHERE client = $2) < $4
         RETURNING id",
        username,
        client,
        MAX_FAILURES,
        MAX_FAILURES_PER_CLIENT
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Takes back the attempt `id`: a success is no failure.
pub(crate) async fn take_back(pool: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM login_attempts WHERE id = $1", id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A hash of a random password, made once: what an unknown user's password is checked
/// against, so that answering them costs what answering a known user does.
async fn stand_in_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| passwords::hash(random_hex(16)))
        .await
        .clone()
}

/// Ends a session.
pub async fn sign_out(pool: &PgPool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM sessions WHERE token_hash = $1",
        hash_token(token)
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The CSRF token of the live session `token`, if it is one.
pub async fn csrf_token(pool: &PgPool, token: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > now()",
        hash_token(token)
    )
    .fetch_optional(pool)
    .await
}

/// A fresh random token, for a CSRF cookie issued before sign-in.
pub fn new_csrf_token() -> String {
    random_hex(16)
}

/// Whether `value` has the shape of a token [`new_csrf_token`] makes (a cookie the browser
/// kept from an earlier page is reused only if it does).
pub fn is_csrf_token(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}
