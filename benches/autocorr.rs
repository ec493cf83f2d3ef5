//! LISA (local Moran) with 999 conditional permutations on generated irregular tessellations of
//! 30,000 and 100,000 polygons, queen weights row-standardised: the computation alone.
//! `benches/compare_esda.sh` times esda's `Moran_Local` on the same file and weights; the
//! Voronoi tessellation (`benches/voronoi.py`) is timed against esda by `compare_voronoi.sh`.

mod common;

use common::{tessellation, variable};
use criterion::{criterion_group, criterion_main, Criterion};
use segatlas::measures::autocorrelation::lisa;
use segatlas::spatial::{contiguity, weights::Transform};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("lisa");
    g.sample_size(10);
    for side in [174usize, 317] {
        let w = contiguity::queen(&tessellation(side), 0.0).transformed(Transform::Row);
        let y = variable(side);
        g.bench_function(format!("999 permutations, {} polygons", side * side), |b| {
            b.iter(|| black_box(lisa::local_moran(&y, &w, 999, 1).p_sim.len()))
        });
    }
    if let Some(v) = common::voronoi() {
        let w = contiguity::queen(&v.projected, 25.0).transformed(Transform::Row);
        let y: Vec<f64> = v
            .table
            .numbers("v")
            .unwrap()
            .iter()
            .map(|x| x.unwrap_or(0.0))
            .collect();
        g.bench_function(
            format!("999 permutations, Voronoi {} cells", v.len()),
            |b| b.iter(|| black_box(lisa::local_moran(&y, &w, 999, 1).p_sim.len())),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
