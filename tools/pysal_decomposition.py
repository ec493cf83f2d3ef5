"""Reference values for the Shapley decomposition (PySAL segregation 2.5.4, composition
counterfactual), used in tests/segregation.rs. Run with the PySAL stack in a virtualenv outside
the repository:  python tools/pysal_decomposition.py
"""
import warnings

import geopandas as gpd
from segregation.decomposition import DecomposeSegregation
from segregation.singlegroup import Dissim, Gini

warnings.filterwarnings("ignore")
df = gpd.read_file("../shared/data/peers/sacramento1.geojson")
for index in (Dissim, Gini):
    d = DecomposeSegregation(index(df, "HISP_", "TOT_POP"), index(df, "BLACK_", "TOT_POP"))
    print(index.__name__, "HISP_ vs BLACK_", repr(d.c_s), repr(d.c_a))
st = gpd.read_file("../shared/data/stockholm/deso2018_scb2022.geojson")
a, b = st[st.kommun == "0180"], st[st.kommun == "0127"]
d = DecomposeSegregation(Dissim(a, "utlandsk_bakgrund_2022", "folkmangd_2022"),
                         Dissim(b, "utlandsk_bakgrund_2022", "folkmangd_2022"))
print("Dissim 0180 vs 0127", repr(d.c_s), repr(d.c_a))
