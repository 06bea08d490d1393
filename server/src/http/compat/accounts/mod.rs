//! Django's sign-in, as seed 000's pages and scripts use it: `GET /accounts/login/` (a form;
//! sets `csrftoken`), `POST /accounts/login/` (`username`, `password`,
//! `csrfmiddlewaretoken`, `next`: sets `sessionid` and the session's `csrftoken`, then
//! redirects), `GET`/`POST /accounts/logout/`. The session is a row of the one `sessions`
//! table the app's sign-in writes too, so `sessionid` signs in on every route and the app's
//! cookie on the seed's routes; the session's CSRF token is the `csrftoken` cookie's value, which
//! the seed's scripts send as `X-CSRFToken`.

mod page;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::sessions::{self, NewSession};
use crate::auth::{CSRF_COOKIE, DJANGO_SESSION_COOKIE, SESSION_COOKIE, cookie};
use crate::http::activity::Slot;
use crate::http::client::client_address;
use crate::http::cookie::{self as set_cookie, CSRF_COOKIE_SECS, Kind, SESSION_SECS};
use crate::state::AppState;

/// Where the seed's `@login_required` sends a caller without a session.
pub const LOGIN_PATH: &str = "/accounts/login/";

/// The sign-in and sign-out pages.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login_page, login))
        .routes(routes!(logout_page, logout))
}

/// The page to return to after signing in.
#[derive(Debug, Deserialize, IntoParams)]
struct Next {
    /// A path on this server (anything else is ignored, so the page cannot send a user away).
    next: Option<String>,
}

/// The sign-in form. Sets `csrftoken` (the browser's own, if it has one), which the form
/// echoes.
#[utoipa::path(get, path = "/accounts/login/", tag = "accounts", operation_id = "pagina_inicio_sesion", security(()), params(Next),
    responses((status = 200, description = "El formulario de inicio de sesión", content_type = "text/html", body = String)))]
async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(next): Query<Next>,
) -> Response {
    let csrf = browser_csrf(&headers);
    let page = page::login(&csrf, &local_path(next.next), "", None);
    with_csrf_cookie(&state, &csrf, StatusCode::OK, page)
}

/// The sign-in form's fields.
#[derive(Debug, Default)]
struct LoginForm {
    username: String,
    password: String,
    csrfmiddlewaretoken: String,
    next: Option<String>,
}

impl LoginForm {
    fn parse(body: &[u8]) -> LoginForm {
        let mut form = LoginForm::default();
        for (key, value) in form_urlencoded::parse(body) {
            match &*key {
                "username" => form.username = value.into_owned(),
                "password" => form.password = value.into_owned(),
                "csrfmiddlewaretoken" => form.csrfmiddlewaretoken = value.into_owned(),
                "next" => form.next = Some(value.into_owned()),
                _ => {}
            }
        }
        form
    }
}

/// Signs in: the form's `csrfmiddlewaretoken` must be the `csrftoken` cookie (else 403);
/// wrong credentials show the form again with the message (200, as Django does), too many
/// failures 429; success sets `sessionid` and a new `csrftoken` (the session's) and redirects
/// to `next` or the app.
#[utoipa::path(post, path = "/accounts/login/", tag = "accounts", operation_id = "inicio_sesion_django", security(()),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "`username`, `password`, `csrfmiddlewaretoken`, `next`"),
    responses((status = 302, description = "Sesión iniciada: cookies `sessionid` y `csrftoken`, y redirección a `next`"),
        (status = 200, description = "Usuario o contraseña incorrectos: el formulario otra vez", content_type = "text/html", body = String),
        (status = 403, description = "Falta el token CSRF del formulario", content_type = "text/html", body = String),
        (status = 429, description = "Demasiados intentos fallidos", content_type = "text/html", body = String)))]
async fn login(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    let form = LoginForm::parse(&body);
    let csrf = cookie(&parts.headers, CSRF_COOKIE).unwrap_or_default();
    if csrf.is_empty() || form.csrfmiddlewaretoken != csrf {
        return csrf_refused();
    }
    let next = local_path(form.next);
    let client = client_address(&parts);
    let result = sessions::sign_in(&state.pool, &form.username, &form.password, &client).await;
    if let Some(slot) = Slot::of(&parts) {
        slot.sign_in(&form.username, result.as_ref().ok().map(|s| s.user_id));
    }
    match result {
        Ok(session) => signed_in(&state, &session, &next),
        Err(e @ (Error::Unauthorized | Error::TooManyRequests | Error::BadRequest { .. })) => {
            // Django shows the form again (200); only the lock-out keeps its 429.
            let status = match e {
                Error::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::OK,
            };
            let message = match e {
                Error::Unauthorized => "Usuario o contraseña incorrectos".to_owned(),
                other => other.public_message(),
            };
            let page = page::login(&csrf, &next, &form.username, Some(&message));
            (status, Html(page)).into_response()
        }
        Err(e) => failed(e),
    }
}

