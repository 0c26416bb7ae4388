#!/usr/bin/python3
"""Compares lambdaboost's margins with XGBoost's for the same model and rows.

Usage: compare.py NAME XGB_MARGINS.f32 LAMBDABOOST_MARGINS.txt [NAME F32 TXT ...]

XGB_MARGINS.f32 is what train_dask.py saved (little-endian float32, one per row);
LAMBDABOOST_MARGINS.txt is `lambdaboost predict --margin` output (one value a line, printed so
that it reads back as the same float32). Prints max |difference| and how many rows are
bit-identical; exits 1 when a difference exceeds 1e-6 or the row counts differ.
"""

import sys

import numpy as np

TOLERANCE = 1e-6


def main(argv: list) -> int:
    if len(argv) == 0 or len(argv) % 3 != 0:
        print(__doc__, file=sys.stderr)
        return 2
    ok = True
    for i in range(0, len(argv), 3):
        name, theirs_path, ours_path = argv[i : i + 3]
        theirs = np.fromfile(theirs_path, dtype="<f4")
        ours = np.loadtxt(ours_path, dtype=np.float64, ndmin=1).astype(np.float32)
        if theirs.shape != ours.shape:
            print(f"{name}: {ours.size} lambdaboost margins, {theirs.size} from XGBoost")
            ok = False
            continue
        diff = float(np.max(np.abs(ours.astype(np.float64) - theirs.astype(np.float64)))) if ours.size else 0.0
        same = int(np.sum(ours.view(np.uint32) == theirs.view(np.uint32)))
        verdict = "ok" if diff <= TOLERANCE else f"FAIL (> {TOLERANCE:g})"
        print(f"{name}: {ours.size} rows, max |lambdaboost - xgboost| = {diff:.3g}, bit-identical {same}/{ours.size}: {verdict}")
        ok = ok and diff <= TOLERANCE
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
