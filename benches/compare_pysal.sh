#!/usr/bin/env bash
# Time queen contiguity in libpysal and in segatlas on the same generated tessellations, in one
# run. Needs a Python virtualenv with the PySAL stack outside the repository, e.g.
#   python3 -m venv ~/.cache/pysal && ~/.cache/pysal/bin/pip install libpysal geopandas
# Usage: PYTHON=~/.cache/pysal/bin/python bash benches/compare_pysal.sh [SIDE...]
# Both sides time the computation alone (file reading excluded), best of three.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
# The target directory stays outside the clone (as the README says), also when unset here.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}"
SEGATLAS="${SEGATLAS:-$CARGO_TARGET_DIR/release/segatlas}"
[ -x "$SEGATLAS" ] || cargo build --release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in "${@:-174 317}"; do
  for s in $side; do
    file="$work/tess_$s.geojson"
    "$PYTHON" benches/tessellation.py "$s" "$file"
    py_ms=$("$PYTHON" - "$file" <<'PY'
import sys, time, geopandas, libpysal
df = geopandas.read_file(sys.argv[1])
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    w = libpysal.weights.Queen.from_dataframe(df, use_index=False, silence_warnings=True)
    best = min(best, (time.perf_counter() - t) * 1000)
print(f"{best:.1f} {w.s0:.0f}")
PY
)
    rs_ms=$(for _ in 1 2 3; do "$SEGATLAS" weights "$file" --kind queen --tolerance 0 --json; done \
      | "$PYTHON" -c "import json,sys; r=[json.loads(x) for x in sys.stdin.read().replace('}\n{','}\x00{').split('\x00')]; print(f\"{min(d['elapsed_ms'] for d in r):.1f} {r[0]['s0']:.0f}\")")
    n=$((s * s))
    echo "$n polygons: libpysal ${py_ms% *} ms (s0 ${py_ms#* }), segatlas ${rs_ms% *} ms (s0 ${rs_ms#* }), ratio $("$PYTHON" -c "print(f'{${py_ms% *}/${rs_ms% *}:.0f}')")x"
  done
done
