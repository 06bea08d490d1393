//! Who is signed in on this device. The profile is cached in the device store, so a reload with
//! no network keeps the user in; an expired session only pauses syncing until they sign in
//! again, and every local edit stays where it is.

use gloo_net::http::Request;
pub use ote_shared::api::Perfil;
use ote_shared::api::{Credenciales, Usuario};

/// Why signing in failed, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// Wrong user or password.
    #[error("Usuario o contraseña incorrectos")]
    WrongCredentials,
    /// Too many failed attempts.
    #[error("Demasiados intentos fallidos; espera unos minutos e inténtalo de nuevo")]
    Locked,
    /// No network.
    #[error("Sin conexión con el servidor; para iniciar sesión se necesita conexión")]
    Offline,
    /// Anything else the server said.
    #[error("El servidor no pudo iniciar la sesión ({0})")]
    Server(u16),
}

/// Signs in; the server sets the session cookie.
pub async fn sign_in(username: &str, password: &str) -> Result<Perfil, LoginError> {
    let body = Credenciales {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    let response = Request::post("/api/auth/login")
        .json(&body)
        .map_err(|_| LoginError::Offline)?
        .send()
        .await
        .map_err(|_| LoginError::Offline)?;
    match response.status() {
        200 => response.json().await.map_err(|_| LoginError::Server(200)),
        401 => Err(LoginError::WrongCredentials),
        429 => Err(LoginError::Locked),
        502..=504 => Err(LoginError::Offline),
        status => Err(LoginError::Server(status)),
    }
}

/// The session this browser already holds, if the server still knows it (signed in at
/// `/accounts/login/`, or in another tab): the sign-in form takes it up without a password.
pub async fn current() -> Option<Perfil> {
    let response = Request::get("/api/auth/me").send().await.ok()?;
    if response.status() != 200 {
        return None;
    }
    response.json::<Usuario>().await.ok()?.into_perfil()
}

/// Ends the session on the server (`POST /api/auth/logout` with its CSRF token); false when the
/// server could not be told (offline), so the next sign-in screen tells it.
pub async fn sign_out(csrf: &str) -> bool {
    let sent = Request::post("/api/auth/logout")
        .header("X-CSRF-Token", csrf)
        .send()
        .await;
    // 401: the session had already ended, which is what signing out wants.
    sent.is_ok_and(|r| matches!(r.status(), 200 | 401))
}

/// Ends whatever session this browser holds (a sign-out made offline, told now): true once the
/// server holds none.
pub async fn sign_out_current() -> bool {
    let Ok(response) = Request::get("/api/auth/me").send().await else {
        return false;
    };
    if response.status() == 401 {
        return true;
    }
    match response.json::<Usuario>().await {
        Ok(usuario) => sign_out(&usuario.csrf.unwrap_or_default()).await,
        Err(_) => false,
    }
}
