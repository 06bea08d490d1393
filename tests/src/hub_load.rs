//! The program behind `loadhub`: shore and vessel hubs, each on its own database and vessel;
//! tablets on each hub, an office on shore; the hubs' links cut and restored at random, a
//! tablet moving from a hub to shore. At the end every change anyone made is looked for on
//! shore and on every hub that may see it, and the databases' documents and rows are compared. `--week` measures instead
//! a hub's catch-up after a week without a link.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use automerge::{AutoCommit, ChangeHash};
use ote_shared::api::upstream::EnlaceCosta;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::PgPool;
use uuid::Uuid;

use crate::api::Api;
use crate::device::{Device, HttpTransport};
use crate::env::{EMPLEADO_TECNICO, Env};
use crate::hub::Hub;
use crate::link::Link;
use crate::load::{apply_edit, new_work_order};

/// What to run.
pub struct Options {
    /// Vessel hubs.
    pub hubs: usize,
    /// Tablets on each hub.
    pub tablets: usize,
    /// Rounds (days) of work.
    pub rounds: usize,
    /// Edits each tablet makes each round.
    pub edits: usize,
    /// The chance that a hub's link is down in a round.
    pub cut: f64,
    /// The random seed.
    pub seed: u64,
}

/// A hub, its link and its tablets, on a vessel of its own.
struct Vessel {
    hub: Hub,
    /// The hub's account on shore.
    account: String,
    /// The vessel (`id_embarcacion`) whose work orders the hub receives.
    embarcacion: i64,
    link: Link,
    tablets: Vec<Device>,
}

/// The whole fleet: shore, its office and the vessels.
struct Fleet {
    shore: Env,
    office: Device,
    vessels: Vec<Vessel>,
    /// Tablets that left their hub and sync with shore.
    ashore: Vec<Device>,
}

/// What was found.
#[derive(Debug, Default)]
pub struct Report {
    /// Changes someone made that shore or a hub lacks, and documents or rows that disagree.
    pub lost_edits: usize,
    /// Edits made.
    pub edits: usize,
    /// Times a link was cut.
    pub cuts: usize,
    /// Seconds from the last restore until every replica agreed.
    pub settle_s: f64,
}

impl Report {
    /// The machine-readable last line.
    pub fn last_line(&self) -> String {
        format!(
            "lost edits: {} · edits: {} · cuts: {} · settled in s: {:.1}",
            self.lost_edits, self.edits, self.cuts, self.settle_s
        )
    }
}

/// Shore, and `hubs` vessels each behind a link with `tablets` tablets that have synced once.
async fn fleet(bin: &str, hubs: usize, tablets: usize) -> anyhow::Result<Fleet> {
    let shore = Env::start(bin).await;
    let target = shore.server.url.trim_start_matches("http://").to_owned();
    let mut vessels = Vec::new();
    for n in 0..hubs {
        let link = Link::start(&target).await?;
        let (account, embarcacion) = (format!("hub-{n}"), n as i64 + 1);
        let hub = Hub::start_linked(bin, &shore, &account, &link.url(), embarcacion).await;
        wait_reached(&hub, Instant::now()).await?;
        let devices: Vec<Device> = (0..tablets).map(|_| hub.device()).collect();
        for device in &devices {
            sync_until_ok(device).await;
        }
        vessels.push(Vessel {
            hub,
            account,
            embarcacion,
            link,
            tablets: devices,
        });
    }
    let office = shore.office_device();
    sync_until_ok(&office).await;
    Ok(Fleet {
        shore,
        office,
        vessels,
        ashore: Vec::new(),
    })
}

/// The hub's link as it reports it.
async fn link_status(hub: &Hub) -> anyhow::Result<EnlaceCosta> {
    let (status, body) = Api::new(&hub.server.url, Some(&hub.key))
        .get("/api/v1/upstream")
        .await;
    anyhow::ensure!(status == 200, "GET /api/v1/upstream: {status} {body}");
    Ok(serde_json::from_value(body)?)
}

