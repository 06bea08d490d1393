#!/usr/bin/env bash
# Builds the app (app/) into dist/, which the server serves. Run by the two commands through
# scripts/setup.sh, which installs the tools first: wasm-bindgen-cli at the Cargo.lock version,
# wasm-split-cli and wasm-opt (binaryen from npm).
#
# The screens past the list are split into modules of their own (`#[lazy]`, see
# app/src/shell.rs), loaded the first time they are used, so the app starts on three quarters
# of its code (BENCHMARKS.md, bundle). Trunk 0.21 cannot split a WASM
# module (trunk-rs/trunk#1022), hence this script: cargo, wasm-split-cli, wasm-bindgen,
# wasm-opt, then index.html naming every file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

# wasm-split finds what each split point reaches through the linker's relocations.
RUSTFLAGS="-Clink-args=--emit-relocs" cargo build --locked -p ote-app --features split \
    --target wasm32-unknown-unknown --profile wasm-release

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$TARGET/wasm32-unknown-unknown/wasm-release/ote-app.wasm" "$work/split" \
    --target web --out-name ote-app
wasm-bindgen "$work/split/ote-app.wasm" --out-dir "$work/app" --target web --no-typescript \
    --keep-lld-exports
rm "$work/split/ote-app.wasm"
mv "$work/split/"* "$work/app/"
# wasm-opt warns about a names subsection of wasm-split's modules it does not read (and drops):
# filtered, so the log keeps only what matters.
for wasm in "$work/app/"*.wasm; do
    wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-multivalue "$wasm" -o "$wasm" \
        2> >(grep -v '^warning: unknown name subsection' >&2)
done
cp app/style.css app/boot.js "$work/app/"

# The build's folder is named by its content: a new build never reuses a cached file of an
# older one (the service worker serves the app's files from its cache first).
hash="$(cat "$work/app/"* | sha256sum | cut -c1-16)"
dir="app-$hash"
rm -rf dist
mkdir -p dist
mv "$work/app" "dist/$dir"
cp public/manifest.webmanifest public/icon.svg public/sw.js dist/

# Every split module is named in the page, so the service worker keeps it for offline use (it
# keeps every file the page names). Not as `prefetch`: 20 modules fetched at every start made
# the offline start about 30 ms slower (BENCHMARKS.md, bundle); an unknown `rel` is not fetched.
chunks=""
for file in "dist/$dir/"*; do
    case "$(basename "$file")" in
        ote-app.js | ote-app_bg.wasm | style.css | boot.js) ;;
        *) chunks+="    <link rel=\"ote-modulo\" href=\"/$dir/$(basename "$file")\">"$'\n' ;;
    esac
done
awk -v dir="$dir" -v chunks="$chunks" '
    /@CHUNKS@/ { printf "%s", chunks; next }
    { gsub(/@DIR@/, dir); print }
' app/index.html > dist/index.html

# The server sends the .gz beside a file to browsers that accept gzip (the build's files only:
# index.html and sw.js stay as they are, small and read at every start).
find "dist/$dir" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -exec gzip -9 -k {} \;
