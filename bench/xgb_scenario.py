# XGBoost side of bench/compare.js, run with /usr/bin/python3 (XGBoost 1.7.4 by default, 3.4.1 with
# PYTHONPATH=/work/shared/anchors/xgboost-3.4.1/python). Two whole-process modes,
# the same work as lambdaboost's CLI commands:
#   train   TRAIN_FILE MODEL_OUT THREADS key=value ...   load CSV/LibSVM(+.query), train, save JSON model
#   predict MODEL TEST_FILE OUT THREADS                  load model and data, predict, write one value a line
# Prints one JSON line with its phase times (train_s is train-only).
import json, resource, sys, time
t_start = time.perf_counter()
import numpy as np
import pandas as pd
import xgboost as xgb

mode, a, b, threads, *kv = sys.argv[1:]
threads = int(threads)


def load(path):
    if path.endswith('.csv'):
        df = pd.read_csv(path, dtype=np.float32, engine='c')
        y = df.pop('y').to_numpy()
        qid = df.pop('qid').to_numpy().astype(np.uint32) if 'qid' in df.columns else None
        return xgb.DMatrix(df.to_numpy(), label=y, qid=qid, missing=np.nan, nthread=threads)
    m = xgb.DMatrix(path + '?format=libsvm', nthread=threads)
    with open(path + '.query') as f:
        m.set_group([int(l) for l in f if l.strip()])
    return m


t0 = time.perf_counter()
out = {'impl': 'xgboost-' + xgb.__version__, 'mode': mode, 'threads': threads, 'import_s': round(t0 - t_start, 3)}
if mode == 'train':
    params = {'eta': 0.1, 'max_depth': 6, 'max_bin': 256, 'tree_method': 'hist', 'nthread': threads}
    rounds = 100
    for w in kv:
        k, v = w.split('=', 1)
        if k == 'num_round':
            rounds = int(v)
        else:
            params[k] = v
    d = load(a)
    t1 = time.perf_counter()
    booster = xgb.train(params, d, rounds)
    t2 = time.perf_counter()
    booster.save_model(b)
    out.update(load_s=round(t1 - t0, 3), train_s=round(t2 - t1, 3), save_s=round(time.perf_counter() - t2, 3))
else:
    booster = xgb.Booster(model_file=a)
    booster.set_param('nthread', threads)
    d = load(b)
    t1 = time.perf_counter()
    p = booster.predict(d)
    t2 = time.perf_counter()
    np.savetxt(kv[0] if kv else '/dev/null', p, fmt='%.9g')
    out.update(load_s=round(t1 - t0, 3), predict_s=round(t2 - t1, 3), write_s=round(time.perf_counter() - t2, 3))
out['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
