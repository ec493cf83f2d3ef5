#!/usr/bin/env bash
# Time LISA (local Moran, 999 conditional permutations, queen weights row-standardised) in esda
# and in segatlas on the same generated tessellations, in one run, the computation alone, best
# of three. Needs a virtualenv with the PySAL stack outside the repository, e.g.
#   python3 -m venv ~/.cache/pysal && ~/.cache/pysal/bin/pip install esda libpysal geopandas
# Usage: PYTHON=~/.cache/pysal/bin/python bash benches/compare_esda.sh [SIDE...]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
# The target directory stays outside the clone (as the README says), also when unset here.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}"
SEGATLAS="${SEGATLAS:-$CARGO_TARGET_DIR/release/segatlas}"
[ -x "$SEGATLAS" ] || cargo build --release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for s in ${@:-174 317}; do
  file="$work/tess_$s.geojson"
  "$PYTHON" benches/tessellation.py "$s" "$file"
  py_ms=$("$PYTHON" - "$file" <<'PY'
import sys, time, geopandas, libpysal, esda
df = geopandas.read_file(sys.argv[1])
w = libpysal.weights.Queen.from_dataframe(df, use_index=False, silence_warnings=True)
w.transform = "r"
esda.Moran_Local(df["v"].values[:50], libpysal.weights.lat2W(5, 10), permutations=9)  # compile numba first
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    m = esda.Moran_Local(df["v"].values, w, permutations=999, seed=1)
    best = min(best, (time.perf_counter() - t) * 1000)
print(f"{best:.1f}")
PY
)
  rs_ms=$(for _ in 1 2 3; do "$SEGATLAS" autocorr "$file" --var v --weights queen --tolerance 0 --stat lisa --permutations 999 --json; done \
    | "$PYTHON" -c "import json,sys; r=[json.loads(x) for x in sys.stdin.read().replace('}\n{','}\x00{').split('\x00')]; print(f\"{min(d['elapsed_ms'] for d in r):.1f}\")")
  echo "$((s * s)) polygons: esda ${py_ms} ms, segatlas ${rs_ms} ms, ratio $("$PYTHON" -c "print(f'{${py_ms}/${rs_ms}:.0f}')")x"
done