/// Waits until the hub ends a sync with shore that started after `since`, with nothing left
/// to send.
async fn wait_reached(hub: &Hub, since: Instant) -> anyhow::Result<()> {
    let started = chrono::Utc::now() - chrono::Duration::from_std(since.elapsed())?;
    for _ in 0..1500 {
        let now = link_status(hub).await?;
        if now.ultimo_contacto.is_some_and(|t| t > started)
            && now.por_subir == 0
            && now.archivos_por_subir == 0
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the hub did not reach shore in 150 s")
}

/// Syncs, retrying a failure (a server restarting, a link cut mid-request).
async fn sync_until_ok(device: &Device) {
    for attempt in 0..50u64 {
        match device.sync().await {
            Ok(_) => return,
            Err(e) if attempt == 49 => panic!("a device could not sync: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100 * (attempt + 1))).await,
        }
    }
}

/// `edits` edits by `device`, offline, on its documents (a new one on the vessel
/// `embarcacion` the first round); how many.
async fn work(
    device: &Device,
    rng: &mut StdRng,
    (round, embarcacion): (usize, Option<i64>),
    edits: usize,
) -> usize {
    if round == 0 {
        // Assigned to its technician's employee record: on shore, where the hub's account
        // made it, that is how the technician sees it once ashore.
        let mut ot = new_work_order(device.store_id(), 0, &[]);
        ot.empleados.insert(EMPLEADO_TECNICO);
        ot.id_embarcacion = embarcacion;
        device.create(&ot).await;
    }
    let ids = device.doc_ids();
    for e in 0..edits {
        let target = ids[rng.random_range(0..ids.len())];
        let token = format!("{}-r{round}-e{e}", device.store_id().simple());
        let (kind, step) = (rng.random_range(0..4u8), rng.random_range(0..64));
        device
            .edit(target, |ot| apply_edit(ot, kind, &token, step))
            .await;
    }
    edits + usize::from(round == 0)
}

/// Runs the fleet: rounds of work with links cut at random, a tablet moving ashore halfway,
/// then every link up until all agree, and the check.
pub async fn run(bin: &str, o: Options) -> anyhow::Result<Report> {
    let mut fleet = fleet(bin, o.hubs, o.tablets).await?;
    let mut rng = StdRng::seed_from_u64(o.seed);
    let mut report = Report::default();
    for round in 0..o.rounds {
        for vessel in &fleet.vessels {
            if rng.random_bool(o.cut) {
                report.cuts += usize::from(vessel.link.is_up());
                vessel.link.cut();
            } else {
                vessel.link.restore();
            }
        }
        report.edits += work(&fleet.office, &mut rng, (round.max(1), None), o.edits).await;
        sync_until_ok(&fleet.office).await;
        for vessel in &fleet.vessels {
            for tablet in &vessel.tablets {
                let on = (round, Some(vessel.embarcacion));
                report.edits += work(tablet, &mut rng, on, o.edits).await;
                sync_until_ok(tablet).await;
            }
        }
        for tablet in &fleet.ashore {
            report.edits += work(tablet, &mut rng, (round, None), o.edits).await;
            sync_until_ok(tablet).await;
        }
        if round == o.rounds / 2 {
            move_ashore(&mut fleet);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let restored = Instant::now();
    for vessel in &fleet.vessels {
        vessel.link.restore();
    }
    settle(&fleet).await?;
    report.settle_s = restored.elapsed().as_secs_f64();
    report.lost_edits = check(&fleet).await?;
    stop(fleet).await;
    Ok(report)
}

/// The first tablet of the first hub leaves the vessel and syncs with shore from now on.
fn move_ashore(fleet: &mut Fleet) {
    let Some(vessel) = fleet.vessels.first_mut() else {
        return;
    };
    if vessel.tablets.is_empty() {
        return;
    }
    let tablet = vessel.tablets.remove(0);
    fleet.ashore.push(Device {
        store: tablet.store,
        transport: HttpTransport::new(&fleet.shore.server.url, &fleet.shore.key),
    });
}

/// Syncs every device and waits for every hub until nothing is left to send either way.
async fn settle(fleet: &Fleet) -> anyhow::Result<()> {
    for _ in 0..3 {
        sync_until_ok(&fleet.office).await;
        for device in fleet.devices() {
            sync_until_ok(device).await;
        }
        for vessel in &fleet.vessels {
            wait_reached(&vessel.hub, Instant::now()).await?;
        }
    }
    Ok(())
}

impl Fleet {
    /// Every tablet, aboard or ashore.
    fn devices(&self) -> impl Iterator<Item = &Device> {
        self.vessels
            .iter()
            .flat_map(|v| v.tablets.iter())
            .chain(self.ashore.iter())
    }
}

/// A database's documents.
async fn documents(pool: &PgPool) -> anyhow::Result<HashMap<Uuid, AutoCommit>> {
    let rows: Vec<(Uuid, Vec<u8>)> = sqlx::query_as("SELECT doc_id, bytes FROM document_bytes")
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|(id, bytes)| Ok((id, AutoCommit::load(&bytes)?)))
        .collect()
}

/// A database's rows of each work order: (comment, steps, photos).
async fn rows(pool: &PgPool) -> anyhow::Result<HashMap<Uuid, (String, i64, i64)>> {
    let rows: Vec<(Uuid, String, i64, i64)> = sqlx::query_as(
        "SELECT doc_id, comentario,
            (SELECT count(*) FROM work_order_steps s WHERE s.work_order_id = w.id),
            (SELECT count(*) FROM work_order_photos p WHERE p.work_order_id = w.id)
         FROM work_orders w",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, c, s, p)| (id, (c, s, p)))
        .collect())
}

/// The documents shore holds that the hub of `vessel` may see: its vessel's work orders, those
/// its account or its crew made, and those assigned to its crew (the rule of
/// `ote_server::auth::Viewer::Hub`, written again to check it).
async fn visible_to(pool: &PgPool, vessel: &Vessel) -> anyhow::Result<HashSet<Uuid>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "WITH hub AS (SELECT id FROM users WHERE username = $2),
              crew AS (SELECT u.id, u.empleado_id FROM hub_crew c JOIN users u ON u.id = c.user_id
                       WHERE c.hub_id = (SELECT id FROM hub))
         SELECT doc_id FROM work_orders WHERE id_embarcacion = $1
         UNION SELECT doc_id FROM documents
               WHERE creado_por IN (SELECT id FROM hub UNION SELECT id FROM crew)
         UNION SELECT w.doc_id FROM work_orders w JOIN work_order_empleados e ON e.work_order_id = w.id
               WHERE e.empleado_id IN (SELECT empleado_id FROM crew)",
    )
    .bind(vessel.embarcacion)
    .bind(&vessel.account)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().collect())
}

