#!/usr/bin/env bash
# Time PySAL segregation's batch_compute_singlegroup (every single-group index) and a 5-distance
# multiscalar profile (compute_multiscalar_profile, multigroup dissimilarity) against segatlas on
# Stockholm's 1,287 DeSO (../shared/data), in one run, the computation alone (files read before
# the clock starts on both sides), best of three, in SWEREF 99 TM. Needs a virtualenv with the
# PySAL stack outside the repository, e.g.
#   python3 -m venv ~/.cache/pysal && ~/.cache/pysal/bin/pip install segregation geopandas
# Usage: PYTHON=~/.cache/pysal/bin/python bash benches/compare_segregation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
# The target directory stays outside the clone (as the README says), also when unset here.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/segatlas-target}"
SEGATLAS="${SEGATLAS:-$CARGO_TARGET_DIR/release/segatlas}"
[ -x "$SEGATLAS" ] || cargo build --release
file=../shared/data/stockholm/deso2018_scb2022.geojson
GROUPS_=svensk_bakgrund_2022,utlandsk_bakgrund_2022
read -r py_single py_multi < <("$PYTHON" - "$file" <<'PY'
import sys, time, warnings
warnings.filterwarnings("ignore")
import geopandas
from segregation.batch import batch_compute_singlegroup
from segregation.dynamics import compute_multiscalar_profile
from segregation.multigroup import MultiDissim
df = geopandas.read_file(sys.argv[1]).to_crs(3006)
def best(f):
    b = float("inf")
    for _ in range(3):
        t = time.perf_counter(); f(); b = min(b, (time.perf_counter() - t) * 1000)
    return b
single = best(lambda: batch_compute_singlegroup(df, "utlandsk_bakgrund_2022", "folkmangd_2022", progress_bar=False))
multi = best(lambda: compute_multiscalar_profile(df, segregation_index=MultiDissim,
    groups=["svensk_bakgrund_2022", "utlandsk_bakgrund_2022"], distances=[500, 1000, 1500, 2000, 2500]))
print(f"{single:.1f} {multi:.1f}")
PY
)
best_of_three() {
  for _ in 1 2 3; do "$SEGATLAS" "$@" --json; done \
    | "$PYTHON" -c "import json,sys; r=[json.loads(x) for x in sys.stdin.read().replace('}\n{','}\x00{').split('\x00')]; print(f\"{min(d['elapsed_ms'] for d in r):.1f}\")"
}
rs_single=$(best_of_three index "$file" --group utlandsk_bakgrund_2022 --total folkmangd_2022 --index all)
rs_multi=$(best_of_three index "$file" --groups "$GROUPS_" --index multi-dissim --distance 0,500,1000,1500,2000,2500)
ratio() { "$PYTHON" -c "print(f'{$1/$2:.0f}')"; }
echo "all single-group indices, 1,287 DeSO: PySAL ${py_single} ms, segatlas ${rs_single} ms, ratio $(ratio "$py_single" "$rs_single")x"
echo "multiscalar profile (multi-dissim, 5 distances + aspatial): PySAL ${py_multi} ms, segatlas ${rs_multi} ms, ratio $(ratio "$py_multi" "$rs_multi")x"
