//! A hub's sync with shore. A server configured with `OTE_UPSTREAM_URL` is a hub on a vessel's
//! own network: the vessel's tablets sync with it as they would with shore, and it syncs its
//! documents with shore as one device does, through the shared crate's device code
//! ([`ote_shared::sync::device`]), whenever the link is up.
//!
//! - [`store`]: the hub's documents as that code sees them: its PostgreSQL, with what shore
//!   acknowledged of each.
//! - [`transport`]: shore's `POST /api/sync`, its files, the crew and the catalogs, over HTTP.
//! - [`authors`]: who made, on board, the changes a batch carries.
//! - [`files`]: a file the hub lacks, brought down from shore when a tablet first reads it.
//! - [`notices`]: shore's notices, forwarded to the tablets whose changes they concern.
//! - [`provisional`]: the reprogramming numbers given on board that shore has not settled.
//! - [`status`]: what the link did last, kept in the database.
//! - [`sync_loop`]: a sync on a steady period, backing off while shore is out of reach.
//!
//! Nothing is lost when the link drops mid-sync: a document's changes count as sent only once
//! shore answered with its heads, which are written after the document; the cursor moves only
//! once everything it covers is stored. What is sent twice, shore keeps once.

pub mod authors;
pub mod files;
pub mod notices;
pub mod provisional;
pub mod status;
pub mod store;
pub mod sync_loop;
pub mod transport;

pub use sync_loop::start;
