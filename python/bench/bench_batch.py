#!/usr/bin/env python3
"""Throughput of RuleSet.evaluate_batch against row-by-row RuleSet.evaluate.

    PYTHONPATH=build-py/python /usr/bin/python3 python/bench/bench_batch.py [--rows N] [--sample N]
        [--threads N] [--strings] [--uniform] [--seed N] [--rules DIR]

Builds a synthetic cohort of --rows assessments over the rule set's schema
(the bundled PHT rule set, or --rules DIR): by default the clinic-like cohort
of the C++ benchmark bench/pht_bench.cc (see clinic_cohort; for another rule
set the PHT-specific rare fields simply do not apply), or
sitbone.synthetic.random_cohort(profile="uniform") with --uniform; coded
fields as pandas Categorical, or object columns of text with --strings. Evaluates it in one call
(DataFrame in, DataFrame out) and reports wall-clock and CPU time, rows/s, and
where the time goes (input conversion, the C++ EvaluateBatch call, building
the output DataFrame). Row-by-row evaluate is timed on the first --sample rows
only and extrapolated to --rows; the rows are turned into dicts *before* the
clock starts, so the loop time is the evaluate calls alone (the most
favourable case for the row-by-row path). One run; no warm-up beyond loading.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd

import sitbone
from sitbone import _core
from sitbone import batch as batch_module
from sitbone.synthetic import random_cohort


# The cohort of bench/pht_bench.cc (BM_Engine, BM_Batch), drawn with numpy:
# each field unknown with probability 0.1, otherwise uniform over its values
# (numbers: whole numbers from min to min + 30); the red-flag and trauma items
# are always known and "no" 97% of the time, as in a clinic, so that most rows
# go through the whole model to a plan (the expensive path); onset is
# "gradual" 90% of the time.
RARE = {"saddle_anaesthesia", "new_bladder_bowel_dysfunction", "bilateral_leg_neuro_symptoms",
        "progressive_neuro_deficit", "new_sexual_dysfunction", "fever_or_unwell", "unexplained_weight_loss",
        "history_of_cancer", "night_pain_unrelated_to_load", "immunosuppressed", "palpable_gap",
        "posterior_thigh_bruising", "marked_hamstring_weakness", "focal_bony_tenderness", "pain_on_single_leg_hop",
        "low_energy_availability_risk", "neuro_deficit", "major_motor_deficit", "felt_pop_at_onset",
        "mechanism_hip_flexion_knee_extension"}


def clinic_cohort(rules: sitbone.RuleSet, rows: int, seed: int, categorical: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {}
    for f in rules.schema:
        rare = f.name in RARE
        unknown = np.zeros(rows, dtype=bool) if rare else rng.random(rows) < 0.1
        if f.type in ("int", "number"):
            hi = min(f.max, f.min + 30)
            values = rng.integers(int(f.min), int(hi) + 1, rows).astype(np.float64)
            values[unknown] = np.nan
            data[f.name] = values
            continue
        if f.type == "tri":
            labels = ["no", "yes"]
            codes = (rng.random(rows) >= (0.97 if rare else 0.5)).astype(np.int8)
        elif f.type == "test":
            labels = ["negative", "positive"]
            codes = (rng.random(rows) >= 0.5).astype(np.int8)
        else:
            labels = list(f.values)
            codes = rng.integers(0, len(labels), rows).astype(np.int8)
            if f.name == "onset":
                codes[rng.random(rows) < 0.9] = labels.index("gradual")
        codes[unknown] = -1
        column = pd.Categorical.from_codes(codes, categories=labels)
        data[f.name] = column if categorical else np.asarray(column.astype(object))
    return pd.DataFrame(data)


def clock():
    return time.perf_counter(), time.process_time()


def since(start):
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="rows evaluated one by one (extrapolated)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--strings", action="store_true", help="coded fields as object columns of text")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rules", default=None, help="rule-set folder (default: the bundled PHT rule set)")
    parser.add_argument("--uniform", action="store_true",
                        help='sitbone.synthetic.random_cohort(profile="uniform") instead of the clinic-like '
                             'cohort of bench/pht_bench.cc')
    args = parser.parse_args()

    rules = sitbone.load_rules(args.rules)
    if args.uniform:
        df = random_cohort(rules, args.rows, args.seed, profile="uniform", categorical=not args.strings)
    else:
        df = clinic_cohort(rules, args.rows, args.seed, categorical=not args.strings)
    kind = "object columns of text" if args.strings else "pandas Categorical"
    print(f"sitbone {sitbone.__version__}, rule set {rules.id} {rules.version}; pandas {pd.__version__}, "
          f"numpy {np.__version__}, Python {platform.python_version()}; {os.cpu_count()} cpu(s), "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{args.rows:,} rows x {df.shape[1]} input columns (coded fields as {kind}), threads={args.threads}")

    start = clock()
    out = rules.evaluate_batch(df, threads=args.threads)
    wall, cpu = since(start)
    errors = int(out["error"].notna().sum())
    print(f"\nevaluate_batch: {wall:.3f} s wall, {cpu:.3f} s CPU -> {args.rows / wall:,.0f} rows/s wall, "
          f"{args.rows / cpu:,.0f} rows/s per CPU-second ({errors} error rows)")

    # Where the time goes (the same steps evaluate_batch runs, timed one by one).
    start = clock()
    columns, rows, _, _ = batch_module._columns(rules, df)
    t_in = since(start)
    start = clock()
    _core.evaluate_batch(rules._core, columns, rows, args.threads)
    t_core = since(start)
    print(f"  input conversion {t_in[0]:.3f} s, C++ EvaluateBatch {t_core[0]:.3f} s wall / {t_core[1]:.3f} s CPU "
          f"({rows / t_core[0]:,.0f} rows/s), output DataFrame ~{max(wall - t_in[0] - t_core[0], 0):.3f} s")

    sample = min(args.sample, args.rows)
    records = df.iloc[:sample].astype(object).to_dict("records")
    records = [{k: v for k, v in r.items() if isinstance(v, str) or not pd.isna(v)} for r in records]
    timings = {}
    for explain in (False, True):
        start = clock()
        for record in records:
            rules.evaluate(record, explain=explain)
        timings[explain] = since(start)
    per_row = timings[False][0] / sample
    print(f"\nrow-by-row evaluate(explain=False): {sample:,} rows in {timings[False][0]:.3f} s -> "
          f"{1 / per_row:,.0f} rows/s; extrapolated to {args.rows:,} rows: {per_row * args.rows:.1f} s")
    per_row_explain = timings[True][0] / sample
    print(f"row-by-row evaluate(explain=True):  {sample:,} rows in {timings[True][0]:.3f} s -> "
          f"{1 / per_row_explain:,.0f} rows/s; extrapolated: {per_row_explain * args.rows:.1f} s")
    print(f"\nratio evaluate_batch / row-by-row (explain=False), wall clock: {per_row * args.rows / wall:.1f}x")


if __name__ == "__main__":
    main()
