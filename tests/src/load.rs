//! The load and fault program behind the `loadsync` binary: simulated tablets edit offline, go
//! online in random order and sync concurrently (some replaying batches, some losing
//! responses); then every change each tablet made is looked for on the server, on every other
//! tablet and in the relational rows.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use automerge::{AutoCommit, ChangeHash};
use ote_server::auth::api_keys;
use ote_server::auth::users::Role;
use ote_shared::codes::{EstatusPaso, Proceso};
use ote_shared::document;
use ote_shared::model::{Archivo, Foto, OrdenTrabajo, Paso};
use ote_shared::sync::device::device_actor;
use ote_shared::sync::wire;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::PgPool;
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::device::Device;
use crate::failover::Proxy;
use crate::{ServerProcess, TestDb, pg_base_url};

/// The first argument that makes `loadsync` run as the server instead (`loadsync serve`), so
/// it can start server processes without another binary.
pub const SERVER_ARG: &str = "serve";

/// What to run.
pub struct Options {
    /// Simulated tablets.
    pub tablets: usize,
    /// New work orders per tablet.
    pub docs: usize,
    /// Offline edits per tablet.
    pub edits: usize,
    /// Tablets syncing at once; pgbench's client count.
    pub concurrency: usize,
    /// Server processes.
    pub servers: usize,
    /// Share of tablets that replay a batch.
    pub replay: f64,
    /// Share of tablets that lose a response.
    pub lose: f64,
    /// How long pgbench runs after each round.
    pub pgbench: Duration,
    /// The least time the rounds' sends are timed for.
    pub seconds: Duration,
    /// A failure of PostgreSQL while the second round's tablets send.
    pub fault: Option<Fault>,
    /// A running server instead of starting one.
    pub url: Option<String>,
    /// Its API key.
    pub api_key: Option<String>,
}

/// A failure of PostgreSQL on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Restarted in fast mode (see [`crate::faults`]).
    RestartPostgres,
    /// Reached through a proxy, failed over to the standby (see [`crate::failover`]).
    Failover,
}

/// What was measured.
#[derive(Debug, Default)]
pub struct Report {
    /// Changes a tablet made that some replica or the rows lack.
    pub lost_edits: usize,
    /// Edits made.
    pub edits: usize,
    /// Documents merged per second while the tablets came online: the median of the rounds.
    pub merges_per_s: f64,
    /// Half the range of the rounds' figures, as a share of their median.
    pub spread: f64,
    /// pgbench tpcb-like on the same PostgreSQL with the same client count, after each round:
    /// the median.
    pub pgbench_tps: f64,
    /// Each round's merges/s over the pgbench run right after it: the median. Both sampled a
    /// moment apart, so what the machine does meanwhile moves both.
    pub ratio: f64,
    /// Sync latency, median and 99th percentile, ms.
    pub p50_ms: f64,
    /// See `p50_ms`.
    pub p99_ms: f64,
}

impl Report {
    /// The machine-readable last line.
    pub fn last_line(&self) -> String {
        format!(
            "lost edits: {} · merges/s: {:.0} · pgbench tps: {:.0} · ratio: {:.2} · p99 ms: {:.0}",
            self.lost_edits, self.merges_per_s, self.pgbench_tps, self.ratio, self.p99_ms
        )
    }
}

struct Installation {
    urls: Vec<String>,
    /// One API key per tablet (the same one when given --api-key).
    keys: Vec<String>,
    pool: Option<PgPool>,
    db: Option<TestDb>,
    servers: Vec<ServerProcess>,
    /// The proxy the servers reach PostgreSQL through, with `--failover`.
    proxy: Option<Rc<Proxy>>,
}

