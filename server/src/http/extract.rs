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

/// The address a request came from: the socket's (a proxy's, behind one: see SECURITY.md).
pub fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default()
}
