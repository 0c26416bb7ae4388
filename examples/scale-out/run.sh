#!/usr/bin/env bash
# The scale-out walk-through, start to finish: XGBoost trains on a Dask cluster (two worker
# processes on 127.0.0.1), lambdaboost predicts, ranks, plots and serves the models it wrote.
#
#   examples/scale-out/run.sh [OUT_DIR]        (default: examples/scale-out/out)
#
# Needs Debian's packages for /usr/bin/python3 (not a pyenv/conda python3 on PATH):
#   sudo apt-get install -y python3-xgboost python3-dask python3-distributed
# and Node 20. Builds lambdaboost first if this checkout has not been built.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$HERE/out}"
PY=/usr/bin/python3
LB=(node "$REPO/bin/lambdaboost.js")   # what `npx lambdaboost` runs
SERVE_PID=""

step() { printf '\n== %s\n' "$*"; }
has_command() { "${LB[@]}" --help | grep -qE "^ +$1( |$)"; }
cleanup() { if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

step "0. prerequisites"
if ! "$PY" -c 'import xgboost, dask, distributed' 2>/dev/null; then
  echo "$PY cannot import xgboost, dask and distributed; install them with:" >&2
  echo "  sudo apt-get install -y python3-xgboost python3-dask python3-distributed" >&2
  exit 1
fi
"$PY" -c 'import xgboost, dask; print(f"XGBoost {xgboost.__version__}, Dask {dask.__version__}")'
if [ ! -d "$REPO/node_modules" ]; then
  (cd "$REPO" && npm install)            # also builds (the prepare script)
elif [ ! -f "$REPO/dist/cli/main.js" ]; then
  (cd "$REPO" && npm run build)
fi
mkdir -p "$OUT"
echo "output: $OUT"

step "1. train on Dask (xgboost.dask, tree_method=hist): regression.json, ranking.json"
"$PY" "$HERE/train_dask.py" --out "$OUT"

step "2. the test sets as Arrow IPC"
writer="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["arrow_writer"] or "")' "$OUT/summary.json")"
for name in regression ranking; do
  if [ "$writer" = pyarrow ]; then
    echo "$OUT/$name-test.arrow: written by pyarrow"
  else
    qid=(); [ "$name" = ranking ] && qid=(--qid qid)
    node "$HERE/to-arrow.mjs" "$OUT/$name-test.csv" "$OUT/$name-test.arrow" --label label "${qid[@]}"
  fi
done

step "3. lambdaboost predict (margins) and the check against XGBoost's own predictions"
"${LB[@]}" predict --model "$OUT/regression.json" --data "$OUT/regression-test.arrow" \
  --label label --margin --out "$OUT/regression.lambdaboost-margin.txt"
"${LB[@]}" predict --model "$OUT/ranking.json" --data "$OUT/ranking-test.arrow" \
  --label label --qid qid --margin --out "$OUT/ranking.lambdaboost-margin.txt"
"$PY" "$HERE/compare.py" \
  regression "$OUT/regression.xgb-margin.f32" "$OUT/regression.lambdaboost-margin.txt" \
  ranking "$OUT/ranking.xgb-margin.f32" "$OUT/ranking.lambdaboost-margin.txt"

step "4. rank every test query (Booster.rank)"
node "$HERE/rank.mjs" "$OUT/ranking.json" "$OUT/ranking-test.arrow" "$OUT/ranking-order.tsv"

step "5. partial dependence plot"
if has_command pdp; then
  # writes pdp-x0.csv, .json, .svg (average and ICE curves) and .vl.json (Vega-Lite)
  "${LB[@]}" pdp --model "$OUT/regression.json" --data "$OUT/regression-test.arrow" --label label \
    --feature x0 --ice 50 --out "$OUT/pdp-x0"
else
  echo "skipped: this lambdaboost has no pdp command yet"
fi

step "6. serve the ranking model over HTTP (127.0.0.1, any free port) and POST /rank one query"
if has_command serve; then
  "${LB[@]}" serve --model "$OUT/ranking.json" --host 127.0.0.1 --port 0 --quiet > "$OUT/serve.log" 2>&1 &
  SERVE_PID=$!
  URL=""
  for _ in $(seq 1 100); do
    URL="$(grep -oE 'http://[^ ]+' "$OUT/serve.log" | head -n 1 || true)"
    [ -n "$URL" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$URL" ] || { echo "serve did not start:" >&2; cat "$OUT/serve.log" >&2; exit 1; }
  echo "GET $URL/health -> $(curl -sS "$URL/health")"
  curl -sS -X POST -H 'content-type: application/json' --data-binary @"$OUT/ranking-request.json" \
    "$URL/rank" > "$OUT/served-rank.json"
  kill "$SERVE_PID"
  wait "$SERVE_PID" || true
  SERVE_PID=""
  # The served order of query 0 must be the one rank.mjs wrote (rows 0.. of the file are query 0).
  "$PY" - "$OUT/served-rank.json" "$OUT/ranking-order.tsv" <<'EOF'
import json, sys
served = json.load(open(sys.argv[1]))
if "order" not in served:
    sys.exit(f"POST /rank answered {served}")
offline = [int(line.split("\t")[2]) for line in open(sys.argv[2]) if line.startswith("0\t")]
print(f"POST /rank -> order {served['order'][:5]}... ({len(served['order'])} documents); same as Booster.rank: {served['order'] == offline}")
sys.exit(0 if served["order"] == offline else 1)
EOF
else
  echo "skipped: this lambdaboost has no serve command yet"
fi

step "done in ${SECONDS} s; files in $OUT"
