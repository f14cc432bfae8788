#!/usr/bin/env bash
# HHT v0 peer benchmark: sitbone against the hand-written baselines of the shared harness
# (plain C++, plain JavaScript) on the same cohort file, in the same run. docs/performance.md.
#
#   bench/v0/run.sh SITBONE_BUILD_DIR              # a Release build folder of this repository
#   RUNS=5 N=100000 OUT=/tmp/v0 bench/v0/run.sh build-release
#
# Environment: RUNS (3) rounds; N (1000000) records; OUT (/tmp/sitbone-v0) work folder for the
# cohort, binaries and logs; SHARED (../shared/bench beside the repository) the harness, only read; CPU (0) the core
# single-threaded runs are pinned to; PLAIN_REPS (21), SITBONE_REPS (5), NODE_REPS (10)
# evaluation passes per process; NODE=0 skips plain JavaScript.
#
# What runs, RUNS rounds, configurations interleaved so that a change of machine load hits
# every configuration alike (each a fresh process, pinned with taskset; bench/v0/timed.py records
# its wall time, CPU time, peak RSS and how busy other processes kept its cores meanwhile):
#   plain C++ (-O2) branchy and blocked: --reps 1 (end to end) and --reps PLAIN_REPS (evaluation)
#   sitbone, EvaluateBatch threads 1: --reps 1 (end to end) and --reps SITBONE_REPS (evaluation)
#   sitbone, EvaluateBatch threads 2 (pinned to cores 0,1 instead), --reps SITBONE_REPS
#   plain JavaScript (node, CSV): --reps 1 and --reps NODE_REPS
# Every program first checks the 28 cases of cases.jsonl. Then the CHECKSUM lines of all runs
# must be byte-identical (else exit 1), and the table of medians is printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 SITBONE_BUILD_DIR (a Release build folder, e.g. build-release)" >&2; exit 2; }
build=$(cd "$1" && pwd)
RUNS=${RUNS:-3}
N=${N:-1000000}
OUT=${OUT:-/tmp/sitbone-v0}
SHARED=${SHARED:-$root/../shared/bench}
CPU=${CPU:-0}
PLAIN_REPS=${PLAIN_REPS:-21}
SITBONE_REPS=${SITBONE_REPS:-5}
NODE_REPS=${NODE_REPS:-10}
NODE=${NODE:-1}
export PLAIN_REPS SITBONE_REPS NODE_REPS

