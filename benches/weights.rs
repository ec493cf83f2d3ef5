//! Spatial weights on generated irregular tessellations (a jittered grid of quadrilaterals that
//! share corners, as census tracts share boundaries) of 30,000 and 100,000 polygons: queen
//! contiguity and KNN, the computation alone; and population-scale neighbourhoods for 100,000
//! points with k up to 51,200 persons. `benches/compare_pysal.sh` times libpysal on the same file.

use criterion::{criterion_group, criterion_main, Criterion};
use geo::{Coord, MultiPolygon};
use segatlas::data::layer::polygon_from_rings;
use segatlas::spatial::{contiguity, neighbourhoods, points};
use std::hint::black_box;

/// The same tessellation as `compare_pysal.sh` writes: corner (i, j) jittered by a hash.
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

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("weights");
    g.sample_size(10);
    for side in [174usize, 317] {
        let polys = tessellation(side);
        let n = polys.len();
        g.bench_function(format!("queen, {n} polygons"), |b| {
            b.iter(|| black_box(contiguity::queen(&polys, 0.0).neighbors.len()))
        });
        let cents = points::centroids(&polys);
        g.bench_function(format!("knn 8, {n} polygons"), |b| {
            b.iter(|| black_box(points::knn(&cents, 8).unwrap().neighbors.len()))
        });
    }
    let polys = tessellation(317);
    let pts = points::centroids(&polys);
    let pop: Vec<Option<f64>> = (0..pts.len())
        .map(|i| Some((50 + (i * 37) % 100) as f64))
        .collect();
    let grp: Vec<Option<f64>> = (0..pts.len())
        .map(|i| Some(((i * 13) % 40) as f64))
        .collect();
    g.bench_function(
        "population-scale neighbourhoods, 100,489 points, k = 200 … 51,200",
        |b| {
            b.iter(|| {
                black_box(
                    neighbourhoods::population_neighbourhoods(
                        &pts,
                        &pop,
                        &[&grp],
                        &[200.0, 1600.0, 12_800.0, 51_200.0],
                    )
                    .unwrap()
                    .len(),
                )
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
