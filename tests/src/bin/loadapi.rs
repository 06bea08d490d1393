//! `loadapi`: the work-order list and detail under load, on a database of 100,000 work orders
//! and 2,000,000 steps (by default), with 50 clients asking at once. See BENCHMARKS.md.

use std::time::Duration;

use clap::Parser;
use ote_tests::load::SERVER_ARG;
use ote_tests::load_api::{self, Options};

#[derive(Parser)]
#[command(about = "Carga de la API de lectura de OTs: listas y detalle con muchos clientes")]
struct Args {
    /// Work orders in the database.
    #[arg(long, default_value_t = 100_000)]
    work_orders: i64,
    /// Steps per work order.
    #[arg(long, default_value_t = 20)]
    steps: i64,
    /// Clients asking at once.
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// Seconds each scenario runs.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Keep the database afterwards, to look at the query plans.
    #[arg(long)]
    keep: bool,
}

fn main() -> anyhow::Result<()> {
    // The server process this program starts is this same binary, run as `ote-server`.
    if std::env::args().nth(1).as_deref() == Some(SERVER_ARG) {
        return ote_server::cli::main_with(std::env::args().skip(1));
    }
    let args = Args::parse();
    let options = Options {
        work_orders: args.work_orders,
        steps: args.steps,
        clients: args.clients.max(1),
        duration: Duration::from_secs(args.seconds),
        keep: args.keep,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let figures = runtime.block_on(load_api::run(options))?;
    if figures.iter().any(|f| f.errors > 0) {
        std::process::exit(1);
    }
    Ok(())
}