/// The redirect after a sign-in, with the session's cookies.
fn signed_in(state: &AppState, session: &NewSession, next: &str) -> Response {
    let session_cookie = set_cookie::set(
        state,
        Kind::DjangoSession,
        DJANGO_SESSION_COOKIE,
        &session.token,
        SESSION_SECS,
    );
    let csrf_cookie = set_cookie::set(
        state,
        Kind::Csrf,
        CSRF_COOKIE,
        &session.csrf,
        CSRF_COOKIE_SECS,
    );
    (
        StatusCode::FOUND,
        AppendHeaders([
            (SET_COOKIE, session_cookie),
            (SET_COOKIE, csrf_cookie),
            (LOCATION, next.to_owned()),
        ]),
    )
        .into_response()
}

/// Asks before signing out.
#[utoipa::path(get, path = "/accounts/logout/", tag = "accounts", operation_id = "pagina_cierre_sesion", security(()),
    responses((status = 200, description = "Confirmación para cerrar la sesión", content_type = "text/html", body = String)))]
async fn logout_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let csrf = browser_csrf(&headers);
    with_csrf_cookie(&state, &csrf, StatusCode::OK, page::logout(&csrf))
}

/// Signs out: ends the request's sessions (its `sessionid` and the app's cookie), expires
/// their cookies and redirects to the sign-in form. The token (`csrfmiddlewaretoken` or
/// `X-CSRFToken`) must be the `csrftoken` cookie or a session's own (else 403), so another
/// site cannot end a session.
#[utoipa::path(post, path = "/accounts/logout/", tag = "accounts", operation_id = "cierre_sesion_django", security(()),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "`csrfmiddlewaretoken` (o la cabecera `X-CSRFToken`)"),
    responses((status = 302, description = "Sesión cerrada: redirección a `/accounts/login/`"),
        (status = 403, description = "Falta el token CSRF", content_type = "text/html", body = String)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match end_sessions(&state, &headers, &body).await {
        Ok(true) => {}
        Ok(false) => return csrf_refused(),
        Err(e) => return failed(e.into()),
    }
    let expired = |kind, name| set_cookie::set(&state, kind, name, "", 0);
    (
        StatusCode::FOUND,
        AppendHeaders([
            (
                SET_COOKIE,
                expired(Kind::DjangoSession, DJANGO_SESSION_COOKIE),
            ),
            (SET_COOKIE, expired(Kind::AppSession, SESSION_COOKIE)),
            (LOCATION, LOGIN_PATH.to_owned()),
        ]),
    )
        .into_response()
}

/// Ends the sessions of the request's cookies if its token is allowed to; `false` if it is not
/// (nothing ended). Without a live session there is nothing to protect: the cookies are only
/// expired.
async fn end_sessions(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<bool, sqlx::Error> {
    let mut live = Vec::new();
    for token in [SESSION_COOKIE, DJANGO_SESSION_COOKIE]
        .iter()
        .filter_map(|name| cookie(headers, name))
    {
        if let Some(csrf) = sessions::csrf_token(&state.pool, &token).await? {
            live.push((token, csrf));
        }
    }
    let form = LoginForm::parse(body).csrfmiddlewaretoken;
    let header = headers.get("x-csrftoken").and_then(|v| v.to_str().ok());
    let sent = Some(form.as_str()).filter(|t| !t.is_empty()).or(header);
    let allowed = sent.is_some_and(|sent| {
        cookie(headers, CSRF_COOKIE).as_deref() == Some(sent)
            || live.iter().any(|(_, csrf)| csrf == sent)
    });
    if !live.is_empty() && !allowed {
        return Ok(false);
    }
    for (token, _) in &live {
        sessions::sign_out(&state.pool, token).await?;
    }
    Ok(true)
}

/// The browser's `csrftoken` if it holds one of ours, else a new one.
fn browser_csrf(headers: &HeaderMap) -> String {
    cookie(headers, CSRF_COOKIE)
        .filter(|c| sessions::is_csrf_token(c))
        .unwrap_or_else(sessions::new_csrf_token)
}

/// A page with the `csrftoken` cookie its form echoes.
fn with_csrf_cookie(state: &AppState, csrf: &str, status: StatusCode, page: String) -> Response {
    let cookie = set_cookie::set(state, Kind::Csrf, CSRF_COOKIE, csrf, CSRF_COOKIE_SECS);
    (status, AppendHeaders([(SET_COOKIE, cookie)]), Html(page)).into_response()
}

/// `next` if it is a path on this server, else the app's start.
fn local_path(next: Option<String>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/".to_owned(),
    }
}

/// Django's answer to a form without its token.
fn csrf_refused() -> Response {
    let page = page::message(
        "Verificación CSRF fallida",
        "La solicitud no trae el token CSRF de esta página; recargue la página e inténtelo de nuevo.",
    );
    (StatusCode::FORBIDDEN, Html(page)).into_response()
}

/// An internal failure, logged, as a page.
fn failed(e: Error) -> Response {
    let page = page::message("Error", &e.public_message());
    (e.status(), Html(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn next_stays_on_this_server() {
        assert_eq!(local_path(Some("/ot/7?x=1".into())), "/ot/7?x=1");
        for away in [
            "https://otro.example/",
            "//otro.example/",
            "/\\otro.example",
            "ot/7",
            "/a\nb",
        ] {
            assert_eq!(local_path(Some(away.into())), "/", "{away}");
        }
        assert_eq!(local_path(None), "/");
    }
}