async fn install(o: &Options) -> anyhow::Result<Installation> {
    if let (Some(url), Some(key)) = (&o.url, &o.api_key) {
        return Ok(Installation {
            urls: vec![url.clone()],
            keys: vec![key.clone(); o.tablets.max(1)],
            pool: None,
            db: None,
            servers: vec![],
            proxy: None,
        });
    }
    let db = TestDb::new();
    let proxy = match o.fault {
        Some(Fault::Failover) => Some(Rc::new(Proxy::start(&pg_base_url()).await?)),
        _ => None,
    };
    // With a proxy, the servers and this program reach the database through it.
    let served = TestDb {
        name: db.name.clone(),
        url: match &proxy {
            Some(p) => format!("{}/{}", p.base_url(), db.name),
            None => db.url.clone(),
        },
    };
    let pool = served.migrated().await;
    ote_server::demo::seed(&pool).await?;
    let keys = technicians(&pool, o.tablets).await?;
    let mut servers = Vec::new();
    for _ in 0..o.servers {
        servers.push(
            ServerProcess::start_this_binary(&served, &crate::env::placeholder_dist()).await?,
        );
    }
    let urls = servers.iter().map(|s| s.url.clone()).collect();
    Ok(Installation {
        urls,
        keys,
        pool: Some(pool),
        db: Some(db),
        servers,
        proxy,
    })
}

/// One field technician per tablet, each linked to one of the demo's employees, so each tablet
/// receives its own work orders and the ones its employee is assigned to.
async fn technicians(pool: &PgPool, count: usize) -> anyhow::Result<Vec<String>> {
    let empleados: Vec<i64> = sqlx::query_scalar("SELECT id FROM empleados ORDER BY id")
        .fetch_all(pool)
        .await?;
    let mut keys = Vec::with_capacity(count);
    for i in 0..count {
        let username = format!("carga{i}");
        // They sign in with API keys only, so no password is hashed (argon2 would cost seconds).
        sqlx::query("INSERT INTO users (username, password_hash, role, empleado_id) VALUES ($1, '!', $2, $3)")
            .bind(&username)
            .bind(Role::Campo.as_str())
            .bind(empleados[i % empleados.len()])
            .execute(pool)
            .await?;
        keys.push(api_keys::create(pool, &username).await?);
    }
    Ok(keys)
}

/// Runs the whole program.
pub async fn run(o: Options) -> anyhow::Result<Report> {
    let inst = install(&o).await?;
    let mut report = Report::default();
    let bench = Pgbench::init(o.concurrency, o.pgbench).await?;

    let tablets: Vec<Rc<Tablet>> = (0..o.tablets)
        .map(|i| {
            Rc::new(Tablet::new(
                i as u64,
                Device::new(&inst.urls[i % inst.urls.len()], &inst.keys[i]),
            ))
        })
        .collect();
    let started = Instant::now();
    concurrently(&tablets, o.concurrency, |t| async move {
        t.sync_until_ok().await
    })
    .await;
    println!(
        "descarga inicial de {} tabletas: {:.1} s",
        tablets.len(),
        started.elapsed().as_secs_f64()
    );

    let templates = step_templates(&tablets[0]);
    let rounds = online_rounds(&tablets, &o, &inst, &bench, &templates, &mut report).await?;
    bench.drop_db().await;
    let sorted = |pick: fn(&Round) -> f64| {
        let mut values: Vec<f64> = rounds.iter().map(pick).collect();
        values.sort_by(f64::total_cmp);
        values
    };
    let merges = sorted(|r| r.merges_per_s);
    report.merges_per_s = percentile(&merges, 0.5);
    report.spread = spread(&merges);
    report.pgbench_tps = percentile(&sorted(|r| r.pgbench_tps), 0.5);
    report.ratio = percentile(&sorted(|r| r.merges_per_s / r.pgbench_tps), 0.5);
    let mut latencies: Vec<f64> = tablets
        .iter()
        .flat_map(|t| t.latencies.borrow().clone())
        .collect();
    latencies.sort_by(f64::total_cmp);
    report.p50_ms = percentile(&latencies, 0.50);
    report.p99_ms = percentile(&latencies, 0.99);
    let (up, down) = wire_bytes(&tablets);
    let (slowest, fastest) = (merges[0], merges[merges.len() - 1]);
    println!(
        "sincronización: {} rondas · mediana {:.0} documentos fusionados/s (de {slowest:.0} a {fastest:.0}, ±{:.0} %) · p50 {:.0} ms · p99 {:.0} ms · subida {} KB · bajada {} KB",
        rounds.len(),
        report.merges_per_s,
        report.spread * 100.0,
        report.p50_ms,
        report.p99_ms,
        up / 1024,
        down / 1024
    );

    // Everyone pulls everything, then the replicas are compared.
    for _ in 0..2 {
        concurrently(&tablets, o.concurrency, |t| async move {
            t.sync_until_ok().await
        })
        .await;
    }
    report.lost_edits = verify(&tablets, inst.pool.as_ref()).await?;
    week_offline(&inst).await;
    long_history(&inst).await;
    shutdown(inst).await;
    Ok(report)
}

