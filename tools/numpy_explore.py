"""Reference values for the exploratory views (`segatlas chart`, `segatlas render --bivariate`
and the app's linked views), computed with numpy, pandas and mapclassify on Stockholm county's
DeSO (stockholm/deso2018_scb2022.geojson), used by tests/classify.rs.

- histogram: numpy.histogram(values, bins) — edges and counts;
- box plot: numpy.percentile (linear) quartiles, mean, fences q1 − h·IQR and q3 + h·IQR as
  mapclassify's BoxPlot, the values beyond them;
- scatter: numpy.polyfit(x, y, 1) and numpy.corrcoef; also for the areas of Stockholm
  municipality (kommun 0180) and for the rest;
- parallel coordinates: pandas mean and std (ddof = 1) per variable on the complete rows;
- bivariate: mapclassify.Quantiles(k=3) of each variable, the 3 × 3 crosstab (rows the first).
Missing values (folkmangd_2010 is missing in 8 DeSO) are dropped and counted.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/numpy_explore.py > tests/oracles/numpy_explore.json
"""
import json

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd

d = gpd.read_file("../shared/data/stockholm/deso2018_scb2022.geojson")
d["utl_pct"] = d.utlandsk_bakgrund_2022 / d.folkmangd_2022 * 100
d["arbl"] = d.arbetslosa_16_64_2022 / d.arbetskraften_16_64_2022
# The expressions segatlas is given for the derived columns.
EXPR = {
    "utl_pct": "utlandsk_bakgrund_2022/folkmangd_2022*100",
    "arbl": "arbetslosa_16_64_2022/arbetskraften_16_64_2022",
}
name = lambda c: EXPR.get(c, c)
out = {"layer": "stockholm/deso2018_scb2022.geojson", "histograms": [], "boxplots": [],
       "scatters": [], "parallel": [], "bivariate": []}

for var, bins in [("nettoinkomst_median_tkr_2022", 12), ("folkmangd_2010", 10), ("utl_pct", 7)]:
    v = d[var].dropna().to_numpy(float)
    counts, edges = np.histogram(v, bins)
    out["histograms"].append({"var": name(var), "bins": bins, "edges": edges.tolist(),
                              "counts": counts.tolist(), "missing": int(d[var].isna().sum())})

for var, hinge in [("lag_ekonomisk_standard_pct_2022", 1.5), ("lag_ekonomisk_standard_pct_2022", 3.0),
                   ("folkmangd_2010", 1.5), ("arbl", 1.5)]:
    v = d[var].dropna().to_numpy(float)
    q1, med, q3 = np.percentile(v, [25, 50, 75])
    lo, hi = q1 - hinge * (q3 - q1), q3 + hinge * (q3 - q1)
    out["boxplots"].append({"var": name(var), "hinge": hinge, "q1": q1, "median": med, "q3": q3,
                            "mean": v.mean(), "fence_low": lo, "fence_high": hi,
                            "outliers": sorted(v[(v < lo) | (v > hi)].tolist()),
                            "missing": int(d[var].isna().sum())})

for x, y in [("utl_pct", "lag_ekonomisk_standard_pct_2022"), ("folkmangd_2010", "folkmangd_2022"),
             ("nettoinkomst_median_tkr_2022", "arbl")]:
    both = d[[x, y, "kommun"]].dropna(subset=[x, y])
    def fit(frame):
        b, a = np.polyfit(frame[x].to_numpy(float), frame[y].to_numpy(float), 1)
        r = np.corrcoef(frame[x].to_numpy(float), frame[y].to_numpy(float))[0, 1]
        return {"slope": b, "intercept": a, "r": r, "n": len(frame)}
    row = {"x": name(x), "y": name(y), **fit(both), "missing": len(d) - len(both),
           "selection": fit(both[both.kommun == "0180"]), "rest": fit(both[both.kommun != "0180"])}
    out["scatters"].append(row)

for cols in [["nettoinkomst_median_tkr_2022", "lag_ekonomisk_standard_pct_2022", "utl_pct", "arbl"],
             ["folkmangd_2010", "folkmangd_2022", "nettoinkomst_median_tkr_2022"]]:
    complete = d[cols].dropna()
    out["parallel"].append({"vars": [name(c) for c in cols], "n": len(complete),
                            "missing": len(d) - len(complete),
                            "mean": complete.mean().tolist(), "sd": complete.std(ddof=1).tolist()})

for x, y in [("nettoinkomst_median_tkr_2022", "utl_pct"), ("folkmangd_2010", "lag_ekonomisk_standard_pct_2022")]:
    both = d[[x, y]].dropna()
    # segatlas classifies each variable on all its values, then crosses the areas with both:
    # the bins below are each variable's own (on every area that has it).
    bx = mapclassify.Quantiles(d[x].dropna().to_numpy(float), k=3).bins.tolist()
    by = mapclassify.Quantiles(d[y].dropna().to_numpy(float), k=3).bins.tolist()
    yb_x = mapclassify.UserDefined(both[x].to_numpy(float), bx).yb
    yb_y = mapclassify.UserDefined(both[y].to_numpy(float), by).yb
    counts = np.zeros((3, 3), int)
    for a, b in zip(yb_x, yb_y):
        counts[a, b] += 1
    out["bivariate"].append({"x": name(x), "y": name(y), "bins_x": bx, "bins_y": by,
                             "counts": counts.tolist(), "missing": len(d) - len(both)})

print(json.dumps(out, indent=1))
