//! `benchapp`: the app's cold start with no network (service worker, local work orders) to
//! the first list page, in headless Chromium. See BENCHMARKS.md.

use clap::Parser;
use ote_tests::bench_app::{self, Options};
use ote_tests::load::SERVER_ARG;

#[derive(Parser)]
#[command(about = "Arranque en frío de la app sin red: hasta la primera página de la lista")]
struct Args {
    /// Work orders created besides the demo's.
    #[arg(long, default_value_t = 1_000)]
    work_orders: usize,
    /// Offline reloads timed.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn main() -> anyhow::Result<()> {
    // The server process this program starts is this same binary, run as `ote-server`.
    if std::env::args().nth(1).as_deref() == Some(SERVER_ARG) {
        return ote_server::cli::main_with(std::env::args().skip(1));
    }
    let args = Args::parse();
    let options = Options {
        work_orders: args.work_orders,
        runs: args.runs.max(1),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let figures = runtime.block_on(bench_app::run(&options))?;
    report(
        "arranque sin red hasta la lista, por recarga",
        figures.cold_starts,
    );
    report(
        "búsqueda, por tecla hasta el siguiente cuadro",
        figures.keys,
    );
    Ok(())
}

fn report(what: &str, mut ms: Vec<f64>) {
    let all: Vec<String> = ms.iter().map(|t| format!("{t:.0}")).collect();
    println!("{what} (ms): {}", all.join(", "));
    ms.sort_by(f64::total_cmp);
    if let Some(max) = ms.last() {
        println!("  mediana {:.0} ms, máximo {max:.0} ms", ms[ms.len() / 2]);
    }
}
