"""XGBoost's side of test/objective/multiclass-parity.test.ts.

Usage:
  python3 multiclass-parity.py train DIR   trains XGBoost (3.4.1 on PYTHONPATH) on DIR/mc.csv for each case of
                                            DIR/cases.json: DIR/<case>.ref.json, .ref.ubj, .margin.txt, .prob.txt,
                                            .eval.json
  python3 multiclass-parity.py load DIR CASE  loads DIR/<CASE>.ours.json and .ours.ubj (written by lambdaboost) and
                                            writes their probabilities as DIR/<case>.<version>.<ext>.prob.txt
"""
import json
import sys

import numpy as np
import xgboost as xgb

mode, out = sys.argv[1], sys.argv[2]
cases = json.load(open(f"{out}/cases.json"))
raw = np.genfromtxt(f"{out}/mc.csv", delimiter=",", skip_header=1, dtype=np.float32, filling_values=np.nan)
y, w, X = raw[:, 0], raw[:, 1], raw[:, 2:]
names = ["a", "b", "c"]
for case in cases:
    name = case["name"]
    if mode == "load" and name != sys.argv[3]:
        continue
    if mode == "train":
        d = xgb.DMatrix(X, label=y, weight=w if case["weighted"] else None, nthread=1, feature_names=names)
        params = {"tree_method": "hist", "nthread": 1, **case["params"]}
        rounds = params.pop("num_round")
        log = {}
        booster = xgb.train(params, d, rounds, evals=[(d, "train")], evals_result=log, verbose_eval=False)
        booster.save_model(f"{out}/{name}.ref.json")
        xgb.train(params, d, rounds // 2).save_model(f"{out}/{name}.half.json")
        booster.save_model(f"{out}/{name}.ref.ubj")
        np.savetxt(f"{out}/{name}.margin.txt", booster.predict(d, output_margin=True).reshape(-1), fmt="%.9g")
        np.savetxt(f"{out}/{name}.prob.txt", booster.predict(d).reshape(-1), fmt="%.9g")
        json.dump(log, open(f"{out}/{name}.eval.json", "w"))
    else:
        d = xgb.DMatrix(X, feature_names=names)
        for ext in ["json", "ubj"]:
            booster = xgb.Booster(model_file=f"{out}/{name}.ours.{ext}")
            np.savetxt(f"{out}/{name}.{xgb.__version__}.{ext}.prob.txt", booster.predict(d).reshape(-1), fmt="%.9g")