/// One round's figures.
struct Round {
    /// Documents merged per second while the tablets came online.
    merges_per_s: f64,
    /// pgbench right after.
    pgbench_tps: f64,
}

/// Rounds of a shift offline (every tablet makes its new work orders and edits) and a return
/// online, each followed by a pgbench run, until at least [`MIN_ROUNDS`] and `o.seconds` of
/// timed sends: one round lasts under a second on 200 tablets, too short for a figure that
/// holds still.
async fn online_rounds(
    tablets: &[Rc<Tablet>],
    o: &Options,
    inst: &Installation,
    bench: &Pgbench,
    templates: &[i64],
    report: &mut Report,
) -> anyhow::Result<Vec<Round>> {
    let mut order = tablets.to_vec();
    order.shuffle(&mut StdRng::seed_from_u64(7));
    for (i, t) in order.iter().enumerate() {
        let share = i as f64 / order.len() as f64;
        t.lose_first.set(share < o.lose);
        t.replay.set(share >= o.lose && share < o.lose + o.replay);
    }
    let mut rounds = Vec::new();
    let mut timed = 0.0;
    while rounds.len() < MIN_ROUNDS || timed < o.seconds.as_secs_f64() {
        let round = rounds.len();
        for t in tablets {
            report.edits += t.edit_offline(round, o.docs, o.edits, templates).await;
        }
        let before = merged_docs(tablets);
        let fault = (round == 1).then(|| strike_soon(o.fault?, inst)).flatten();
        let (online_secs, tablet_secs) = first_syncs(&order, o.concurrency).await;
        if let Some(fault) = fault {
            fault.await.expect("the fault's task");
        }
        let merged = merged_docs(tablets) - before;
        let figures = Round {
            merges_per_s: merged as f64 / online_secs,
            pgbench_tps: bench.run().await?,
        };
        timed += online_secs;
        println!(
            "ronda {}: {merged} documentos en {online_secs:.2} s, {:.0}/s (el trabajo de las tabletas alrededor: {tablet_secs:.1} s) · pgbench {:.0} tps",
            round + 1,
            figures.merges_per_s,
            figures.pgbench_tps
        );
        rounds.push(figures);
    }
    Ok(rounds)
}

/// Starts `fault` a moment after the tablets start sending.
fn strike_soon(fault: Fault, inst: &Installation) -> Option<tokio::task::JoinHandle<()>> {
    let pool = inst.pool.clone()?;
    let failover = match fault {
        Fault::RestartPostgres => None,
        Fault::Failover => Some((inst.proxy.clone()?, inst.db.as_ref()?.name.clone())),
    };
    Some(tokio::task::spawn_local(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let said = match failover {
            None => crate::faults::restart_postgres(&pool).await.map(|took| {
                format!(
                    "PostgreSQL reiniciado durante los envíos ({:.1} s)",
                    took.as_secs_f64()
                )
            }),
            Some((proxy, database)) => {
                let standby = crate::failover::standby_base_url();
                proxy.fail_over(&database, &pg_base_url(), &standby).await.map(|held| {
                    format!(
                        "conmutación por error al standby durante los envíos (conexiones retenidas {:.2} s)",
                        held.as_secs_f64()
                    )
                })
            }
        };
        println!(
            "{}",
            said.unwrap_or_else(|e| panic!("la falla no se pudo provocar: {e}"))
        );
        // This program's own pool (the final check reads through it) had its connections cut:
        // each fails once and is dropped.
        for _ in 0..=pool.size() {
            let _ = sqlx::query("SELECT 1").execute(&pool).await;
        }
    }))
}

/// The fewest rounds a run times, however long each lasts.
const MIN_ROUNDS: usize = 3;

