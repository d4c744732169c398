#!/usr/bin/env bash
# format.sh [--check]: clang-format for C++, Prettier for JS/CSS/HTML. --check changes nothing
# and fails on the first file that is not formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t cpp < <(git ls-files --cached --others --exclude-standard 'core/*.h' 'core/*.cpp' 'wasm/*.h' 'wasm/*.cpp' 'tests/*.h' 'tests/*.cpp')
web=(wasm/js scripts tests/wasm tests/web tests/lessons tests/bench web vite.config.js)
existing=()
for p in "${web[@]}"; do [ -e "$p" ] && existing+=("$p"); done
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror "${cpp[@]}"
  npx prettier --check --log-level warn "${existing[@]}"
  echo "format: ${#cpp[@]} C++ files and the web sources are formatted"
else
  clang-format -i "${cpp[@]}"
  npx prettier --write --log-level warn "${existing[@]}"
fi
