"""XGBoost 3.4.1 models whose output transform calls expf, for test/predict/exp-outputs-parity.test.ts.

Usage: python3 exp-outputs-parity.py DIR  (DIR holds data.csv: y_bin, y_pos, a, b, c; written by the test)
Writes DIR/<objective>.json (the model) and DIR/<objective>.pred.txt (transformed outputs, %.9g).
"""
import sys

import numpy as np
import xgboost as xgb

out = sys.argv[1]
raw = np.genfromtxt(f"{out}/data.csv", delimiter=',', skip_header=1, dtype=np.float32, filling_values=np.nan)
X = raw[:, 2:]
for objective, y in [("binary:logistic", raw[:, 0]), ("reg:logistic", raw[:, 0]), ("count:poisson", raw[:, 1]),
                     ("reg:gamma", raw[:, 1] + 0.5), ("reg:tweedie", raw[:, 1])]:
    d = xgb.DMatrix(X, label=y, nthread=1)
    booster = xgb.train({"objective": objective, "tree_method": "hist", "nthread": 1, "eta": 0.3, "max_depth": 8, "min_child_weight": 0}, d, 40)
    name = objective.replace(":", "_")
    booster.save_model(f"{out}/{name}.json")
    np.savetxt(f"{out}/{name}.pred.txt", booster.predict(d), fmt="%.9g")
