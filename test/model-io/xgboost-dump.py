"""Writes XGBoost 3.4.1's dumps of a small model with a feature map (test/model-io/xgboost-dump.test.ts).

Usage: python3 xgboost-dump.py OUT_DIR  -> OUT_DIR/model.json, fmap.txt and dump-<text|json>-<stats>.txt
"""
import sys

import numpy as np
import xgboost as xgb

out = sys.argv[1]
rng = np.random.default_rng(7)
n = 300
flag = (rng.random(n) < 0.4).astype(np.float32)
count = rng.integers(0, 9, n).astype(np.float32)
price = np.round(rng.normal(10, 3, n), 2).astype(np.float32)
price[rng.random(n) < 0.1] = np.nan
y = (2 * flag + 0.3 * count + 0.1 * np.nan_to_num(price) + rng.normal(0, 0.3, n)).astype(np.float32)
X = np.stack([flag, count, price], axis=1)
d = xgb.DMatrix(X, label=y, nthread=1)
b = xgb.train({"tree_method": "hist", "nthread": 1, "max_depth": 3, "eta": 0.3}, d, 4)
b.save_model(f"{out}/model.json")
with open(f"{out}/fmap.txt", "w") as f:
    f.write('0\tflag\ti\n1\tcount\tint\n2\tprice "eur"\tq\n'.replace(' "eur"', ''))
for fmt in ("text", "json"):
    for stats in (False, True):
        b.dump_model(f"{out}/dump-{fmt}-{int(stats)}.txt", fmap=f"{out}/fmap.txt", with_stats=stats, dump_format=fmt)
