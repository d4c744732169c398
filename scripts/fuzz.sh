#!/usr/bin/env bash
# fuzz.sh [seconds-per-target] [target...]: builds the libFuzzer targets (tests/fuzz, the `fuzz`
# CMake preset: clang++, ASan + UBSan, coverage on the whole core) and runs each for that long
# (default 60 s; `npm run fuzz -- 1800` for half an hour each), one after the other.
# Targets: weights_json checkpoint tokenizer mask_spec (default: all four).
#
# Each run starts from a copy of the committed seeds (build/fuzz/scratch/<target>), so the
# corpus in git never fills with generated inputs; crash, leak and timeout inputs go to
# build/fuzz/artifacts/<target>/. A hang over 5 s (-timeout) and a process over 2 GB
# (-rss_limit_mb) count as crashes. Prints one summary line per target; exits 1 if any crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(weights_json checkpoint tokenizer mask_spec)
case "$seconds" in '' | *[!0-9]*)
  echo "fuzz.sh: seconds-per-target must be a whole number, got '$seconds'" >&2
  exit 2
  ;;
esac

export CC=clang CXX=clang++
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j2 --target "${targets[@]/#/fuzz_}" -- --no-print-directory

failed=0
summary=()
for t in "${targets[@]}"; do
  bin=build/fuzz/tests/fuzz/fuzz_$t
  scratch=build/fuzz/scratch/$t
  artifacts=build/fuzz/artifacts/$t
  log=build/fuzz/logs/$t.log
  rm -rf "$scratch"
  mkdir -p "$scratch" "$artifacts" "$(dirname "$log")"
  cp tests/fuzz/corpus/"$t"/* "$scratch"/
  dict=()
  case "$t" in
    weights_json | checkpoint) dict=(-dict=tests/fuzz/dict/json.dict) ;;
    mask_spec) dict=(-dict=tests/fuzz/dict/mask.dict) ;;
  esac
  printf '\n--- fuzz_%s for %s s (log: %s)\n' "$t" "$seconds" "$log"
  status=0
  "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" "$scratch" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  if [ "$status" = 0 ]; then
    summary+=("fuzz_$t: ok, ${runs:-?} runs in ${seconds} s, coverage ${cov:-?} edges, corpus $(ls "$scratch" | wc -l) files")
  else
    failed=1
    crash=$(ls -t "$artifacts" | head -1)
    summary+=("fuzz_$t: FAILED (exit $status) after ${runs:-?} runs; input: $artifacts/$crash")
    grep -E 'ERROR:|SUMMARY:|fuzz invariant broken|exception other than' "$log" | head -5 >&2 || true
  fi
done

printf '\n'
printf '%s\n' "${summary[@]}"
if [ "$failed" != 0 ]; then
  echo "fuzz.sh: a target crashed. Reproduce with: build/fuzz/tests/fuzz/fuzz_<target> <input>" >&2
  exit 1
fi
