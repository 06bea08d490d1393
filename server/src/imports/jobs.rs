//! Running imports in the background: at most two at once (parsing is CPU work on a 2-core
//! server that must keep answering), each reporting its progress every quarter second, which is
//! also its heartbeat.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use tokio::sync::{Notify, Semaphore};

use crate::metrics::{ImportResult, Metrics};

use super::mpxj::{Converter, ScheduleFormat};
use super::store::{self, NewImport};
use super::{ImportError, Limits, Progress, TipoImportacion, anexo, mspdi};

/// Imports running at once.
const SLOTS: usize = 2;

/// How often a running import writes its progress.
const REPORT_EVERY: Duration = Duration::from_millis(250);

/// The import runner of a server process.
#[derive(Debug)]
pub struct Jobs {
    limits: Limits,
    converter: Converter,
    slots: Semaphore,
    /// The imports this process has not finished, and a wake-up each time one finishes.
    running: std::sync::Mutex<HashSet<i64>>,
    finished: Notify,
    metrics: Metrics,
}

/// An uploaded file to import.
#[derive(Debug, Clone)]
pub struct Upload {
    /// What it is.
    pub kind: TipoImportacion,
    /// Into which work order (numeric id).
    pub work_order_id: i64,
    /// The file name as uploaded.
    pub file_name: String,
    /// The content.
    pub bytes: Bytes,
    /// Who uploaded it.
    pub user_id: i64,
    /// The schedule version's name.
    pub nombre_version: Option<String>,
}

/// What an upload started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// A new import, now queued.
    New(i64),
    /// The same file was already imported into the work order; nothing changes.
    AlreadyImported(i64),
}

impl Jobs {
    /// A runner with these limits and converter.
    pub fn new(limits: Limits, converter: Converter, metrics: Metrics) -> Jobs {
        Jobs {
            limits,
            converter,
            slots: Semaphore::new(SLOTS),
            running: Default::default(),
            finished: Notify::new(),
            metrics,
        }
    }

