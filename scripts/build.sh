#!/usr/bin/env bash
# build.sh [wasm|web|all]: builds the SIMD and scalar wasm modules, the page's and the training
# worker's (into wasm/dist/), and the static site with the embeddable widget bundle (into
# web/dist/). Incremental: a second run with nothing changed takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
# emcc's JS optimizer needs Debian's acorn (TOOLCHAIN.md, quirk 1).
export NODE_PATH=/usr/share/nodejs

build_wasm() {
  for variant in simd scalar; do
    if [ ! -f "build/wasm-$variant/CMakeCache.txt" ]; then
      emcmake cmake --preset "wasm-$variant" >/dev/null
    fi
    cmake --build "build/wasm-$variant" --target attnlab_module attnlab_train_module -j2 -- \
      --no-print-directory
  done
  # The core's limits as a static module (wasm/dist/limits.js) for synchronous imports.
  node scripts/gen-limits.mjs
}

build_web() {
  npx vite build --logLevel warn
}

case "$what" in
  wasm) build_wasm ;;
  web) build_web ;;
  all) build_wasm && build_web ;;
  *) echo "usage: build.sh [wasm|web|all]" >&2; exit 2 ;;
esac
