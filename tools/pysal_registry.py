"""Reference values for the segregation registry's entries that ../shared/oracles lacks (PySAL
segregation), used by the registry walk in tests/segregation.rs. Run with the PySAL stack in a
virtualenv outside the repository:
    python tools/pysal_registry.py > tests/oracles/pysal_registry.json

- min-max on Sacramento (HISP_ of TOT_POP);
- the simulation-based indices (modified-dissim, modified-gini, bias-corrected-dissim): PySAL's
  mean and standard deviation over 40 seeds of its default 500 iterations, since their draws
  cannot be matched; segatlas must lie within a stated number of standard errors;
- every local value (all 403 tracts) of local-diversity, local-entropy,
  local-simpson-concentration, local-simpson-interaction (WHITE_, BLACK_, ASIAN_, HISP_) and
  local-relative-centralization (HISP_ of TOT_POP, in metres, UTM 10N).
"""
import json
import warnings

import geopandas as gpd
import numpy as np
from segregation.local import (LocalRelativeCentralization, MultiLocalDiversity, MultiLocalEntropy,
                               MultiLocalSimpsonConcentration, MultiLocalSimpsonInteraction)
from segregation.singlegroup import BiasCorrectedDissim, MinMax, ModifiedDissim, ModifiedGini

warnings.filterwarnings("ignore")
df = gpd.read_file("../shared/data/peers/sacramento1.geojson")
groups = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]
out = {"single": {}, "simulated": {}, "local": {}}
out["single"]["min-max"] = float(MinMax(df, "HISP_", "TOT_POP").statistic)
for name, cls in [("modified-dissim", ModifiedDissim), ("modified-gini", ModifiedGini),
                  ("bias-corrected-dissim", BiasCorrectedDissim)]:
    values = []
    for seed in range(40):
        np.random.seed(seed)
        values.append(float(cls(df, "HISP_", "TOT_POP").statistic))
    out["simulated"][name] = {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)),
                              "seeds": 40, "iterations": 500}
for name, cls in [("local-diversity", MultiLocalDiversity), ("local-entropy", MultiLocalEntropy),
                  ("local-simpson-concentration", MultiLocalSimpsonConcentration),
                  ("local-simpson-interaction", MultiLocalSimpsonInteraction)]:
    out["local"][name] = [float(v) for v in cls(df, groups=groups).statistics]
metres = df.set_crs(4326, allow_override=True).to_crs(32610)
out["local"]["local-relative-centralization"] = [
    float(v) for v in LocalRelativeCentralization(metres, group_pop_var="HISP_", total_pop_var="TOT_POP").statistics]
print(json.dumps(out, indent=1))
