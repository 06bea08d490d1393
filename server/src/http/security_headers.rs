//! The headers every answer carries, so a browser never runs what OTE did not write: the
//! app's Content-Security-Policy (no inline script, no framing, connections only to its own
//! origin), `nosniff`, no referrer, and HSTS when the server is behind HTTPS. An answer that
//! sets its own policy (a downloaded file's sandbox) keeps it.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The app's policy: its own scripts and WebAssembly, styles (Leptos sets `style`
/// attributes), images from its origin and from local photos (`blob:`, `data:`), requests to
/// its own API, its service worker; never framed.
pub const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; \
    worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// `router` with the headers added to every answer that lacks them.
pub fn layer<S: Clone + Send + Sync + 'static>(router: Router<S>, behind_https: bool) -> Router<S> {
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::CONTENT_SECURITY_POLICY, APP_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut router = router;
    for (name, value) in fixed {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if behind_https {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    router
}