/// Half the range of the `sorted` rounds (at least [`MIN_ROUNDS`]) as a share of their median.
fn spread(sorted: &[f64]) -> f64 {
    let mid = percentile(sorted, 0.5);
    if mid > 0.0 {
        (sorted[sorted.len() - 1] - sorted[0]) / 2.0 / mid
    } else {
        0.0
    }
}

/// Each tablet's first sync back online, timed as the server's work: the batch is built before
/// the clock starts and the answer applied after it stops, so the simulated tablets' own work
/// (real tablets do it on their own hardware) does not take the 2 cores from the server and
/// PostgreSQL being measured, as pgbench's client costs almost nothing. Returns the seconds of
/// the timed sends and of the tablets' work around them.
async fn first_syncs(order: &[Rc<Tablet>], concurrency: usize) -> (f64, f64) {
    let prepared = Instant::now();
    for t in order {
        t.prepare_first().await;
    }
    let prepare_secs = prepared.elapsed().as_secs_f64();
    println!("lotes armados en {prepare_secs:.1} s; se envían");
    let before = wire_bytes(order);
    let started = Instant::now();
    concurrently(order, concurrency, |t| async move { t.send_first().await }).await;
    let online_secs = started.elapsed().as_secs_f64();
    let after = wire_bytes(order);
    println!(
        "primera sincronización de cada tableta: subida {} KB, bajada {} KB",
        (after.0 - before.0) / 1024,
        (after.1 - before.1) / 1024
    );
    let finished = Instant::now();
    concurrently(
        order,
        concurrency,
        |t| async move { t.finish_first().await },
    )
    .await;
    (online_secs, prepare_secs + finished.elapsed().as_secs_f64())
}

/// A tablet back after a week offline: 500 edits across 50 work orders, then one sync.
async fn week_offline(inst: &Installation) {
    let tablet = Tablet::new(99, Device::new(&inst.urls[0], &inst.keys[0]));
    tablet.sync_until_ok().await;
    let templates = step_templates(&tablet);
    let mut ids: Vec<Uuid> = tablet.device.doc_ids().into_iter().take(50).collect();
    for n in ids.len()..50 {
        let ot = new_work_order(tablet.device.store_id(), 1000 + n, &templates);
        tablet.device.create(&ot).await;
        ids.push(ot.id);
    }
    for e in 0..500usize {
        let token = format!("semana-{e}");
        tablet
            .device
            .edit(ids[e % ids.len()], |ot| {
                apply_edit(ot, (e % 4) as u8, &token, e / 50)
            })
            .await;
    }
    let started = Instant::now();
    let report = tablet.device.sync().await.expect("the week's sync");
    println!(
        "semana sin conexión: 500 ediciones en 50 OTs sincronizadas en {:.0} ms, {} viaje(s), {} KB de subida",
        started.elapsed().as_secs_f64() * 1000.0,
        report.round_trips,
        report.bytes_sent / 1024
    );
}

/// One work order with a long history (2,000 changes, synced as they were made), then 50
/// one-field edits each synced on its own: what a merge costs once a document has lived long.
async fn long_history(inst: &Installation) {
    let tablet = Tablet::new(98, Device::new(&inst.urls[0], &inst.keys[0]));
    tablet.sync_until_ok().await;
    let ot = new_work_order(tablet.device.store_id(), 5000, &step_templates(&tablet));
    let id = ot.id;
    tablet.device.create(&ot).await;
    for e in 0..2000usize {
        let token = format!("historia-{e}");
        tablet
            .device
            .edit(id, |ot| apply_edit(ot, 1, &token, e))
            .await;
        if e % 100 == 99 {
            tablet.sync_until_ok().await;
        }
    }
    let mut times = Vec::new();
    for e in 0..50usize {
        tablet
            .device
            .edit(id, |ot| ot.comentario = format!("Campo {e}"))
            .await;
        let started = Instant::now();
        tablet.device.sync().await.expect("sync");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "historial largo (2.000 cambios): una edición de un campo se sincroniza en p50 {:.1} ms, p99 {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
}

async fn shutdown(inst: Installation) {
    for s in inst.servers {
        s.stop().await;
    }
    if let Some(pool) = inst.pool {
        pool.close().await;
    }
    if let Some(db) = inst.db {
        if inst.proxy.is_some() {
            // The promoted standby holds the database too.
            crate::failover::drop_on_standby(&db.name).await;
        }
        db.drop_db().await;
    }
}

/// The `p` quantile (0–1) of sorted values; 0 for none.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Bytes every tablet has sent and received so far.
fn wire_bytes(tablets: &[Rc<Tablet>]) -> (usize, usize) {
    tablets.iter().fold((0, 0), |(u, d), t| {
        (
            u + t.device.transport.bytes_up.get(),
            d + t.device.transport.bytes_down.get(),
        )
    })
}

fn merged_docs(tablets: &[Rc<Tablet>]) -> usize {
    tablets.iter().map(|t| t.merged.get()).sum()
}

/// Runs `f` for every tablet, at most `limit` at once, on this thread.
async fn concurrently<F, Fut>(tablets: &[Rc<Tablet>], limit: usize, f: F)
where
    F: Fn(Rc<Tablet>) -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let gate = Rc::new(Semaphore::new(limit));
    let mut tasks = Vec::new();
    for t in tablets {
        let gate = gate.clone();
        let fut = f(t.clone());
        tasks.push(tokio::task::spawn_local(async move {
            let _permit = gate.acquire().await.expect("open");
            fut.await
        }));
    }
    for task in tasks {
        task.await.expect("tablet task");
    }
}

