//! The sync protocol between devices and the server: hub and spoke, batched, one round trip.
//!
//! A device sends, for every document with changes the server has not acknowledged, the
//! Automerge changes since the heads the server last acknowledged, and its pull cursor. The
//! server merges each document and answers with what each sent document lacks, every other
//! document changed since the cursor, the notices for the device, and the new cursor.
//! Resending a batch is harmless: Automerge drops changes it has, and a merge that adds nothing
//! changes nothing.
//!
//! - [`wire`]: the request and response types, shared by both ends.
//! - [`schedule`]: when a device syncs on its own: debounce, steady period, backoff with jitter.
//! - [`device`]: the device side over the [`device::DeviceStore`] trait, so the app (IndexedDB)
//!   and the native test devices (memory) run the very same code.

pub mod device;
pub mod schedule;
pub mod wire;

pub use wire::{DocPull, DocPush, Notice, SyncRequest, SyncResponse};
