//! Events for online clients: every server process listens on PostgreSQL's `ote_cambios`
//! (merged changes) and `ote_importaciones` (import progress) channels and fans what it hears
//! out to its SSE clients, so what happens on any process reaches clients of every process.
//! [`Notifier`] is how a process tells the others which documents it wrote.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

use crate::imports::store::CHANNEL as IMPORTS;

/// The channel saved writes notify on; the payload is the document id.
const CHANGES: &str = "ote_cambios";

/// One event for SSE clients.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A document changed: its id.
    Change(String),
    /// An import progressed or ended: `{id, id_ot, estado, fase, hechos, total}` as JSON.
    Import(String),
}

/// The events of this process.
#[derive(Clone)]
pub struct Events {
    sender: broadcast::Sender<Notice>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            sender: broadcast::channel(1024).0,
        }
    }
}

impl Events {
    /// A receiver of the events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.sender.subscribe()
    }

    /// Listens on the database channels for as long as the process runs, reconnecting after
    /// failures.
    pub fn listen(&self, pool: PgPool) {
        let sender = self.sender.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = relay(&pool, &sender).await {
                    tracing::warn!(error = %e, "escucha de cambios interrumpida; reintentando");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        });
    }
}

/// Tells every process's listeners which documents were written, after the writes commit, a
/// batch of ids per NOTIFY: those written within [`GATHER`] of the first.
///
/// A NOTIFY inside each write's transaction made every commit take PostgreSQL's one lock on
/// the notification queue, held until the commit is flushed: concurrent merges committed one
/// at a time. Sent after the commit, an event can be lost if the process stops in between;
/// it only ever asked clients to sync sooner, which they also do on their own timer.
#[derive(Clone)]
pub struct Notifier {
    sender: mpsc::UnboundedSender<Uuid>,
}

/// How many ids one NOTIFY carries: a payload holds at most 8000 bytes, an id and its comma 37.
const IDS_PER_NOTIFY: usize = 200;

/// How long a batch gathers ids before it is sent. Sending each as soon as the previous one
/// was sent made hundreds of NOTIFYs a second under load, each a statement, and a wake-up of
/// every listening connection; an event only asks clients to sync sooner, and 50 ms sooner or
/// later means nothing to a person.
const GATHER: Duration = Duration::from_millis(50);

impl Notifier {
    /// Starts sending on `pool` for as long as the process runs.
    pub fn start(pool: PgPool) -> Notifier {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(send_batches(pool, receiver));
        Notifier { sender }
    }

    /// Document `doc_id` was written (and committed).
    pub fn changed(&self, doc_id: Uuid) {
        // The sender stops only with the runtime.
        let _ = self.sender.send(doc_id);
    }
}

async fn send_batches(pool: PgPool, mut receiver: mpsc::UnboundedReceiver<Uuid>) {
    let mut ids = Vec::with_capacity(IDS_PER_NOTIFY);
    while receiver.recv_many(&mut ids, IDS_PER_NOTIFY).await > 0 {
        tokio::time::sleep(GATHER).await;
        while ids.len() < IDS_PER_NOTIFY {
            match receiver.try_recv() {
                Ok(id) => ids.push(id),
                Err(_) => break,
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let payload = ids
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let sent = sqlx::query!("SELECT pg_notify($1, $2)", CHANGES, payload)
            .execute(&pool)
            .await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, documentos = ids.len(), "no se pudo avisar de cambios");
        }
        ids.clear();
    }
}

async fn relay(pool: &PgPool, sender: &broadcast::Sender<Notice>) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen_all([CHANGES, IMPORTS]).await?;
    loop {
        let notification = listener.recv().await?;
        // No subscriber is not an error.
        if notification.channel() == IMPORTS {
            let _ = sender.send(Notice::Import(notification.payload().to_owned()));
        } else {
            for doc_id in notification.payload().split(',') {
                let _ = sender.send(Notice::Change(doc_id.to_owned()));
            }
        }
    }
}
