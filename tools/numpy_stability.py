"""Reference values for the stability of classifications under noisy counts — the share of
draws in which an area keeps its class — an independent Monte Carlo in numpy/mapclassify on
Stockholm county's DeSO (stockholm/deso2018_scb2022.geojson), used by tests/followup.rs:

* the map's classes (`segatlas classify --noise poisson`): mapclassify's Quantiles, k = 5, of the
  share utlandsk_bakgrund_2022/folkmangd_2022*100, the group and the rest (total − group)
  redrawn by Poisson and the bins computed again on every draw; an area keeps its class when it
  falls in the class of the same number (classes right-closed, as mapclassify's `yb`);
* SCB's socioeconomic area types (`segatlas areatypes --noise poisson`): V1 the published
  percentage with low economic standard (kept: not a share of counts), V2 the share with at most
  pre-secondary education among persons 25–64 (group and rest of the sum of the five education
  columns redrawn), V3 the share unemployed among persons 16–64 (group and rest redrawn);
  SEI = (V1 + V2 + V3) / 3, μ and σ (ddof 1) again on every draw, types 1–5 by μ + 2σ, μ + σ, μ,
  μ − σ.

Per area the share of 4,000 draws keeping the class, with the number of areas keeping it in at
least 90 % and the mean share. segatlas's 999 draws must agree area by area within five standard
errors of a difference of two binomial shares.

Run with numpy, pandas and mapclassify in a virtualenv outside the repository, from the project
root:
    python tools/numpy_stability.py > tests/oracles/numpy_stability.json
"""
import json

import mapclassify
import numpy as np
import pandas as pd

fc = json.load(open("../shared/data/stockholm/deso2018_scb2022.geojson"))
df = pd.DataFrame([f["properties"] for f in fc["features"]])
rng = np.random.default_rng(20261208)
DRAWS = 4000


def classes(y, k=5):
    bins = mapclassify.Quantiles(y, k=k).bins
    return np.searchsorted(bins, y, side="left")


def summary(keep, draws):
    s = keep / draws
    return {"draws": draws, "stable": int((s >= 0.9).sum()), "mean": float(s.mean()),
            "ids": list(df.deso), "stability": [float(v) for v in s]}


out = {}
x = df["utlandsk_bakgrund_2022"].to_numpy(float)
t = df["folkmangd_2022"].to_numpy(float)
observed = classes(x / t * 100)
keep = np.zeros(len(x))
for _ in range(DRAWS):
    g = rng.poisson(x).astype(float)
    tt = g + rng.poisson(t - x)
    keep += classes(g / tt * 100) == observed
out["classes"] = summary(keep, DRAWS)

edu = ["utb_forgymnasial_25_64_2022", "utb_gymnasial_25_64_2022", "utb_eftergymn_lt3ar_25_64_2022",
       "utb_eftergymn_ge3ar_25_64_2022", "utb_saknas_25_64_2022"]
v1 = df["lag_ekonomisk_standard_pct_2022"].to_numpy(float)
g2, t2 = df["utb_forgymnasial_25_64_2022"].to_numpy(float), df[edu].sum(axis=1).to_numpy(float)
g3, t3 = df["arbetslosa_16_64_2022"].to_numpy(float), df["befolkning_16_64_2022"].to_numpy(float)


def types(v2, v3):
    sei = (v1 + v2 + v3) / 3
    ok = ~np.isnan(sei)
    mu, sd = sei[ok].mean(), sei[ok].std(ddof=1)
    ty = np.full(len(sei), 5)
    ty[sei >= mu - sd] = 4
    ty[sei >= mu] = 3
    ty[sei >= mu + sd] = 2
    ty[sei >= mu + 2 * sd] = 1
    return np.where(ok, ty, 0)


def share(g, t):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t > 0, g / t * 100, np.nan)


observed = types(share(g2, t2), share(g3, t3))
keep = np.zeros(len(v1))
for _ in range(DRAWS):
    a = rng.poisson(g2).astype(float)
    b = rng.poisson(g3).astype(float)
    d2 = share(a, a + rng.poisson(t2 - g2))
    d3 = share(b, b + rng.poisson(t3 - g3))
    keep += (types(d2, d3) == observed) & (observed > 0)
out["areatypes"] = summary(keep, DRAWS)
out["areatypes"]["complete"] = int((observed > 0).sum())

# The moves between the quintiles of the first and the last year (`segatlas change --noise
# poisson`), on SCB's RegSO series of the share born in Sweden (scb-raw/
# regso_fodelseregion_2020_2023.csv, joined to stockholm/regso2020_scb2022.geojson by the
# RegSO's name): each year's group and rest redrawn on their own, each year's quintiles computed
# again; an area keeps its move when it moves up, down or stays as observed.
raw = pd.read_csv("../shared/data/scb-raw/regso_fodelseregion_2020_2023.csv", encoding="utf-8-sig")
# A name with a space before its closing parenthesis ("Botkyrka (Tuna )") is matched trimmed,
# as segatlas's join trims keys.
raw["region"] = raw["region"].str.replace(r"\s+\)", ")", regex=True).str.strip()
# SCB's region column reads "Kommun (RegSO)": matched by both names.
props = [f["properties"] for f in
         json.load(open("../shared/data/stockholm/regso2020_scb2022.geojson"))["features"]]
names = [f"{p['kommunnamn']} ({p['regsonamn']})" for p in props]


def series(origin, year):
    s = raw[(raw["födelseregion"] == origin) & (raw["kön"] == "totalt")].set_index("region")
    return np.array([s[f"Antal {year}"].get(n, np.nan) for n in names], float)


sweden = {y: series("Sverige", y) for y in (2020, 2023)}
total = {y: series("totalt", y) for y in (2020, 2023)}


def quintiles(y):
    c = np.full(len(y), -1)
    ok = ~np.isnan(y)
    c[ok] = classes(y[ok])
    return c


def moves(values):
    a, b = quintiles(values[2020]), quintiles(values[2023])
    return np.where((a >= 0) & (b >= 0), np.sign(b - a), 9)


observed = moves({y: share(sweden[y], total[y]) for y in (2020, 2023)})
keep = np.zeros(len(names))
for _ in range(DRAWS):
    drawn = {}
    for y in (2020, 2023):
        g = rng.poisson(np.nan_to_num(sweden[y])).astype(float)
        rest = rng.poisson(np.nan_to_num(total[y] - sweden[y])).astype(float)
        drawn[y] = np.where(np.isnan(total[y]), np.nan, share(g, g + rest))
    keep += moves(drawn) == observed
known = observed != 9
s = keep[known] / DRAWS
out["moves"] = {"draws": DRAWS, "stable": int((s >= 0.9).sum()), "mean": float(s.mean()),
                "ids": [p["regso"] for p in props], "stability": [float(v) if k else None for v, k in zip(keep / DRAWS, known)]}
print(json.dumps(out))