/// A replica: its name, its documents, and which of shore's it may hold (`None`: all).
type Replica = (String, HashMap<Uuid, AutoCommit>, Option<HashSet<Uuid>>);

/// Every change a device made that a replica that may see it lacks, and every document or row
/// on which a hub and shore disagree, or that a hub holds and may not see.
async fn check(fleet: &Fleet) -> anyhow::Result<usize> {
    let shore_docs = documents(&fleet.shore.pool).await?;
    let shore_rows = rows(&fleet.shore.pool).await?;
    let mut problems = 0;
    let mut replicas: Vec<Replica> = Vec::new();
    for (n, vessel) in fleet.vessels.iter().enumerate() {
        let docs = documents(&vessel.hub.pool).await?;
        let hub_rows = rows(&vessel.hub.pool).await?;
        let visible = visible_to(&fleet.shore.pool, vessel).await?;
        for id in docs.keys().filter(|id| !visible.contains(id)) {
            eprintln!("el hub {n} tiene {id}, que no le toca");
            problems += 1;
        }
        for id in &visible {
            let heads = |d: &AutoCommit| {
                let mut h = d.clone().get_heads();
                h.sort();
                h
            };
            if docs.get(id).map(heads) != shore_docs.get(id).map(heads)
                || hub_rows.get(id) != shore_rows.get(id)
            {
                eprintln!("el hub {n} y tierra no coinciden en {id}");
                problems += 1;
            }
        }
        replicas.push((format!("hub {n}"), docs, Some(visible)));
    }
    replicas.insert(0, ("tierra".to_owned(), shore_docs, None));
    for device in fleet.devices().chain([&fleet.office]) {
        for id in device.doc_ids() {
            let made = changes_by(&mut device.doc(id), device.store_id());
            for (name, docs, visible) in &mut replicas {
                if visible.as_ref().is_some_and(|v| !v.contains(&id)) {
                    continue;
                }
                let missing = match docs.get_mut(&id) {
                    Some(doc) => made
                        .iter()
                        .filter(|h| doc.get_change_by_hash(h).is_none())
                        .count(),
                    None => made.len(),
                };
                if missing > 0 {
                    eprintln!(
                        "a {name} le faltan {missing} cambios de {} en {id}",
                        device.store_id()
                    );
                }
                problems += missing;
            }
        }
    }
    Ok(problems)
}

