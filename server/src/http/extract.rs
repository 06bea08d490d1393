//! The caller as an axum extractor: every route that takes a [`CurrentUser`] is refused with
//! 401 (or 403 for a write without its CSRF token) before its body is read. Also the client's
//! address, which sign-in failures are counted by.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::Error;
use crate::auth::{self, CurrentUser};
use crate::http::activity::Slot;
use crate::state::AppState;

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let user = auth::identify(&state.pool, &state.keys, parts).await?;
        if let Some(slot) = Slot::of(parts) {
            slot.user(&user);
        }
        Ok(user)
    }
}

/// A caller whose role manages users and keys (admin): other roles are refused with 403
/// before the body is read, as for a route they may not call at all.
pub struct UserManager;

impl FromRequestParts<AppState> for UserManager {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        user.require(auth::Role::manages_users)?;
        Ok(UserManager)
    }
}

/// A caller whose role plans (admin, oficina), refused with 403 before the body is read.
pub struct Planner(pub CurrentUser);

impl FromRequestParts<AppState> for Planner {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        user.require(auth::Role::plans)?;
        Ok(Planner(user))
    }
}

/// The address a request came from: the socket's (a proxy's, behind one: see SECURITY.md).
pub fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default()
}
