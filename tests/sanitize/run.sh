#!/usr/bin/env bash
# Builds the C++ test binaries with a sanitizer and runs them.
#
#   tests/sanitize/run.sh SOURCE_DIR BUILD_DIR address|thread [GTEST_FILTER]
#
# address: AddressSanitizer + UndefinedBehaviorSanitizer (leaks included), the
#   unit, CLI and reference tests, all of them (or GTEST_FILTER).
# thread:  ThreadSanitizer, the concurrency tests: parallel evaluation, batch
#   threads and hot reload under load (GTEST_FILTER, default below).
# Any report of the sanitizer fails the run (halt_on_error).
# SITBONE_SANITIZE_CXX / SITBONE_SANITIZE_C choose the compilers (ctest passes
# the ones of its own build); SITBONE_SANITIZE_JOBS the build parallelism.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 SOURCE_DIR BUILD_DIR address|thread [GTEST_FILTER]" >&2
  exit 2
fi
src=$(cd "$1" && pwd -P)
build=$2
kind=$3
case "$kind" in
  address)
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    targets=(sitbone_unit_tests sitbone_cli_tests pht_reference_test sitbone_cli)
    filter=${4:-*}
    export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ;;
  thread)
    flags="-fsanitize=thread -fno-omit-frame-pointer"
    targets=(sitbone_unit_tests)
    filter=${4:-ThreadSafetyTest.*:RuleSetHandleTest.*:BatchTest.Threads*:BatchTest.EveryRowEqualsSingleEvaluation:AuditLogTest.Concurrent*:AuditLogTest.TwoLogs*}
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    ;;
  *)
    echo "unknown sanitizer '$kind'" >&2
    exit 2
    ;;
esac
mkdir -p "$build"
build=$(cd "$build" && pwd -P)
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  ${SITBONE_SANITIZE_CXX:+"-DCMAKE_CXX_COMPILER=$SITBONE_SANITIZE_CXX"} \
  ${SITBONE_SANITIZE_C:+"-DCMAKE_C_COMPILER=$SITBONE_SANITIZE_C"} \
  "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags" \
  -DSITBONE_BUILD_TESTS=ON -DSITBONE_BUILD_EXAMPLES=OFF -DSITBONE_BUILD_BENCHMARKS=OFF \
  -DSITBONE_BUILD_PYTHON=OFF -DSITBONE_TEST_ADD_SUBDIRECTORY=OFF -DSITBONE_INSTALL=OFF >"$build/configure.log"
cmake --build "$build" --target "${targets[@]}" -j"${SITBONE_SANITIZE_JOBS:-2}" >"$build/build.log"
status=0
for binary in tests/unit/sitbone_unit_tests tests/cli/sitbone_cli_tests tests/reference/pht_reference_test; do
  [ -x "$build/$binary" ] || continue
  name=$(basename "$binary")
  [ "$kind" = thread ] && [ "$name" != sitbone_unit_tests ] && continue
  if "$build/$binary" --gtest_filter="$filter" --gtest_brief=1 >"$build/$name.log" 2>&1; then
    echo "$kind: $name: $(grep -E '^\[  PASSED  \]' "$build/$name.log" || echo passed)"
  else
    status=1
    echo "$kind: $name FAILED" >&2
    tail -60 "$build/$name.log" >&2
  fi
done
exit $status
