"""Reference values for indices on queen-weight egohoods (PySAL segregation 2.5.4 with a libpysal
Queen W), used in tests/segregation.rs. Run with the PySAL stack in a virtualenv outside the
repository:  python tools/pysal_weights_egohood.py
"""
import warnings

import geopandas as gpd
from libpysal.weights import Queen
from segregation.singlegroup import Dissim

warnings.filterwarnings("ignore")
df = gpd.read_file("../shared/data/peers/segdata_grid.geojson")
w = Queen.from_dataframe(df, use_index=False)
for p in "AC":
    df["T"] = df[p + "1"] + df[p + "2"]
    print(p, repr(Dissim(df, p + "1", "T", w=w).statistic))
