//! The OTE app: Leptos in the browser, built by `scripts/build_app.sh` into `dist/`.
//!
//! - [`shell`]: the frame: opens the store, starts the sync, shows the screen the URL names.
//! - [`context`]: what every screen reaches: store, sync, user, navigation, catalogs.
//! - [`routes`]: the screens' URLs.
//! - [`screens`]: the screens, one module each (a folder for a screen of several parts).
//! - [`store`]: the device store over IndexedDB, implementing the shared crate's
//!   [`ote_shared::sync::device::DeviceStore`], so the app runs the same sync code as the tests.
//! - [`summary`]: what the list shows of a work order, stored beside its document.
//! - [`transport`]: `POST /api/sync` and blob uploads over `fetch`.
//! - [`background`]: the sync loop and what triggers it.
//! - [`session`]: signing in and out, and the cached profile.
//! - [`accounts`]: the users of a shared tablet, each with a store of their own.
//! - [`catalogs`]: the catalogs screens name things with, kept for offline use.
//! - [`copies`]: the device's copies of photos and files, for viewing offline.
//! - [`storage`]: asking the browser to keep the site's storage, and how much is left.
//! - [`api`]: the office's online reads and uploads (imports).
//! - [`clock`]: the browser's clock.
//! - [`labels`]: what the screens call each field, and how they name its values.
//! - [`mod@format`]: dates, times and money as a reader in Mexico writes them.

pub mod accounts;
pub mod api;
pub mod background;
pub mod catalogs;
pub mod clock;
pub mod context;
pub mod copies;
pub mod format;
pub mod labels;
pub mod routes;
pub mod screens;
pub mod session;
pub mod shell;
pub mod storage;
pub mod store;
pub mod summary;
pub mod transport;
