# Shared set-up of the two commands (scripts/run.sh, scripts/test.sh): installs whatever is
# missing on a fresh Debian machine with the Rust toolchain, and makes sure PostgreSQL answers.
# Sourced, not run. Every step checks first, so running it again does nothing new.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Builds outside the clone survive fresh clones on the same machine (CI clones anew each run).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/root}/.cache/ote/target}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ote}"
# The server's checked queries build from their committed data (server/.sqlx), never from
# whatever database DATABASE_URL names; scripts/sqlx_offline.sh makes and checks that data.
export SQLX_OFFLINE="${SQLX_OFFLINE:-true}"
export PATH="${HOME:-/root}/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=""
apt_install() {
    if [ -z "$APT_UPDATED" ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

WASM_SPLIT_VERSION="0.2.4"

# The wasm-bindgen version the app links against; the CLI must be exactly the same.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_tools() {
    # The test command's guard rails.
    local component
    for component in clippy rustfmt; do
        if ! rustup component list --installed | grep -q "^$component"; then
            say "Añadiendo el componente $component"
            rustup component add "$component"
        fi
    done
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "Añadiendo el target wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown
    fi
    # Splits the app's WASM at its `#[lazy]` functions (scripts/build_app.sh); the version that
    # reads the split points of the wasm_split_helpers Leptos links.
    if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        say "Instalando wasm-split-cli $WASM_SPLIT_VERSION"
        cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
    fi
    local wanted
    wanted="$(wasm_bindgen_version)"
    if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wanted"; then
        say "Instalando wasm-bindgen-cli $wanted"
        cargo install wasm-bindgen-cli --version "$wanted" --force
    fi
}

# Host and port of DATABASE_URL (defaults 127.0.0.1 and 5432).
pg_host() { [[ "$DATABASE_URL" =~ @([^:/@]+) ]] && echo "${BASH_REMATCH[1]}" || echo 127.0.0.1; }
pg_port() { [[ "$DATABASE_URL" =~ @[^:/@]+:([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 5432; }

pg_answers() { (exec 3<>"/dev/tcp/$(pg_host)/$(pg_port)") 2>/dev/null; }

# A PostgreSQL that answers on its port may still refuse every query for a while: starting up,
# or replaying WAL after a crash ("the database system is in recovery mode"), which a machine's
# service can be doing when the command starts. Waits up to two minutes for it to take one.
pg_takes_queries() {
    local url="$1" _
    for _ in $(seq 240); do
        if psql "$url" -Atc "SELECT 1" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    echo "PostgreSQL en $url no acepta consultas tras dos minutos:" >&2
    psql "$url" -Atc "SELECT 1" >/dev/null
}

# Uses the PostgreSQL at DATABASE_URL; where none answers on this machine, starts a project-local
# one (data under .local/pg, trust authentication, user postgres).
ensure_postgres() {
    if pg_answers; then
        pg_takes_queries "${DATABASE_URL%/*}/postgres"
        return
    fi
    case "$(pg_host)" in
        127.0.0.1 | localhost) ;;
        *) echo "PostgreSQL no responde en $(pg_host):$(pg_port): arránquelo o corrija DATABASE_URL." >&2; exit 1 ;;
    esac
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$bin" ]; then
        say "Instalando PostgreSQL"
        apt_install postgresql
        bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    local data="$ROOT/.local/pg"
    local run=()
    # PostgreSQL refuses to run as root: run it as the postgres system user.
    if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creando un PostgreSQL local en $data"
        mkdir -p "$data"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data"; fi
        "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    say "Arrancando el PostgreSQL local en el puerto $(pg_port)"
    "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p $(pg_port) -c listen_addresses=127.0.0.1 -k /tmp" start >/dev/null
    pg_answers || { echo "El PostgreSQL local no arrancó: vea $data/server.log" >&2; exit 1; }
    pg_takes_queries "${DATABASE_URL%/*}/postgres"
}

# A hot standby of that PostgreSQL for the tests that read through a replica (and for
# `loadsync --failover`): a fresh pg_basebackup into .local/pg-standby, streaming from it,
# read-only, on port 5433 (OTE_STANDBY_PORT). Made anew whenever none answers there, the one
# there was promoted, or it does not catch up: without a replication slot (which would keep
# WAL on the primary forever once the standby is gone) a copy left stopped while the primary
# wrote a lot (a load program's fill) waits forever for WAL the primary has removed.
ensure_standby() {
    local port="${OTE_STANDBY_PORT:-5433}"
    export OTE_TEST_STANDBY="postgres://postgres@127.0.0.1:$port"
    local bin data="$ROOT/.local/pg-standby" run=()
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        # Still a standby; one promoted (`loadsync --failover`) or one that takes no queries is
        # stopped and made anew.
        if pg_takes_queries "$OTE_TEST_STANDBY/postgres"; then
            if [ "$(psql "$OTE_TEST_STANDBY/postgres" -Atc "SELECT pg_is_in_recovery()")" = "t" ] &&
                standby_catches_up; then
                return
            fi
            "${run[@]}" "$bin/pg_ctl" -D "$(psql "$OTE_TEST_STANDBY/postgres" -Atc "SHOW data_directory")" \
                stop -m fast >/dev/null
        else
            "${run[@]}" "$bin/pg_ctl" -D "$data" stop -m immediate >/dev/null
        fi
    fi
    allow_replication
    say "Creando una réplica de lectura (hot standby) en el puerto $port"
    rm -rf "$data"
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data"; fi
    chmod 700 "$data"
    "${run[@]}" "$bin/pg_basebackup" -h "$(pg_host)" -p "$(pg_port)" -U postgres -D "$data" \
        -R -X stream -c fast
    # Debian keeps a cluster's configuration outside its data directory: the copy gets its own,
    # with the limits a hot standby must not set below its primary's.
    if [ ! -f "$data/postgresql.conf" ]; then
        local setting
        for setting in max_connections max_worker_processes max_wal_senders \
            max_prepared_transactions max_locks_per_transaction; do
            echo "$setting = $(psql "${DATABASE_URL%/*}/postgres" -Atc "SHOW $setting")" >> "$data/postgresql.conf"
        done
        printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$data/pg_hba.conf"
        touch "$data/pg_ident.conf"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data"/*.conf; fi
    fi
    "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp -c hot_standby=on" start >/dev/null
}

# Whether the standby replays the primary's WAL up to where it is now within 20 seconds. A
# transaction is committed first, so that "now" ends with a record the standby is sent at once
# (an idle primary's insert position may lie past records not yet flushed).
standby_catches_up() {
    local lsn _
    psql "${DATABASE_URL%/*}/postgres" -Atc "SELECT txid_current()" >/dev/null
    lsn="$(psql "${DATABASE_URL%/*}/postgres" -Atc "SELECT pg_current_wal_insert_lsn()")"
    for _ in $(seq 40); do
        if [ "$(psql "$OTE_TEST_STANDBY/postgres" -Atc \
            "SELECT coalesce(pg_last_wal_replay_lsn() >= '$lsn', false)")" = "t" ]; then
            return 0
        fi
        sleep 0.5
    done
    say "La réplica de lectura no alcanza al primario: se hace de nuevo"
    return 1
}

# pg_basebackup connects for replication, which pg_hba.conf grants on a line of its own (a new
# initdb has it; Debian's cluster does not): granted from 127.0.0.1 to postgres, as every other
# local connection here already is (trust).
allow_replication() {
    local granted
    granted="$(psql "${DATABASE_URL%/*}/postgres" -Atc \
        "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)")"
    if [ "$granted" != "0" ]; then
        return
    fi
    local hba
    hba="$(psql "${DATABASE_URL%/*}/postgres" -Atc "SHOW hba_file")"
    say "Permitiendo la replicación desde 127.0.0.1 en $hba"
    echo "host replication postgres 127.0.0.1/32 trust" | as_root tee -a "$hba" >/dev/null
    psql "${DATABASE_URL%/*}/postgres" -Atc "SELECT pg_reload_conf()" >/dev/null
}

# Debian's Chromium and its driver, for the browser tests (never a browser a tool downloads).
ensure_browser() {
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        say "Instalando Chromium y chromedriver"
        apt_install chromium chromium-driver
    fi
    # pdftoppm and pdftotext: the printed work-order report, as a picture and as text.
    if ! command -v pdftoppm >/dev/null || ! command -v pdftotext >/dev/null; then
        say "Instalando poppler-utils (para el reporte impreso)"
        apt_install poppler-utils
    fi
}

# Java and MPXJ, which turn .mpp, .mpt and .mpx schedules into MS Project XML for the server
# (OTE_MPXJ_DIR, default .local/mpxj/mpxj). Without them the server still imports MSPDI and
# refuses binary schedules with a clear error.
ensure_mpxj() {
    if ! command -v java >/dev/null; then
        say "Instalando Java (para MPXJ)"
        apt_install default-jre-headless
    fi
    if [ ! -d "$ROOT/.local/mpxj/mpxj/lib" ]; then
        if ! python3 -m pip --version >/dev/null 2>&1; then
            apt_install python3-pip
        fi
        say "Instalando MPXJ (PyPI mpxj, sus jars) en .local/mpxj"
        python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$ROOT/.local/mpxj" 'mpxj>=16.10'
    fi
}

# Python packages the tests use: xlwt writes the legacy .xls the import tests read (nothing in
# Rust writes that format); moto's server is the S3-compatible store of the bucket tests (its S3
# part and the web server only, not every AWS service's). Into .local/py, never the system's
# site-packages.
ensure_test_python() {
    if [ ! -d "$ROOT/.local/py/xlwt" ] || [ ! -d "$ROOT/.local/py/moto" ]; then
        say "Instalando xlwt (pruebas de .xls) y moto (S3 de prueba) en .local/py"
        python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$ROOT/.local/py" \
            'xlwt==1.3.0' 'moto[s3]==5.1.*' 'flask==3.1.*' 'flask-cors==6.0.*'
    fi
}

# wasm-opt from npm's binaryen: Debian's binaryen 108 breaks the reference types wasm-bindgen
# emits. It runs on Node.js; installed into .local/binaryen.
WASM_OPT_VERSION="132"
export PATH="$ROOT/.local/binaryen/node_modules/.bin:$PATH"
ensure_wasm_opt() {
    if wasm-opt --version 2>/dev/null | grep -q "version_$WASM_OPT_VERSION"; then
        return
    fi
    if ! command -v npm >/dev/null; then
        say "Instalando Node.js y npm (para wasm-opt)"
        apt_install nodejs npm
    fi
    say "Instalando wasm-opt (binaryen $WASM_OPT_VERSION, npm) en .local/binaryen"
    npm install --silent --no-save --no-audit --no-fund --prefix "$ROOT/.local/binaryen" "binaryen@$WASM_OPT_VERSION.0.0" >/dev/null
}

build_app() {
    ensure_wasm_opt
    say "Compilando la app (WASM, release) en dist/"
    "$ROOT/scripts/build_app.sh"
}