/// pgbench tpcb-like against the same PostgreSQL, on a database of its own, run after every
/// round.
struct Pgbench {
    db: TestDb,
    clients: usize,
    seconds: Duration,
}

impl Pgbench {
    /// Makes its database (`pgbench -i`, scale 10).
    async fn init(clients: usize, seconds: Duration) -> anyhow::Result<Pgbench> {
        let db = TestDb::new();
        db.migrated().await.close().await;
        let bench = Pgbench {
            db,
            clients,
            seconds,
        };
        let init = bench.pgbench(&["-i", "-s", "10", "-q"])?;
        anyhow::ensure!(
            init.status.success(),
            "pgbench -i: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        Ok(bench)
    }

    /// One run: its transactions per second.
    async fn run(&self) -> anyhow::Result<f64> {
        let clients = self.clients.to_string();
        let seconds = self.seconds.as_secs().max(1).to_string();
        let out = self.pgbench(&["-n", "-c", &clients, "-j", "2", "-T", &seconds])?;
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .find(|l| l.starts_with("tps = "))
            .and_then(|l| l.trim_start_matches("tps = ").split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| anyhow::anyhow!("pgbench on {} printed no tps: {text}", pg_base_url()))
    }

    fn pgbench(&self, args: &[&str]) -> std::io::Result<std::process::Output> {
        std::process::Command::new("pgbench")
            .args(args)
            .arg(&self.db.url)
            .output()
    }

    async fn drop_db(self) {
        self.db.drop_db().await;
    }
}

/// The step templates a tablet uses for new work orders: those of an initial OT it pulled (the
/// app takes them from its cached catalog).
fn step_templates(tablet: &Tablet) -> Vec<i64> {
    let device = &tablet.device;
    device
        .doc_ids()
        .into_iter()
        .map(|id| device.read(id))
        .find(|ot| ot.id_tipo == ote_shared::codes::TipoOt::Inicial && !ot.pasos.is_empty())
        .map(|ot| ot.pasos_ordenados().iter().map(|p| p.id_paso).collect())
        .unwrap_or_default()
}

struct Tablet {
    device: Device,
    rng: RefCell<StdRng>,
    lose_first: std::cell::Cell<bool>,
    replay: std::cell::Cell<bool>,
    merged: std::cell::Cell<usize>,
    latencies: RefCell<Vec<f64>>,
    /// The first batch back online (body, documents), built before it is sent.
    first: RefCell<Option<(Vec<u8>, usize)>>,
    /// Its answer, applied after the timed sends.
    answer: RefCell<Option<Vec<u8>>>,
}

impl Tablet {
    fn new(seed: u64, device: Device) -> Tablet {
        Tablet {
            device,
            rng: RefCell::new(StdRng::seed_from_u64(seed)),
            lose_first: Default::default(),
            replay: Default::default(),
            merged: Default::default(),
            latencies: RefCell::default(),
            first: RefCell::default(),
            answer: RefCell::default(),
        }
    }

