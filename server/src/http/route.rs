//! The route a write came in by, as the audit trail records it.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::CurrentUser;
use crate::work_orders::edit::Request;

/// `METHOD /path` of the request, taken from the request itself so no handler retypes it.
pub struct Route(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Route {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Route, Infallible> {
        Ok(Route(format!("{} {}", parts.method, parts.uri.path())))
    }
}

impl Route {
    /// What the audit trail records of a write by `user` through this route: who, the route,
    /// and the action.
    pub fn request<'a>(self, user: &'a CurrentUser, action: &'static str) -> Request<'a> {
        Request {
            user,
            route: self.0,
            action,
        }
    }
}
