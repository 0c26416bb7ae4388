"""Trains XGBoost 3.4.1 on the data of test/objective/xgboost-parity.test.ts, one model per objective.

Usage: python3 xgboost-parity.py OUT_DIR  (OUT_DIR holds data.csv and cases.json, written by the test)
Writes OUT_DIR/<case>.model.json, <case>.margin.txt (float32, %.9g) and <case>.eval.txt (XGBoost's eval line).
"""
import json
import sys

import numpy as np
import xgboost as xgb

out = sys.argv[1]
cases = json.load(open(f"{out}/cases.json"))
for case in cases:
    raw = np.genfromtxt(out + '/' + case['data'], delimiter=',', skip_header=1, dtype=np.float32, filling_values=np.nan)
    y, X = raw[:, 0], raw[:, 1:]
    d = xgb.DMatrix(X, label=y, nthread=1)
    params = {"tree_method": "hist", "nthread": 1, **case["params"]}
    rounds = params.pop("num_round")
    log = {}
    booster = xgb.train(params, d, rounds, evals=[(d, "train")], evals_result=log, verbose_eval=False)
    booster.save_model(f"{out}/{case['name']}.model.json")
    margin = booster.predict(d, output_margin=True)
    np.savetxt(f"{out}/{case['name']}.margin.txt", margin, fmt="%.9g")
    pred = booster.predict(d)
    np.savetxt(f"{out}/{case['name']}.pred.txt", pred, fmt="%.9g")
    json.dump(log, open(f"{out}/{case['name']}.eval.json", "w"))
