//! The OTE server: the HTTP API, the merge of device documents into PostgreSQL, the relational
//! projection, imports, and the built app it serves.
//!
//! A tour of the crate, by layer (each imports only the layers below it):
//! - [`http`]: the axum router by surface: the app's routes, the REST API (`/api/v1`), and
//!   the seeds' routes (`compat`), each resource a module.
//! - Domain: [`work_orders`] (commands, field patches, queries), [`sync`] (merge and pull of
//!   device documents), [`activity`] (the log of writes and sign-ins), [`imports`] (Anexo C workbooks and MS Project schedules, in the
//!   background), [`auth`] (callers, who sees what, users, sessions, keys), [`catalogs`], [`sites`]
//!   (the names of the sites work orders name), [`counts`] (the lists' totals, kept a few seconds),
//!   [`blobs`] (content-addressed photos and files), [`events`] (LISTEN/NOTIFY fanned out to
//!   SSE clients of every server process), [`exports`] (Excel workbooks for the office),
//!   [`upstream`] (a vessel hub's sync with shore).
//! - [`store`]: work-order documents in PostgreSQL and the one path every write is saved by
//!   (document, change log, projection, audit, notices).
//! - Underneath: [`state`] (what every request can reach), [`metrics`] (what operators
//!   scrape), [`reads`] (lists on a replica that has the reader's writes), [`read_pool`] (the
//!   lists' connections, taken back without a round trip), [`db`] (connecting and migrating),
//!   [`config`] (settings from the environment), [`error`] (the one error type, mapped to
//!   status codes and stable codes), [`paging`] (the bounds every paged list shares).
//! - Entry points: [`cli`] (the `ote-server` commands) and [`demo`] (realistic Spanish demo
//!   catalogs and work orders for a new installation).

pub(crate) mod activity;
pub mod auth;
pub mod blobs;
pub(crate) mod catalogs;
pub mod cli;
pub mod config;
pub(crate) mod counts;
pub mod db;
pub mod demo;
pub mod error;
pub(crate) mod events;
pub(crate) mod exports;
pub(crate) mod http;
pub mod imports;
pub(crate) mod metrics;
pub(crate) mod paging;
pub(crate) mod read_pool;
pub(crate) mod reads;
pub(crate) mod sites;
pub(crate) mod state;
pub(crate) mod store;
pub mod sync;
pub mod upstream;
pub(crate) mod work_orders;

pub use config::Config;
pub use error::Error;
