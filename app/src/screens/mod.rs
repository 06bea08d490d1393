//! The screens, one module each.
//!
//! - [`login`]: signing in, and signing in again after the session expired.
//! - [`indicator`]: the sync indicator under the title bar.
//! - [`work_orders`]: the list of the work orders on this device.
//! - [`detail`]: one work order and its steps, edited on the device.

pub mod detail;
pub mod indicator;
pub mod login;
pub mod work_orders;
