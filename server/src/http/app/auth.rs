//! `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`. The sessions are
//! those of Django's `/accounts/login/` too (one `sessions` table): either cookie signs in here.

use axum::Json;
use axum::body::to_bytes;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{AppendHeaders, IntoResponse};
use ote_shared::api::{CambioClave, Credenciales, Perfil, Usuario};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::{CurrentUser, SESSION_COOKIE, session_token};
use crate::auth::{sessions, users};
use crate::http::activity::Slot;
use crate::http::client::client_address;
use crate::http::cookie::{self, Kind};
use crate::state::AppState;

/// The sign-in routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

/// Signs in: sets the HTTP-only session cookie and answers the user with the session's CSRF
/// token, which cookie-authenticated writes send back as `X-CSRF-Token`.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", security(()),
    request_body = Credenciales,
    responses((status = 200, description = "El usuario y la cookie de sesión", body = Perfil),
        (status = 400, description = "Cuerpo inválido", body = ote_shared::api::ErrorBody),
        (status = 401, description = "Usuario o contraseña incorrectos", body = ote_shared::api::ErrorBody),
        (status = 429, description = "Demasiados intentos fallidos", body = ote_shared::api::ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<impl IntoResponse, Error> {
    let (parts, body) = request.into_parts();
    let client = client_address(&parts);
    let bytes = to_bytes(body, 16 * 1024)
        .await
        .map_err(|_| Error::bad_request("solicitud_invalida", "Solicitud demasiado grande"))?;
    let credentials: Credenciales = serde_json::from_slice(&bytes).map_err(|_| {
        Error::bad_request(
            "solicitud_invalida",
            "Se esperaba {\"username\": ..., \"password\": ...}",
        )
    })?;
    let signed_in = sessions::sign_in(
        &state.pool,
        &credentials.username,
        &credentials.password,
        &client,
    )
    .await;
    if let Some(slot) = Slot::of(&parts) {
        slot.sign_in(
            &credentials.username,
            signed_in.as_ref().ok().map(|s| s.user_id),
        );
    }
    let session = signed_in?;
    let cookie = cookie::set(
        &state,
        Kind::AppSession,
        SESSION_COOKIE,
        &session.token,
        cookie::SESSION_SECS,
    );
    let body = Perfil {
        id: session.user_id,
        usuario: session.username,
        rol: session.role,
        empleado_id: session.empleado_id,
        csrf: session.csrf,
    };
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), Json(body)))
}

/// Signs out: ends the session and expires its cookie.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses((status = 200, description = "`{exito: true}`"), crate::http::openapi::Errors))]
async fn logout(
    State(state): State<AppState>,
    _user: CurrentUser,
    parts: Parts,
) -> Result<impl IntoResponse, Error> {
    if let Some(token) = session_token(&parts.headers) {
        sessions::sign_out(&state.pool, &token).await?;
    }
    let expired = cookie::set(&state, Kind::AppSession, SESSION_COOKIE, "", 0);
    Ok((
        AppendHeaders([(SET_COOKIE, expired)]),
        Json(json!({ "exito": true })),
    ))
}

/// The signed-in user, with the session's CSRF token when a session cookie signed them in.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth",
    responses((status = 200, body = Usuario), crate::http::openapi::Errors))]
async fn me(user: CurrentUser) -> Json<Usuario> {
    Json(Usuario {
        id: user.id,
        usuario: user.username,
        rol: user.role,
        empleado_id: user.empleado_id,
        csrf: user.csrf,
    })
}

/// Changes the caller's own password: the current one must be right, and a wrong one counts
/// against the sign-in limits as a failed sign-in does (a stolen session cannot guess at it).
/// Their other sessions and keys stay (the administrator deactivates a user whose password
/// leaked).
#[utoipa::path(post, path = "/api/auth/password", tag = "auth", request_body = CambioClave,
    responses((status = 200, description = "`{exito: true}`"), crate::http::openapi::Errors))]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    parts: Parts,
    crate::http::form::Body(cambio): crate::http::form::Body<CambioClave>,
) -> Result<Json<serde_json::Value>, Error> {
    let client = client_address(&parts);
    let attempt = sessions::reserve_attempt(&state.pool, &user.username, &client)
        .await?
        .ok_or(Error::TooManyRequests)?;
    let changed =
        users::change_own_password(&state.pool, user.id, &cambio.actual, &cambio.nueva).await;
    if !matches!(changed, Err(users::UserError::WrongPassword)) {
        sessions::take_back(&state.pool, attempt).await?;
    }
    changed?;
    Ok(Json(json!({ "exito": true })))
}
