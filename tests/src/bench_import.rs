//! The benchmark behind the `benchimport` binary: a 100,000-row Anexo C imported end to end
//! (upload, parse, store, `terminada`) against a server process of its own, the same file
//! parsed alone in this process, the same file read by openpyxl (read-only mode) for the
//! ratio, and a 2,000-task MSPDI schedule end to end.

use std::path::Path;
use std::time::Instant;

use ote_server::auth::users::Role;
use ote_server::auth::{api_keys, users};
use ote_server::imports::{Limits, Progress, anexo};

use crate::env::temp_dir;
use crate::import_client::ImportClient;
use crate::workbooks::{self, TaskSpec};
use crate::{ServerProcess, TestDb};

/// What to run.
pub struct Options {
    /// Items in the Anexo C.
    pub rows: u32,
    /// Tasks in the schedule.
    pub tasks: u32,
    /// Runs of each measurement (the median is reported).
    pub runs: usize,
    /// Where openpyxl is installed (`pip install --target`), if not on Python's path.
    pub python_path: Option<String>,
}

/// The figures, in seconds.
#[derive(Debug)]
pub struct Figures {
    /// Upload to `terminada`, through the server and PostgreSQL.
    pub anexo_end_to_end: f64,
    /// The parse alone (calamine and the Anexo reader), in process.
    pub anexo_parse: f64,
    /// openpyxl reading every cell of the same file; `None` when openpyxl is missing.
    pub openpyxl: Option<f64>,
    /// The schedule, upload to `terminada`.
    pub schedule_end_to_end: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs everything and prints the figures.
pub async fn run(o: &Options) -> anyhow::Result<Figures> {
    let db = TestDb::new();
    let pool = db.migrated().await;
    ote_server::demo::seed(&pool).await?;
    users::add(&pool, "bench_import", Role::Oficina, "clave-de-bench-1").await?;
    let key = api_keys::create(&pool, "bench_import").await?;
    let ots: Vec<i64> = sqlx::query_scalar("SELECT id FROM work_orders ORDER BY id LIMIT $1")
        .bind(o.runs as i64 * 2)
        .fetch_all(&pool)
        .await?;
    let server = ServerProcess::start_this_binary(&db, &crate::env::placeholder_dist()).await?;
    let client = ImportClient::new(&server.url, &key);

    let bytes = workbooks::big_anexo(o.rows);
    let file = temp_dir("bench").join("anexo.xlsx");
    std::fs::write(&file, &bytes)?;
    println!(
        "Anexo C: {} filas, {:.1} MB",
        o.rows,
        bytes.len() as f64 / 1e6
    );

    let mut parse = Vec::new();
    for _ in 0..o.runs {
        let started = Instant::now();
        let read = anexo::parse(
            &bytes,
            &Limits {
                max_rows: u64::MAX,
                ..Limits::default()
            },
            &Progress::default(),
        )?;
        parse.push(started.elapsed().as_secs_f64());
        assert_eq!(read.0.partidas, o.rows as usize);
    }
    let mut end_to_end = Vec::new();
    for ot in &ots[..o.runs] {
        // The end is taken from the event stream (sent as the import commits), not from a
        // poll up to 20 ms later.
        let mut events = client.import_events().await;
        let started = Instant::now();
        let id = client.import_anexo(*ot, "anexo.xlsx", bytes.clone()).await;
        let end = events.until_end_of(id).await.pop().expect("an end");
        end_to_end.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(end["estado"] == "terminada", "la importación falló: {end}");
    }
    let openpyxl = openpyxl_seconds(&file, o.python_path.as_deref(), o.runs);

    let schedule = workbooks::mspdi(
        &schedule_tasks(o.tasks)
            .iter()
            .map(|t| (t.0, t.1, t.2.as_str(), t.3, t.4, &t.5[..]))
            .collect::<Vec<TaskSpec<'_>>>(),
    );
    let mut schedule_times = Vec::new();
    for (i, ot) in ots[o.runs..].iter().enumerate() {
        let started = Instant::now();
        let id = client
            .import_schedule(
                *ot,
                "cronograma.xml",
                schedule.clone().into_bytes(),
                &format!("v{i}"),
            )
            .await;
        let record = client.wait(id).await;
        schedule_times.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(
            record["conteos"]["tareas"] == o.tasks,
            "la importación falló: {record}"
        );
    }
    server.stop().await;
    pool.close().await;
    db.drop_db().await;
    Ok(Figures {
        anexo_end_to_end: median(end_to_end),
        anexo_parse: median(parse),
        openpyxl,
        schedule_end_to_end: median(schedule_times),
    })
}

/// A [`TaskSpec`] that owns its name and links.
type OwnedTask = (i64, i32, String, u32, u32, Vec<(i64, u8, i64)>);

/// A plausible schedule: phases of ten tasks under a summary, each task after the previous.
fn schedule_tasks(n: u32) -> Vec<OwnedTask> {
    (1..=n as i64)
        .map(|uid| {
            let summary = uid % 10 == 1;
            let preds = if uid > 2 && !summary {
                vec![(uid - 1, 1, 0)]
            } else {
                vec![]
            };
            (
                uid,
                if summary { 1 } else { 2 },
                format!("Tarea {uid} — inspección"),
                (uid / 2) as u32,
                2,
                preds,
            )
        })
        .collect()
}

/// openpyxl in read-only mode reading every value of every row, timed inside Python (median).
fn openpyxl_seconds(file: &Path, python_path: Option<&str>, runs: usize) -> Option<f64> {
    let script = "import sys, time, openpyxl\n\
        t = time.perf_counter()\n\
        wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n\
        n = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True))\n\
        print(time.perf_counter() - t, n)";
    let mut times = Vec::new();
    for _ in 0..runs {
        let mut command = std::process::Command::new("python3");
        command.arg("-c").arg(script).arg(file);
        if let Some(path) = python_path {
            command.env("PYTHONPATH", path);
        }
        let out = command.output().ok()?;
        if !out.status.success() {
            eprintln!(
                "openpyxl no disponible: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
            return None;
        }
        times.push(
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .next()?
                .parse()
                .ok()?,
        );
    }
    Some(median(times))
}

/// Prints the figures, one per line, and the ratio the issue asks for.
pub fn print(f: &Figures, o: &Options) {
    let s = |d: f64| format!("{:.2} s", d);
    println!(
        "Anexo C {} filas, de extremo a extremo (subir → terminada): {}",
        o.rows,
        s(f.anexo_end_to_end)
    );
    println!(
        "Anexo C {} filas, solo lectura (calamine + lector del Anexo): {}",
        o.rows,
        s(f.anexo_parse)
    );
    match f.openpyxl {
        Some(py) => {
            println!("openpyxl (read_only) leyendo el mismo archivo: {}", s(py));
            println!(
                "ratio openpyxl / OTE: {:.1}× de extremo a extremo, {:.1}× solo lectura",
                py / f.anexo_end_to_end,
                py / f.anexo_parse
            );
        }
        None => println!("openpyxl: no disponible (pip install --target .local/py openpyxl)"),
    }
    println!(
        "Cronograma MSPDI {} tareas, de extremo a extremo: {}",
        o.tasks,
        s(f.schedule_end_to_end)
    );
}
