"""Reference values for segatlas's uncertainty from noisy counts (`--noise`), an independent Monte
Carlo in numpy, used by tests/segregation.rs:

* Stockholm county's DeSO (stockholm/deso2018_scb2022.geojson), the group utlandsk_bakgrund_2022
  of folkmangd_2022: the dissimilarity index, isolation and Morrill's spatial dissimilarity
  (binary queen contiguity: segatlas's own lists, read by libpysal from the GAL file
  `segatlas weights ../shared/data/stockholm/deso2018_scb2022.geojson --kind queen --out
  /tmp/deso_queen.gal` writes, since its 25 m snapping finds neighbours libpysal's exact
  shared vertices do not; the lists themselves are checked against libpysal in
  tools/libpysal_weights_full.py — what is tested here is the Monte Carlo) under each model — poisson, uniform:3, round:5 — with
  the group and the rest (total − group) redrawn separately, areas whose drawn total is 0 left
  out of that draw; 4,000 draws: mean, standard deviation (n − 1) and the 2.5 and 97.5
  percentiles (numpy's linear interpolation). segatlas's 999 draws must agree within five
  standard errors (from both spreads).
* Moran's I of the share utlandsk_bakgrund_2022/folkmangd_2022 (the same queen lists,
  row-standardised) under poisson: its band (`segatlas autocorr --noise poisson`).
* `segatlas levels` on SCB's national DeSO table (sweden/deso2018_stats_2022.csv), Swedish and
  foreign background, levels län and kommun (the first two and four characters of the DeSO code)
  and the DeSO: Theil's M and its three parts under poisson (each count redrawn on its own),
  each part computed as M between the units of its level minus M between those of the level
  above (the chain rule of mutual information — not segatlas's sum over units).
* Counts ×100 under poisson: the band narrows about tenfold.
* A hand case where the distribution is worked out exactly, by enumerating every outcome: three
  areas, group/rest (2/3, 1/4, 0/5) under uniform:1 (3⁶ equally likely outcomes), and a fourth
  area whose group is suppressed (total 4) under suppressed:3 (the group 0, 1 or 2); the same at
  two neighbourhood scales (binary rook contiguity, egohoods at distance 2), and `levels` on five
  DeSO-coded rows with one suppressed cell.

Run with numpy, geopandas and libpysal in a virtualenv outside the repository, from the
project root, after writing the GAL file above:
    python tools/numpy_uncertainty.py > tests/oracles/numpy_uncertainty.json
"""
import itertools
import json

import geopandas as gpd
import numpy as np
from libpysal.io import open as ps_open

df = gpd.read_file("../shared/data/stockholm/deso2018_scb2022.geojson")
x0 = df["utlandsk_bakgrund_2022"].to_numpy(float)
t0 = df["folkmangd_2022"].to_numpy(float)
w = ps_open("/tmp/deso_queen.gal").read()
ids = {k: i for i, k in enumerate(w.id_order)}
pairs = np.array([(ids[i], ids[j]) for i, nb in w.neighbors.items() for j in nb])


def dissim(x, t):
    X, T = x.sum(), t.sum()
    return 0.5 * np.abs(x / X - (t - x) / (T - X)).sum()


def isolation(x, t):
    return ((x / x.sum()) * (x / t)).sum()


def spatial_dissim(x, t, keep):
    # Queen pairs among the kept areas (positions renumbered), binary, not standardised.
    pos = -np.ones(len(keep), int)
    pos[np.flatnonzero(keep)] = np.arange(keep.sum())
    p = pairs[keep[pairs[:, 0]] & keep[pairs[:, 1]]]
    z = x / t
    a, b = pos[p[:, 0]], pos[p[:, 1]]
    return dissim(x, t) - np.abs(z[a] - z[b]).sum() / len(p)


