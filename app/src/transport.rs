//! How the app reaches the server: `POST /api/sync` and `PUT /api/blobs/{sha256}` with the
//! session cookie and its CSRF token, implementing the shared crate's
//! [`Transport`].

use gloo_net::http::{Request, Response};
use ote_shared::api::ErrorBody;
use ote_shared::sync::device::{PendingBlob, Transport};
use ote_shared::sync::{SyncRequest, SyncResponse, wire};

/// Why a request did not go through. None of them touches the device store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No network, or the server is down.
    #[error("sin conexión con el servidor")]
    Offline,
    /// The session expired or was closed: the user must sign in again.
    #[error("la sesión venció")]
    SessionExpired,
    /// The server refused or failed the request (its stable code, or the HTTP status).
    #[error("el servidor respondió {status}: {code}")]
    Server {
        /// HTTP status.
        status: u16,
        /// The API's error code, when it sent one.
        code: String,
    },
}

/// The app's connection to the server it was loaded from.
#[derive(Debug, Clone, Default)]
pub struct FetchTransport {
    /// The session's CSRF token, echoed on every write.
    pub csrf: String,
}

impl FetchTransport {
    /// The response when it succeeded, else why not.
    async fn check(
        response: Result<Response, gloo_net::Error>,
    ) -> Result<Response, TransportError> {
        let response = response.map_err(|_| TransportError::Offline)?;
        let status = response.status();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        // A proxy or a restarting server: try later, as when offline.
        if (502..=504).contains(&status) {
            return Err(TransportError::Offline);
        }
        let code = error_code(&response).await;
        // A CSRF refusal means the token belongs to another session: sign in again too.
        if status == 401 || code == "csrf_invalido" {
            return Err(TransportError::SessionExpired);
        }
        Err(TransportError::Server { status, code })
    }
}

async fn error_code(response: &Response) -> String {
    match response.json::<ErrorBody>().await {
        Ok(e) => e.code,
        Err(_) => String::new(),
    }
}

impl Transport for FetchTransport {
    type Error = TransportError;

    /// In the binary form (see [`wire`]): the pulled changes travel as they are, not as base64
    /// inside JSON.
    async fn sync(&self, request: &SyncRequest) -> Result<SyncResponse, TransportError> {
        let body = js_sys::Uint8Array::from(wire::to_binary(request).as_slice());
        let sent = Request::post("/api/sync")
            .header("Content-Type", wire::BINARY)
            .header("X-CSRF-Token", &self.csrf)
            .body(body)
            .map_err(|_| TransportError::Offline)?
            .send()
            .await;
        let response = Self::check(sent).await?;
        let invalid = || TransportError::Server {
            status: response.status(),
            code: "respuesta_invalida".into(),
        };
        let bytes = response.binary().await.map_err(|_| invalid())?;
        wire::from_binary(&bytes).ok_or_else(invalid)
    }

    async fn upload_blob(&self, blob: &PendingBlob) -> Result<(), TransportError> {
        let body = js_sys::Uint8Array::from(blob.bytes.as_slice());
        let sent = Request::put(&format!("/api/blobs/{}", blob.sha256))
            .header("Content-Type", &blob.tipo_mime)
            .header("X-CSRF-Token", &self.csrf)
            .body(body)
            .map_err(|_| TransportError::Offline)?
            .send()
            .await;
        Self::check(sent).await.map(|_| ())
    }
}
