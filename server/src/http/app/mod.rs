//! The routes the app and its devices call under `/api` (sign-in, sync, blobs, events), and the
//! built app itself with its SPA fallback.

pub mod auth;
pub mod blobs;
pub mod events;
pub mod files;
pub mod sync;
