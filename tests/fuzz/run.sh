#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each for a while from its seed corpus.
#
#   tests/fuzz/run.sh SOURCE_DIR BUILD_DIR SECONDS_PER_TARGET [TARGET ...]
#
# `make fuzz` runs it for FUZZ_SECONDS (60) per target; the fuzz.smoke ctest for
# a few seconds. The seed corpora in tests/fuzz/corpus/ are only read: new
# inputs go to BUILD_DIR/corpus/<target>/. A crash, a leak, undefined
# behaviour, a timeout (10 s for one input) or memory over 2 GB fails the run,
# and the input that caused it is left in BUILD_DIR/artifacts/. The last line
# per target gives executions and corpus size, for docs/safety/testing.md.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 SOURCE_DIR BUILD_DIR SECONDS_PER_TARGET [TARGET ...]" >&2
  exit 2
fi
src=$(cd "$1" && pwd -P)
build=$2
seconds=$3
shift 3
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_assessment fuzz_ruleset fuzz_expression fuzz_audit_record)
cxx=${SITBONE_FUZZ_CXX:-$(command -v clang++ || command -v clang++-14)}
sanitize="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

mkdir -p "$build"
build=$(cd "$build" && pwd -P)
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
  "-DCMAKE_CXX_FLAGS=$sanitize" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" \
  -DSITBONE_BUILD_FUZZERS=ON -DSITBONE_BUILD_TESTS=OFF -DSITBONE_BUILD_EXAMPLES=OFF \
  -DSITBONE_BUILD_BENCHMARKS=OFF -DSITBONE_BUILD_CLI=OFF -DSITBONE_INSTALL=OFF >"$build/configure.log"
cmake --build "$build" --target "${targets[@]}" -j"${SITBONE_FUZZ_JOBS:-2}" >"$build/build.log"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in "${targets[@]}"; do
  corpus=$build/corpus/$target
  artifacts=$build/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  log=$build/$target.log
  if "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$src/tests/fuzz/corpus/${target#fuzz_}" \
       >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    tail -40 "$log" >&2
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  size=$(find "$corpus" -type f | wc -l)
  echo "$target: $result, $runs executions in ${seconds}s, corpus $size inputs, artifacts: $(ls "$artifacts" | wc -l)"
done
exit $status
