"""Write the generated irregular tessellation the Rust benchmarks use (benches/common/mod.rs):
side x side jittered quadrilaterals sharing corners, with a variable `v`, as GeoJSON."""
import json
import math
import sys


def corner(i, j):
    h = ((i * 7919 + j * 104729) % 1000) / 1000.0 - 0.5
    g = ((i * 15485863 + j * 32452843) % 1000) / 1000.0 - 0.5
    return [i * 100.0 + h * 60.0, j * 100.0 + g * 60.0]


def main(side, path):
    feats = []
    for i in range(side):
        for j in range(side):
            k = i * side + j
            v = math.sin(i / 20.0) + math.cos(j / 25.0) + ((k * 7919) % 1000) / 1000.0
            ring = [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1), corner(i, j)]
            feats.append({"type": "Feature", "properties": {"id": k, "v": v},
                          "geometry": {"type": "Polygon", "coordinates": [ring]}})
    fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3006"}},
          "features": feats}
    with open(path, "w") as f:
        json.dump(fc, f)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
