//! `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`.

use axum::Json;
use axum::body::to_bytes;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{AppendHeaders, IntoResponse};
use ote_shared::api::{Credenciales, Perfil, Usuario};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Error;
use crate::auth::sessions::{self, SESSION_DAYS};
use crate::auth::{CurrentUser, SESSION_COOKIE, session_token};
use crate::state::AppState;

/// The sign-in routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
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
    // The socket's address (a proxy's, behind one: see SECURITY.md).
    let client = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    let bytes = to_bytes(body, 16 * 1024)
        .await
        .map_err(|_| Error::bad_request("solicitud_invalida", "Solicitud demasiado grande"))?;
    let credentials: Credenciales = serde_json::from_slice(&bytes).map_err(|_| {
        Error::bad_request(
            "solicitud_invalida",
            "Se esperaba {\"username\": ..., \"password\": ...}",
        )
    })?;
    let session = sessions::sign_in(
        &state.pool,
        &credentials.username,
        &credentials.password,
        &client,
    )
    .await?;
    let cookie = format!(
        "{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        session.token,
        SESSION_DAYS * 24 * 3600,
        secure(&state)
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
    let expired = format!(
        "{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        secure(&state)
    );
    Ok((
        AppendHeaders([(SET_COOKIE, expired)]),
        Json(json!({ "exito": true })),
    ))
}

/// The cookie attribute that keeps it off plain HTTP, when the server is behind HTTPS.
fn secure(state: &AppState) -> &'static str {
    if state.config.behind_https {
        "; Secure"
    } else {
        ""
    }
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth",
    responses((status = 200, body = Usuario), crate::http::openapi::Errors))]
async fn me(user: CurrentUser) -> Json<Usuario> {
    Json(Usuario {
        id: user.id,
        usuario: user.username,
        rol: user.role,
        empleado_id: user.empleado_id,
    })
}
