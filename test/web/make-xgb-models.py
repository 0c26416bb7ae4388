"""Writes XGBoost 3.4.1 models and their margins for the web build's tests.

Usage: PYTHONPATH=<xgboost-3.4.1>/python python3 make-xgb-models.py OUT_DIR SEED

For each objective (reg:squarederror, binary:logistic, rank:ndcg) trains on random data with
missing values, saves OUT_DIR/<name>.json and OUT_DIR/<name>.ubj, and writes OUT_DIR/<name>.rows.json:
{"rows": [[...]], "margin": [...], "contrib": [[...]]}, the test rows (null = missing) with
XGBoost's output_margin and pred_contribs, as float32 values printed with 9 significant digits.
"""
import json
import sys

import numpy as np
import xgboost as xgb

out, seed = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(seed)
n, f = 600, 7
X = rng.normal(size=(n, f)).astype(np.float32)
X[rng.random(size=X.shape) < 0.1] = np.nan
signal = np.nan_to_num(X[:, 0]) * 2 - np.nan_to_num(X[:, 1]) + np.sin(np.nan_to_num(X[:, 2]) * 3)
cases = {
    'reg': ({'objective': 'reg:squarederror'}, signal + rng.normal(size=n) * 0.3, None),
    'binary': ({'objective': 'binary:logistic'}, (signal + rng.normal(size=n) > 0).astype(np.float32), None),
    'rank': ({'objective': 'rank:ndcg'}, np.clip(np.round(signal + 1.5), 0, 4), np.repeat(np.arange(n // 20), 20)),
}
T = rng.normal(size=(50, f)).astype(np.float32)
T[rng.random(size=T.shape) < 0.15] = np.nan
T[0, :] = np.nan
for name, (params, y, qid) in cases.items():
    d = xgb.DMatrix(X, label=y, qid=qid, feature_names=[f'f{i}' for i in range(f)])
    p = dict(params, eta=0.3, max_depth=5, tree_method='hist', seed=seed, nthread=1)
    bst = xgb.train(p, d, num_boost_round=20)
    bst.save_model(f'{out}/{name}.json')
    bst.save_model(f'{out}/{name}.ubj')
    dt = xgb.DMatrix(T, feature_names=[f'f{i}' for i in range(f)])
    margin = bst.predict(dt, output_margin=True)
    contrib = bst.predict(dt, pred_contribs=True)
    g9 = lambda v: float('%.9g' % v)
    rows = [[None if np.isnan(v) else g9(v) for v in r] for r in T]
    with open(f'{out}/{name}.rows.json', 'w') as fh:
        json.dump({'rows': rows, 'margin': [g9(v) for v in margin], 'contrib': [[g9(v) for v in r] for r in contrib]}, fh)
