//! The load program behind the `loadapi` binary: a database of N work orders with M steps
//! each, a server process on it, and C clients asking for list pages and single work orders
//! as fast as they are answered (closed loop, like wrk), each for a fixed time.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ote_server::auth::users::Role;
use ote_server::auth::{api_keys, users};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::PgPool;

use crate::load::percentile;
use crate::{ServerProcess, TestDb};

/// What to run.
pub struct Options {
    /// Work orders in the database.
    pub work_orders: i64,
    /// Steps per work order.
    pub steps: i64,
    /// Clients asking at once.
    pub clients: usize,
    /// How long each scenario runs.
    pub duration: Duration,
    /// Keep the database afterwards (its name is printed), to look at the query plans.
    pub keep: bool,
}

/// Makes the next request's URL.
type UrlMaker<'a> = dyn Fn(&mut StdRng) -> String + 'a;

/// One scenario's latencies.
pub struct Figures {
    /// What was asked.
    pub name: &'static str,
    /// Answers per second.
    pub per_second: f64,
    /// Median, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Answers that were not 200.
    pub errors: usize,
}

/// Builds the data, starts the server and runs the scenarios.
pub async fn run(o: Options) -> anyhow::Result<Vec<Figures>> {
    let db = TestDb::new();
    let pool = db.migrated().await;
    ote_server::demo::seed(&pool).await?;
    let started = Instant::now();
    fill(&pool, o.work_orders, o.steps).await?;
    println!(
        "datos: {} OTs y {} pasos en {:.1} s",
        o.work_orders,
        o.work_orders * o.steps,
        started.elapsed().as_secs_f64()
    );
    users::add(&pool, "carga_api", Role::Oficina, "clave-de-carga-1").await?;
    let key = api_keys::create(&pool, "carga_api").await?;
    let (min_id, max_id): (i64, i64) = sqlx::query_as("SELECT min(id), max(id) FROM work_orders")
        .fetch_one(&pool)
        .await?;
    let server = ServerProcess::start_this_binary(&db, &crate::env::placeholder_dist()).await?;
    let base = format!("{}/api/v1/work-orders", server.url);
    let list = |rng: &mut StdRng| {
        // A folio or oficio fragment, as an office searches, with a filter and a sort.
        format!(
            "{base}?q={:04}&id_estatus_ot={}&orden=-fecha_inicio_programado&por_pagina=50",
            rng.random_range(0..10_000),
            rng.random_range(1..=4)
        )
    };
    let words = |rng: &mut StdRng| {
        let word = ["abrazadera", "ducto", "spool", "válvula", "escombros"][rng.random_range(0..5)];
        format!(
            "{base}?q={word}&id_frente={}&orden=fecha_inicio_programado&pagina={}&por_pagina=50",
            rng.random_range(1..=4),
            rng.random_range(1..=5)
        )
    };
    let browse = |rng: &mut StdRng| {
        // The office's everyday view: no search, a filter, a sort, some page.
        format!(
            "{base}?id_estatus_ot={}&orden=-fecha_inicio_programado&pagina={}&por_pagina=50",
            rng.random_range(1..=4),
            rng.random_range(1..=20)
        )
    };
    let one = |rng: &mut StdRng| format!("{base}/{}", rng.random_range(min_id..=max_id));
    let mut figures = Vec::new();
    let scenarios: [(&'static str, &UrlMaker<'_>, usize); 5] = [
        (
            "lista: fragmento de folio + filtro + orden",
            &list,
            o.clients,
        ),
        (
            "lista sin búsqueda: filtro + orden + página",
            &browse,
            o.clients,
        ),
        (
            "lista: palabra común + filtro + orden + página",
            &words,
            o.clients,
        ),
        ("una OT con sus pasos", &one, o.clients),
        ("una OT con sus pasos, un solo cliente", &one, 1),
    ];
    for (name, url, clients) in scenarios {
        figures.push(scenario(name, url, &key, clients, o.duration).await);
    }
    server.stop().await;
    pool.close().await;
    if o.keep {
        println!("base de datos conservada: {}", db.url);
    } else {
        db.drop_db().await;
    }
    Ok(figures)
}

