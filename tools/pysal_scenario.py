"""Reference values for planning scenarios (PySAL segregation 2.5, shapely via geopandas), used by
tests/real_data.rs. The scenario's persons are added to the DeSO counts *by hand* here and the
indices computed by PySAL on the changed counts; segatlas must give the same after-values.

- one: a small rectangle inside one DeSO of Bagarmossen (0180C1740) adding 1,000 persons, half
  of them of foreign background: dissimilarity, isolation, Theil's entropy and spatial
  dissimilarity before and after, for the county and for Stockholm municipality (0180);
- two: a rectangle over the border of two DeSO: the share of its area in each DeSO (SWEREF 99 TM),
  which is how segatlas must split the persons.

Spatial dissimilarity is computed on segatlas's own queen weights (written as GAL by
`segatlas weights … --kind queen --out`), since libpysal's exact-vertex queen differs on this
simplified geometry (slivers); the test is of the scenario, not of contiguity.

Run with the PySAL stack in a virtualenv outside the repository, from the project root:
    python tools/pysal_scenario.py $CARGO_TARGET_DIR/release/segatlas > tests/oracles/pysal_scenario.json
"""
import json
import subprocess
import sys
import tempfile
import warnings

import geopandas as gpd
import libpysal
from segregation.singlegroup import Dissim, Entropy, Isolation, SpatialDissim
from shapely.geometry import box

warnings.filterwarnings("ignore")
SEGATLAS = sys.argv[1]
PATH = "../shared/data/stockholm/deso2018_scb2022.geojson"
GROUP, TOTAL = "utlandsk_bakgrund_2022", "folkmangd_2022"
st = gpd.read_file(PATH)


def wkt(b):
    x0, y0, x1, y1 = b.bounds
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def queen(rows):
    """segatlas's queen weights of these rows, as a libpysal W on 0..len(rows)."""
    with tempfile.TemporaryDirectory() as d:
        gal = f"{d}/q.gal"
        subprocess.run([SEGATLAS, "weights", PATH, "--kind", "queen", "--out", gal], check=True,
                       capture_output=True)
        w = libpysal.io.open(gal).read()
    at = {r: i for i, r in enumerate(rows)}
    neighbours = {at[r]: [at[int(j)] for j in w.neighbors[str(r) if str(r) in w.neighbors else r]
                          if int(j) in at] for r in rows}
    return libpysal.weights.W(neighbours, silence_warnings=True)


def indices(df, rows):
    sub = df.iloc[rows].reset_index(drop=True)
    return {
        "dissim": float(Dissim(sub, GROUP, TOTAL).statistic),
        "isolation": float(Isolation(sub, GROUP, TOTAL).statistic),
        "entropy": float(Entropy(sub, GROUP, TOTAL).statistic),
        "spatial-dissim": float(SpatialDissim(sub, GROUP, TOTAL, w=queen(rows)).statistic),
    }


out = {}
# One DeSO: a rectangle around a point inside 0180C1740.
i = int(st.index[st.deso == "0180C1740"][0])
p = st.geometry[i].representative_point()
inside = box(p.x - 0.0005, p.y - 0.0003, p.x + 0.0005, p.y + 0.0003)
assert inside.within(st.geometry[i])
after = st.copy()
after.loc[i, GROUP] += 500
after.loc[i, TOTAL] += 1000
everyone = list(range(len(st)))
sthlm = [r for r in everyone if st.kommun[r] == "0180"]
out["one"] = {
    "change": wkt(inside) + ":persons=1000:share=0.5",
    "deso": "0180C1740",
    "before": indices(st, everyone),
    "after": indices(after, everyone),
    "before_0180": indices(st, sthlm),
    "after_0180": indices(after, sthlm),
}

# Two DeSO: a rectangle across the border of 0180C1740 and a neighbour.
m = st.to_crs(3006)
j = next(r for r in range(len(st)) if r != i and st.geometry[r].touches(st.geometry[i])
         or (r != i and st.geometry[r].intersection(st.geometry[i]).length > 0.001))
border = st.geometry[i].boundary.intersection(st.geometry[j].boundary)
c = border.interpolate(0.5, normalized=True)
across = box(c.x - 0.0008, c.y - 0.0005, c.x + 0.0008, c.y + 0.0005)
across_m = gpd.GeoSeries([across], crs=4326).to_crs(3006)[0]
shares = {}
for r in range(len(st)):
    a = m.geometry[r].intersection(across_m).area
    if a > across_m.area * 1e-6:
        shares[st.deso[r]] = a
total = sum(shares.values())
out["two"] = {
    "change": wkt(across) + ":persons=2000:share=0.3",
    "fractions": {k: v / total for k, v in shares.items()},
}
print(json.dumps(out, indent=1, ensure_ascii=False))
