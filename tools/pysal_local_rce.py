"""Reference values for local relative centralization (PySAL segregation 2.5.4), used in
tests/segregation.rs. Run with the PySAL stack in a virtualenv outside the repository:
    python tools/pysal_local_rce.py
"""
import warnings

import geopandas as gpd
from segregation.local import LocalRelativeCentralization

warnings.filterwarnings("ignore")
df = gpd.read_file("../shared/data/peers/sacramento1.geojson")
df = df.set_crs(4326, allow_override=True).to_crs(32610)
r = LocalRelativeCentralization(df, group_pop_var="HISP_", total_pop_var="TOT_POP")
print(repr([float(v) for v in r.statistics[:8]]))
