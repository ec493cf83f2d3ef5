//! Spatial weights on generated irregular tessellations (a jittered grid of quadrilaterals that
//! share corners, as census tracts share boundaries) of 30,000 and 100,000 polygons: queen
//! contiguity and KNN, the computation alone; and population-scale neighbourhoods for 100,000
//! points with k up to 51,200 persons. `benches/compare_pysal.sh` times libpysal on the same file.
//! And regionalisation on the neighbour graph: SKATER and max-p on Stockholm's 1,287 DeSO (as
//! `benches/compare_regions.py` runs them against spopt) and on the 30,000 Voronoi cells.

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

/// Regions of Stockholm's DeSO (the three standardised variables of the spopt comparison) and
/// of the Voronoi cells (two generated variables), the computation alone.
fn regions(c: &mut Criterion) {
    use segatlas::regions::{self, Floor, Graph, Method, Options, Problem};
    let mut g = c.benchmark_group("regions");
    g.sample_size(10);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/stockholm/deso2018_scb2022.geojson");
    let layer = segatlas::data::open_layer(&path).expect("Stockholm's DeSO in ../shared/data");
    let t = &layer.table;
    let col = |name: &str| -> Vec<f64> {
        t.numbers(name)
            .unwrap()
            .iter()
            .map(|v| v.unwrap())
            .collect()
    };
    let pop = col("folkmangd_2022");
    let foreign: Vec<f64> = col("utlandsk_bakgrund_2022")
        .iter()
        .zip(&pop)
        .map(|(f, p)| f / p)
        .collect();
    let mut cols = vec![
        col("nettoinkomst_median_tkr_2022"),
        col("lag_ekonomisk_standard_pct_2022"),
        foreign,
    ];
    regions::standardise(&mut cols);
    let graph = Graph::from_weights(&contiguity::queen(&layer.projected, 25.0));
    let mut problem = Problem::new(&cols, graph).unwrap();
    problem.min_areas = 20;
    let mut o = Options::new(Method::Skater);
    o.k = Some(10);
    g.bench_function("skater k = 10, ≥ 20 areas, Stockholm 1,287 DeSO", |b| {
        b.iter(|| black_box(regions::regionalise(&problem, &o).unwrap().ssd))
    });
    problem.min_areas = 1;
    problem.floor = Some(Floor {
        name: "folkmangd_2022".into(),
        values: pop,
        threshold: 50_000.0,
    });
    let o = Options::new(Method::MaxP);
    g.bench_function("max-p floor 50,000 persons, Stockholm 1,287 DeSO", |b| {
        b.iter(|| black_box(regions::regionalise(&problem, &o).unwrap().count))
    });
    if let Some(v) = common::voronoi() {
        let n = v.len();
        let a: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
        let cents = points::centroids(&v.projected);
        let b: Vec<f64> = cents
            .iter()
            .map(|p| p[0] / 1000.0 + p[1] / 2000.0)
            .collect();
        let mut cols = vec![a, b];
        regions::standardise(&mut cols);
        let graph = Graph::from_weights(&contiguity::queen(&v.projected, 25.0));
        let mut problem = Problem::new(&cols, graph).unwrap();
        let mut o = Options::new(Method::Skater);
        o.k = Some(50);
        g.bench_function(format!("skater k = 50, Voronoi {n} cells"), |b| {
            b.iter(|| black_box(regions::regionalise(&problem, &o).unwrap().ssd))
        });
        problem.min_areas = 100;
        let o = Options::new(Method::MaxP);
        g.bench_function(format!("max-p ≥ 100 areas, Voronoi {n} cells"), |b| {
            b.iter(|| black_box(regions::regionalise(&problem, &o).unwrap().count))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, regions);
criterion_main!(benches);
