#!/usr/bin/env bash
# The development loop: installs what is missing (the run command's tools, and Trunk 0.21, about
# 15–20 minutes' compile the first time), starts an ote-server on 127.0.0.1:8080 (a debug build,
# database migrated and demo data loaded; one that already answers there is used as it is), then
# `trunk serve` (Trunk.toml): the app on http://127.0.0.1:8081, rebuilt and reloaded on every
# save, with /api proxied to the server. Ctrl-C stops both.
source "$(dirname "$0")/setup.sh"

TRUNK_VERSION="0.21"
ensure_trunk() {
    if trunk --version 2>/dev/null | grep -q "^trunk $TRUNK_VERSION\."; then
        return
    fi
    say "Instalando Trunk $TRUNK_VERSION (cargo install, 15–20 minutos la primera vez)"
    cargo install trunk --version "^$TRUNK_VERSION" --locked
}

server_answers() { (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; }

# A server of this tree, unless one already answers on the API's port.
start_server() {
    if server_answers; then
        say "Ya responde un servidor en 127.0.0.1:8080: se usa ese"
        return
    fi
    say "Compilando el servidor (debug)"
    cargo build --locked -p ote-server
    local server="$CARGO_TARGET_DIR/debug/ote-server"
    "$server" seed-demo
    OTE_BIND=127.0.0.1:8080 "$server" serve &
    SERVER_PID=$!
    trap 'kill "$SERVER_PID" 2>/dev/null' EXIT
    local waited=0
    until server_answers; do
        sleep 1
        waited=$((waited + 1))
        if [ "$waited" -ge 60 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "El servidor no arrancó en 127.0.0.1:8080" >&2
            exit 1
        fi
    done
}

ensure_rust_tools
ensure_trunk
ensure_postgres
start_server
say "La app en desarrollo: http://127.0.0.1:8081 (se recompila al guardar)"
trunk serve
