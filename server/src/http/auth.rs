//! `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`.

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use crate::Error;
use crate::auth::{CurrentUser, SESSION_COOKIE, session_token};
use crate::sessions::{self, SESSION_DAYS};

/// The sign-in routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
        .route("/api/auth/me", get(me))
}

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

async fn login(State(state): State<AppState>, body: Body) -> Result<impl IntoResponse, Error> {
    let bytes = to_bytes(body, 16 * 1024)
        .await
        .map_err(|_| Error::bad_request("solicitud_invalida", "Solicitud demasiado grande"))?;
    let credentials: Credentials = serde_json::from_slice(&bytes).map_err(|_| {
        Error::bad_request(
            "solicitud_invalida",
            "Se esperaba {\"username\": ..., \"password\": ...}",
        )
    })?;
    let session =
        sessions::sign_in(&state.pool, &credentials.username, &credentials.password).await?;
    let cookie = format!(
        "{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        session.token,
        SESSION_DAYS * 24 * 3600
    );
    let body = json!({ "id": session.user_id, "usuario": session.username, "rol": session.role, "csrf": session.csrf });
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), Json(body)))
}

async fn logout(
    State(state): State<AppState>,
    _user: CurrentUser,
    parts: Parts,
) -> Result<impl IntoResponse, Error> {
    if let Some(token) = session_token(&parts) {
        sessions::sign_out(&state.pool, &token).await?;
    }
    let expired = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok((
        AppendHeaders([(SET_COOKIE, expired)]),
        Json(json!({ "exito": true })),
    ))
}

async fn me(user: CurrentUser) -> Json<Value> {
    Json(
        json!({ "id": user.id, "usuario": user.username, "rol": user.role, "empleado_id": user.empleado_id }),
    )
}
