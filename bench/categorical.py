"""XGBoost 3.4.1's side of bench/categorical.js.

Usage: python3 categorical.py TRAIN.csv TEST.csv PARAMS_JSON ROUNDS PRED_OUT
Reads both CSVs with pandas, every text column as a category column (empty cells missing); the test
frame's columns get the training categories, so a category not seen in training is missing there
(3.4.1 refuses a frame holding one: "Found a category not in the training set"; lambdaboost's
predict reads it as missing and says so), and XGBoost re-codes the frame by name. Trains hist
with PARAMS for ROUNDS rounds, writes the test predictions (one a line) to PRED_OUT and prints
"train_seconds <s>" (xgb.train alone, the DMatrix built before the clock starts).
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb

# Debian's default xgboost is 1.7.4, whose categorical splits are not 3.4.1's.
assert xgb.__version__ == '3.4.1', f'XGBoost {xgb.__version__} imported: set PYTHONPATH to the 3.4.1 anchor'
train_csv, test_csv, params, rounds, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5]


def frame(path, like=None):
    df = pd.read_csv(path, keep_default_na=False, na_values=[''])
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].astype('category') if like is None else pd.Categorical(df[c], categories=like[c].cat.categories)
    y = df.pop('y')
    return df, y


Xtr, ytr = frame(train_csv)
Xte, _ = frame(test_csv, Xtr)
dtr = xgb.DMatrix(Xtr, label=ytr, enable_categorical=True)
t = time.perf_counter()
bst = xgb.train({'tree_method': 'hist', **params}, dtr, num_boost_round=rounds)
train_s = time.perf_counter() - t
pred = bst.predict(xgb.DMatrix(Xte, enable_categorical=True))
np.savetxt(out, pred.astype(np.float64), fmt='%.9g')
print(f"train_seconds {train_s:.4f}")