/// Work orders and steps written straight into the relational rows the API reads (the list
/// and the detail never read the documents), then analysed.
async fn fill(pool: &PgPool, work_orders: i64, steps: i64) -> anyhow::Result<()> {
    let first: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) + 1 FROM work_orders")
        .fetch_one(pool)
        .await?;
    sqlx::query(
        r#"INSERT INTO work_orders (doc_id, id_tipo, orden_trabajo, descripcion_trabajo, oficio_ot,
               responsable_cliente, id_estatus_ot, estatus, id_frente, id_cliente, id_responsable_proyecto,
               id_embarcacion, fecha_inicio_programado, fecha_termino_programado, monto_mxn, monto_usd, progreso)
           SELECT gen_random_uuid(), CASE WHEN g % 10 = 0 THEN 5 ELSE 4 END,
               'OT-' || (2020 + g % 7) || '-' || lpad(g::text, 6, '0'),
               (ARRAY['Inspección submarina con ROV de ducto', 'Reparación de abrazadera en riser',
                      'Limpieza de soportes y crucetas', 'Sustitución de spool de 16 pulgadas',
                      'Levantamiento batimétrico del corredor', 'Instalación de válvula submarina',
                      'Retiro de escombros submarinos', 'Fabricación en patio de abrazaderas'])[1 + g % 8]
                 || ' ' || (ARRAY['Akal-C', 'Nohoch-A', 'Ku-S', 'Zaap-C', 'Abkatún-A', 'Pol-A', 'Caan-A'])[1 + (g / 11) % 7]
                 || ' tramo ' || (g % 97),
               'OF-' || lpad((g * 7919 % 100000)::text, 5, '0'),
               'Ing. ' || (ARRAY['Ruiz', 'López', 'Hernández', 'García', 'Martínez'])[1 + g % 5],
               -- Status, front, client, manager and vessel vary independently of the description.
               1 + (g / 3) % 4, CASE WHEN g % 50 = 0 THEN 0 ELSE 1 END, 1 + (g / 5) % 4, 1 + (g / 7) % 5,
               1 + (g / 13) % 4, 1 + (g / 17) % 3, date '2024-01-01' + (g % 1000)::int, date '2024-01-01' + (g % 1000 + 30 + g % 60)::int,
               (g % 100000) * 12.5, (g % 10000) * 0.75, g % 101
           FROM generate_series(1, $1) g"#,
    )
    .bind(work_orders)
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO work_order_steps (step_id, work_order_id, id_paso, estatus_paso, comentario)
         SELECT gen_random_uuid(), w.id, p, 1 + (w.id + p) % 4, ''
         FROM work_orders w CROSS JOIN generate_series(1, $2) p WHERE w.id >= $1",
    )
    .bind(first)
    .bind(steps)
    .execute(pool)
    .await?;
    // What autovacuum does after a bulk load, done now so the run does not depend on when.
    sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    // The load's and the vacuum's dirty pages written out now, not by a checkpoint that would
    // land in the first scenarios and be counted as theirs.
    sqlx::query("CHECKPOINT").execute(pool).await?;
    Ok(())
}

/// `clients` loops, each asking for `url(rng)` and waiting for the answer, for `duration`.
async fn scenario(
    name: &'static str,
    url: &UrlMaker<'_>,
    key: &str,
    clients: usize,
    duration: Duration,
) -> Figures {
    let client = reqwest::Client::new();
    let latencies = Rc::new(RefCell::new(Vec::new()));
    let errors = Rc::new(RefCell::new(0usize));
    let deadline = Instant::now() + duration;
    let loops = (0..clients).map(|i| {
        let mut rng = StdRng::seed_from_u64(i as u64);
        let (client, latencies, errors) = (client.clone(), latencies.clone(), errors.clone());
        let urls: Vec<String> = (0..10_000).map(|_| url(&mut rng)).collect();
        async move {
            for url in urls.iter().cycle() {
                if Instant::now() >= deadline {
                    break;
                }
                let started = Instant::now();
                let ok = match client.get(url).header("Api-key", key).send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                latencies
                    .borrow_mut()
                    .push(started.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    *errors.borrow_mut() += 1;
                }
            }
        }
    });
    futures_util::future::join_all(loops).await;
    let mut latencies = latencies.take();
    latencies.sort_by(f64::total_cmp);
    let figures = Figures {
        name,
        per_second: latencies.len() as f64 / duration.as_secs_f64(),
        p50_ms: percentile(&latencies, 0.5),
        p99_ms: percentile(&latencies, 0.99),
        errors: errors.take(),
    };
    println!(
        "{name} ({clients} clientes): {:.0} respuestas/s · p50 {:.1} ms · p99 {:.1} ms · errores {}",
        figures.per_second, figures.p50_ms, figures.p99_ms, figures.errors
    );
    figures
}