case "$OUT" in "$SHARED"*) echo "OUT must not be inside $SHARED" >&2; exit 2 ;; esac
mkdir -p "$OUT/data" "$OUT/logs"
rm -f "$OUT"/logs/*
CSV=$OUT/data/hht_v0_${N}.csv
CASES=$SHARED/cases.jsonl

if command -v taskset >/dev/null; then
  pin1=(taskset -c "$CPU"); pin2=(taskset -c 0,1)
else
  echo "taskset not found: runs are not pinned" >&2
  pin1=(); pin2=()
fi

echo "== load before: $(uptime)"
# 1. The cohort (gen_cohort.py writes where --out says; nothing is written into $SHARED).
if [ ! -s "$CSV" ]; then
  echo "== generating $N records into $OUT/data"
  /usr/bin/python3 "$SHARED/gen_cohort.py" -n "$N" --out "$OUT/data"
fi
sha256sum "$CSV"

# 2. Binaries: plain C++ from the shared source, sitbone's v0_bench against the build tree.
g++ -O2 -std=c++17 -o "$OUT/plain_bench" "$SHARED/plain_bench.cpp"
cmake --build "$build" --target sitbone >/dev/null
cmake -S "$root/bench/v0" -B "$OUT/v0-build" -G Ninja -DCMAKE_BUILD_TYPE=Release -Dsitbone_DIR="$build" >/dev/null
cmake --build "$OUT/v0-build" >/dev/null
cat "$CSV" >/dev/null   # page cache warm: end-to-end runs read from memory

{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores online"
  echo "kernel: $(uname -sr)"
  echo "g++: $(g++ --version | head -1)"
  echo "node: $(node --version 2>/dev/null || echo none)"
  echo "sitbone: commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" status --porcelain -- src include | grep -q . && echo ' with uncommitted changes in src/ or include/'), library $(ls -l --time-style=+%FT%T "$build/src/libsitbone.a" | awk '{print $6}'), build $build ($(grep -m1 CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2))"
} > "$OUT/logs/env.txt"

S=("$OUT/v0-build/v0_bench" --data "$CSV" --cases "$CASES" --rules "$root/rules/examples/hht_v0")
P=("$OUT/plain_bench" --data "$CSV" --cases "$CASES")
# name | pinning (1 or 2) | command
CONFIGS=(
  "cpp-branchy-e2e|1|${P[*]} --variant branchy --reps 1"
  "cpp-branchy-eval|1|${P[*]} --variant branchy --reps $PLAIN_REPS"
  "cpp-blocked-e2e|1|${P[*]} --variant blocked --reps 1"
  "cpp-blocked-eval|1|${P[*]} --variant blocked --reps $PLAIN_REPS"
  "sitbone-t1-e2e|1|${S[*]} --threads 1 --reps 1"
  "sitbone-t1-eval|1|${S[*]} --threads 1 --reps $SITBONE_REPS"
  "sitbone-t2-eval|2|${S[*]} --threads 2 --reps $SITBONE_REPS"
)
if [ "$NODE" = 1 ] && command -v node >/dev/null; then
  CONFIGS+=(
    "js-plain-csv-e2e|1|node $SHARED/plain_bench.js --format csv --data $CSV --cases $CASES --reps 1"
    "js-plain-csv-eval|1|node $SHARED/plain_bench.js --format csv --data $CSV --cases $CASES --reps $NODE_REPS"
  )
fi

all_cpus=$(seq -s, 0 $(($(nproc) - 1)))
for ((r = 1; r <= RUNS; r++)); do
  for entry in "${CONFIGS[@]}"; do
    IFS='|' read -r name pin cmd <<<"$entry"
    base=$OUT/logs/$name.$r
    if [ "$pin" = 2 ]; then pin_cmd=("${pin2[@]}"); cpus=0,1; else pin_cmd=("${pin1[@]}"); cpus=$CPU; fi
    [ ${#pin_cmd[@]} -eq 0 ] && cpus=$all_cpus
    # shellcheck disable=SC2086
    /usr/bin/python3 "$root/bench/v0/timed.py" "$base.time" "$cpus" "${pin_cmd[@]}" $cmd >"$base.out" 2>"$base.err" \
      || { echo "FAILED: $name run $r (see $base.err)" >&2; cat "$base.err" >&2; exit 1; }
    echo "round $r/$RUNS $name: $(/usr/bin/python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print("wall %.2f s, CPU %.2f s, others on cores %s: %.2f, load %.2f" % (t["wall_s"], t["user_s"] + t["sys_s"], sys.argv[2], t["others_cores"], t["load1_before"]))' "$base.time" "$cpus")"
  done
  echo "== load after round $r: $(uptime)"
done

cat "$OUT/logs/env.txt"
/usr/bin/python3 - "$OUT/logs" "$N" "$SHARED/RESULTS.md" <<'PY'
import glob, json, os, statistics as st, sys
logs, n, results_md = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = {}
for out in sorted(glob.glob(os.path.join(logs, "*.out"))):
    name, r = os.path.basename(out)[:-4].rsplit(".", 1)
    text = open(out).read()
    t = json.load(open(out[:-4] + ".time"))
    res = [json.loads(l[7:]) for l in text.splitlines() if l.startswith("RESULT ")]
    cks = [l for l in text.splitlines() if l.startswith("CHECKSUM ")]
    runs.setdefault(name, []).append(dict(res=res[-1], checksum=cks, wall=t["wall_s"], cpu=t["user_s"] + t["sys_s"],
                                          rss_mib=t["max_rss_kib"] / 1024, load=t["load1_before"],
                                          others=t["others_cores"]))

# Checksums: every line of every run must be byte-identical.
lines = {l for v in runs.values() for x in v for l in x["checksum"]}
if len(lines) != 1 or any(len(x["checksum"]) != 1 for v in runs.values() for x in v):
    print("CHECKSUM MISMATCH:", *sorted(lines), sep="\n  ")
    sys.exit(1)
line = lines.pop()
ref = [l.strip() for l in open(results_md) if l.startswith(f"CHECKSUM n={n} ")]
nruns = sum(len(v) for v in runs.values())
print(f"\nCHECKSUM agreement: all {nruns} runs of {len(runs)} configurations printed\n  {line}")
print("  = the line RESULTS.md reports for n=%d" % n if ref and ref[0] == line else
      "  (RESULTS.md has no line for this n)" if not ref else "  DIFFERS from RESULTS.md: " + ref[0])

med = lambda xs: st.median(xs)
def eval_rate(name):        # records/s, evaluation only, wall clock: median over runs
    return n / med([x["res"]["eval_s"] for x in runs[name]]) if name in runs else None
def e2e_rate(name):         # records/s, whole process wall time
    return n / med([x["wall"] for x in runs[name]]) if name in runs else None
def cpu_eval_rate(e2e, ev, reps):  # records/s of CPU time: (CPU(eval run) - CPU(e2e run)) / (reps - 1)
    if e2e not in runs or ev not in runs: return None
    d = (med([x["cpu"] for x in runs[ev]]) - med([x["cpu"] for x in runs[e2e]])) / (reps - 1)
    return n / d if d > 0 else None

reps = {"cpp": int(os.environ.get("PLAIN_REPS", 21)), "sitbone": int(os.environ.get("SITBONE_REPS", 5)),
        "js": int(os.environ.get("NODE_REPS", 10))}
rows = [
    ("plain C++ -O2, branchy (obvious if/else)", "cpp-branchy-eval", "cpp-branchy-e2e", reps["cpp"]),
    ("plain C++ -O2, blocked columnar", "cpp-blocked-eval", "cpp-blocked-e2e", reps["cpp"]),
    ("plain JavaScript (node, CSV)", "js-plain-csv-eval", "js-plain-csv-e2e", reps["js"]),
    ("sitbone EvaluateBatch, 1 thread", "sitbone-t1-eval", "sitbone-t1-e2e", reps["sitbone"]),
    ("sitbone EvaluateBatch, 2 threads (cores 0,1)", "sitbone-t2-eval", None, None),
]
sb_eval, sb_e2e = eval_rate("sitbone-t1-eval"), e2e_rate("sitbone-t1-e2e")
sb_cpu = cpu_eval_rate("sitbone-t1-e2e", "sitbone-t1-eval", reps["sitbone"])
fmt = lambda v: f"{v/1e6:8.2f} M" if v and v >= 1e6 else f"{v/1e3:8.0f} k" if v else "       -  "
rat = lambda a, b: f"{a/b:7.3f}x" if a and b else "      - "
print(f"\nHHT v0, n={n}, medians of {len(runs.get('sitbone-t1-eval', []))} runs; records/s")
print(f"{'implementation':46} {'eval (wall)':>11} {'eval (CPU)':>11} {'end to end':>11}"
      f" {'sitbone/this eval':>18} {'(CPU)':>8} {'e2e':>8}")
for label, ev, e2e, rp in rows:
    if ev not in runs: continue
    er, cr, xr = eval_rate(ev), cpu_eval_rate(e2e, ev, rp) if e2e else None, e2e_rate(e2e) if e2e else None
    print(f"{label:46} {fmt(er):>11} {fmt(cr):>11} {fmt(xr):>11} {rat(sb_eval, er):>18} {rat(sb_cpu, cr):>8}"
          f" {rat(sb_e2e, xr):>8}")

print("\nPer configuration (medians): wall s, CPU s (user+sys), peak RSS MiB, 1-min load average at start,"
      "\nothers = cores' worth of CPU time other processes used on the run's cores meanwhile (timed.py)")
for name in sorted(runs):
    v = runs[name]
    r = v[0]["res"]
    extra = ""
    if name.startswith("sitbone"):
        g = lambda k: med([x["res"][k] for x in v])
        extra = (f"  read {g('read_s'):.3f} s, parse {g('parse_s'):.3f} s, evaluate {g('eval_s'):.3f} s"
                 f" (CPU {g('eval_cpu_s'):.3f} s), checksum {g('checksum_s'):.4f} s")
    elif name.startswith("cpp"):
        g = lambda k: med([x["res"][k] for x in v])
        extra = f"  read {g('read_s'):.3f} s, parse {g('parse_s'):.3f} s, evaluate {g('eval_s'):.4f} s"
    elif name.startswith("js"):
        g = lambda k: med([x["res"][k] for x in v])
        extra = f"  load CSV {g('load_s'):.3f} s, evaluate {g('eval_s'):.4f} s"
    print(f"  {name:20} wall {med([x['wall'] for x in v]):7.2f}  CPU {med([x['cpu'] for x in v]):7.2f}"
          f"  RSS {med([x['rss_mib'] for x in v]):6.0f}  load {med([x['load'] for x in v]):5.2f}"
          f"  others {med([x['others'] for x in v]):4.2f}{extra}")
loads = [x["load"] for v in runs.values() for x in v]
others = [x["others"] for v in runs.values() for x in v]
print(f"\nMachine load during the runs: 1-min load average median {med(loads):.2f} (min {min(loads):.2f},"
      f" max {max(loads):.2f}); CPU time others used on the runs' cores: median {med(others):.2f} cores"
      f" (min {min(others):.2f}, max {max(others):.2f})")
PY
echo "== load after: $(uptime)"
echo "logs: $OUT/logs"
