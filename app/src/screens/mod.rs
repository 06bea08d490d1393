//! The screens, one module each.
//!
//! - [`login`]: signing in, and signing in again after the session expired.
//! - [`indicator`]: the sync indicator under the title bar.
//! - [`work_orders`]: the list of the work orders on this device.
//! - [`detail`]: one work order and its steps, edited on the device.
//! - [`form`]: creating and editing a work order's own fields.
//! - [`dashboard`]: progress charts and the late work orders.
//! - [`imports`]: Anexo C and schedule imports; [`gantt`] draws a schedule version.

pub mod dashboard;
pub mod detail;
pub mod form;
pub mod gantt;
pub mod imports;
pub mod indicator;
pub mod login;
pub mod work_orders;
