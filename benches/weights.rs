//! Spatial weights on generated irregular tessellations (a jittered grid of quadrilaterals that
//! share corners, as census tracts share boundaries) of 30,000 and 100,000 polygons: queen
//! contiguity and KNN, the computation alone; and population-scale neighbourhoods for 100,000
//! points with k up to 51,200 persons. `benches/compare_pysal.sh` times libpysal on the same file.

mod common;

use common::tessellation;
use criterion::{criterion_group, criterion_main, Criterion};
use segatlas::spatial::{contiguity, neighbourhoods, points};
use std::hint::black_box;

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
    // Irregular cells as real boundaries are: a Voronoi tessellation, with SWEREF's 25 m
    // tolerance (`benches/compare_voronoi.sh` times libpysal on the same file).
    if let Some(v) = common::voronoi() {
        g.bench_function(
            format!("queen, Voronoi {} cells, 25 m tolerance", v.len()),
            |b| b.iter(|| black_box(contiguity::queen(&v.projected, 25.0).neighbors.len())),
        );
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