    /// Syncs, retrying after failures (a lost response, a busy server) with a short pause.
    async fn sync_until_ok(&self) {
        self.sync_until_ok_wanting(Vec::new()).await
    }

    /// [`Tablet::sync_until_ok`], asking first for `want_full` whole.
    async fn sync_until_ok_wanting(&self, want_full: Vec<Uuid>) {
        for attempt in 0..20u64 {
            let started = Instant::now();
            match self.device.sync_wanting(want_full.clone()).await {
                Ok(report) => {
                    self.latencies
                        .borrow_mut()
                        .push(started.elapsed().as_secs_f64() * 1000.0);
                    self.merged.set(self.merged.get() + report.sent);
                    return;
                }
                Err(e) if attempt == 19 => panic!("a tablet could not sync: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(50 * (attempt + 1))).await,
            }
        }
    }

    /// Builds the batch of the first sync back online.
    async fn prepare_first(&self) {
        let request = self.device.next_request().await;
        let body = wire::to_binary(&request);
        *self.first.borrow_mut() = Some((body, request.docs.len()));
    }

    /// Sends the prepared batch (twice when this tablet replays it); keeps the answer unless
    /// this tablet loses it.
    async fn send_first(&self) {
        let (body, docs) = self.first.borrow_mut().take().expect("prepared");
        let transport = &self.device.transport;
        let started = Instant::now();
        if let Ok((200, answer)) = transport.post(body.clone(), wire::BINARY).await {
            self.latencies
                .borrow_mut()
                .push(started.elapsed().as_secs_f64() * 1000.0);
            self.merged.set(self.merged.get() + docs);
            if !self.lose_first.get() {
                *self.answer.borrow_mut() = Some(answer);
            }
        }
        if self.replay.get() {
            // Accepted, or failed as a server fails while PostgreSQL restarts (the tablet
            // keeps its changes and sends them again): never refused.
            let status = transport.post(body, wire::BINARY).await.map(|(s, _)| s);
            assert!(
                matches!(status, Ok(200))
                    || status.as_ref().is_ok_and(|s| *s >= 500)
                    || status.is_err(),
                "a replayed batch is accepted: {status:?}"
            );
        }
    }

    /// Applies the kept answer as a sync does, then syncs until done (what a lost or failed
    /// first sync left, and what the answer said is still waiting).
    async fn finish_first(&self) {
        let mut incomplete = Vec::new();
        let answer = self.answer.borrow_mut().take();
        if let Some(answer) = answer {
            let response = wire::from_binary(&answer).expect("a sync answer");
            incomplete = self.device.apply(&response).await.expect("applies");
        }
        self.sync_until_ok_wanting(incomplete).await;
    }

    /// New work orders and edits, offline; returns how many edits (commits) were made.
    async fn edit_offline(
        &self,
        round: usize,
        docs: usize,
        edits: usize,
        templates: &[i64],
    ) -> usize {
        let mut own = Vec::new();
        for n in 0..docs {
            let ot = new_work_order(self.device.store_id(), round * docs + n, templates);
            self.device.create(&ot).await;
            own.push(ot.id);
        }
        let shared: Vec<Uuid> = self
            .device
            .doc_ids()
            .into_iter()
            .filter(|id| !own.contains(id))
            .collect();
        for e in 0..edits {
            let (target, kind) = {
                let mut rng = self.rng.borrow_mut();
                let on_own = !own.is_empty() && (shared.is_empty() || rng.random_bool(0.7));
                let pool = if on_own { &own } else { &shared };
                (
                    pool[rng.random_range(0..pool.len())],
                    rng.random_range(0..4u8),
                )
            };
            let token = format!("t{}-r{round}-e{e}", self.device.store_id().simple());
            let step_pick: usize = self.rng.borrow_mut().random_range(0..64);
            self.device
                .edit(target, |ot| apply_edit(ot, kind, &token, step_pick))
                .await;
        }
        docs + edits
    }
}

pub(crate) fn apply_edit(ot: &mut OrdenTrabajo, kind: u8, token: &str, step_pick: usize) {
    let step = ot
        .pasos
        .keys()
        .nth(step_pick % ot.pasos.len().max(1))
        .copied();
    match (kind, step) {
        (0, _) => ot.comentario = format!("Comentario {token}"),
        (1, Some(id)) => {
            ot.pasos.get_mut(&id).expect("picked").comentario = format!("Paso revisado {token}")
        }
        (2, Some(id)) => {
            let paso = ot.pasos.get_mut(&id).expect("picked");
            if paso.estatus_paso == EstatusPaso::Pendiente {
                paso.estatus_paso = EstatusPaso::EnProceso;
            } else {
                paso.fecha_entrega = "2026-12-15".parse().ok();
            }
        }
        _ => {
            let foto = Foto {
                id: Uuid::new_v4(),
                proceso: Proceso::Durante,
                titulo: format!("Foto {token}"),
                archivo: Archivo {
                    sha256: "0".repeat(64),
                    nombre: format!("{token}.jpg"),
                    tamano: 2_400_000,
                    tipo_mime: "image/jpeg".into(),
                },
                creado: chrono::Utc::now(),
            };
            ot.fotos.insert(foto.id, foto);
        }
    }
}

pub(crate) fn new_work_order(device: Uuid, n: usize, templates: &[i64]) -> OrdenTrabajo {
    let mut ot = crate::field_work_order(&format!(
        "OT-CAMPO-{}-{n}",
        &device.simple().to_string()[..8]
    ));
    for id_paso in templates {
        let paso = Paso::pendiente(Uuid::new_v4(), *id_paso);
        ot.pasos.insert(paso.id, paso);
    }
    ot
}

/// Counts the changes some tablet made that the server, another tablet or the rows lack.
async fn verify(tablets: &[Rc<Tablet>], pool: Option<&PgPool>) -> anyhow::Result<usize> {
    let Some(pool) = pool else { return Ok(0) };
    let docs: Vec<(Uuid, Vec<u8>)> = sqlx::query_as("SELECT doc_id, bytes FROM document_bytes")
        .fetch_all(pool)
        .await?;
    let mut lost = 0;
    let mut disagreements = 0;
    for (id, bytes) in docs {
        let mut server = AutoCommit::load(&bytes)?;
        let mut server_heads = server.get_heads();
        server_heads.sort();
        for t in tablets {
            let Some(mut replica) = t.device.try_doc(id) else {
                continue;
            };
            let mine = device_actor(t.device.store_id());
            let made: Vec<ChangeHash> = replica
                .get_changes(&[])
                .iter()
                .filter(|c| c.actor_id() == &mine)
                .map(|c| c.hash())
                .collect();
            lost += made
                .iter()
                .filter(|h| server.get_change_by_hash(h).is_none())
                .count();
            let mut heads = replica.get_heads();
            heads.sort();
            if heads != server_heads {
                disagreements += 1;
                let missing = server_heads
                    .iter()
                    .filter(|h| replica.get_change_by_hash(h).is_none())
                    .count();
                let extra = heads
                    .iter()
                    .filter(|h| server.get_change_by_hash(h).is_none())
                    .count();
                eprintln!(
                    "réplica distinta: doc {id} tableta {} (le faltan {missing} cabezas del servidor, tiene {extra} que el servidor no)",
                    t.device.store_id()
                );
            }
        }
        let ot = document::read(&server)?;
        let (comentario, steps, photos): (String, i64, i64) = sqlx::query_as(
            "SELECT comentario, (SELECT count(*) FROM work_order_steps s WHERE s.work_order_id = w.id),
                    (SELECT count(*) FROM work_order_photos p WHERE p.work_order_id = w.id) FROM work_orders w WHERE doc_id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await?;
        if (comentario.clone(), steps as usize, photos as usize)
            != (ot.comentario.clone(), ot.pasos.len(), ot.fotos.len())
        {
            disagreements += 1;
            eprintln!(
                "filas distintas: doc {id}: ({comentario}, {steps}, {photos}) vs ({}, {}, {})",
                ot.comentario,
                ot.pasos.len(),
                ot.fotos.len()
            );
        }
    }
    println!("réplicas o filas que no coinciden con el servidor: {disagreements}");
    Ok(lost + disagreements)
}
