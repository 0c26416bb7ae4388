#!/usr/bin/python3
"""Train XGBoost on a Dask cluster, hand the models and a held-out test set to lambdaboost.

This is the "data outgrew one machine" path: training runs on a distributed engine (here a Dask
``LocalCluster`` of two worker processes on 127.0.0.1, standing in for a real cluster), and the
resulting XGBoost JSON model is served, ranked, explained and plotted by lambdaboost.

Two models are trained with ``tree_method="hist"`` on synthetic data with 2% missing values:

* ``regression.json`` -- ``reg:squarederror``, through the functional ``xgboost.dask.train`` with a
  ``DaskDMatrix``;
* ``ranking.json`` -- ``rank:ndcg`` with query groups, through ``xgboost.dask.train`` with a
  ``DaskDMatrix`` that has ``qid``.

Ranking on Dask in XGBoost 1.7.4: query groups are given as ``qid`` (a Dask collection
partitioned like ``X``); ``group`` (query sizes) is refused on the Dask interface, because sizes
cannot be split across partitions. ``DaskXGBRanker.fit(X, y, qid=...)`` works in 1.7.4 too, but it
is a scikit-learn estimator and imports sklearn, which Debian's python3-xgboost does not pull in;
all it does is build the same ``DaskDMatrix`` and call the same training function, so this script
calls ``xgboost.dask.train`` directly.

Each worker builds its DMatrix from the partitions it holds; XGBoost requires ``qid`` to be
non-decreasing within that DMatrix, and computes a query's LambdaMART gradients from the rows one
worker holds. So the rows are sorted by query and partitioned on query boundaries
(``dd.from_pandas`` on a sorted ``qid`` index never splits one index value across partitions):
every query lives whole on one worker.

Outputs, in ``--out``:

* ``regression.json``, ``ranking.json`` -- the models, XGBoost's JSON schema;
* ``regression-test.csv``, ``ranking-test.csv`` -- 2,000 held-out rows each, float32 values
  printed with 9 significant digits (so they read back to the same float32), missing = empty;
  ranking rows are sorted by ``qid``;
* ``regression-test.arrow``, ``ranking-test.arrow`` -- the same as Arrow IPC files, written here
  when pyarrow is installed; otherwise run ``to-arrow.mjs`` (lambdaboost's own ``writeArrow``);
* ``regression.xgb-margin.f32``, ``ranking.xgb-margin.f32`` -- XGBoost's own margins for the test
  rows (``output_margin=True``) from the saved JSON model, little-endian float32, one per row;
* ``ranking-request.json`` -- a ``POST /rank`` body for ``lambdaboost serve``: the documents of
  the first test query, keyed by feature name, missing = null;
* ``summary.json`` -- row counts, missing fractions, timings, and which writer made the Arrow files.

Only Debian's packages are needed: ``apt-get install -y python3-xgboost python3-dask
python3-distributed`` (pandas and numpy come with them). Run with ``/usr/bin/python3``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from typing import Dict, List

import numpy as np
import pandas as pd

import dask
import dask.dataframe as dd
import xgboost as xgb
import xgboost.dask as dxgb
from distributed import Client, LocalCluster

N_FEATURES = 8
FEATURES = [f"x{j}" for j in range(N_FEATURES)]
MISSING_FRACTION = 0.02
TEST_ROWS = 2000
N_ROUNDS = 60


def with_missing(rng: np.random.Generator, X: np.ndarray, fraction: float) -> np.ndarray:
    """Sets exactly round(fraction * X.size) cells, chosen uniformly, to NaN (in place)."""
    k = int(round(fraction * X.size))
    cells = rng.choice(X.size, size=k, replace=False)
    X.reshape(-1)[cells] = np.nan
    return X


def features(rng: np.random.Generator, n: int) -> np.ndarray:
    """n rows of float32 features, mixed scales and shapes."""
    X = np.empty((n, N_FEATURES), dtype=np.float32)
    X[:, 0] = rng.uniform(-3, 3, n)
    X[:, 1] = rng.normal(0, 1, n)
    X[:, 2] = rng.exponential(2.0, n)
    X[:, 3] = rng.integers(0, 10, n)
    X[:, 4] = rng.normal(5, 2, n)
    X[:, 5] = rng.uniform(0, 1, n)
    X[:, 6] = rng.normal(0, 10, n)
    X[:, 7] = rng.uniform(-1, 1, n)
    return X


def signal(X: np.ndarray) -> np.ndarray:
    """A non-linear function of the features, computed before any value is made missing."""
    return (
        2.0 * np.sin(X[:, 0])
        + X[:, 1] ** 2
        + np.where(X[:, 2] > 2.0, X[:, 3] * 0.3, -0.5)
        + 0.4 * X[:, 4] * X[:, 5]
        + 0.05 * X[:, 6]
    )


def regression_data(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Columns label, x0..x7; 2% of the feature cells missing."""
    X = features(rng, n)
    y = signal(X) + rng.normal(0, 0.3, n)
    with_missing(rng, X, MISSING_FRACTION)
    df = pd.DataFrame(X, columns=FEATURES)
    df.insert(0, "label", y.astype(np.float32))
    return df


