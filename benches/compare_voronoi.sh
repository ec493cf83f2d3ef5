#!/usr/bin/env bash
# Queen contiguity (25 m tolerance in segatlas; libpysal's exact vertices) and LISA (999
# conditional permutations) on the Voronoi tessellation of 30,000 random points that
# benches/voronoi.py writes, in libpysal/esda and in segatlas, in one run: the computation alone,
# best of three. Needs a virtualenv with the PySAL stack and shapely outside the repository:
#   python3 -m venv ~/.cache/pysal && ~/.cache/pysal/bin/pip install esda libpysal geopandas
# Usage: PYTHON=~/.cache/pysal/bin/python bash benches/compare_voronoi.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
# The target directory stays outside the clone (as the README says), also when unset here.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}"
SEGATLAS="${SEGATLAS:-$CARGO_TARGET_DIR/release/segatlas}"
[ -x "$SEGATLAS" ] || cargo build --release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
file="$work/voronoi.geojson"
"$PYTHON" benches/voronoi.py 30000 "$file"
read -r py_queen py_lisa < <("$PYTHON" - "$file" <<'PY'
import sys, time, geopandas, libpysal, esda
df = geopandas.read_file(sys.argv[1])
esda.Moran_Local(df["v"].values[:50], libpysal.weights.lat2W(5, 10), permutations=9)  # compile numba first
bq = bl = float("inf")
for _ in range(3):
    t = time.perf_counter()
    w = libpysal.weights.Queen.from_dataframe(df, use_index=False, silence_warnings=True)
    bq = min(bq, (time.perf_counter() - t) * 1000)
w.transform = "r"
for _ in range(3):
    t = time.perf_counter()
    esda.Moran_Local(df["v"].values, w, permutations=999, seed=1)
    bl = min(bl, (time.perf_counter() - t) * 1000)
print(f"{bq:.1f} {bl:.1f}")
PY
)
best() { "$PYTHON" -c "import json,sys; r=[json.loads(x) for x in sys.stdin.read().replace('}\n{','}\x00{').split('\x00')]; print(f\"{min(d['elapsed_ms'] for d in r):.1f}\")"; }
rs_queen=$(for _ in 1 2 3; do "$SEGATLAS" weights "$file" --kind queen --json; done | best)
rs_lisa=$(for _ in 1 2 3; do "$SEGATLAS" autocorr "$file" --var v --weights queen --stat lisa --permutations 999 --json; done | best)
ratio() { "$PYTHON" -c "print(f'{$1/$2:.0f}')"; }
echo "queen: libpysal ${py_queen} ms, segatlas ${rs_queen} ms, $(ratio "$py_queen" "$rs_queen")x"
echo "lisa 999: esda ${py_lisa} ms, segatlas ${rs_lisa} ms, $(ratio "$py_lisa" "$rs_lisa")x"
