"""Reference values for `segatlas interpolate`, from PySAL's tobler (`area_interpolate`), used by
tests/real_data.rs:

Stockholm county's DeSO (stockholm/deso2018_scb2022.geojson) moved onto
* Stockholm county's RegSO (stockholm/regso2020_scb2022.geojson),
* the police's utsatta områden 2023 (sweden/polisen_utsatta_omraden_2023.geojson; most lie
  outside the county and receive nothing),
* a 1 km grid over the county's extent in SWEREF 99 TM (its origin and size below; the test
  writes the same grid),
the counts folkmangd_2022 and utlandsk_bakgrund_2022 as extensive variables and the published
percentage lag_ekonomisk_standard_pct_2022 as intensive, with allocate_total False (each source
shared by the share of its area in each target; all three) and True (tobler's default: by the
share of the part of it that lies in targets; RegSO). Both layers in EPSG:3006. Every target's
values, to 10 significant digits, where tobler gives one other than 0 (on the grid the
population and the percentage only, to keep the file small).

Run with geopandas and tobler in a virtualenv outside the repository, from the project root:
    python tools/tobler_interpolate.py > tests/oracles/tobler_interpolate.json
"""
import json
import math
import warnings

import geopandas as gpd
import numpy as np
from shapely.geometry import box
from tobler.area_weighted import area_interpolate

warnings.filterwarnings("ignore")
deso = gpd.read_file("../shared/data/stockholm/deso2018_scb2022.geojson").to_crs(3006)
targets = {
    "regso": gpd.read_file("../shared/data/stockholm/regso2020_scb2022.geojson").to_crs(3006),
    "police": gpd.read_file("../shared/data/sweden/polisen_utsatta_omraden_2023.geojson").to_crs(3006),
}
minx, miny, maxx, maxy = deso.total_bounds
size = 1000.0
x0, y0 = math.floor(minx / size) * size, math.floor(miny / size) * size
nx, ny = int(math.ceil((maxx - x0) / size)), int(math.ceil((maxy - y0) / size))
cells = [box(x0 + i * size, y0 + j * size, x0 + (i + 1) * size, y0 + (j + 1) * size)
         for j in range(ny) for i in range(nx)]
targets["grid"] = gpd.GeoDataFrame({"cell": [f"c{k}" for k in range(len(cells))]}, geometry=cells, crs=3006)
extensive = ["folkmangd_2022", "utlandsk_bakgrund_2022"]
intensive = ["lag_ekonomisk_standard_pct_2022"]
out = {"grid_definition": {"x0": x0, "y0": y0, "nx": nx, "ny": ny, "size": size}}
# The values of the targets that receive something, by target number (tobler gives 0 to the
# others; segatlas leaves them missing and names them). Both modes on RegSO (whose polygons
# overlap a little), one on the others.
modes = {"regso": [False, True], "police": [False], "grid": [False]}
for name, t in targets.items():
    out[name] = {"targets": len(t)}
    for allocate in modes[name]:
        ext = extensive[:1] if name == "grid" else extensive
        r = area_interpolate(deso, t, extensive_variables=ext, intensive_variables=intensive,
                             allocate_total=allocate)
        out[name]["allocate_total" if allocate else "by_area"] = {
            v: {str(j): float(f"{x:.10g}") for j, x in enumerate(r[v]) if x != 0}
            for v in ext + intensive
        }
print(json.dumps(out))
