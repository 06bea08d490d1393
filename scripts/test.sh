#!/usr/bin/env bash
# The test command: the same set-up as the run command, then every test of the workspace (unit,
# property, integration against a real PostgreSQL, the server as a process).
source "$(dirname "$0")/setup.sh"

ensure_rust_tools
ensure_postgres
build_app
export OTE_TEST_PG="${DATABASE_URL%/*}"
say "Pruebas"
cargo test --locked
