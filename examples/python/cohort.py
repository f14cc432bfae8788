#!/usr/bin/env python3
"""Evaluate a synthetic cohort in one call and summarise it with pandas.

    python3 examples/python/cohort.py [ROWS]

The rows are random draws (sitbone.synthetic.random_cohort), not a clinical
population: use this to see the shape of the API and of the results.
"""

import sys

import numpy as np
import pandas as pd

import sitbone
from sitbone.synthetic import random_cohort

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
rules = sitbone.load_rules()

# The default "clinic" profile: red flags rare and rarely unknown, so most rows reach the tendon pathway.
cohort = random_cohort(rules, rows, seed=42)
cohort.loc[cohort.index[:3], "pain_worst_24h_nrs"] = [11, np.nan, 4]  # one invalid value, one unknown

# One call: one output row per input row, same index; bad rows carry an error.
result = rules.evaluate_batch(cohort)
print(f"{len(result)} rows, {result['error'].notna().sum()} error row(s)")
print(f"row 0 error: {result.loc[0, 'error']}")

# Enum outputs are categoricals over the declared values; sort=False keeps the declared order.
print("\npathway:")
print(result["pathway"].value_counts(sort=False).to_string())
print("\nstage (rows on the tendon pathway):")
print(result.loc[result["pathway"] == "tendon_rehab", "stage"].value_counts(sort=False).to_string())

# List outputs are categoricals of tuples: count the exercises prescribed.
exercises = result["exercises"].astype(object).explode().dropna().value_counts()
print(f"\nmost prescribed exercise: {exercises.index[0]} ({exercises.iloc[0]} rows)")

# Join inputs and outputs on the shared index.
table = cohort[["pain_worst_24h_nrs", "sitting_tolerance_min"]].join(result[["stage", "phase", "missing_data"]])
with pd.option_context("display.width", 120, "display.max_colwidth", 40):
    print()
    print(table.iloc[1:4].to_string())
