"""Reference values for Elbers' decomposition of the change in Theil's M, part by part, computed
independently with numpy (iterative proportional fitting and the Shapley value over the three
factors written here from Elbers 2023), used by tests/followup.rs.

Tables: Stockholm county's RegSO (stockholm/regso2020_scb2022.geojson) × {born abroad, born in
Sweden} in 2020 and in 2023 from SCB's series (scb-raw/regso_fodelseregion_2020_2023.csv, areas
named `Kommun (RegSO-namn)`). v(s, u, g) is M of table s fitted to the unit margins of table u
and the group margins of table g; each factor's part is its Shapley value (the mean of its
effect over the six orders of switching the factors from 2020 to 2023).

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/numpy_elbers.py > tests/oracles/numpy_elbers.json
"""
import itertools
import json

import geopandas as gpd
import numpy as np
import pandas as pd

areas = gpd.read_file("../shared/data/stockholm/regso2020_scb2022.geojson")
born = pd.read_csv("../shared/data/scb-raw/regso_fodelseregion_2020_2023.csv", encoding="utf-8-sig")
born["region"] = born.region.str.replace(r"\s+\)", ")", regex=True).str.strip()
areas["key"] = areas.kommunnamn + " (" + areas.regsonamn + ")"


def table(year):
    col = f"Antal {year}"
    wide = born.pivot_table(index="region", columns="födelseregion", values=col, aggfunc="sum")
    df = areas[["key"]].merge(wide, left_on="key", right_index=True, how="left")
    assert not df[["Sverige", "totalt"]].isna().any().any()
    abroad = (df.totalt - df.Sverige).values.astype(float)
    return np.column_stack([abroad, df.Sverige.values.astype(float)])


def mutual_information(t):
    p = t / t.sum()
    r = p.sum(axis=1, keepdims=True)
    c = p.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / (r * c)), 0.0)
    return float(terms.sum())


def ipf(seed, rows, cols):
    t = seed / seed.sum()
    for _ in range(100000):
        t *= (rows / np.where(t.sum(axis=1) > 0, t.sum(axis=1), 1))[:, None]
        t *= (cols / np.where(t.sum(axis=0) > 0, t.sum(axis=0), 1))[None, :]
        if np.max(np.abs(t.sum(axis=1) - rows)) < 1e-15:
            break
    return t


t1, t2 = table(2020), table(2023)
tables = {1: t1, 2: t2}
margin = {k: (v.sum(axis=1) / v.sum(), v.sum(axis=0) / v.sum()) for k, v in tables.items()}


def v(s, u, g):
    return mutual_information(ipf(tables[s], margin[u][0], margin[g][1]))


factors = ["structural", "unit_marginal", "group_marginal"]
parts = {f: 0.0 for f in factors}
orders = list(itertools.permutations(factors))
for order in orders:
    state = {"structural": 1, "unit_marginal": 1, "group_marginal": 1}
    before = v(state["structural"], state["unit_marginal"], state["group_marginal"])
    for f in order:
        state[f] = 2
        after = v(state["structural"], state["unit_marginal"], state["group_marginal"])
        parts[f] += (after - before) / len(orders)
        before = after
out = {"m_1": mutual_information(t1), "m_2": mutual_information(t2), "areas": int(len(t1))}
out.update(parts)
out["difference"] = out["m_2"] - out["m_1"]
print(json.dumps(out, indent=1))
