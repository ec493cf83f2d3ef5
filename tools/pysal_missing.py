"""Reference values for analyses with missing values (PySAL segregation 2.5, esda, libpysal),
used in tests/missing.rs. Each is computed on the complete areas only, with weights built on
that subset, which is what segatlas must give when it leaves the other areas out.

Two missing patterns on Stockholm's DeSO (../shared/data/stockholm/deso2018_scb2022.geojson):
- SCB-style suppression: the values of DeSO under 1,000 persons are missing (segatlas:
  --group "if(folkmangd_2022 >= 1000, utlandsk_bakgrund_2022, 0/0)", likewise the income);
- the real gaps of folkmangd_2010 (8 DeSO without a 2010 population): growth = 2022 / 2010.

Run with the PySAL stack in a virtualenv outside the repository:
    python tools/pysal_missing.py
"""
import json
import warnings

import esda
import geopandas as gpd
import numpy as np
from libpysal.weights import KNN, Queen, Rook
from segregation.singlegroup import Dissim, Entropy, Gini, Isolation

warnings.filterwarnings("ignore")
st = gpd.read_file("../shared/data/stockholm/deso2018_scb2022.geojson").to_crs(3006)
out = {}

kept = st[st.folkmangd_2022 >= 1000].copy()
out["suppressed_n"] = int(len(kept))
out["suppressed_excluded"] = sorted(st.loc[st.folkmangd_2022 < 1000, "deso"].tolist())
out["segregation"] = {
    name: float(cls(kept, "utlandsk_bakgrund_2022", "folkmangd_2022").statistic)
    for name, cls in [("dissim", Dissim), ("gini", Gini), ("isolation", Isolation), ("entropy", Entropy)]
}

def autocorr(ids, y, w, step=97):
    """Moran and LISA on row-standardised weights; local values of every `step`-th area."""
    w.transform = "r"
    m = esda.Moran(y, w, permutations=0)
    lisa = esda.Moran_Local(y, w, permutations=0)
    return {
        "s0_binary": float(sum(len(v) for v in w.neighbors.values())),
        "islands": [ids[i] for i in w.islands],
        "moran_i": float(m.I),
        "moran_z_norm": float(m.z_norm),
        "lisa_every_kth": {ids[i]: float(lisa.Is[i]) for i in range(0, len(y), step)},
        "lisa_q_every_kth": {ids[i]: int(lisa.q[i]) for i in range(0, len(y), step)},
    }


# Median income where the small areas' values are suppressed, on weights of the rest.
income = kept.reset_index(drop=True)
y = income.nettoinkomst_median_tkr_2022.values
out["income_knn5"] = autocorr(income.deso, y, KNN.from_dataframe(income, k=5))

# The real gaps: population growth since 2010, missing for the 8 DeSO that had no 2010 value.
growth = st[st.folkmangd_2010.notna()].copy().reset_index(drop=True)
out["growth_excluded"] = sorted(st.loc[st.folkmangd_2010.isna(), "deso"].tolist())
g = (growth.folkmangd_2022 / growth.folkmangd_2010).values
out["growth_knn5"] = autocorr(growth.deso, g, KNN.from_dataframe(growth, k=5))
# Contiguity where segatlas's queen equals libpysal's (PySAL's Columbus, planar): CRIME missing
# where OPEN < 0.53 (segatlas: --crs planar --var "if(OPEN >= 0.53, CRIME, 0/0)"), which leaves
# one neighbourhood without neighbours among the rest.
col = gpd.read_file("../shared/data/peers/columbus.geojson")
ck = col[col.OPEN >= 0.53].reset_index(drop=True)
ids = ck.POLYID.astype(int).map(lambda p: f"#{p}")  # segatlas names areas without codes #N
out["columbus_excluded"] = sorted(col.loc[col.OPEN < 0.53, "POLYID"].astype(int).map(lambda p: f"#{p}").tolist(), key=lambda s: int(s[1:]))
for name, w in [("queen", Queen.from_dataframe(ck, use_index=False, silence_warnings=True)), ("rook", Rook.from_dataframe(ck, use_index=False, silence_warnings=True))]:
    out["columbus_crime_" + name] = autocorr(ids, ck.CRIME.values, w, step=3)
print(json.dumps(out, indent=1, ensure_ascii=False))
