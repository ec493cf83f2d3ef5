"""tobler's area_interpolate on the cases of the `interpolate` benchmark (benches/load_join.rs):
Stockholm's 1,287 DeSO onto a 500 m grid of 100,096 cells over the county (SWEREF 99 TM,
628,000–764,000 E, 6,506,000–6,690,000 N) and onto the 524 RegSO; two counts and a rate. The
best of three runs, reading excluded (as in the criterion benchmark).

Run with geopandas and tobler in a virtualenv outside the repository, from the project root,
beside `cargo bench --bench load_join -- interpolate`:
    python benches/compare_interpolate.py
"""
import time
import warnings

import geopandas as gpd
from shapely.geometry import box
from tobler.area_weighted import area_interpolate

warnings.filterwarnings("ignore")
deso = gpd.read_file("../shared/data/stockholm/deso2018_scb2022.geojson").to_crs(3006)
regso = gpd.read_file("../shared/data/stockholm/regso2020_scb2022.geojson").to_crs(3006)
cells = [box(628_000 + i * 500, 6_506_000 + j * 500, 628_000 + (i + 1) * 500, 6_506_000 + (j + 1) * 500)
         for j in range(368) for i in range(272)]
grid = gpd.GeoDataFrame(geometry=cells, crs=3006)
for name, target in [("100,096 grid cells", grid), ("524 RegSO", regso)]:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        area_interpolate(deso, target, extensive_variables=["folkmangd_2022", "utlandsk_bakgrund_2022"],
                         intensive_variables=["lag_ekonomisk_standard_pct_2022"])
        best = min(best, time.perf_counter() - t)
    print(f"tobler: 1,287 DeSO onto {name}: {best:.3f} s")
