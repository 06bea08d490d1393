//! The office's online reads and uploads (imports), with the session cookie and its CSRF
//! token. Unlike the sync, these need the network: their errors are messages for the user.

pub use gloo_net::http::Method;
use gloo_net::http::{Request, RequestBuilder, Response};
use ote_shared::api::ErrorBody;
use serde::de::DeserializeOwned;

/// `GET path` as JSON, or what went wrong in words for the user.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, String> {
    de_json(&text(path).await?)
}

/// `GET path`'s JSON text, or what went wrong. Screens keep the text in their resources and
/// read it with [`de_json`] as they draw: one resource type for every read keeps the bundle
/// small (each resource type costs its own copy of the reactive machinery).
pub async fn text(path: &str) -> Result<String, String> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|_| offline_message())?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    response.text().await.map_err(|_| offline_message())
}

/// JSON text as `T`.
pub fn de_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|_| "El servidor respondió algo inesperado".to_owned())
}

/// `POST path` with a multipart form (files), or what went wrong.
pub async fn post_form<T: DeserializeOwned>(
    path: &str,
    form: web_sys::FormData,
    csrf: &str,
) -> Result<T, String> {
    let request = Request::post(path)
        .header("X-CSRF-Token", csrf)
        .body(form)
        .map_err(|_| offline_message())?;
    let response = request.send().await.map_err(|_| offline_message())?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    let text = response.text().await.map_err(|_| offline_message())?;
    de_json(&text)
}

/// `method path` with the JSON `body` (none for `None`), the session's token in `csrf`: the
/// answer as `T`, or what went wrong in words for the user.
pub async fn send<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<String>,
    csrf: &str,
) -> Result<T, String> {
    let builder = RequestBuilder::new(path)
        .method(method)
        .header("X-CSRF-Token", csrf);
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    };
    let response = request
        .map_err(|_| offline_message())?
        .send()
        .await
        .map_err(|_| offline_message())?;
    if !response.ok() {
        return Err(error_message(response).await);
    }
    let text = response.text().await.map_err(|_| offline_message())?;
    de_json(&text)
}

fn offline_message() -> String {
    "Sin conexión con el servidor: esta pantalla la necesita".to_owned()
}

/// Why the server refused: its Spanish message, when it sent one.
async fn error_message(response: Response) -> String {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(e) => e.message,
        Err(_) if (502..=504).contains(&status) => offline_message(),
        Err(_) => format!("El servidor respondió {status}"),
    }
}