def ranking_data(rng: np.random.Generator, sizes: List[int], first_qid: int) -> pd.DataFrame:
    """Columns qid, label (graded 0..4), x0..x7; rows sorted by qid; 2% of the feature cells missing."""
    n = int(sum(sizes))
    X = features(rng, n)
    qid = np.repeat(np.arange(first_qid, first_qid + len(sizes), dtype=np.int32), sizes)
    latent = signal(X) + rng.normal(0, 0.5, n)
    label = np.clip(np.floor((latent + 1.0) / 1.5), 0, 4).astype(np.float32)
    with_missing(rng, X, MISSING_FRACTION)
    df = pd.DataFrame(X, columns=FEATURES)
    df.insert(0, "label", label)
    df.insert(0, "qid", qid)
    return df


def write_csv(df: pd.DataFrame, path: str) -> None:
    """float32 cells with 9 significant digits (exact round trip), NaN as an empty cell."""
    df.to_csv(path, index=False, float_format="%.9g", na_rep="")


def write_arrow(df: pd.DataFrame, path: str, roles: Dict[str, str]) -> bool:
    """Writes an Arrow IPC file with pyarrow when it is installed; False when it is not.

    Features are float32 (NaN stays NaN), qid int32. The schema metadata names the label and
    query columns the way lambdaboost's writeArrow records them, so `lambdaboost predict` needs
    no --label/--qid flags for these files either.
    """
    try:
        import pyarrow as pa  # type: ignore
        import pyarrow.ipc as ipc  # type: ignore
    except ImportError:
        return False
    arrays = []
    names = []
    for col in df.columns:
        values = df[col].to_numpy()
        if col == "qid":
            arrays.append(pa.array(values.astype(np.int32)))
        else:
            arrays.append(pa.array(values.astype(np.float32), from_pandas=False))
        names.append(col)
    meta = {"lambdaboost.roles": json.dumps(roles), "lambdaboost.hasFeatureNames": "true"}
    table = pa.Table.from_arrays(arrays, names=names).replace_schema_metadata(meta)
    with ipc.new_file(path, table.schema) as writer:
        writer.write_table(table)
    return True


def write_f32(values: np.ndarray, path: str) -> None:
    """Little-endian float32, one value per row, nothing else."""
    np.asarray(values, dtype="<f4").tofile(path)


def write_rank_request(df: pd.DataFrame, path: str) -> None:
    """A `POST /rank` body for `lambdaboost serve`: the first test query's documents, each an
    object keyed by feature name, missing values as null."""
    first = df[df["qid"] == df["qid"].iloc[0]]
    rows = [
        {name: (None if np.isnan(v) else float(v)) for name, v in zip(FEATURES, values)}
        for values in first[FEATURES].to_numpy(dtype=np.float32)
    ]
    with open(path, "w") as f:
        json.dump({"rows": rows}, f)


def xgboost_margins(model_path: str, X: np.ndarray, client: Client, dask_X: dd.DataFrame) -> np.ndarray:
    """XGBoost's own margins for X from the saved JSON model (a fresh Booster, single node).

    Also predicts on the cluster with xgboost.dask.predict and checks that both agree bit for bit,
    so the reference is the same whichever way XGBoost is asked.
    """
    booster = xgb.Booster(model_file=model_path)
    local = booster.predict(xgb.DMatrix(X, missing=np.nan, feature_names=FEATURES), output_margin=True)
    distributed_pred = dxgb.predict(client, booster, dask_X, output_margin=True).compute()
    distributed_pred = np.asarray(distributed_pred, dtype=np.float32)
    if not np.array_equal(local.view(np.uint32), distributed_pred.view(np.uint32)):
        raise SystemExit(f"{model_path}: xgboost.dask.predict differs from Booster.predict")
    return local


