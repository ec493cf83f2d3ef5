"""Reference values for the differential Moran's I and differential LISA (GeoDa's: Moran's I and
the local Moran of the change of a variable between two years), with esda and libpysal, used by
tests/followup.rs. The change is SCB's mean wage income per RegSO, 2023 minus 2020
(scb-raw/regso_medel_loneinkomst_2020_2023.csv joined by name onto
stockholm/regso2020_scb2022.geojson), on row-standardised KNN weights (k = 6) of the areas in
SWEREF 99 TM, where segatlas's KNN equals libpysal's.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/esda_differential.py > tests/oracles/esda_differential.json
"""
import json
import warnings

import esda
import geopandas as gpd
import pandas as pd
from libpysal.weights import KNN

warnings.filterwarnings("ignore")
areas = gpd.read_file("../shared/data/stockholm/regso2020_scb2022.geojson").to_crs(3006)
income = pd.read_csv("../shared/data/scb-raw/regso_medel_loneinkomst_2020_2023.csv", encoding="utf-8-sig")
income["region"] = income.region.str.replace(r"\s+\)", ")", regex=True).str.strip()
areas["key"] = areas.kommunnamn + " (" + areas.regsonamn + ")"
df = areas.merge(income, left_on="key", right_on="region", how="left")
assert len(df) == len(areas)
y = (df["Medelvärde för samtliga, tkr 2023"] - df["Medelvärde för samtliga, tkr 2020"]).values
w = KNN.from_dataframe(df, k=6)
w.transform = "r"
m = esda.Moran(y, w, permutations=0)
lisa = esda.Moran_Local(y, w, permutations=0)
step = 37
print(json.dumps({
    "var": "\"Medelvärde för samtliga, tkr 2023\" - \"Medelvärde för samtliga, tkr 2020\"",
    "moran_i": float(m.I),
    "moran_z_norm": float(m.z_norm),
    "lisa_every_kth": {df.regso[i]: float(lisa.Is[i]) for i in range(0, len(y), step)},
    "lisa_q_every_kth": {df.regso[i]: int(lisa.q[i]) for i in range(0, len(y), step)},
}, indent=1, ensure_ascii=False))
