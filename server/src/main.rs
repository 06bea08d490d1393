//! `ote-server`: see [`ote_server::cli`] for the commands.

fn main() -> anyhow::Result<()> {
    ote_server::cli::main()
}
