//! A request id in every answer (`X-Request-Id`) and in every log line written while the
//! request is served: the id a client sent, when it is a short token, else a new one. A
//! planner's «the list failed at 10:42» finds its lines by the id their browser shows.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header the id travels in, both ways.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id taken from a client.
const MAX_ID_BYTES: usize = 64;

/// Tags `request` and its answer with an id, and serves it within a span that carries it.
pub async fn tag(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let value = HeaderValue::from_str(&id).expect("checked or generated: visible ASCII");
    request.headers_mut().insert(&X_REQUEST_ID, value.clone());
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    let mut response = next.run(request).instrument(span).await;
    response.headers_mut().insert(&X_REQUEST_ID, value);
    response
}

/// A client's id is kept only when it is short and plain: it is written in every log line.
fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn a_client_id_is_kept_only_when_short_and_plain() {
        assert!(acceptable("5f0c2a9e-tableta.7"));
        assert!(!acceptable(""));
        assert!(!acceptable("id con espacios"));
        assert!(!acceptable("x\n{\"forjado\":1}"));
        assert!(!acceptable(&"a".repeat(65)));
    }
}
