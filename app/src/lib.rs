//! The OTE app: Leptos in the browser, built by Trunk into `dist/`.
//!
//! - [`shell`]: the frame every screen sits in (title bar, connection state).
//! - [`store`]: the device store over IndexedDB, implementing the shared crate's
//!   [`ote_shared::sync::device::DeviceStore`], so the app runs the same sync code as the tests.

pub mod shell;
pub mod store;
