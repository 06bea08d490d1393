//! The screens, one module each; a screen made of several components is a folder, one file
//! per part.
//!
//! - [`account`]: the signed-in user's own password.
//! - [`admin`]: users and keys, catalogs, the activity log (a folder: the office's online
//!   administration).
//! - [`date_input`]: a date field written dd/mm/aaaa.
//! - [`login`]: signing in, and signing in again after the session expired.
//! - [`outbox`]: what waits to leave the tablet, per work order, and why.
//! - [`readiness`]: whether the tablet holds everything it needs offline before the crew leaves.
//! - [`sign_out`]: signing out of a shared tablet, saying what waits.
//! - [`indicator`]: the sync indicator under the title bar.
//! - [`work_orders`]: the list of the work orders on this device.
//! - [`detail`]: one work order and its steps, edited on the device, and its printable report.
//! - [`form`]: creating and editing a work order's own fields (a folder: the screen, its draft,
//!   its controls and its sites).
//! - [`dashboard`]: progress charts and the late work orders.
//! - [`imports`]: Anexo C and schedule imports (a folder: the upload, the partidas, the schedule
//!   versions with their Gantt chart, the history).

pub mod account;
pub mod admin;
pub mod dashboard;
pub mod date_input;
pub mod detail;
pub mod form;
pub mod imports;
pub mod indicator;
pub mod login;
pub mod outbox;
pub mod readiness;
pub mod sign_out;
pub mod work_orders;
