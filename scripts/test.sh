#!/usr/bin/env bash
# test.sh: every test, fail-fast, cheapest first. `npm test` runs setup.sh before it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
step() { printf '\n=== %s\n' "$*"; }

step "format and lint"
bash scripts/format.sh --check

step "native Catch2 suite (Debug, ASan + UBSan)"
[ -f build/native-debug/CMakeCache.txt ] || cmake --preset native-debug >/dev/null
cmake --build build/native-debug -j2 -- --no-print-directory
ctest --preset native-debug

step "fuzz (libFuzzer, bounded)"
# Each target replays its committed seeds, then mutates for 15 s; fuzz.sh exits 1 on a crash.
bash scripts/fuzz.sh 15

step "wasm builds: SIMD and scalar"
bash scripts/build.sh wasm
node tests/wasm/check-builds.mjs

step "Catch2 suite as SIMD wasm under Node"
cmake --build build/wasm-simd --target attnlab_tests -j2 -- --no-print-directory
# Node 20 fetch()es a file path and fails; without fetch the loader reads the file (TOOLCHAIN.md, quirk 3).
node --no-experimental-fetch build/wasm-simd/tests/core/attnlab_tests.js

step "JS facade (Node)"
node --test tests/wasm/

step "site build and browser tests (Chromium)"
bash scripts/build.sh web
node --test --test-concurrency=1 tests/lessons/ tests/web/
