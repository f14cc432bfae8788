#!/usr/bin/env bash
# Builds and runs the benchmarks, then prints each result as a ratio to the
# hand-written reference measured in the same run. Usage: bench/run_benchmarks.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cmake --build "$build" --target sitbone_bench >/dev/null
out=$(mktemp)
"$build/bench/sitbone_bench" --benchmark_format=json --benchmark_min_time=0.5 --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true >"$out"
/usr/bin/python3 - "$out" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rows = {b['run_name']: b for b in data['benchmarks'] if b.get('aggregate_name') == 'median'}
base = rows['BM_Reference']['items_per_second']
print(f"{'benchmark':40} {'evaluations/s':>15} {'ns/eval':>9} {'vs reference':>13}")
for name, b in rows.items():
    ips = b['items_per_second']
    print(f"{name:40} {ips:15,.0f} {1e9/ips:9.0f} {ips/base:12.2f}x")
ctx = data['context']
print(f"\n{ctx['num_cpus']} cpus, {ctx.get('library_build_type','?')} benchmark library; medians of 3 repetitions")
PY
rm -f "$out"