/// The changes of `doc` that the device `id` made.
fn changes_by(doc: &mut AutoCommit, id: Uuid) -> Vec<ChangeHash> {
    let actor = ote_shared::sync::device::device_actor(id);
    doc.get_changes(&[])
        .iter()
        .filter(|c| c.actor_id() == &actor)
        .map(|c| c.hash())
        .collect()
}

async fn stop(fleet: Fleet) {
    for vessel in fleet.vessels {
        vessel.hub.stop().await;
    }
    fleet.shore.stop().await;
}

/// A hub's catch-up after a week without a link.
#[derive(Debug)]
pub struct CatchUp {
    /// Edits made on board meanwhile.
    pub edits: usize,
    /// Bytes up and down the link until the hub had sent everything.
    pub bytes: (u64, u64),
    /// Seconds from the hub's first request after the link's return until it had sent
    /// everything (the wait for that first try is its backoff's, up to its period).
    pub seconds: f64,
    /// Seconds from the link's return to the hub's first request.
    pub noticed: f64,
}

/// One hub whose link is down for `days` days while its `tablets` tablets make `edits` edits
/// each a day, syncing with the hub; then the link returns and the hub's catch-up is timed.
pub async fn week(bin: &str, tablets: usize, days: usize, edits: usize) -> anyhow::Result<CatchUp> {
    let fleet = fleet(bin, 1, tablets).await?;
    let vessel = &fleet.vessels[0];
    vessel.link.cut();
    let mut rng = StdRng::seed_from_u64(7);
    let mut made = 0;
    for day in 0..days {
        for tablet in &vessel.tablets {
            made += work(tablet, &mut rng, (day, Some(vessel.embarcacion)), edits).await;
            sync_until_ok(tablet).await;
        }
    }
    let before = vessel.link.bytes();
    let restored = Instant::now();
    vessel.link.restore();
    // The hub notices the link at its next try, some seconds of backoff away.
    while vessel.link.bytes() == before {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let noticed = Instant::now();
    wait_reached(&vessel.hub, restored).await?;
    let seconds = noticed.elapsed().as_secs_f64();
    let after = vessel.link.bytes();
    let lost = check(&fleet).await?;
    stop(fleet).await;
    anyhow::ensure!(lost == 0, "{lost} edits lost in the catch-up");
    Ok(CatchUp {
        edits: made,
        bytes: (after.0 - before.0, after.1 - before.1),
        seconds,
        noticed: (noticed - restored).as_secs_f64(),
    })
}
