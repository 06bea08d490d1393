//! The routes of the systems OTE replaces, answered as their own clients expect.
//!
//! - [`seed000`]: SASCOP's `/operaciones/ot/...` pages and scripts, with their envelope.
//! - [`accounts`]: Django's sign-in and sign-out pages, which seed 000's clients sign in with.
//! - [`seed002`]: the `/api/v2/ordenes_servicio/` integration API.

pub mod accounts;
pub mod seed000;
pub mod seed002;
