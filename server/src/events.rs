//! Change events for online clients: every server process listens on PostgreSQL's
//! `ote_cambios` channel and fans what it hears out to its SSE clients, so a merge on any
//! process reaches clients of every process.

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;

use crate::sync::CHANNEL;

/// The events of this process: a document id per merged change.
#[derive(Clone)]
pub struct Events {
    sender: broadcast::Sender<String>,
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
    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.sender.subscribe()
    }

    /// Listens on the database channel for as long as the process runs, reconnecting after
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

async fn relay(pool: &PgPool, sender: &broadcast::Sender<String>) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let notification = listener.recv().await?;
        // No subscriber is not an error.
        let _ = sender.send(notification.payload().to_owned());
    }
}
