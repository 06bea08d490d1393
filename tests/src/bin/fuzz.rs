//! `fuzz`: runs the fuzz targets of `ote_tests::fuzz` for a given time each, in a worker
//! process it watches, so an abort or a hang is caught like a panic. See README (Fuzzing) and
//! BENCHMARKS.md.

use std::io::{BufRead, BufReader, Seek, Write};
use std::panic::AssertUnwindSafe;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use ote_tests::fuzz::{Corpus, HANG, Target, regressions};

#[derive(Parser)]
#[command(about = "Fuzzing de los decodificadores de sync, la fusión de cambios, MSPDI y Anexo C")]
struct Args {
    /// The target to run (`sync-request`, `merge`, `mspdi`, `anexo`), or `all`.
    #[arg(long, default_value = "all")]
    target: String,
    /// Seconds each target runs.
    #[arg(long, default_value_t = 600)]
    seconds: u64,
    /// Seed of the mutations (a run is reproducible with the same seed).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Runs as the worker of one target, writing each input to this file first.
    #[arg(long, hide = true)]
    worker: Option<std::path::PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let targets: Vec<Target> = match args.target.as_str() {
        "all" => Target::ALL.to_vec(),
        name => vec![
            Target::named(name).ok_or_else(|| anyhow::anyhow!("objetivo desconocido: {name}"))?,
        ],
    };
    if let Some(current) = &args.worker {
        return work(targets[0], args.seconds, args.seed, current);
    }
    let mut crashes = 0;
    for target in targets {
        crashes += watch(target, args.seconds, args.seed)?;
    }
    if crashes > 0 {
        anyhow::bail!(
            "{crashes} entradas hicieron fallar a los objetivos; están en tests/fuzz/regressions"
        );
    }
    Ok(())
}

/// Runs `target`'s worker for `seconds`, again after each abort or hang, and reports.
fn watch(target: Target, seconds: u64, seed: u64) -> anyhow::Result<usize> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let current =
        std::env::temp_dir().join(format!("ote-fuzz-{}-{}", target.name(), std::process::id()));
    let (mut execs, mut crashes, mut corpus, mut round) = (0u64, 0usize, 0usize, 0u64);
    let started = Instant::now();
    while Instant::now() < deadline {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .max(1);
        let mut child = Command::new(std::env::current_exe()?)
            .args(["--target", target.name(), "--seconds", &left.to_string()])
            .args(["--seed", &(seed + round).to_string(), "--worker"])
            .arg(&current)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        round += 1;
        let lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(|l| drop(tx.send(l))));
        let (mut seen, mut last_change, mut finished) = (0u64, Instant::now(), false);
        loop {
            match rx.recv_timeout(Duration::from_millis(500)) {
                Ok(line) => {
                    let mut words = line.split_whitespace();
                    match (
                        words.next(),
                        words.next().and_then(|n| n.parse::<u64>().ok()),
                    ) {
                        (Some("execs"), Some(n)) if n != seen => {
                            (seen, last_change) = (n, Instant::now())
                        }
                        (Some("crash"), _) => crashes += 1,
                        (Some("done"), Some(n)) => {
                            seen = n;
                            corpus = words.nth(1).and_then(|c| c.parse().ok()).unwrap_or(corpus);
                            finished = true;
                        }
                        _ => {}
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                Err(_) if last_change.elapsed() > HANG => {
                    let _ = child.kill();
                    break;
                }
                Err(_) => {}
            }
        }
        let status = child.wait()?;
        execs += seen;
        if !finished || !status.success() {
            // The worker died (an abort, a stack overflow) or hung on the input it wrote last.
            let input = std::fs::read(&current).unwrap_or_default();
            keep(target, &input)?;
            crashes += 1;
        }
    }
    let _ = std::fs::remove_file(&current);
    println!(
        "fuzz {}: {execs} ejecuciones en {:.1} min, corpus {corpus}, fallas: {crashes}",
        target.name(),
        started.elapsed().as_secs_f64() / 60.0
    );
    Ok(crashes)
}

/// Keeps an input that crashed `target` as a regression test; answers its path.
fn keep(target: Target, input: &[u8]) -> anyhow::Result<std::path::PathBuf> {
    let dir = regressions(target);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!(
        "{}.bin",
        &ote_shared::model::sha256_hex(input)[..16]
    ));
    std::fs::write(&path, input)?;
    Ok(path)
}

/// The worker: mutates and runs inputs until the time is up, writing each to `current` first
/// and reporting executions every second; a panic's input is kept and the run goes on.
fn work(target: Target, seconds: u64, seed: u64, current: &std::path::Path) -> anyhow::Result<()> {
    std::panic::set_hook(Box::new(|_| {}));
    let mut file = std::fs::File::create(current)?;
    let execs = Arc::new(AtomicU64::new(0));
    let beat = execs.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(1));
            println!("execs {}", beat.load(Ordering::Relaxed));
        }
    });
    let mut corpus = Corpus::new(target.seeds(), seed);
    let mut seeds = target.seeds().into_iter();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        let input = seeds.next().unwrap_or_else(|| corpus.mutated());
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(&input)?;
        match std::panic::catch_unwind(AssertUnwindSafe(|| target.run(&input))) {
            Ok(outcome) => corpus.learn(input, outcome),
            Err(_) => println!("crash {}", keep(target, &input)?.display()),
        }
        execs.fetch_add(1, Ordering::Relaxed);
    }
    println!(
        "done {} corpus {}",
        execs.load(Ordering::Relaxed),
        corpus.len()
    );
    Ok(())
}
