#!/usr/bin/env bash
# The run command: sets up what is missing, builds the app and the server, prepares the database
# (created, migrated, demo data when empty) and serves on OTE_BIND (default 127.0.0.1:8080).
source "$(dirname "$0")/setup.sh"

ensure_rust_tools
ensure_postgres
ensure_mpxj
build_app
say "Compilando el servidor (release)"
cargo build --release -p ote-server
server="$CARGO_TARGET_DIR/release/ote-server"
"$server" seed-demo
say "Sirviendo OTE en http://${OTE_BIND:-127.0.0.1:8080}"
exec "$server" serve
