//! The caller of a seed 000 route, refused as the seed's `@login_required` does: a request
//! with no valid session (none, or an ended one) is redirected to the sign-in page with `next`,
//! as a browser expects; an `Api-key` that does not sign in is 401; a write without its CSRF
//! token 403. Every refusal carries the envelope (`exito: false`, `codigo`).

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::envelope;
use crate::Error;
use crate::auth::{self, CurrentUser};
use crate::http::compat::accounts::LOGIN_PATH;
use crate::state::AppState;

/// A signed-in caller of a seed route.
pub struct LoginRequired(pub CurrentUser);

impl FromRequestParts<AppState> for LoginRequired {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match auth::identify(&state.pool, &state.keys, parts).await {
            Ok(user) => Ok(LoginRequired(user)),
            Err(Error::Unauthorized) if !parts.headers.contains_key("api-key") => {
                Err(to_login(parts))
            }
            Err(e) => Err(envelope::error(e)),
        }
    }
}

/// `302` to the sign-in page, `next` the request's path and query.
fn to_login(parts: &Parts) -> Response {
    let here = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |p| p.as_str());
    // Percent-encoded, so always a valid header value.
    let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
    let location = format!("{LOGIN_PATH}?next={next}");
    (
        StatusCode::FOUND,
        [(LOCATION, location)],
        envelope::error(Error::Unauthorized),
    )
        .into_response()
}
