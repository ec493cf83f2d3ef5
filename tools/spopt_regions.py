"""Oracle for regionalisation: spopt 0.7 on Stockholm county's 1,287 DeSO (median net income,
low economic standard %, foreign-background share; z-scores with the population sd) on
libpysal's queen weights. Writes tests/oracles/spopt_regions.json with the weights' neighbour
lists (the tests write them as a .gal for segatlas), spopt Skater's labels with k = 10 and at
least 20 areas per region minimising the SSD (squared Euclidean dissimilarity: the same greedy
SKATER that segatlas runs), and spopt MaxPHeuristic's number of regions and SSD with a floor of
50,000 persons (numpy seeded 12345).
Usage: ~/.cache/pysal/bin/python tools/spopt_regions.py ../shared/data
"""
import json
import os
import sys
import warnings

import geopandas
import libpysal
import numpy as np
from sklearn.metrics.pairwise import euclidean_distances
from spopt.region import MaxPHeuristic, Skater

warnings.filterwarnings("ignore")
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data")
df = geopandas.read_file(os.path.join(data, "stockholm", "deso2018_scb2022.geojson"))
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


sq = lambda a, b=None: euclidean_distances(a, b, squared=True)
sk = Skater(df, w, attrs, n_clusters=10, floor=20, islands="increase",
            spanning_forest_kwds={"dissimilarity": sq})
sk.solve()
np.random.seed(12345)
mp = MaxPHeuristic(df, w, attrs, "folkmangd_2022", 50000, top_n=2)
mp.solve()
out = {
    "source": "spopt 0.7.0 / libpysal queen on stockholm/deso2018_scb2022.geojson",
    "neighbours": [sorted(int(j) for j in w.neighbors[i]) for i in range(w.n)],
    "skater": {"k": 10, "floor": 20, "labels": [int(l) for l in sk.labels_], "ssd": ssd(sk.labels_)},
    "maxp": {"floor": 50000, "regions": int(len(np.unique(mp.labels_))), "ssd": ssd(mp.labels_)},
}
path = os.path.join(os.path.dirname(__file__), "..", "tests", "oracles", "spopt_regions.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(path, out["skater"]["ssd"], out["maxp"])
