"""Reference values for the autocorrelation statistics and kernels that ../shared/oracles lacks
(esda, libpysal), used in tests/autocorr.rs and tests/weights.rs. Run with the PySAL stack in a
virtualenv outside the repository:
    python tools/pysal_autocorr_weights.py > tests/oracles/pysal_autocorr_weights.json

Columbus (planar), CRIME on queen contiguity: global G and Gi z-scores on binary weights, local
Geary on row-standardised weights, join counts of CRIME > 40 on binary weights, bivariate Moran of CRIME against the lag of INC, Moran's I of
the rate CRIME/HOVAL (Assunção–Reis EB standardisation), and LISA's conditional-permutation
p-values' distribution (esda draws differently: compared as the share significant at 0.05 and
the mean, over seeds). Kernels: libpysal's Kernel on the six points of its docstring, every
function, fixed and adaptive, k = 2; second-order queen contiguity on Columbus.
"""
import json
import warnings

import esda
import geopandas as gpd
import numpy as np
from libpysal.weights import Kernel, Queen

warnings.filterwarnings("ignore")
col = gpd.read_file("../shared/data/peers/columbus.geojson")
y = col.CRIME.values
out = {}
wb = Queen.from_dataframe(col, use_index=False)
wb.transform = "b"
g = esda.G(y, wb, permutations=0)
out["g"] = {"G": float(g.G), "z_norm": float(g.z_norm), "p_norm": float(g.p_norm)}
gi = esda.G_Local(y, wb, transform="B", star=False, permutations=0)
out["gi_z"] = [float(v) for v in gi.Zs]
wr = Queen.from_dataframe(col, use_index=False)
wr.transform = "r"
lg = esda.Geary_Local(connectivity=wr, labels=False, permutations=0).fit(y)
out["local_geary"] = [float(v) for v in lg.localG]
jc = esda.Join_Counts((col.CRIME > 40).astype(int).values, wb, permutations=0)
out["join_counts_crime_gt_40"] = {"bb": float(jc.bb), "bw": float(jc.bw), "ww": float(jc.ww)}
out["moran_bv_crime_inc"] = float(esda.Moran_BV(y, col.INC.values, wr, permutations=0).I)
out["moran_rate_crime_hoval"] = float(
    esda.Moran_Rate(y, col.HOVAL.values, wr, adjusted=True, permutations=0).I)
shares, means = [], []
for seed in range(20):
    lisa = esda.Moran_Local(y, wr, permutations=999, seed=seed)
    shares.append(float(np.mean(lisa.p_sim <= 0.05)))
    means.append(float(np.mean(lisa.p_sim)))
out["lisa_p_sim"] = {"share_le_005_mean": float(np.mean(shares)), "share_le_005_sd": float(np.std(shares, ddof=1)),
                     "mean_mean": float(np.mean(means)), "mean_sd": float(np.std(means, ddof=1)), "seeds": 20}
from libpysal.weights import higher_order
w2 = higher_order(Queen.from_dataframe(col, use_index=False), 2)
out["queen_order2"] = {"nonzero": int(w2.nonzero), "neighbors_of_0": sorted(int(j) for j in w2.neighbors[0])}
points = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
out["kernels"] = {}
for function in ["triangular", "uniform", "quadratic", "quartic", "gaussian"]:
    for fixed in [True, False]:
        kw = Kernel(points, k=2, function=function, fixed=fixed)
        out["kernels"][f"{function}:{'fixed' if fixed else 'adaptive'}"] = {
            str(i): dict(zip(map(str, kw.neighbors[i]), map(float, kw.weights[i]))) for i in range(6)}
print(json.dumps(out, indent=1))
