"""XGBoost 3.4.1's side of test/objective/multiclass-quality.test.ts.

Usage: python3 multiclass-quality.py DIR PARAMS_JSON
Writes, for sklearn's bundled digits (10 classes) and wine (3 classes), a 70/30 split
(DIR/<set>.train.csv, DIR/<set>.test.csv: label first) and XGBoost's test mlogloss and accuracy
with PARAMS_JSON (DIR/<set>.xgb.json).
"""
import json
import sys

import numpy as np
import xgboost as xgb
from sklearn.datasets import load_digits, load_wine

out = sys.argv[1]
params = json.loads(sys.argv[2])
for name, loader in [("digits", load_digits), ("wine", load_wine)]:
    X, y = loader(return_X_y=True)
    X = X.astype(np.float32)
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(y))
    cut = int(0.7 * len(y))
    parts = {"train": idx[:cut], "test": idx[cut:]}
    for part, rows in parts.items():
        with open(f"{out}/{name}.{part}.csv", "w") as f:
            f.write(",".join(["y"] + [f"f{j}" for j in range(X.shape[1])]) + "\n")
            for r in rows:
                f.write(",".join([str(int(y[r]))] + ["%.9g" % v for v in X[r]]) + "\n")
    p = {"tree_method": "hist", "nthread": 1, "num_class": int(y.max()) + 1, **params}
    rounds = p.pop("num_round")
    dtrain = xgb.DMatrix(X[parts["train"]], label=y[parts["train"]])
    dtest = xgb.DMatrix(X[parts["test"]], label=y[parts["test"]])
    log = {}
    b = xgb.train(p, dtrain, rounds, evals=[(dtest, "test")], evals_result=log, verbose_eval=False)
    prob = b.predict(dtest)
    acc = float((prob.argmax(1) == y[parts["test"]]).mean())
    json.dump({"mlogloss": log["test"]["mlogloss"][-1], "accuracy": acc}, open(f"{out}/{name}.xgb.json", "w"))
