"""Seeds for the fuzzers, made from ../shared/data into a folder outside the repository (the
shared data is never copied into the repository): small real files of every format the readers
take. Needs a virtualenv with geopandas, libpysal, pyarrow and openpyxl.
Usage: python fuzz/seeds.py ../shared/data ~/.cache/segatlas-fuzz/seeds
"""
import os
import shutil
import struct
import sys

import geopandas
import libpysal
import openpyxl

data, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def folder(target):
    p = os.path.join(out, target)
    os.makedirs(p, exist_ok=True)
    return p


deso = geopandas.read_file(os.path.join(data, "stockholm", "deso2018_scb2022.geojson"))
small = deso[deso["kommun"] == "0186"].reset_index(drop=True)  # Lidingö, 35 areas
small.to_file(os.path.join(folder("geojson"), "lidingo.geojson"), driver="GeoJSON")
shutil.copy(os.path.join(data, "peers", "columbus.geojson"), folder("geojson"))
small.to_crs(3006).to_file(os.path.join(folder("gpkg"), "lidingo.gpkg"), driver="GPKG", layer="DeSO")
tmp = os.path.join(out, "tmp")
os.makedirs(tmp, exist_ok=True)
small[["deso", "kommun", "folkmangd_2022", "geometry"]].to_crs(3006).to_file(os.path.join(tmp, "l.shp"))
shp = open(os.path.join(tmp, "l.shp"), "rb").read()
dbf = open(os.path.join(tmp, "l.dbf"), "rb").read()
open(os.path.join(folder("shapefile"), "lidingo.bin"), "wb").write(struct.pack("<I", len(shp)) + shp + dbf)
small.to_parquet(os.path.join(folder("geoparquet"), "lidingo.parquet"))
for name in ["sweden/deso2018_stats_2022.csv", "scb-raw/regso_fodelseregion_2020_2023.csv",
             "scb-raw/regso_socioekonomiskt_index_2022.csv"]:
    lines = open(os.path.join(data, name), "rb").read().split(b"\n")[:40]
    open(os.path.join(folder("csv"), os.path.basename(name)), "wb").write(b"\n".join(lines))
for name in ["deso_bakgrund_2022.xlsx", "deso_nettoinkomst_2022.xlsx"]:
    # The first 40 rows of SCB's sheets (their title rows and headers kept): the whole files make
    # every execution slow, and the fuzzer mutates the zip around the cells anyway.
    book = openpyxl.load_workbook(os.path.join(data, "scb-raw", name))
    small_book = openpyxl.Workbook()
    small_book.remove(small_book.active)
    for sheet in book.worksheets:
        copy = small_book.create_sheet(sheet.title)
        for row in sheet.iter_rows(max_row=40, values_only=True):
            copy.append(row)
    small_book.save(os.path.join(folder("xlsx"), name))
w = libpysal.weights.Queen.from_dataframe(small, use_index=False, silence_warnings=True)
libpysal.io.open(os.path.join(folder("gal"), "lidingo.gal"), "w").write(w)
libpysal.io.open(os.path.join(folder("gwt"), "lidingo.gwt"), "w").write(w)
open(os.path.join(folder("project"), "p.segatlas.json"), "w").write(
    '{"segatlas_project":1,"layer":"lidingo.geojson","stats":null,"key":null,"crs":null,'
    '"style":{"variable":"folkmangd_2022","scheme":"quantiles","k":5,"palette":"YlOrRd"},'
    '"figure":{"title":"Lidingö"}}')
for f in os.listdir(os.path.join(here, "seeds", "expr")):
    shutil.copy(os.path.join(here, "seeds", "expr", f), folder("expr"))
shutil.rmtree(tmp)
print("seeds in", out)
for f in os.listdir(os.path.join(here, "seeds", "analyses")):
    shutil.copy(os.path.join(here, "seeds", "analyses", f), folder("analyses"))
shutil.copy(os.path.join(folder("geojson"), "lidingo.geojson"), folder("analyses"))
