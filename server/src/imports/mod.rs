//! Imports of Anexo C workbooks and MS Project schedules (seed 000's `importar_anexo_ot` and
//! `importar-mpp`). An upload returns at once with the import's id; the import runs in the
//! background ([`jobs`]), reports its progress in its record and over SSE, and writes its
//! results in one transaction, so a failed import leaves nothing behind.
//!
//! - [`workbook`] reads any workbook row by row, behind [`zip_guard`]'s check of zip bombs;
//! - [`anexo`] finds the Anexo C table in those rows and checks it;
//! - [`mspdi`] reads MS Project XML; [`mpxj`] turns .mpp, .mpt and .mpx into it;
//! - [`store`] writes results and progress; [`read`] answers the reading routes, including the
//!   comparison of two schedule versions (the items go back to Excel
//!   through [`crate::exports`]).

pub mod anexo;
mod error;
pub mod jobs;
pub mod mpxj;
pub mod mspdi;
pub mod read;
pub mod store;
pub mod workbook;
pub mod zip_guard;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub use error::{ImportError, RowError};

/// The first bytes of an OLE compound file: .xls, .mpp, .mpt.
pub const OLE_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// What an import reads (its key in the database and the API: `clave()`).
pub use ote_shared::api::TipoImportacion;

/// Limits on what one import may take (configurable, see [`crate::Config`]).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest upload, in bytes.
    pub max_bytes: u64,
    /// Most item rows of a workbook, or tasks of a schedule.
    pub max_rows: u64,
    /// Most bytes a zip-based workbook may expand to.
    pub max_inflated: u64,
    /// Longest an MPXJ conversion may run.
    pub conversion_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_rows: 200_000,
            max_inflated: 400 * 1024 * 1024,
            conversion_timeout: Duration::from_secs(60),
        }
    }
}

/// Rows (or tasks) done of total, shared between a parser on a blocking thread and the task
/// that reports it.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    /// `n` more done.
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// `n` more to do.
    pub fn add_total(&self, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// Starts a new phase of `total` units.
    pub fn restart(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    /// `(done, total)`; done never shows above total.
    pub fn get(&self) -> (u64, u64) {
        let done = self.done.load(Ordering::Relaxed);
        (done, self.total.load(Ordering::Relaxed).max(done))
    }
}
