"""XGBoost's side of test/metric/aucpr-parity.test.ts.

Usage: python3 aucpr-parity.py DIR   (DIR holds data.csv: y,w,a,b,c, and cases.json)
For each case trains XGBoost (3.4.1 on PYTHONPATH) with eval_metric aucpr and writes DIR/<case>.model.json and
DIR/<case>.eval.json: aucpr of the saved model on the data (with the case's weights), as Booster.eval reports it.
"""
import json
import sys

import numpy as np
import xgboost as xgb

out = sys.argv[1]
cases = json.load(open(f"{out}/cases.json"))
raw = np.genfromtxt(f"{out}/data.csv", delimiter=",", skip_header=1, dtype=np.float32, filling_values=np.nan)
y, w, X = raw[:, 0], raw[:, 1], raw[:, 2:]
for case in cases:
    label = y if case["classes"] > 2 else (y == 2).astype(np.float32)
    d = xgb.DMatrix(X, label=label, weight=w if case["weighted"] else None, nthread=1)
    params = {"tree_method": "hist", "nthread": 1, "eval_metric": "aucpr", "max_depth": 3, **case["params"]}
    booster = xgb.train(params, d, case["rounds"])
    booster.save_model(f"{out}/{case['name']}.model.json")
    text = booster.eval(d, name="data")
    json.dump({"aucpr": float(text.split("data-aucpr:")[1])}, open(f"{out}/{case['name']}.eval.json", "w"))
