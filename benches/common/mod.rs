//! Generated test data shared by the benchmarks.

// Each benchmark binary compiles this module and uses only part of it.
#![allow(dead_code)]

use geo::{Coord, MultiPolygon};
use segatlas::data::layer::polygon_from_rings;

/// An irregular tessellation of `side`×`side` quadrilaterals sharing corners, each corner
/// jittered by a hash: the same file `compare_pysal.sh` writes.
pub fn tessellation(side: usize) -> Vec<MultiPolygon<f64>> {
    let corner = |i: usize, j: usize| -> Coord<f64> {
        let h = ((i * 7919 + j * 104_729) % 1000) as f64 / 1000.0 - 0.5;
        let g = ((i * 15_485_863 + j * 32_452_843) % 1000) as f64 / 1000.0 - 0.5;
        Coord {
            x: i as f64 * 100.0 + h * 60.0,
            y: j as f64 * 100.0 + g * 60.0,
        }
    };
    let mut out = Vec::with_capacity(side * side);
    for i in 0..side {
        for j in 0..side {
            let ring = vec![
                corner(i, j),
                corner(i + 1, j),
                corner(i + 1, j + 1),
                corner(i, j + 1),
                corner(i, j),
            ];
            out.push(MultiPolygon::new(vec![polygon_from_rings(vec![ring])]));
        }
    }
    out
}

/// A smooth-plus-noise variable over the tessellation (spatially autocorrelated).
pub fn variable(side: usize) -> Vec<f64> {
    (0..side * side)
        .map(|k| {
            let (i, j) = ((k / side) as f64, (k % side) as f64);
            (i / 20.0).sin() + (j / 25.0).cos() + ((k * 7919) % 1000) as f64 / 1000.0
        })
        .collect()
}

/// The Voronoi tessellation of 30,000 random points that `benches/voronoi.py` writes (shapely's
/// `voronoi_polygons`, about 6 vertices a cell, EPSG:3006 so the 25 m tolerance applies), read
/// from `SEGATLAS_BENCH_DATA` (default `~/.cache/segatlas-bench`). Written there first when
/// missing, with `PYTHON` (default `python3`, which needs shapely); `None` when that fails.
pub fn voronoi() -> Option<segatlas::data::Layer> {
    let dir = std::env::var_os("SEGATLAS_BENCH_DATA")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cache/segatlas-bench"))
        })?;
    let path = dir.join("voronoi_30000.geojson");
    if !path.exists() {
        std::fs::create_dir_all(&dir).ok()?;
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/voronoi.py");
        let ok = std::process::Command::new(python)
            .arg(script)
            .arg("30000")
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("no Voronoi tessellation: run benches/voronoi.py with shapely (PYTHON=…)");
            return None;
        }
    }
    segatlas::data::open_layer(&path).ok()
}
