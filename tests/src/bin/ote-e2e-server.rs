//! The server binary as the end-to-end tests run it: the same command line as `ote-server`,
//! built inside this package so its tests can find it (`CARGO_BIN_EXE_ote-e2e-server`).

fn main() -> anyhow::Result<()> {
    ote_server::cli::main()
}
