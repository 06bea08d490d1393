#!/usr/bin/env bash
# The server's compile-checked queries (`sqlx::query!` and friends) build from the offline data
# in server/.sqlx: one file per query with its parameter and column types. This script makes
# that data anew against a scratch database with every migration applied.
#
#   scripts/sqlx_offline.sh prepare   rewrites server/.sqlx (commit it with the queries)
#   scripts/sqlx_offline.sh check     fails when server/.sqlx is not what the queries and the
#                                     migrations give (the test command runs it)
#
# How: sqlx's macros write a query's data into SQLX_OFFLINE_DIR when they expand against a live
# DATABASE_URL, which is what `cargo sqlx prepare` does too (without a tool to install). The
# macros read those variables themselves, unseen by cargo, so the server crate is touched to be
# expanded again.
source "$(dirname "$0")/setup.sh"

mode="${1:-}"
[[ "$mode" == prepare || "$mode" == check ]] || { echo "uso: $0 prepare|check" >&2; exit 2; }
ensure_postgres
base="${DATABASE_URL%/*}"
db="ote_sqlx_$$"
out="$(mktemp -d)"
cleanup() {
    rm -rf "$out"
    psql -q "$base/postgres" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -q "$base/postgres" -c "CREATE DATABASE $db" >/dev/null
for migration in "$ROOT"/server/migrations/*.sql; do
    psql -q -v ON_ERROR_STOP=1 "$base/$db" -f "$migration" >/dev/null
done
touch "$ROOT/server/src/lib.rs"
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" DATABASE_URL="$base/$db" \
    cargo check --locked -p ote-server --lib --quiet
if [[ "$mode" == prepare ]]; then
    rm -rf "$ROOT/server/.sqlx"
    mkdir -p "$ROOT/server/.sqlx"
    cp "$out"/query-*.json "$ROOT/server/.sqlx/" 2>/dev/null || true
    echo "server/.sqlx: $(ls "$ROOT/server/.sqlx" | wc -l) consultas"
elif ! diff -r "$out" "$ROOT/server/.sqlx" >/dev/null 2>&1; then
    diff -r "$out" "$ROOT/server/.sqlx" | head -20 >&2
    echo "server/.sqlx no corresponde a las consultas: corra scripts/sqlx_offline.sh prepare" >&2
    exit 1
fi
