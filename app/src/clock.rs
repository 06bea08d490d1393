//! The browser's clock (chrono's own needs a feature that pulls more into the bundle).

use chrono::{DateTime, Utc};

/// Now, on the browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