def quiet_dask_logs() -> None:
    """Only warnings and errors from Dask's scheduler and comms (they log every connection)."""
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.WARNING)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="output directory (created)")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--train-rows", type=int, default=20000, help="training rows of each model")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)  # noqa: E731
    rng = np.random.default_rng(args.seed)
    t0 = time.time()
    timings: Dict[str, float] = {}

    # ---- data -----------------------------------------------------------------------------
    reg_train = regression_data(rng, args.train_rows)
    reg_test = regression_data(rng, TEST_ROWS)
    train_sizes: List[int] = []
    while sum(train_sizes) < args.train_rows:
        train_sizes.append(int(rng.integers(5, 36)))
    rank_train = ranking_data(rng, train_sizes, first_qid=1)
    rank_test = ranking_data(rng, [20] * (TEST_ROWS // 20), first_qid=100001)

    # ---- cluster: scheduler, two worker processes and XGBoost's tracker, all on 127.0.0.1 ----
    # scheduler_port=0 and the ":0" HTTP (dashboard) addresses: any free port, on 127.0.0.1.
    # xgboost.scheduler_address: where XGBoost's collective tracker listens (otherwise it guesses
    # the machine's outward-facing address).
    dask.config.set({"xgboost": {"scheduler_address": "127.0.0.1"}})
    with LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address="127.0.0.1:0",
        worker_dashboard_address="127.0.0.1:0",
        silence_logs=40,
    ) as cluster, Client(cluster) as client:
        timings["cluster_start_s"] = time.time() - t0
        quiet_dask_logs()

        # ---- regression: xgboost.dask.train on a DaskDMatrix ----------------------------------
        t = time.time()
        ddf = dd.from_pandas(reg_train, npartitions=4)
        dtrain = dxgb.DaskDMatrix(client, ddf[FEATURES], ddf["label"], missing=np.nan)
        params = {
            "objective": "reg:squarederror",
            "tree_method": "hist",
            "max_depth": 6,
            "eta": 0.1,
            "max_bin": 256,
            "eval_metric": "rmse",
        }
        result = dxgb.train(client, params, dtrain, num_boost_round=N_ROUNDS, evals=[(dtrain, "train")], verbose_eval=20)
        result["booster"].save_model(out("regression.json"))
        rmse = result["history"]["train"]["rmse"]
        timings["regression_train_s"] = time.time() - t
        print(f"regression: {N_ROUNDS} rounds on {len(reg_train)} rows, train-rmse {rmse[0]:.4f} -> {rmse[-1]:.4f}")

        # ---- ranking: xgboost.dask.train on a DaskDMatrix with qid, queries whole in partitions --
        # (DaskXGBRanker would do the same -- its fit() builds this DaskDMatrix and calls the same
        # training function -- but the scikit-learn wrapper imports sklearn, which is not among
        # the packages this example needs.)
        t = time.time()
        indexed = rank_train.set_index(pd.Index(rank_train["qid"].to_numpy(), name="query"))
        rdf = dd.from_pandas(indexed, npartitions=4, sort=True)
        drank = dxgb.DaskDMatrix(client, rdf[FEATURES], rdf["label"], qid=rdf["qid"], missing=np.nan)
        params = {
            "objective": "rank:ndcg",
            "tree_method": "hist",
            "max_depth": 6,
            "eta": 0.1,
            "max_bin": 256,
            "eval_metric": "ndcg@10",
        }
        result = dxgb.train(client, params, drank, num_boost_round=N_ROUNDS, evals=[(drank, "train")], verbose_eval=20)
        result["booster"].save_model(out("ranking.json"))
        ndcg = result["history"]["train"]["ndcg@10"]
        timings["ranking_train_s"] = time.time() - t
        print(f"ranking: {N_ROUNDS} rounds on {len(train_sizes)} queries ({len(rank_train)} rows), train-ndcg@10 {ndcg[0]:.4f} -> {ndcg[-1]:.4f}")

        # ---- XGBoost's own margins for the held-out rows ---------------------------------------
        t = time.time()
        reg_X = reg_test[FEATURES].to_numpy(dtype=np.float32)
        rank_X = rank_test[FEATURES].to_numpy(dtype=np.float32)
        reg_margin = xgboost_margins(out("regression.json"), reg_X, client, dd.from_pandas(reg_test[FEATURES], npartitions=2))
        rank_margin = xgboost_margins(out("ranking.json"), rank_X, client, dd.from_pandas(rank_test[FEATURES], npartitions=2))
        timings["predict_s"] = time.time() - t

    # ---- hand-off files ---------------------------------------------------------------------
    write_f32(reg_margin, out("regression.xgb-margin.f32"))
    write_f32(rank_margin, out("ranking.xgb-margin.f32"))
    write_csv(reg_test, out("regression-test.csv"))
    write_csv(rank_test, out("ranking-test.csv"))
    write_rank_request(rank_test, out("ranking-request.json"))
    arrow = write_arrow(reg_test, out("regression-test.arrow"), {"label": "label"})
    arrow = write_arrow(rank_test, out("ranking-test.arrow"), {"label": "label", "qid": "qid"}) and arrow

    timings["total_s"] = time.time() - t0
    summary = {
        "xgboost": xgb.__version__,
        "dask": dask.__version__,
        "workers": args.workers,
        "train_rows": {"regression": len(reg_train), "ranking": len(rank_train)},
        "train_queries": len(train_sizes),
        "test_rows": {"regression": len(reg_test), "ranking": len(rank_test)},
        "test_queries": int(rank_test["qid"].nunique()),
        "test_missing_fraction": {
            "regression": float(np.isnan(reg_X).mean()),
            "ranking": float(np.isnan(rank_X).mean()),
        },
        "features": FEATURES,
        "arrow_writer": "pyarrow" if arrow else None,
        "timings": {k: round(v, 3) for k, v in timings.items()},
    }
    with open(out("summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    if not arrow:
        print("pyarrow is not installed: wrote the test sets as CSV; to-arrow.mjs (lambdaboost's writeArrow) makes the Arrow files")
    print(f"wrote models, test sets and XGBoost margins to {args.out} in {timings['total_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