    /// Waits up to `grace` for this process's imports to finish (the process is stopping);
    /// the ones still running are marked `interrumpida` (their rows, written in one
    /// transaction, are never committed). Returns how many were cut short.
    pub async fn drain(&self, pool: &PgPool, grace: Duration) -> sqlx::Result<usize> {
        let deadline = tokio::time::Instant::now() + grace;
        loop {
            let finished = self.finished.notified();
            let left: Vec<i64> = self.running().iter().copied().collect();
            if left.is_empty() {
                return Ok(0);
            }
            if tokio::time::timeout_at(deadline, finished).await.is_err() {
                store::interrupt(pool, &left).await?;
                for _ in &left {
                    self.metrics.import(ImportResult::Interrumpida);
                }
                return Ok(left.len());
            }
        }
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashSet<i64>> {
        self.running.lock().expect("not poisoned")
    }

    /// Records the upload and starts importing it in the background.
    pub async fn start(self: &Arc<Self>, pool: &PgPool, upload: Upload) -> sqlx::Result<Started> {
        let sha256 = hex::encode(Sha256::digest(&upload.bytes));
        let new = NewImport {
            kind: upload.kind,
            work_order_id: upload.work_order_id,
            file_name: &upload.file_name,
            size: upload.bytes.len() as i64,
            sha256: &sha256,
            user_id: upload.user_id,
            nombre_version: upload.nombre_version.as_deref(),
        };
        if let Some(id) = store::finished_with_hash(pool, &new).await? {
            return Ok(Started::AlreadyImported(id));
        }
        let id = store::create(pool, &new).await?;
        let jobs = Arc::clone(self);
        let pool = pool.clone();
        self.running().insert(id);
        tokio::spawn(async move {
            jobs.run(&pool, id, upload).await;
            jobs.running().remove(&id);
            jobs.finished.notify_waiters();
        });
        Ok(Started::New(id))
    }

    async fn run(&self, pool: &PgPool, id: i64, upload: Upload) {
        let progress = Arc::new(Progress::default());
        let phase = Arc::new(std::sync::Mutex::new("en_cola"));
        let reporter = tokio::spawn(report_until_aborted(
            pool.clone(),
            id,
            Arc::clone(&phase),
            Arc::clone(&progress),
        ));
        let outcome = {
            let _slot = self.slots.acquire().await.expect("never closed");
            self.import(pool, id, &upload, &phase, &progress).await
        };
        reporter.abort();
        self.metrics.import(match outcome {
            Ok(()) => ImportResult::Terminada,
            Err(_) => ImportResult::Fallida,
        });
        if let Err(e) = outcome {
            if let ImportError::Internal(detail) = &e {
                tracing::error!(import = id, %detail, "importación fallida");
            }
            if let Err(db) = store::fail(pool, id, &e).await {
                tracing::error!(import = id, error = %db, "no se pudo marcar la importación fallida");
            }
        }
    }

    async fn import(
        &self,
        pool: &PgPool,
        id: i64,
        upload: &Upload,
        phase: &std::sync::Mutex<&'static str>,
        progress: &Arc<Progress>,
    ) -> Result<(), ImportError> {
        let set_phase = |p| *phase.lock().expect("not poisoned") = p;
        set_phase("leyendo");
        match upload.kind {
            TipoImportacion::Anexo => {
                // Items are stored as they are read: PostgreSQL works on the other core.
                let (batches, received) = tokio::sync::mpsc::channel(4);
                let read = self.read_anexo(upload.bytes.clone(), batches, progress);
                store::save_anexo(pool, id, received, read).await
            }
            TipoImportacion::Cronograma => {
                let format = ScheduleFormat::detect(&upload.bytes)?;
                let xml = self.converter.to_mspdi(&upload.bytes, format).await?;
                let tasks = self.parse_schedule(xml, progress).await?;
                set_phase("guardando");
                progress.restart(tasks.len() as u64);
                let name = upload
                    .nombre_version
                    .clone()
                    .unwrap_or_else(|| upload.file_name.clone());
                store::save_schedule(pool, id, upload.work_order_id, &name, &tasks, progress).await
            }
        }
    }

    /// Starts reading at once (parsing is CPU work: off the async threads); the items go out in
    /// batches, and the returned future ends with what the whole file held.
    fn read_anexo(
        &self,
        bytes: Bytes,
        batches: tokio::sync::mpsc::Sender<Vec<anexo::AnexoItem>>,
        progress: &Arc<Progress>,
    ) -> impl Future<Output = Result<anexo::Anexo, ImportError>> + use<> {
        let limits = self.limits.clone();
        let progress = Arc::clone(progress);
        let reading = tokio::task::spawn_blocking(move || {
            anexo::parse_with(&bytes, &limits, &progress, |items| {
                batches.blocking_send(items).is_ok()
            })
        });
        async move {
            reading
                .await
                .map_err(|e| ImportError::Internal(e.to_string()))?
        }
    }

    async fn parse_schedule(
        &self,
        xml: Vec<u8>,
        progress: &Arc<Progress>,
    ) -> Result<Vec<mspdi::Task>, ImportError> {
        let limits = self.limits.clone();
        let progress = Arc::clone(progress);
        tokio::task::spawn_blocking(move || mspdi::parse(&xml, &limits, &progress))
            .await
            .map_err(|e| ImportError::Internal(e.to_string()))?
    }
}

async fn report_until_aborted(
    pool: PgPool,
    id: i64,
    phase: Arc<std::sync::Mutex<&'static str>>,
    progress: Arc<Progress>,
) {
    let mut tick = tokio::time::interval(REPORT_EVERY);
    loop {
        tick.tick().await;
        let current = *phase.lock().expect("not poisoned");
        if let Err(e) = store::report(&pool, id, current, &progress).await {
            tracing::warn!(import = id, error = %e, "no se pudo escribir el avance");
        }
    }
}

/// Marks imports of dead processes failed, now and every minute.
pub fn sweep_interrupted(pool: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = store::sweep_interrupted(&pool).await {
                tracing::warn!(error = %e, "no se pudieron revisar las importaciones interrumpidas");
            }
        }
    });
}
