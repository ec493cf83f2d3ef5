"""Weights compared list by list with libpysal, used by tests/weights.rs: Columbus's queen, rook
and k = 4 nearest-neighbour lists (planar), and on a real projected layer — Stockholm county's
DeSO in SWEREF 99 TM (the GeoPackage) — a binary distance band of 1,500 m and an adaptive
triangular kernel of k = 5 on the areas' centroids, every area's neighbours and weights.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/libpysal_weights_full.py > tests/oracles/libpysal_weights_full.json
"""
import json
import warnings

import geopandas as gpd
from libpysal.weights import KNN, DistanceBand, Kernel, Queen, Rook

warnings.filterwarnings("ignore")


def lists(w, n):
    return [sorted(int(j) for j in w.neighbors[i]) for i in range(n)]


def weighted(w, n):
    return [sorted([[int(j), float(v)] for j, v in zip(w.neighbors[i], w.weights[i])]) for i in range(n)]


col = gpd.read_file("../shared/data/peers/columbus.geojson")
n = len(col)
out = {
    "columbus_queen": lists(Queen.from_dataframe(col, use_index=False), n),
    "columbus_rook": lists(Rook.from_dataframe(col, use_index=False), n),
    "columbus_knn4": lists(KNN.from_dataframe(col, k=4, use_index=False), n),
}
deso = gpd.read_file("../shared/data/stockholm/deso2018_sweref99tm.gpkg")
m = len(deso)
pts = list(zip(deso.geometry.centroid.x, deso.geometry.centroid.y))
band = DistanceBand(pts, threshold=1500, binary=True, silence_warnings=True)
out["deso_band_1500"] = lists(band, m)
kern = Kernel(pts, k=5, function="triangular", fixed=False)
out["deso_kernel_triangular_5_adaptive"] = weighted(kern, m)
print(json.dumps(out))
