#!/usr/bin/env bash
# A packager's build of sitbone, installed, moved, and used from where it now is.
#
#   tests/package/relocation_test.sh SOURCE_DIR WORK_DIR CXX_COMPILER
#
# 1. Configures SOURCE_DIR as a packager does: -DSITBONE_BUILD_TESTS=OFF (so no
#    GoogleTest is needed), a shared libsitbone, Release, warnings as errors,
#    with the compiler given (ctest passes clang++, so every build of `make
#    test` also proves the clang build: g++ for the main tree, clang here).
# 2. Installs into WORK_DIR/prefix, then moves the prefix to WORK_DIR/moved.
# 3. Fails if any installed file contains SOURCE_DIR or the build folder.
# 4. With SITBONE_RULES_DIR unset: the moved runner evaluates an example
#    assessment and passes the examples' expected results with its bundled
#    default rule set; a consumer project built with find_package() against the
#    moved prefix finds the moved rule set through the moved shared library.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 SOURCE_DIR WORK_DIR CXX_COMPILER" >&2
  exit 2
fi
src=$(cd "$1" && pwd -P)
work=$2
cxx=$3
unset SITBONE_RULES_DIR

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd -P)
build=$work/build
prefix=$work/prefix
moved=$work/moved

step() { printf '== %s\n' "$*"; }

step "configure (packager: tests off, shared, Release, $cxx)"
cmake -S "$src" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DBUILD_SHARED_LIBS=ON \
  -DSITBONE_BUILD_TESTS=OFF \
  -DSITBONE_WERROR=ON \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/configure.log"

step "build"
cmake --build "$build" -j"${SITBONE_TEST_JOBS:-2}" >"$work/build.log"

step "install into $prefix, then move it to $moved"
cmake --install "$build" >"$work/install.log"
mv "$prefix" "$moved"
ls "$moved/lib"*/libsitbone.so.* >/dev/null

step "no installed file names the source or the build folder"
if grep -rlF -e "$src" -e "$build" -e "$prefix" "$moved"; then
  echo "FAIL: the installed files above contain $src, $build or $prefix" >&2
  exit 1
fi

step "the moved runner, with its own rule set"
"$moved/bin/sitbone" evaluate --format json "$src/examples/assessments/01_reactive_runner.json" >"$work/evaluate.json"
grep -q '"stage": "reactive"' "$work/evaluate.json" || {
  echo "FAIL: the moved runner did not stage the reactive example as reactive:" >&2
  cat "$work/evaluate.json" >&2
  exit 1
}
"$moved/bin/sitbone" test --cases "$src/examples/assessments/expected.yaml"

step "a consumer project against the moved prefix"
cmake -S "$src/tests/package/default_rules" -B "$work/consumer" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$moved" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/consumer-configure.log"
cmake --build "$work/consumer" >"$work/consumer-build.log"
"$work/consumer/sitbone_default_rules" "$src/examples/assessments/01_reactive_runner.json" | tee "$work/consumer.out"
grep -qxF "default rule set: $moved/share/sitbone/rules/pht" "$work/consumer.out" || {
  echo "FAIL: the consumer did not find the moved prefix's rule set" >&2
  exit 1
}
grep -qx "stage: reactive" "$work/consumer.out"

step "ok"
