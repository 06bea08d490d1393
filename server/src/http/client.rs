//! The client a request came from, as the sign-in limits and the activity log count it.

use axum::http::request::Parts;

/// The address a request came from: the socket's (a proxy's, behind one: see SECURITY.md).
pub fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default()
}
