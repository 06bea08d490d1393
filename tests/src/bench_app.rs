//! The benchmark behind the `benchapp` binary: the built app's cold start with no network.
//! A database with N extra work orders (made by a native device through the sync protocol, as
//! the office's browsers make them), the app in headless Chromium signed in as the office user
//! until every work order is on the device and the service worker controls the page; then the
//! server is killed and the page reloaded, each time timing, in the page's own clock
//! (`performance.now()` from the start of the navigation), when the list shows.

use std::time::{Duration, Instant};

use ote_server::auth::users::Role;
use ote_server::auth::{api_keys, users};

use crate::browser::Browser;
use crate::device::Device;
use crate::env::built_app;
use crate::{ServerProcess, TestDb, field_work_order};

/// What to run.
pub struct Options {
    /// Work orders created besides the demo's.
    pub work_orders: usize,
    /// Offline reloads timed.
    pub runs: usize,
}

/// What was measured, in milliseconds.
pub struct Figures {
    /// From each offline reload's start until the list showed, in run order.
    pub cold_starts: Vec<f64>,
    /// For each key of a folio typed into the search, until the next frame after it.
    pub keys: Vec<f64>,
}

/// The search typed key by key, timed in the page: each key sets the input and fires `input`
/// as typing does, then waits for the next frame (the list redrawn).
const TYPE_AND_TIME: &str = "const [text, done] = [arguments[0], arguments[arguments.length - 1]];
    const input = document.querySelector('input[name=buscar]');
    const times = [];
    (async () => {
      for (let i = 1; i <= text.length; i++) {
        const t0 = performance.now();
        input.value = text.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        times.push(performance.now() - t0);
      }
      done(times);
    })();";

/// Runs the measurements.
pub async fn run(o: &Options) -> anyhow::Result<Figures> {
    let db = TestDb::new();
    let pool = db.migrated().await;
    ote_server::demo::seed(&pool).await?;
    users::add(&pool, "planeacion", Role::Oficina, "clave-de-bench-2").await?;
    let key = api_keys::create(&pool, "planeacion").await?;
    let mut server = ServerProcess::start_this_binary(&db, &built_app()).await?;

    let office = Device::new(&server.url, &key);
    for i in 0..o.work_orders {
        office
            .create(&field_work_order(&format!("OT-BENCH-{i:05}")))
            .await;
    }
    let started = Instant::now();
    office.sync().await.map_err(anyhow::Error::msg)?;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM documents")
        .fetch_one(&pool)
        .await?;
    println!(
        "{} OTs creadas y sincronizadas en {:.1} s; {total} en la base",
        o.work_orders,
        started.elapsed().as_secs_f64()
    );

    let browser = Browser::start().await;
    browser.client.goto(&server.url).await?;
    browser.sign_in("planeacion", "clave-de-bench-2").await;
    let needle = format!("{total} órdenes de trabajo en este dispositivo");
    let started = Instant::now();
    browser.wait_for_text(&needle, 300).await;
    println!(
        "la app tiene las {total} OTs en IndexedDB tras {:.1} s",
        started.elapsed().as_secs_f64()
    );
    browser.wait_for_service_worker(60).await;
    server.kill().await;

    let mut cold_starts = Vec::new();
    for _ in 0..o.runs {
        browser.client.refresh().await?;
        cold_starts.push(time_to_text(&browser, &needle).await?);
    }
    let folio = format!("ot-bench-{:05}", o.work_orders / 2);
    let keys = browser
        .client
        .execute_async(TYPE_AND_TIME, vec![serde_json::Value::from(folio.clone())])
        .await?;
    let keys = keys
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    anyhow::ensure!(
        browser.text().await.contains("· 1 coinciden"),
        "typing {folio} leaves one work order"
    );
    browser.close().await;
    pool.close().await;
    db.drop_db().await;
    Ok(Figures { cold_starts, keys })
}

/// The page's `performance.now()` when it first shows `needle` (polled every few ms).
async fn time_to_text(browser: &Browser, needle: &str) -> anyhow::Result<f64> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let script = "return document.body && document.body.innerText.includes(arguments[0]) \
                  ? performance.now() : null;";
    loop {
        let shown = browser
            .client
            .execute(script, vec![serde_json::Value::from(needle)])
            .await?;
        if let Some(ms) = shown.as_f64() {
            return Ok(ms);
        }
        anyhow::ensure!(Instant::now() < deadline, "the list never showed");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
