//! `loadhub`: shore and vessel hubs on their own databases, tablets on each hub and an office
//! on shore, the hubs' links cut and restored at random, a tablet moving ashore; at the end
//! every edit must be on every replica. `--week` measures a hub's catch-up after a week
//! without a link instead. See the README ("Vessel hub load program").

use std::time::Instant;

use clap::Parser;
use ote_tests::hub_load::{self, Options};

#[derive(Parser)]
#[command(about = "Hubs de embarcación: enlaces cortados al azar, tabletas a bordo y en tierra")]
struct Args {
    /// Vessel hubs.
    #[arg(long, default_value_t = 2)]
    hubs: usize,
    /// Tablets on each hub.
    #[arg(long, default_value_t = 3)]
    tablets: usize,
    /// Rounds (days) of work.
    #[arg(long, default_value_t = 6)]
    rounds: usize,
    /// Edits each tablet (and the office) makes each round.
    #[arg(long, default_value_t = 10)]
    edits: usize,
    /// The chance that a hub's link is down in a round.
    #[arg(long, default_value_t = 0.5)]
    cut: f64,
    /// The random seed.
    #[arg(long, default_value_t = 28)]
    seed: u64,
    /// Measure one hub's catch-up after a week (`--rounds` days) without a link instead.
    #[arg(long)]
    week: bool,
}

fn main() -> anyhow::Result<()> {
    // The servers this program starts are this same binary, run as `ote-server`.
    if std::env::args().nth(1).as_deref() == Some(ote_tests::load::SERVER_ARG) {
        return ote_server::cli::main_with(std::env::args().skip(1));
    }
    let args = Args::parse();
    let bin = std::env::current_exe()?;
    let bin = bin.to_str().expect("a UTF-8 path");
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    if args.week {
        let catch_up =
            runtime.block_on(hub_load::week(bin, args.tablets, args.rounds, args.edits))?;
        println!(
            "puesta al día tras {} días sin enlace: {} ediciones, {} KB de subida, {} KB de bajada, {:.2} s (el hub notó el enlace a los {:.1} s)",
            args.rounds,
            catch_up.edits,
            catch_up.bytes.0 / 1024,
            catch_up.bytes.1 / 1024,
            catch_up.seconds,
            catch_up.noticed
        );
        return Ok(());
    }
    let options = Options {
        hubs: args.hubs.max(1),
        tablets: args.tablets.max(1),
        rounds: args.rounds.max(2),
        edits: args.edits,
        cut: args.cut.clamp(0.0, 1.0),
        seed: args.seed,
    };
    let report = runtime.block_on(hub_load::run(bin, options))?;
    println!("tiempo total: {:.1} s", started.elapsed().as_secs_f64());
    println!("{}", report.last_line());
    if report.lost_edits > 0 {
        std::process::exit(1);
    }
    Ok(())
}
