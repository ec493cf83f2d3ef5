"""Reference values for `segatlas change` (transitions between years and trends), computed with
pandas, numpy, scipy and mapclassify on SCB's RegSO series, used by tests/followup.rs.

The mean wage income 2020–2023 (scb-raw/regso_medel_loneinkomst_2020_2023.csv, areas named
`Kommun (RegSO-namn)`) is joined onto Stockholm county's RegSO
(stockholm/regso2020_scb2022.geojson) by that name; each year is classified on its own into
mapclassify's quantiles (k = 5); the transition matrix is pandas' crosstab of the first year's
class against the last's; each area's trend is scipy's linregress of value on year (slope, its
standard error and the two-sided p-value of t with n − 2 degrees of freedom).

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/pandas_change.py > tests/oracles/pandas_change.json
"""
import json
import warnings

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
from scipy import stats

warnings.filterwarnings("ignore")
areas = gpd.read_file("../shared/data/stockholm/regso2020_scb2022.geojson")
income = pd.read_csv("../shared/data/scb-raw/regso_medel_loneinkomst_2020_2023.csv", encoding="utf-8-sig")
years = [2020, 2021, 2022, 2023]
cols = [f"Medelvärde för samtliga, tkr {y}" for y in years]
areas["key"] = areas.kommunnamn + " (" + areas.regsonamn + ")"
# SCB writes some names with a space before the parenthesis ("Botkyrka (Tuna )"); segatlas's join
# trims names, and so does this.
income["region"] = income.region.str.replace(r"\s+\)", ")", regex=True).str.strip()
df = areas[["regso", "key"]].merge(income[["region"] + cols], left_on="key", right_on="region", how="left")
assert len(df) == len(areas) and not df[cols].isna().any().any()
classes = {}
for y, c in zip(years, cols):
    q = mapclassify.Quantiles(df[c].values, k=5)
    classes[y] = q.yb
first, last = classes[2020], classes[2023]
matrix = pd.crosstab(pd.Series(first, name="from"), pd.Series(last, name="to")).reindex(
    index=range(5), columns=range(5), fill_value=0)
out = {
    "var": "\"Medelvärde för samtliga, tkr 2020\"",
    "years": years,
    "transitions": matrix.values.tolist(),
    "moved_up": int((last > first).sum()),
    "moved_down": int((last < first).sum()),
    "stayed": int((last == first).sum()),
    "areas": {},
}
x = np.array(years, dtype=float)
for i, row in df.iterrows():
    y = row[cols].values.astype(float)
    r = stats.linregress(x, y)
    out["areas"][row.regso] = {
        "from_class": int(first[i]),
        "to_class": int(last[i]),
        "slope": float(r.slope),
        "se": float(r.stderr),
        "p_value": float(r.pvalue),
    }
print(json.dumps(out, indent=1, ensure_ascii=False))
