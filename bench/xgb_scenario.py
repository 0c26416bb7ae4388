# XGBoost side of a macro scenario, run by bench/compare.js with /usr/bin/python3 (XGBoost 1.7.4):
#   /usr/bin/python3 bench/xgb_scenario.py NAME TRAIN TEST MODEL_OUT THREADS key=value ...
# Whole process as lambdaboost's CLI does it: load the training file, train, save the JSON model;
# then load the test file and predict. Prints one JSON line with the same fields as scenario.js.
import json, resource, sys, time
t_start = time.perf_counter()
import numpy as np
import pandas as pd
import xgboost as xgb

name, train_file, test_file, model_out, threads, *kv = sys.argv[1:]
params = {'eta': 0.1, 'max_depth': 6, 'max_bin': 256, 'tree_method': 'hist', 'nthread': int(threads),
          'base_score': 0.5}
rounds = 100
for w in kv:
    k, v = w.split('=', 1)
    if k == 'num_round':
        rounds = int(v)
    else:
        params[k] = v


def load(path, n_features=None):
    if path.endswith('.csv'):
        df = pd.read_csv(path, dtype=np.float32, engine='c')
        y = df.pop('y').to_numpy()
        return xgb.DMatrix(df.to_numpy(), label=y, missing=np.nan, nthread=int(threads))
    m = xgb.DMatrix(path + '?format=libsvm')
    with open(path + '.query') as f:
        m.set_group([int(l) for l in f if l.strip()])
    return m


t0 = time.perf_counter()
dtrain = load(train_file)
t1 = time.perf_counter()
booster = xgb.train(params, dtrain, rounds)
t2 = time.perf_counter()
booster.save_model(model_out)
t3 = time.perf_counter()
dtest = load(test_file)
t4 = time.perf_counter()
preds = booster.predict(dtest)
t5 = time.perf_counter()
labels = dtest.get_label()
if params.get('objective', '').startswith('rank:'):
    quality_name = 'test_ndcg@10'
    quality = float('nan')
else:
    quality_name = 'test_rmse'
    quality = float(np.sqrt(np.mean((preds.astype(np.float64) - labels) ** 2)))
print(json.dumps({
    'scenario': name, 'impl': 'xgboost-1.7.4', 'threads': int(threads),
    'import_s': round(t0 - t_start, 3), 'load_s': round(t1 - t0, 3), 'train_s': round(t2 - t1, 3),
    'save_s': round(t3 - t2, 3), 'test_load_s': round(t4 - t3, 3), 'predict_s': round(t5 - t4, 3),
    'predict_rows': dtest.num_row(),
    'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    quality_name: round(quality, 5),
}))
