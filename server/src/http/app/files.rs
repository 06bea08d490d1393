//! The built app (`dist/`, see scripts/build_app.sh): its files, and `index.html` for any other path so deep links
//! open the app, which routes them itself.

use std::path::Path;

use axum::http::{HeaderValue, header};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;

/// The app's files with the SPA fallback.
pub type AppService = SetResponseHeader<ServeDir<ServeFile>, HeaderValue>;

/// The service that answers every path the API does not.
pub fn service(dist: &Path) -> AppService {
    let index = ServeFile::new(dist.join("index.html"));
    let files = ServeDir::new(dist).precompressed_gzip().fallback(index);
    // Browsers revalidate so a new deployment is seen at once; the service worker, not the HTTP
    // cache, is what keeps the app available offline.
    SetResponseHeader::if_not_present(
        files,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    )
}