def draw(model, c, rng):
    if model == "poisson":
        return rng.poisson(c).astype(float)
    kind, arg = model.split(":")
    a = int(arg)
    if kind == "uniform":
        return np.maximum(c + rng.integers(-a, a + 1, size=c.shape), 0).astype(float)
    if kind == "round":
        low = c - a // 2
        return rng.integers(np.maximum(low, 0), low + a, size=c.shape).astype(float)
    raise ValueError(model)


def summary(values):
    v = np.asarray(values)
    return {"mean": float(v.mean()), "sd": float(v.std(ddof=1)),
            "low": float(np.percentile(v, 2.5)), "high": float(np.percentile(v, 97.5))}


out = {"draws": 4000, "value": {"dissim": dissim(x0, t0), "isolation": isolation(x0, t0),
                                "spatial-dissim": spatial_dissim(x0, t0, np.ones(len(x0), bool))}}
rng = np.random.default_rng(20261207)
for model in ["poisson", "uniform:3", "round:5"]:
    res = {"dissim": [], "isolation": [], "spatial-dissim": []}
    for _ in range(out["draws"]):
        g = draw(model, x0, rng)
        rest = draw(model, t0 - x0, rng)
        t = g + rest
        keep = t > 0
        res["dissim"].append(dissim(g[keep], t[keep]))
        res["isolation"].append(isolation(g[keep], t[keep]))
        res["spatial-dissim"].append(spatial_dissim(g[keep], t[keep], keep))
    out[model] = {k: summary(v) for k, v in res.items()}
nb = np.bincount(pairs[:, 0], minlength=len(x0)).astype(float)


def moran(y):
    z = y - y.mean()
    lag = np.bincount(pairs[:, 0], weights=z[pairs[:, 1]], minlength=len(y)) / nb
    return (z * lag).sum() / (z * z).sum()


out["value"]["moran"] = moran(x0 / t0)
res = []
for _ in range(out["draws"]):
    g = draw("poisson", x0, rng)
    t = g + draw("poisson", t0 - x0, rng)
    res.append(moran(g / t))
out["poisson"]["moran"] = summary(res)
res = []
for _ in range(out["draws"]):
    g = draw("poisson", x0 * 100, rng)
    t = g + draw("poisson", (t0 - x0) * 100, rng)
    res.append(dissim(g, t))
out["poisson_x100"] = {"dissim": summary(res)}

# Levels on the national table.
import pandas as pd

nat = pd.read_csv("../shared/data/sweden/deso2018_stats_2022.csv", dtype={"deso": str})
counts0 = nat[["svensk_bakgrund_2022", "utlandsk_bakgrund_2022"]].to_numpy(float)
keep0 = ~np.isnan(counts0).any(axis=1)
counts0, codes = counts0[keep0], nat["deso"].to_numpy()[keep0]
unit_index = [pd.factorize(pd.Series(codes).str[:n])[0] for n in (2, 4)] + [np.arange(len(codes))]


def theil(c):
    t = c.sum(axis=1)
    c, t = c[t > 0], t[t > 0]
    P = c.sum(axis=0) / t.sum()
    p = c / t[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / P), 0.0)
    return float((t / t.sum() * terms.sum(axis=1)).sum())


def level_parts(c):
    ms = []
    for idx in unit_index:
        agg = np.zeros((idx.max() + 1, c.shape[1]))
        np.add.at(agg, idx, c)
        ms.append(theil(agg))
    return ms[-1], [ms[0], ms[1] - ms[0], ms[2] - ms[1]]


total, parts = level_parts(counts0)
out["levels"] = {"value": {"total": total, "parts": parts}}
res_total, res_parts = [], []
for _ in range(1000):
    m, ps = level_parts(rng.poisson(counts0).astype(float))
    res_total.append(m)
    res_parts.append(ps)
res_parts = np.array(res_parts)
out["levels"]["poisson"] = {"draws": 1000, "total": summary(res_total),
                            "parts": [summary(res_parts[:, l]) for l in range(3)]}

