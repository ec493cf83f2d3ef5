"""Reference distributions for the segregation indices' inference (PySAL segregation's
`inference.SingleValueTest`), used by tests/segregation.rs: on Sacramento (HISP_ of TOT_POP,
the dissimilarity index, the file's degrees as PySAL reads them), for each null — systematic,
evenness, geographic permutation — the mean of the simulated values of a run of 999 over 20
seeds (their mean and standard deviation), and for the bootstrap the 2.5 and 97.5 percentiles
of a run of 999 replicates over 20 seeds. PySAL's draws cannot be matched one by one: segatlas's
means over its seeds must lie within five standard errors of PySAL's, from PySAL's spread.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/pysal_inference.py > tests/oracles/pysal_inference.json
"""
import json
import warnings

import geopandas as gpd
import numpy as np
from segregation.inference import SingleValueTest
from segregation.singlegroup import Dissim

warnings.filterwarnings("ignore")
df = gpd.read_file("../shared/data/peers/sacramento1.geojson")
d = Dissim(df, "HISP_", "TOT_POP")
out = {"value": float(d.statistic), "seeds": 20, "iterations": 999}
for null in ["systematic", "evenness", "geographic_permutation"]:
    means = []
    for seed in range(20):
        np.random.seed(seed)
        t = SingleValueTest(d, iterations_under_null=999, null_approach=null, two_tailed=True, n_jobs=1)
        means.append(float(np.mean(t.est_sim)))
    out[null] = {"mean": float(np.mean(means)), "sd": float(np.std(means, ddof=1))}
lows, highs = [], []
for seed in range(20):
    np.random.seed(seed)
    t = SingleValueTest(d, iterations_under_null=999, null_approach="bootstrap", n_jobs=1)
    lows.append(float(np.percentile(t.est_sim, 2.5)))
    highs.append(float(np.percentile(t.est_sim, 97.5)))
out["bootstrap"] = {"low_mean": float(np.mean(lows)), "low_sd": float(np.std(lows, ddof=1)),
                    "high_mean": float(np.mean(highs)), "high_sd": float(np.std(highs, ddof=1))}
print(json.dumps(out, indent=1))
