//! `benchimport`: a 100,000-row Anexo C and a 2,000-task schedule imported end to end, and the
//! same workbook read by openpyxl for the ratio. See BENCHMARKS.md.

use clap::Parser;
use ote_tests::bench_import::{self, Options};
use ote_tests::load::SERVER_ARG;

#[derive(Parser)]
#[command(
    about = "Rendimiento de las importaciones: Anexo C de 100 000 filas y cronograma de 2 000 tareas"
)]
struct Args {
    /// Items in the Anexo C.
    #[arg(long, default_value_t = 100_000)]
    rows: u32,
    /// Tasks in the schedule.
    #[arg(long, default_value_t = 2_000)]
    tasks: u32,
    /// Runs of each measurement (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Where openpyxl is installed (`pip install --target`); the setup uses `.local/py`.
    #[arg(long, default_value = ".local/py")]
    python_path: String,
}

fn main() -> anyhow::Result<()> {
    // The server process this program starts is this same binary, run as `ote-server`.
    if std::env::args().nth(1).as_deref() == Some(SERVER_ARG) {
        return ote_server::cli::main_with(std::env::args().skip(1));
    }
    let args = Args::parse();
    let options = Options {
        rows: args.rows,
        tasks: args.tasks,
        runs: args.runs.max(1),
        python_path: Some(args.python_path),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let figures = runtime.block_on(bench_import::run(&options))?;
    bench_import::print(&figures, &options);
    Ok(())
}
