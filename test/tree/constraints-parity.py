"""Trains XGBoost 3.4.1 on the data of test/tree/constraints-parity.test.ts, one model per case.

Usage: python3 constraints-parity.py OUT_DIR  (OUT_DIR holds the CSVs and cases.json, written by the test)
Writes OUT_DIR/<case>.model.json and <case>.margin.txt (float32, %.9g).
"""
import json
import sys

import numpy as np
import xgboost as xgb

out = sys.argv[1]
cases = json.load(open(f"{out}/cases.json"))
for case in cases:
    raw = np.genfromtxt(out + '/' + case['data'], delimiter=',', names=True, dtype=np.float32, filling_values=np.nan)
    cols = raw.dtype.names
    feats = [c for c in cols if c not in ('y', 'q')]
    X = np.stack([raw[c] for c in feats], axis=1)
    kw = {}
    if 'q' in cols:
        kw['qid'] = raw['q'].astype(np.int64)
    d = xgb.DMatrix(X, label=raw['y'], nthread=1, feature_names=feats, **kw)
    params = {"tree_method": "hist", "nthread": 1, **case["params"]}
    # By feature name: the Python package maps names to indices when given a list or a dict.
    for key in ("interaction_constraints", "monotone_constraints"):
        v = params.get(key)
        if isinstance(v, str) and ('"' in v):
            params[key] = json.loads(v)
    rounds = params.pop("num_round")
    booster = xgb.train(params, d, rounds)
    booster.save_model(f"{out}/{case['name']}.model.json")
    margin = booster.predict(d, output_margin=True)
    np.savetxt(f"{out}/{case['name']}.margin.txt", margin.reshape(-1), fmt="%.9g")
