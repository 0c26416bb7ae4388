"""XGBoost 3.4.1's root split on categorical features, for test/split/categorical-split.test.ts.

Usage: python3 categorical-split.py DIR  (DIR holds data.csv and cases.json, written by the test)
data.csv: y, yb (the binary label), then one column per feature holding category codes (empty = missing). Each case names
the features (column indices), the objective and tree parameters; the frame's category columns are
pd.Categorical with categories = every code of the column's list (case['levels'][f] + 3 entries),
so XGBoost's codes equal the CSV's. Writes DIR/<case>.json: {leaf: true} when the root was not split, else the root's split feature (index into
the case's features), default_left, loss_change, category codes and children's sum_hessian.
"""
import json
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

d = sys.argv[1]
raw = np.genfromtxt(f"{d}/data.csv", delimiter=',', skip_header=1, dtype=np.float64, filling_values=np.nan)
meta = json.load(open(f"{d}/cases.json"))
for case in meta['cases']:
    cols = {}
    for k, f in enumerate(case['features']):
        codes = raw[:, 2 + f]
        n_list = meta['listLengths'][f]
        cats = pd.Categorical.from_codes(np.where(np.isnan(codes), -1, codes).astype(np.int64), categories=[f"c{i}" for i in range(n_list)])
        cols[f"x{k}"] = cats
    X = pd.DataFrame(cols)
    dm = xgb.DMatrix(X, label=raw[:, 1 if case['binary'] else 0].astype(np.float32), enable_categorical=True, nthread=1)
    params = {'tree_method': 'hist', 'max_depth': 1, 'eta': 1.0, 'base_score': 0.5, 'nthread': 1, **case['params']}
    bst = xgb.train(params, dm, num_boost_round=1)
    tree = json.loads(bst.save_raw('json').decode())['learner']['gradient_booster']['model']['trees'][0]
    nodes = tree['categories_nodes']
    if tree['left_children'][0] == -1:
        json.dump({'leaf': True}, open(f"{d}/{case['name']}.json", 'w'))
        continue
    out = {
        'feature': tree['split_indices'][0],
        'split_type': tree['split_type'][0],
        'default_left': tree['default_left'][0],
        'loss_change': tree['loss_changes'][0],
        'left_hess': tree['sum_hessian'][tree['left_children'][0]],
        'right_hess': tree['sum_hessian'][tree['right_children'][0]],
        'categories': [],
    }
    if 0 in nodes:
        k = nodes.index(0)
        s = tree['categories_segments'][k]
        out['categories'] = tree['categories'][s:s + tree['categories_sizes'][k]]
    json.dump(out, open(f"{d}/{case['name']}.json", 'w'))
