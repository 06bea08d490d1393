//! Who is calling and what they may reach.
//!
//! - `caller`: who a request comes from, [`CurrentUser`] (a session cookie or an `Api-key`
//!   header), and the recheck of a credential on a long-lived stream.
//! - [`viewer`]: which work orders a user sees; every read (pull, lists, one OT, blobs, events)
//!   asks it.
//! - [`users`]: accounts, roles and argon2 password hashes.
//! - [`crew`]: the accounts that come down from shore to a vessel's hub.
//! - [`hub_site`]: the vessel or platform whose work orders a hub's account sees.
//! - `passwords`: argon2 hashes, computed a few at a time.
//! - [`sessions`]: browser sign-in with a limit on failures, sessions with a CSRF token.
//! - [`api_keys`] and [`key_cache`]: integration keys, and the short cache of their lookups.
//!
//! What each role may do is [`Role`]'s (the shared crate's, so the app offers only what the
//! server accepts): a route asks `user.require(Role::plans)`.

pub mod api_keys;
mod caller;
pub mod crew;
pub mod hub_site;
pub(crate) mod key_cache;
mod passwords;
pub mod sessions;
pub mod users;
mod viewer;

pub use caller::{
    CSRF_COOKIE, Credential, CurrentUser, DJANGO_SESSION_COOKIE, SESSION_COOKIE, cookie,
    credential, identify, session_token, still_valid,
};
/// What a user may do (the shared crate's roles, so the app and the server agree).
pub use ote_shared::roles::Rol as Role;
pub use viewer::Viewer;