# The hand case, exactly.
group, rest = np.array([2, 1, 0]), np.array([3, 4, 5])
values = []
for shifts in itertools.product([-1, 0, 1], repeat=6):
    g = np.maximum(group + shifts[:3], 0)
    r = np.maximum(rest + shifts[3:], 0)
    t = g + r
    keep = t > 0
    values.append(dissim(g[keep].astype(float), t[keep].astype(float)))
v = np.array(values)
out["hand_uniform1"] = {"mean": float(v.mean()), "sd": float(v.std(ddof=0)),
                        "group": group.tolist(), "total": (group + rest).tolist()}
values = []
for g4 in [0, 1, 2]:
    g = np.array([2, 1, 0, g4], float)
    t = np.array([5, 5, 5, 4], float)
    values.append(dissim(g, t))
v = np.array(values)
out["hand_suppressed3"] = {"mean": float(v.mean()), "sd": float(v.std(ddof=0)),
                           "group": [2, 1, 0, None], "total": [5, 5, 5, 4]}

# The same suppressed area at the neighbourhood scales, exactly: the value is on the three
# published squares, each draw smooths all four (the suppressed group 0, 1 or 2). Binary rook
# contiguity (a chain: each square plus its neighbours) and Morrill's egohoods at distance 2
# (centroids one apart, triangular weights 1 − d/2), each sum rounded half to even as segatlas
# and PySAL round the neighbourhood counts.
def smooth(v, scale):
    n = len(v)
    d = np.abs(np.arange(n)[:, None] - np.arange(n)[None, :])
    w = (d <= 1).astype(float) if scale == "rook" else np.maximum(0.0, 1.0 - d / 2.0)
    return np.round(w @ v)


for scale in ["rook", "distance2"]:
    g0, t0h = np.array([2, 1, 0], float), np.array([5, 5, 5], float)
    value = dissim(smooth(g0, scale), smooth(t0h, scale))
    values = []
    for g4 in [0, 1, 2]:
        g = np.array([2, 1, 0, g4], float)
        t = np.array([5, 5, 5, 4], float)
        values.append(dissim(smooth(g, scale), smooth(t, scale)))
    v = np.array(values)
    out[f"hand_suppressed3_{scale}"] = {"value": float(value), "mean": float(v.mean()),
                                        "sd": float(v.std(ddof=0))}

# `levels` with a suppressed cell, exactly: DeSO codes in two municipalities of one county and
# one of another; the fifth row's second group is suppressed (0, 1 or 2 under suppressed:3), so
# the value leaves the row out and the draws fill it. Theil's M and its parts by the chain rule.
hand_codes = ["0114A0010", "0114A0020", "0115A0010", "0380C1010", "0380C1020"]
hand_counts = np.array([[30, 5], [20, 20], [10, 2], [7, 9], [4, np.nan]])
hand_units = [pd.factorize(pd.Series(hand_codes).str[:n])[0] for n in (2, 4)] + [np.arange(5)]


def hand_parts(c, rows):
    ms = []
    for idx in hand_units:
        agg = np.zeros((idx.max() + 1, c.shape[1]))
        np.add.at(agg, idx[rows], c[rows])
        ms.append(theil(agg))
    return ms[-1], [ms[0], ms[1] - ms[0], ms[2] - ms[1]]


total, parts = hand_parts(hand_counts, np.arange(4))
draws = [hand_parts(np.nan_to_num(hand_counts, nan=b), np.arange(5)) for b in [0, 1, 2]]
out["hand_levels_suppressed3"] = {
    "codes": hand_codes, "counts": [[None if np.isnan(c) else int(c) for c in r] for r in hand_counts],
    "value": {"total": total, "parts": parts},
    "total": {"mean": float(np.mean([d[0] for d in draws])), "sd": float(np.std([d[0] for d in draws]))},
    "parts": [{"mean": float(np.mean([d[1][l] for d in draws])), "sd": float(np.std([d[1][l] for d in draws]))}
              for l in range(3)],
}
print(json.dumps(out, indent=1))
