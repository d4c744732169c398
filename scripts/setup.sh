#!/usr/bin/env bash
# setup.sh: installs what the lab needs when it is missing, then returns quickly on later runs.
# - Debian packages (the toolchain, header-only libraries, Chromium for the browser tests):
#   installed with apt-get when running as root; otherwise the exact command is printed.
# - npm packages: `npm install` (pinned by package-lock.json) when node_modules is missing or
#   older than the lock. Not `npm ci`: a lock written where npm omits resolved URLs lists only
#   this platform's optional packages (rollup, esbuild), and `npm ci` rejects such a lock.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts: Chromium draws Chinese and emoji with them in the browser tests' screenshots.
# clang + libclang-rt-14-dev: the fuzz targets (libFuzzer's runtime ships in the latter).
packages=(emscripten libxtensor-dev nlohmann-json3-dev catch2 wabt chromium clang-format cmake g++ make
  fonts-noto-cjk fonts-noto-color-emoji clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: install them as root, then run this again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
