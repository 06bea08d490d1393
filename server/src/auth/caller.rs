//! Who is calling: a browser session cookie or an integration's `Api-key` header (seed 002).

use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use ote_shared::rules::Autor;
use sqlx::PgPool;

use super::Role;
use super::key_cache::KeyCache;
use crate::Error;

/// The name of the app's session cookie.
pub const SESSION_COOKIE: &str = "ote_sesion";
/// Django's name for the session cookie, which `/accounts/login/` sets for seed 000's clients.
/// Both name a row of the one `sessions` table, so either signs in on every route.
pub const DJANGO_SESSION_COOKIE: &str = "sessionid";
/// Django's CSRF cookie: the session's CSRF token, which its pages read and send back as
/// `X-CSRFToken` (before sign-in, the token the sign-in form must echo).
pub const CSRF_COOKIE: &str = "csrftoken";

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// What the user may do.
    pub role: Role,
    /// The employee record of a field technician, whose assigned work orders they receive.
    pub empleado_id: Option<i64>,
    /// The session's CSRF token when a session cookie signed the user in (read with the
    /// session, so `/api/auth/me` answers it without asking again); `None` with an `Api-key`.
    pub csrf: Option<String>,
}

impl CurrentUser {
    /// The user as the rules judge their edits.
    pub fn autor(&self) -> Autor {
        Autor {
            rol: self.role,
            empleado: self.empleado_id,
        }
    }

    /// Refuses the request unless the user's role has the capability `may` (one of
    /// [`Role`]'s, which the app's navigation reads too).
    pub fn require(&self, may: fn(Role) -> bool) -> Result<(), Error> {
        if may(self.role) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// The caller of the request `parts` (the HTTP layer's extractor asks this): its `Api-key`,
/// looked up through `keys`, or its session cookie, with the CSRF token echoed on a write.
pub async fn identify(pool: &PgPool, keys: &KeyCache, parts: &Parts) -> Result<CurrentUser, Error> {
    match credential(&parts.headers) {
        Some(Credential::ApiKey(key)) => by_api_key(pool, keys, &key).await,
        Some(Credential::Session(token)) => {
            let (mut user, csrf) = by_session(pool, &token).await?;
            // Browsers send cookies on their own; a write must also prove it comes from our
            // app, which alone can read the CSRF token.
            let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            // Ours, or Django's name for it, which the seeds' clients send.
            let echoed = ["x-csrf-token", "x-csrftoken"]
                .iter()
                .find_map(|name| parts.headers.get(*name))
                .and_then(|v| v.to_str().ok());
            if !safe && echoed != Some(csrf.as_str()) {
                return Err(Error::Csrf);
            }
            user.csrf = Some(csrf);
            Ok(user)
        }
        None => Err(Error::Unauthorized),
    }
}

/// What a request signs in with.
#[derive(Debug, Clone)]
pub enum Credential {
    /// An integration's `Api-key` header.
    ApiKey(String),
    /// A browser session's cookie.
    Session(String),
}

/// The request's credential: its `Api-key` header first, else its session cookie.
pub fn credential(headers: &HeaderMap) -> Option<Credential> {
    if let Some(key) = headers.get("api-key").and_then(|v| v.to_str().ok()) {
        return Some(Credential::ApiKey(key.to_owned()));
    }
    session_token(headers).map(Credential::Session)
}

/// Whether `credential` still signs its user in, asked of the database (not the key cache): a
/// long answer (the event stream) ends once its session ends, its key is revoked or its user
/// deactivated.
pub async fn still_valid(pool: &PgPool, credential: &Credential) -> Result<bool, sqlx::Error> {
    match credential {
        Credential::ApiKey(key) => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM api_keys k JOIN users u ON u.id = k.user_id
                   WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.activo) AS "valid!""#,
                super::api_keys::hash(key)
            )
            .fetch_one(pool)
            .await
        }
        Credential::Session(token) => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
                   WHERE s.token_hash = $1 AND s.expires_at > now() AND u.activo) AS "valid!""#,
                super::sessions::hash_token(token)
            )
            .fetch_one(pool)
            .await
        }
    }
}

/// A user as the credential's row gives them, the role as stored.
struct UserRow {
    id: i64,
    username: String,
    role: String,
    empleado_id: Option<i64>,
}

fn to_user(row: UserRow) -> Result<CurrentUser, Error> {
    let role = row
        .role
        .parse()
        .map_err(|e: String| Error::Internal(anyhow::anyhow!(e)))?;
    Ok(CurrentUser {
        id: row.id,
        username: row.username,
        role,
        empleado_id: row.empleado_id,
        csrf: None,
    })
}

async fn by_api_key(pool: &PgPool, keys: &KeyCache, key: &str) -> Result<CurrentUser, Error> {
    let hash = super::api_keys::hash(key);
    if let Some(user) = keys.get(&hash) {
        return Ok(user);
    }
    // `last_used_at` is kept to the minute: writing it on every request makes every read a
    // write with a WAL flush at commit (see BENCHMARKS.md, read API).
    let row = sqlx::query_as!(
        UserRow,
        r#"WITH k AS (
               SELECT k.id AS key_id, k.last_used_at, u.id, u.username, u.role, u.empleado_id
               FROM api_keys k JOIN users u ON u.id = k.user_id
               WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.activo),
           touched AS (
               UPDATE api_keys SET last_used_at = now() FROM k
               WHERE api_keys.id = k.key_id
                 AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute'))
           SELECT id AS "id!", username AS "username!", role AS "role!", empleado_id FROM k"#,
        &hash
    )
    .fetch_optional(pool)
    .await?;
    let user = to_user(row.ok_or(Error::Unauthorized)?)?;
    keys.put(hash, user.clone());
    Ok(user)
}

async fn by_session(pool: &PgPool, token: &str) -> Result<(CurrentUser, String), Error> {
    let row = sqlx::query!(
        "SELECT u.id, u.username, u.role, u.empleado_id, s.csrf_token
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > now() AND u.activo",
        super::sessions::hash_token(token)
    )
    .fetch_optional(pool)
    .await?
    .ok_or(Error::Unauthorized)?;
    let user = UserRow {
        id: row.id,
        username: row.username,
        role: row.role,
        empleado_id: row.empleado_id,
    };
    Ok((to_user(user)?, row.csrf_token))
}

/// The session token of the request's cookie, if any: the app's cookie first, then Django's.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    [SESSION_COOKIE, DJANGO_SESSION_COOKIE]
        .iter()
        .find_map(|name| cookie(headers, name))
}

/// The value of the request's cookie `name`, if it sent one.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let cookies = headers.get_all(axum::http::header::COOKIE);
    cookies
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.to_owned())
}
