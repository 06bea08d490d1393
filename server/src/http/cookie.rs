//! The `Set-Cookie` values OTE sends: the app's session cookie, Django's `sessionid` and
//! `csrftoken` for seed 000's clients, and their expiry at sign-out.

use crate::auth::sessions::SESSION_DAYS;
use crate::state::AppState;

/// How long Django keeps its `csrftoken` cookie (a year), which the sign-in form echoes.
pub const CSRF_COOKIE_SECS: i64 = 31_449_600;

/// Whether a page's script reads the cookie and which sites' requests carry it.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// The app's session: `HttpOnly`, sent only by the app's own pages (`SameSite=Strict`).
    AppSession,
    /// Django's `sessionid`: `HttpOnly`, `SameSite=Lax` as Django sets it, so a link to a
    /// seed page from elsewhere opens signed in (its writes still need the CSRF token).
    DjangoSession,
    /// Django's `csrftoken`: readable by the page's script, which echoes it as `X-CSRFToken`.
    Csrf,
    /// The tablet's own id (`sync::lost_store`): `HttpOnly`, sent only by the app's pages.
    Tablet,
}

/// A session cookie's lifetime.
pub const SESSION_SECS: i64 = SESSION_DAYS * 24 * 3600;

/// The `Set-Cookie` value of cookie `name` = `value` for the whole site, for `max_age`
/// seconds (0 expires it); `Secure` when the server is behind HTTPS.
pub fn set(state: &AppState, kind: Kind, name: &str, value: &str, max_age: i64) -> String {
    let attributes = match kind {
        Kind::AppSession | Kind::Tablet => "; HttpOnly; SameSite=Strict",
        Kind::DjangoSession => "; HttpOnly; SameSite=Lax",
        Kind::Csrf => "; SameSite=Lax",
    };
    let secure = if state.config.behind_https {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}{attributes}; Path=/; Max-Age={max_age}{secure}")
}
