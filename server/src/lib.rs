//! The OTE server: the HTTP API, the merge of device documents into PostgreSQL, the relational
//! projection, imports, and the built app it serves.
//!
//! A tour of the crate:
//! - [`cli`]: the `ote-server` commands (serve, migrate, user add, apikey create, seed-demo).
//! - [`config`]: settings from the environment, with the defaults the README lists.
//! - [`db`]: connecting to PostgreSQL (creating the database if needed) and migrating it.
//! - [`http`]: the axum router, one module per resource, and the static app with its SPA fallback.
//! - [`state`]: what every request can reach (pools, settings, loaded documents, events).
//! - [`error`]: the one error type every handler returns, mapped to status codes and stable codes.
//! - [`users`] and [`api_keys`]: accounts with argon2 password hashes, and integration keys.
//! - [`sessions`]: browser sign-in with a limit on failures, sessions with a CSRF token.
//! - [`auth`]: who is calling: session cookie or `Api-key` header, and their role.
//! - [`sync`]: the server side of the sync protocol: merge, compensate, pull.
//! - [`catalogs`]: queries of the server-owned catalogs.
//! - [`blobs`]: content-addressed photos and files.
//! - [`events`]: LISTEN/NOTIFY fanned out to SSE clients of every server process.
//! - [`edits`]: changes the server makes for a route, through the same document path as a
//!   device's sync, refused whole when they break a rule.
//! - [`operations`]: the work-order operations (create, edit, status, delete, reprogram,
//!   steps) both the REST API and the seeds' routes call.
//! - [`work_order_fields`]: the seeds' create and edit fields applied to a work order.
//! - [`audit`]: a work order's audit trail.
//! - [`documents`]: storing work-order documents and their change log.
//! - [`projection`]: rewriting a work order's relational rows from its document.
//! - [`work_orders`]: reading work orders from those rows: the paged list and one OT.
//! - [`steps`] and [`progress`]: a work order's steps page by page, and progress by OT, front,
//!   client and status.
//! - [`imports`]: Anexo C workbooks and MS Project schedules, imported in the background.
//! - [`paging`]: the bounds every paged list shares.
//! - [`demo`]: realistic Spanish demo catalogs and work orders for a new installation.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod blobs;
pub mod catalogs;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod edits;
pub mod error;
pub mod events;
pub mod http;
pub mod imports;
pub mod key_cache;
pub mod operations;
pub mod ordenes_servicio;
pub mod paging;
pub mod progress;
pub mod projection;
pub mod sessions;
pub mod state;
pub mod steps;
pub mod sync;
pub mod users;
pub mod work_order_fields;
pub mod work_orders;

pub use config::Config;
pub use error::Error;
