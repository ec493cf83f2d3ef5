"""Reference values for every p-value of the global autocorrelation statistics (esda), used by
tests/autocorr.rs: Moran's and Geary's analytical tests (normality and randomisation) on
Columbus CRIME with queen weights (row-standardised), and the distribution of the permutation
pseudo p-values over seeds — Moran's p_sim and Geary's p_sim for two weakly autocorrelated
variables (AREA, OPEN), and the join counts' p_sim for BB of AREA above its median (binary
weights). esda draws differently from segatlas, so these are compared as means over seeds
within five standard errors.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/esda_pvalues.py > tests/oracles/esda_pvalues.json
"""
import json
import warnings

import esda
import geopandas as gpd
import numpy as np
from libpysal.weights import Queen

warnings.filterwarnings("ignore")
col = gpd.read_file("../shared/data/peers/columbus.geojson")
wr = Queen.from_dataframe(col, use_index=False)
wr.transform = "r"
wb = Queen.from_dataframe(col, use_index=False)
wb.transform = "b"
y = col.CRIME.values.astype(float)
m = esda.Moran(y, wr, permutations=0)
g = esda.Geary(y, wr, permutations=0)
out = {
    "moran_crime": {k: float(getattr(m, k)) for k in
                    ["I", "EI", "VI_norm", "VI_rand", "z_norm", "z_rand", "p_norm", "p_rand"]},
    "geary_crime": {k: float(getattr(g, k)) for k in
                    ["C", "EC", "VC_norm", "VC_rand", "z_norm", "z_rand", "p_norm", "p_rand"]},
    "seeds": 40,
    "permutations": 999,
}
seeds = range(out["seeds"])
for var in ["AREA", "OPEN"]:
    v = col[var].values.astype(float)
    for name, stat in [("moran", lambda s: esda.Moran(v, wr, permutations=999).p_sim),
                       ("geary", lambda s: esda.Geary(v, wr, permutations=999).p_sim)]:
        ps = []
        for s in seeds:
            np.random.seed(s)
            ps.append(float(stat(s)))
        out[f"{name}_p_sim_{var}"] = {"mean": float(np.mean(ps)), "sd": float(np.std(ps, ddof=1))}
b = (col.AREA > col.AREA.median()).astype(float).values
ps = []
for s in seeds:
    np.random.seed(s)
    ps.append(float(esda.Join_Counts(b, wb, permutations=999).p_sim_bb))
out["joincount_p_sim_bb_AREA"] = {"mean": float(np.mean(ps)), "sd": float(np.std(ps, ddof=1)),
                                  "bb": float(esda.Join_Counts(b, wb, permutations=0).bb),
                                  "median": float(col.AREA.median())}
print(json.dumps(out, indent=1))
