"""Reference values for SCB/Boverket's socioeconomic area types from three different real
components, computed with pandas on Stockholm county's DeSO, used by tests/followup.rs.

V1 = low economic standard (%), V2 = share with at most pre-secondary education among persons
25–64 (%), V3 = share unemployed among persons 16–64 (%). SEI = (V1 + V2 + V3) / 3 on the areas
with all three; μ and σ over those areas, unweighted (pandas' mean and std, ddof = 1) and
weighted by the population (μ = Σwx/Σw, σ² = Σw(x − μ)²/(Σw − 1)); type 1 is SEI ≥ μ+2σ,
2 [μ+σ, μ+2σ), 3 [μ, μ+σ), 4 [μ−σ, μ), 5 below μ−σ.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/pandas_areatypes.py > tests/oracles/pandas_areatypes.json
"""
import json

import numpy as np
import pandas as pd

fc = json.load(open("../shared/data/stockholm/deso2018_scb2022.geojson"))
df = pd.DataFrame([f["properties"] for f in fc["features"]])
edu = ["utb_forgymnasial_25_64_2022", "utb_gymnasial_25_64_2022", "utb_eftergymn_lt3ar_25_64_2022",
       "utb_eftergymn_ge3ar_25_64_2022", "utb_saknas_25_64_2022"]
df["v1"] = df["lag_ekonomisk_standard_pct_2022"].astype(float)
df["v2"] = df["utb_forgymnasial_25_64_2022"] / df[edu].sum(axis=1) * 100
df["v3"] = df["arbetslosa_16_64_2022"] / df["befolkning_16_64_2022"] * 100
df["sei"] = (df.v1 + df.v2 + df.v3) / 3


def types(sei, mu, sd):
    t = pd.Series(5, index=sei.index)
    t[sei >= mu - sd] = 4
    t[sei >= mu] = 3
    t[sei >= mu + sd] = 2
    t[sei >= mu + 2 * sd] = 1
    return t.where(sei.notna())


out = {"n": int(len(df)), "complete": int(df.sei.notna().sum())}
ok = df.sei.notna()
mu, sd = df.sei[ok].mean(), df.sei[ok].std(ddof=1)
w = df.folkmangd_2022[ok].astype(float)
wmu = float(np.sum(w * df.sei[ok]) / w.sum())
wsd = float(np.sqrt(np.sum(w * (df.sei[ok] - wmu) ** 2) / (w.sum() - 1)))
for name, (m, s) in {"unweighted": (mu, sd), "weighted": (wmu, wsd)}.items():
    t = types(df.sei, m, s)
    out[name] = {
        "mean": float(m),
        "sd": float(s),
        "areas": [{"id": d, "sei": None if np.isnan(x) else float(x),
                   "type": None if np.isnan(y) else int(y)}
                  for d, x, y in zip(df.deso, df.sei, t)],
    }
out["components"] = {"deso": list(df.deso[:3]), "v1": list(df.v1[:3]), "v2": list(df.v2[:3]),
                     "v3": list(df.v3[:3])}
print(json.dumps(out))
