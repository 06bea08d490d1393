//! Events for online clients: every server process listens on PostgreSQL's `ote_cambios`
//! (merged changes) and `ote_importaciones` (import progress) channels and fans what it hears
//! out to its SSE clients, so what happens on any process reaches clients of every process.

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;

use crate::imports::store::CHANNEL as IMPORTS;
use crate::sync::CHANNEL as CHANGES;

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

async fn relay(pool: &PgPool, sender: &broadcast::Sender<Notice>) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen_all([CHANGES, IMPORTS]).await?;
    loop {
        let notification = listener.recv().await?;
        let payload = notification.payload().to_owned();
        let notice = if notification.channel() == IMPORTS {
            Notice::Import(payload)
        } else {
            Notice::Change(payload)
        };
        // No subscriber is not an error.
        let _ = sender.send(notice);
    }
}
