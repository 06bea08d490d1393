//! Writing the log: each request hands its [`Entry`] to the [`Recorder`] and goes on; one task
//! per process writes whatever has gathered in one statement. Under load the entries of many
//! requests share an insert; idle, an entry is written at once. What a crash takes is the
//! entries still in memory (SECURITY.md says so), never a write the log names.

use ote_shared::api::Accion;
use sqlx::{PgPool, Postgres, QueryBuilder};
use tokio::sync::mpsc;
use uuid::Uuid;

/// Entries waiting to be written at most; past it, a request waits for room (the database is
/// then the bottleneck, and the log keeps up with the writes it records).
const QUEUE: usize = 4096;
/// How long the writer waits after the first entry of a batch for others to join it.
const GATHER: std::time::Duration = std::time::Duration::from_millis(200);
/// Entries per insert at most (9 parameters each, far below PostgreSQL's 65,535).
const BATCH: usize = 512;

/// One line of the log.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The signed-in user, if the request had one.
    pub user_id: Option<i64>,
    /// Their login name, or the name typed in a sign-in.
    pub username: Option<String>,
    /// What it was.
    pub action: Accion,
    /// `METHOD /path`.
    pub route: String,
    /// The answer's status.
    pub status: u16,
    /// The client's address.
    pub address: String,
    /// The device a sync came from.
    pub device: Option<String>,
    /// The documents of the work orders it named.
    pub doc_ids: Vec<Uuid>,
    /// A work order named by its numeric id (a route's path), resolved as the entry is written.
    pub work_order_id: Option<i64>,
}

/// Hands entries to the process's writer task.
#[derive(Clone)]
pub struct Recorder {
    sender: mpsc::Sender<Entry>,
}

impl Recorder {
    /// Starts the writer task (within the runtime) and answers its recorder.
    pub fn start(pool: PgPool) -> Recorder {
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(write_loop(pool, receiver));
        Recorder { sender }
    }

    /// Queues `entry` for writing.
    pub async fn record(&self, entry: Entry) {
        if self.sender.send(entry).await.is_err() {
            tracing::error!("el registro de actividad ya no escribe: se perdió una entrada");
        }
    }
}

async fn write_loop(pool: PgPool, mut receiver: mpsc::Receiver<Entry>) {
    let mut batch = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        // A moment for the entries of the requests in flight to join this one's: under load
        // one insert then carries hundreds (BENCHMARKS.md, session 23).
        tokio::time::sleep(GATHER).await;
        while batch.len() < BATCH {
            match receiver.try_recv() {
                Ok(entry) => batch.push(entry),
                Err(_) => break,
            }
        }
        if let Err(e) = insert(&pool, &batch).await {
            tracing::error!(error = %e, entries = batch.len(), "no se pudo escribir el registro de actividad");
        }
        batch.clear();
    }
}

/// Writes `entries` in one statement.
async fn insert(pool: &PgPool, entries: &[Entry]) -> Result<(), sqlx::Error> {
    let mut q: QueryBuilder<'_, Postgres> = QueryBuilder::new(
        "INSERT INTO activity_log (user_id, username, action, route, status, address, device, doc_ids) ",
    );
    q.push_values(entries, |mut row, e| {
        row.push_bind(e.user_id)
            .push_bind(&e.username)
            .push_bind(e.action.as_str())
            .push_bind(&e.route)
            .push_bind(e.status as i16)
            .push_bind(&e.address)
            .push_bind(&e.device)
            .push("array_cat(")
            .push_bind_unseparated(&e.doc_ids)
            .push_unseparated("::uuid[], ARRAY(SELECT doc_id FROM work_orders WHERE id = ")
            .push_bind_unseparated(e.work_order_id)
            .push_unseparated("::int8))");
    });
    q.build().execute(pool).await?;
    Ok(())
}
