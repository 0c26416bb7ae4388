"""XGBoost 3.4.1 on a CSV with text columns, for test/tree/categorical-parity.test.ts.

Usage: python3 categorical-parity.py DIR train | DIR predict NAME   (DIR holds data.csv and cases.json, written by the test)
data.csv: y, then feature columns; the text columns (cases.json "categorical") are read as pandas
category columns (pandas sorts the categories, by code point as the CSV loader here does), empty
cells missing. For each case: trains hist with its params and rounds, writes DIR/<name>.ref.json;
then loads each of our models DIR/<name>.ours.json and .ours.ubj and writes their predictions on
the same frame (predict NAME: case NAME only), and the reference model's, to DIR/<name>.pred.json (float32 values as doubles).
"""
import json
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

d = sys.argv[1]
meta = json.load(open(f"{d}/cases.json"))
df = pd.read_csv(f"{d}/data.csv", keep_default_na=False, na_values=[''])
for c in meta['categorical']:
    df[c] = df[c].astype('category')
y = df.pop('y')
stage = sys.argv[2]
for case in meta['cases']:
    if stage == 'predict' and case['name'] != sys.argv[3]:
        continue
    dm = xgb.DMatrix(df, label=y, enable_categorical=True, nthread=1)
    if stage == 'train':
        params = {'tree_method': 'hist', 'nthread': 1, **case['params']}
        bst = xgb.train(params, dm, num_boost_round=case['rounds'])
        bst.save_model(f"{d}/{case['name']}.ref.json")
    else:
        out = {}
        for tag in ['ref.json', 'ours.json', 'ours.ubj']:
            b = xgb.Booster()
            b.load_model(f"{d}/{case['name']}.{tag}")
            out[tag] = b.predict(dm, output_margin=True).astype(np.float64).tolist()
            if tag != 'ours.ubj':
                out[tag + ':contribs'] = b.predict(dm, pred_contribs=True).astype(np.float64).ravel().tolist()
        json.dump(out, open(f"{d}/{case['name']}.pred.json", 'w'))
