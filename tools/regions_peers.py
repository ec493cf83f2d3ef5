"""Oracle for the regionalisation methods the spopt oracle (tools/spopt_regions.py) lacks, on the
same data — Stockholm county's 1,287 DeSO, median net income, low economic standard % and the
foreign-background share as z-scores (population sd), on libpysal's queen weights:
- Ward: spopt's WardSpatial (scikit-learn's Ward agglomeration under the contiguity), k = 10;
- REDCAP: GeoDa's (pygeoda) full-order complete-linkage REDCAP, k = 10, on GeoDa's queen weights
  of the same areas as SCB's shapefile (pygeoda opens shapefiles only), kept in the output;
- AZP: spopt's AZP, k = 10, over three seeds (a heuristic: its SSDs, to compare segatlas's with);
- max-p: spopt's MaxPHeuristic with a floor of 50,000 persons over three seeds (regions and SSD).
Writes tests/oracles/regions_peers.json. Run from the project root with the PySAL stack and
pygeoda in a virtualenv outside the repository:
    python tools/regions_peers.py
"""
import json
import sys
import warnings

import geopandas
import libpysal
import numpy as np
import pygeoda
from spopt.region import AZP, MaxPHeuristic, WardSpatial

warnings.filterwarnings("ignore")
path = "../shared/data/stockholm/deso2018_scb2022.geojson"
df = geopandas.read_file(path)
raw = {
    "inc": df["nettoinkomst_median_tkr_2022"].astype(float),
    "low": df["lag_ekonomisk_standard_pct_2022"].astype(float),
    "for": df["utlandsk_bakgrund_2022"] / df["folkmangd_2022"],
}
for k, v in raw.items():
    df[k] = (v - v.mean()) / v.std(ddof=0)
attrs = ["inc", "low", "for"]
X = df[attrs].values
w = libpysal.weights.Queen.from_dataframe(df, use_index=False, silence_warnings=True)


def ssd(labels):
    labels = np.asarray(labels)
    return float(sum(((X[labels == l] - X[labels == l].mean(axis=0)) ** 2).sum() for l in np.unique(labels)))


ward = WardSpatial(df, w, attrs, n_clusters=10)
ward.solve()
# pygeoda opens shapefiles only: SCB's DeSO as a shapefile, the same areas in the same order.
shp = geopandas.read_file("../shared/data/stockholm/shp/deso2018_sweref99tm.shp")
assert (shp.deso.values == df.deso.values).all()
gda = pygeoda.open("../shared/data/stockholm/shp/deso2018_sweref99tm.shp")
gw = pygeoda.queen_weights(gda)
red = pygeoda.redcap(10, gw, df[attrs], method="fullorder-completelinkage", scale_method="raw")
red_labels = np.asarray(red["Clusters"])
print("ward and redcap done", file=sys.stderr, flush=True)
azp_ssd = []
for seed in range(3):
    np.random.seed(seed)
    a = AZP(df, w, attrs, n_clusters=10)
    a.solve()
    azp_ssd.append(ssd(a.labels_))
    print("azp", seed, azp_ssd[-1], file=sys.stderr, flush=True)
maxp = []
for seed in range(3):
    np.random.seed(seed)
    m = MaxPHeuristic(df, w, attrs, "folkmangd_2022", 50000, top_n=2)
    m.solve()
    maxp.append({"regions": int(len(np.unique(m.labels_))), "ssd": ssd(m.labels_)})
out = {
    "source": "spopt WardSpatial/AZP/MaxPHeuristic, pygeoda redcap, on stockholm/deso2018_scb2022.geojson",
    "geoda_queen": [sorted(int(j) for j in gw.get_neighbors(i)) for i in range(gw.num_obs)],
    "ward": {"k": 10, "labels": [int(l) for l in ward.labels_], "ssd": ssd(ward.labels_)},
    "redcap": {"k": 10, "labels": [int(l) for l in red_labels], "ssd": ssd(red_labels)},
    "azp": {"k": 10, "ssd": azp_ssd},
    "maxp": {"floor": 50000, "runs": maxp},
}
with open("tests/oracles/regions_peers.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(out["ward"]["ssd"], out["redcap"]["ssd"], azp_ssd, maxp)
