"""Write an irregular Voronoi tessellation for the benchmarks: shapely's voronoi_polygons of
N random points (seeded) in a 30 km square of SWEREF 99 TM (EPSG:3006, so the 25 m contiguity
tolerance applies), clipped to the square, about 6 vertices a cell, with a smooth-plus-noise
variable `v`. Usage: python benches/voronoi.py N OUT.geojson"""
import json
import math
import random
import sys

import shapely
from shapely.geometry import MultiPoint, box, mapping


def main(n, path):
    rnd = random.Random(20261201)
    x0, y0, side = 660000.0, 6570000.0, 30000.0
    pts = [(x0 + rnd.random() * side, y0 + rnd.random() * side) for _ in range(n)]
    frame = box(x0, y0, x0 + side, y0 + side)
    cells = shapely.voronoi_polygons(MultiPoint(pts), extend_to=frame, ordered=True)
    feats = []
    for k, cell in enumerate(cells.geoms):
        cell = cell.intersection(frame)
        c = cell.centroid
        v = math.sin((c.x - x0) / 2000.0) + math.cos((c.y - y0) / 2500.0) + rnd.random()
        feats.append({"type": "Feature", "properties": {"id": k, "v": v}, "geometry": mapping(cell)})
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "EPSG:3006"}},
          "features": feats}
    with open(path, "w") as f:
        json.dump(fc, f)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
