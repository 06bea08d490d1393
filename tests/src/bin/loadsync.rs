//! `loadsync`: many simulated tablets edit offline, then sync concurrently against real server
//! processes; at the end every edit must be found on the server, in every device and in the
//! relational rows. See the README ("Load and fault program") for the options.

use std::time::{Duration, Instant};

use clap::Parser;
use ote_tests::load::{self, Options};

#[derive(Parser)]
#[command(about = "Carga y fallas de sincronización: tabletas simuladas contra servidores reales")]
struct Args {
    /// Simulated tablets.
    #[arg(long, default_value_t = 200)]
    tablets: usize,
    /// New work orders each tablet creates offline.
    #[arg(long, default_value_t = 2)]
    docs: usize,
    /// Edits each tablet makes offline (fields, steps, photos), spread over its documents and
    /// the office's.
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// Tablets syncing at once, and pgbench's client count.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Server processes sharing one PostgreSQL.
    #[arg(long, default_value_t = 1)]
    servers: usize,
    /// Share of tablets that send a batch twice.
    #[arg(long, default_value_t = 0.1)]
    replay: f64,
    /// Share of tablets whose first response is lost.
    #[arg(long, default_value_t = 0.1)]
    lose: f64,
    /// Rounds of offline work and return are timed until their sends add up to this many
    /// seconds (and at least three rounds).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Restart PostgreSQL (fast mode: every connection cut) while the second round's tablets
    /// send; the run must still end with no lost edit.
    #[arg(long)]
    restart_postgres: bool,
    /// Reach PostgreSQL through a pgbouncer of its own and, while the second round's tablets
    /// send, fail over to the standby the test command keeps (OTE_TEST_STANDBY, port 5433);
    /// the run must still end with no lost edit.
    #[arg(long, conflicts_with = "restart_postgres")]
    failover: bool,
    /// pgbench run length after each round, seconds.
    #[arg(long, default_value_t = 2)]
    pgbench_seconds: u64,
    /// Use a running server at this URL (with --api-key) instead of starting one.
    #[arg(long, requires = "api_key")]
    url: Option<String>,
    /// API key of a campo or oficina user on --url.
    #[arg(long)]
    api_key: Option<String>,
}

fn main() -> anyhow::Result<()> {
    // The server processes this program starts are this same binary, run as `ote-server`.
    if std::env::args().nth(1).as_deref() == Some(load::SERVER_ARG) {
        return ote_server::cli::main_with(std::env::args().skip(1));
    }
    let args = Args::parse();
    let options = Options {
        tablets: args.tablets,
        docs: args.docs,
        edits: args.edits,
        concurrency: args.concurrency.max(1),
        servers: args.servers.max(1),
        replay: args.replay,
        lose: args.lose,
        pgbench: Duration::from_secs(args.pgbench_seconds),
        seconds: Duration::from_secs(args.seconds),
        fault: match (args.restart_postgres, args.failover) {
            (true, _) => Some(load::Fault::RestartPostgres),
            (_, true) => Some(load::Fault::Failover),
            _ => None,
        },
        url: args.url,
        api_key: args.api_key,
    };
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(tokio::task::LocalSet::new().run_until(load::run(options)))?;
    println!("tiempo total: {:.1} s", started.elapsed().as_secs_f64());
    println!("{}", report.last_line());
    if report.lost_edits > 0 {
        std::process::exit(1);
    }
    Ok(())
}
