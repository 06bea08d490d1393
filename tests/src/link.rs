//! A satellite link that can be cut: a TCP relay on 127.0.0.1 in front of a server, for a
//! vessel hub's upstream (`OTE_UPSTREAM_URL`) in the tests and in `loadhub`. Cut, it closes
//! every open connection, mid-request or not, and drops new ones at once; restored, it passes
//! them again. It counts the bytes that crossed it each way.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The link; its relay stops when it is dropped.
pub struct Link {
    port: u16,
    shared: Arc<Shared>,
    accept: tokio::task::JoinHandle<()>,
}

struct Shared {
    up: AtomicBool,
    /// Bumped by every cut: open connections end when it moves.
    cuts: watch::Sender<u64>,
    /// Bytes from the hub to shore.
    up_bytes: AtomicU64,
    /// Bytes from shore to the hub.
    down_bytes: AtomicU64,
}

impl Link {
    /// A link, up, to the server listening at `target` (`127.0.0.1:PORT`).
    pub async fn start(target: &str) -> anyhow::Result<Link> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            up: AtomicBool::new(true),
            cuts: watch::channel(0).0,
            up_bytes: AtomicU64::new(0),
            down_bytes: AtomicU64::new(0),
        });
        let target = target.to_owned();
        let relay = shared.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if relay.up.load(Ordering::SeqCst) {
                    tokio::spawn(pass(client, target.clone(), relay.clone()));
                }
            }
        });
        Ok(Link {
            port,
            shared,
            accept,
        })
    }

    /// The URL to reach the server through the link.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Cuts the link: every open connection ends, new ones are dropped.
    pub fn cut(&self) {
        self.shared.up.store(false, Ordering::SeqCst);
        self.shared.cuts.send_modify(|n| *n += 1);
    }

    /// Restores the link.
    pub fn restore(&self) {
        self.shared.up.store(true, Ordering::SeqCst);
    }

    /// Whether it is up.
    pub fn is_up(&self) -> bool {
        self.shared.up.load(Ordering::SeqCst)
    }

    /// Bytes that crossed it so far: (to the server, from the server).
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.shared.up_bytes.load(Ordering::SeqCst),
            self.shared.down_bytes.load(Ordering::SeqCst),
        )
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}

/// Relays one connection until either side closes it or the link is cut.
async fn pass(client: TcpStream, target: String, shared: Arc<Shared>) {
    let mut cuts = shared.cuts.subscribe();
    let Ok(server) = TcpStream::connect(&target).await else {
        return;
    };
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up = pump(&mut client_read, &mut server_write, &shared.up_bytes);
    let down = pump(&mut server_read, &mut client_write, &shared.down_bytes);
    tokio::select! {
        _ = async { tokio::join!(up, down) } => {}
        _ = cuts.changed() => {}
    }
}

/// Copies `from` into `to`, counting, until `from` ends or either fails.
async fn pump(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    counted: &AtomicU64,
) {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buffer[..n]).await.is_err() {
                    break;
                }
                counted.fetch_add(n as u64, Ordering::SeqCst);
            }
        }
    }
    let _ = to.shutdown().await;
}
