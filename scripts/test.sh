#!/usr/bin/env bash
# The test command: the same set-up as the run command, the house's guard rails (rustfmt, the
# crates' layers, clippy, the checked queries' offline data, rustdoc, all with warnings as
# errors), then every test of the workspace (unit, property, integration against a real
# PostgreSQL, the server as a process).
source "$(dirname "$0")/setup.sh"

ensure_rust_tools
ensure_postgres
ensure_standby
ensure_mpxj
ensure_test_python
ensure_browser
build_app
export OTE_TEST_PG="${DATABASE_URL%/*}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
say "Reglas de la casa: formato, capas, clippy (servidor y app en wasm32), consultas, documentación"
cargo fmt --all --check || status=$?
python3 scripts/check_layers.py || status=$?
# The app is checked once, for the target it ships on.
cargo clippy --locked --workspace --exclude ote-app --all-targets -- -D warnings || status=$?
cargo clippy --locked -p ote-app --target wasm32-unknown-unknown --all-targets --features split -- -D warnings || status=$?
bash scripts/sqlx_offline.sh check || status=$?
RUSTDOCFLAGS="-D warnings" cargo doc --locked --workspace --no-deps --document-private-items --quiet || status=$?
say "Pruebas"
cargo test --locked --no-fail-fast 2>&1 | tee "$log" || status=$?
say "Pruebas en el navegador (IndexedDB, Chromium sin pantalla)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="$(command -v chromedriver)" \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/scripts/webdriver.json" \
    cargo test --locked --no-fail-fast -p ote-app --target wasm32-unknown-unknown --tests 2>&1 | tee -a "$log" || status=$?
# One closing line for the whole run (cargo prints one per test binary, the last often a 0 of
# doc-tests).
awk '/^test result:/ { p += $4; f += $6 } END { printf "total: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
