"""XGBoost 3.4.1's hist cuts and models on the data of test/binning/sketch-parity.test.ts.

Usage: python3 sketch-parity.py OUT_DIR  (OUT_DIR holds the CSVs and cases.json, written by the test)
CSV columns: y, then w (when the case is weighted), qid (ranking), then the features.
Writes OUT_DIR/<case>.cuts.json (per feature, the cut values after XGBoost's leading lower bound,
as float32 bit patterns) and, for cases with rounds > 0, <case>.model.json and <case>.margin.bits
(the training margins' float32 bit patterns, one a line).
"""
import json
import sys

import numpy as np
import xgboost as xgb

out = sys.argv[1]
for case in json.load(open(f"{out}/cases.json")):
    raw = np.genfromtxt(f"{out}/{case['data']}", delimiter=',', skip_header=1, dtype=np.float32, filling_values=np.nan)
    y = raw[:, 0]
    col = 1
    kw = {}
    if case.get('weight'):
        w = raw[:, col]
        col += 1
    if case.get('qid'):
        qid = raw[:, col].astype(np.int64)
        col += 1
        kw['qid'] = qid
        if case.get('weight'):
            # one weight per query: its first row's
            starts = np.r_[0, np.flatnonzero(np.diff(qid)) + 1]
            kw['weight'] = w[starts]
    elif case.get('weight'):
        kw['weight'] = w
    X = raw[:, col:]
    d = xgb.DMatrix(X, label=y, nthread=1, **kw)
    params = {"tree_method": "hist", "nthread": 1, **case["params"]}
    rounds = case["rounds"]
    booster = xgb.train(params, d, max(rounds, 1))
    indptr, values = d.get_quantile_cut()
    indptr = [int(i) for i in indptr]
    cuts = [values[indptr[f] + 1:indptr[f + 1]].view(np.uint32).tolist() for f in range(X.shape[1])]
    lower = [float(values[indptr[f]]) for f in range(X.shape[1])]
    json.dump({"cuts": cuts, "lower": [str(v) for v in lower]}, open(f"{out}/{case['name']}.cuts.json", "w"))
    if rounds > 0:
        booster.save_model(f"{out}/{case['name']}.model.json")
        margin = booster.predict(d, output_margin=True).astype(np.float32)
        np.savetxt(f"{out}/{case['name']}.margin.bits", margin.view(np.uint32), fmt="%d")
