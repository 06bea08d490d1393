//! `ote-server`: see [`ote_server::cli`] for the commands.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    ote_server::cli::main()
}
