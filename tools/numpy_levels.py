"""Reference values for `segatlas levels`: Theil's M and H decomposed over nested levels (län,
kommun, RegSO, DeSO), written here independently from the formulas with numpy and pandas
(Mora & Ruiz-Castillo 2011): M = Σ_i (t_i/T) Σ_k p_ik ln(p_ik/P_k); the part of level l is
Σ over the units u of level l−1 of (T_u/T)·M(u's units of level l); H = M / E with
E = −Σ_k P_k ln P_k. Used by tests/segregation.rs.

Data: SCB's national DeSO table (sweden/deso2018_stats_2022.csv) with SCB's DeSO→RegSO link
(scb-raw/koppling-deso2018-regso2020.csv) for two groups (Swedish and foreign background) and
three (born in Sweden, in Europe outside Sweden, in the rest of the world); and the RegSO series
(scb-raw/regso_fodelseregion_2020_2023.csv) for 2020 and 2023 (born in Sweden against the
rest), levels kommun and RegSO.

Run with numpy and pandas (the PySAL virtualenv outside the repository), from the project root:
    python tools/numpy_levels.py > tests/oracles/numpy_levels.json
"""
import json

import numpy as np
import pandas as pd

D = "../shared/data"


def theil_m(counts):
    counts = np.asarray(counts, dtype=float)
    t = counts.sum(axis=1)
    counts, t = counts[t > 0], t[t > 0]
    T = t.sum()
    P = counts.sum(axis=0) / T
    p = counts / t[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / P), 0.0)
    return float((t / T * terms.sum(axis=1)).sum())


def entropy(counts):
    P = np.asarray(counts, dtype=float) / np.sum(counts)
    P = P[P > 0]
    return float(-(P * np.log(P)).sum())


def decompose(df, groups, levels, unit_levels):
    T = df[groups].to_numpy(float).sum()
    E = entropy(df[groups].sum().to_numpy())
    total = theil_m(df.groupby(levels[-1])[groups].sum().to_numpy())
    parts = [theil_m(df.groupby(levels[0])[groups].sum().to_numpy())]
    for l in range(1, len(levels)):
        s = 0.0
        for _, sub in df.groupby(levels[l - 1]):
            w = sub[groups].to_numpy(float).sum() / T
            s += w * theil_m(sub.groupby(levels[l])[groups].sum().to_numpy())
        parts.append(s)
    out = {
        "total_m": total,
        "total_h": total / E,
        "entropy": E,
        "parts_m": parts,
        "parts_h": [p / E for p in parts],
        "units": {},
    }
    for l in unit_levels:
        rows = []
        for code, sub in df.groupby(levels[l]):
            c = sub[groups].sum().to_numpy(float)
            w = c.sum() / T
            m = theil_m(sub.groupby(levels[-1])[groups].sum().to_numpy())
            mc = theil_m(sub.groupby(levels[l + 1])[groups].sum().to_numpy())
            e = entropy(c)
            rows.append({
                "code": str(code),
                "population_share": w,
                "m": m,
                "h": m / e if e > 0 else None,
                "m_children": mc,
                "contribution": w * m,
            })
        within = sum(r["contribution"] for r in rows)
        rows.sort(key=lambda r: (-r["contribution"], r["code"]))
        for rank, r in enumerate(rows, start=1):
            r["rank"] = rank
            r["contribution_share"] = r["contribution"] / within
        out["units"][levels[l]] = rows
    return out


stats = pd.read_csv(f"{D}/sweden/deso2018_stats_2022.csv", dtype={"deso": str, "kommun": str, "lan": str})
link = pd.read_csv(f"{D}/scb-raw/koppling-deso2018-regso2020.csv", dtype=str, encoding="utf-8-sig")
df = stats.merge(link[["DeSO_2018", "RegSOkod_2020"]], left_on="deso", right_on="DeSO_2018", how="left")
df["lan"] = df.deso.str[:2]
df["kommun"] = df.deso.str[:4]
levels = ["lan", "kommun", "RegSOkod_2020", "deso"]
two = ["svensk_bakgrund_2022", "utlandsk_bakgrund_2022"]
three = ["fodda_sverige_2022", "fodda_europa_utom_sverige_2022", "fodda_ovriga_varlden_2022"]
result = {
    "two_groups": decompose(df.dropna(subset=two), two, levels, [0, 1]),
    "three_groups": decompose(df.dropna(subset=three), three, levels, [0, 1]),
}

# The RegSO series by year: born in Sweden against the rest, levels kommun and RegSO.
born = pd.read_csv(f"{D}/scb-raw/regso_fodelseregion_2020_2023.csv", encoding="utf-8-sig")
born = born[born["kön"] == "totalt"]
wide = born.pivot_table(index="region", columns="födelseregion", values=[f"Antal {y}" for y in (2020, 2023)], aggfunc="sum")
years = {}
for y in (2020, 2023):
    t = pd.DataFrame({
        "region": wide.index,
        "sverige": wide[(f"Antal {y}", "Sverige")].to_numpy(float),
        "total": wide[(f"Antal {y}", "totalt")].to_numpy(float),
    })
    t["rest"] = t.total - t.sverige
    t["kommun"] = t.region.str.replace(r"\s*\(.*\)\s*$", "", regex=True).str.strip()
    t = t.dropna(subset=["sverige", "rest"])
    years[str(y)] = decompose(t, ["sverige", "rest"], ["kommun", "region"], [])
result["years"] = years
print(json.dumps(result, indent=1))
