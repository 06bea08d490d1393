//! The caller as an axum extractor: every route that takes a [`CurrentUser`] is refused with
//! 401 (or 403 for a write without its CSRF token) before its body is read; [`UserManager`] and
//! [`Planner`] also refuse the roles that may not call the route (403), before the body too.

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
