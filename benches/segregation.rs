//! Segregation indices on Stockholm's 1,287 DeSO (read in place from ../shared/data), the
//! computation alone: every single-group index of the registry together (contiguity, proximity
//! matrix and centroids built once, as `segatlas index --index all` does), and a multiscalar
//! profile of multigroup dissimilarity over 5 distances; and the uncertainty from noisy counts
//! (`index --noise poisson`, 999 draws) of the aspatial single-group indices. `benches/compare_segregation.sh` times
//! PySAL's `batch_compute_singlegroup` and `compute_multiscalar_profile` on the same file.

use criterion::{criterion_group, criterion_main, Criterion};
use segatlas::data;
use segatlas::measures::segregation::multi::{multi_dissim, Groups};
use segatlas::measures::segregation::proximity::Proximity;
use segatlas::measures::segregation::single::SingleGroup;
use segatlas::measures::segregation::spatial::{egohood_counts, perimeter_area_ratios};
use segatlas::measures::segregation::{Compute, REGISTRY};
use segatlas::spatial::{contiguity, points};
use std::hint::black_box;
use std::path::PathBuf;

fn column(l: &data::Layer, name: &str) -> Vec<f64> {
    l.table
        .numbers(name)
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect()
}

fn all_single(l: &data::Layer, x: &[f64], t: &[f64]) -> usize {
    let area: Vec<f64> = l.area_km2().iter().map(|a| a * 1e6).collect();
    let (queen, boundary) = contiguity::queen_and_boundary(&l.projected, 25.0);
    let cents = points::centroids(&l.projected);
    let prox = Proximity::new(&cents, &area);
    let pa = perimeter_area_ratios(&l.projected);
    let g = SingleGroup {
        x,
        t,
        area: Some(&area),
    };
    let mut n = 0;
    for m in REGISTRY {
        let v = match &m.compute {
            Compute::Single(f) => f(&g),
            Compute::SingleArea(f) => f(&g).unwrap_or(0.0),
            Compute::SingleContiguity(f) => f(&g, &queen),
            Compute::SingleBoundary(f) => f(&g, &boundary),
            Compute::SingleShape(f) => f(&g, &boundary, &pa),
            Compute::SinglePlaces(f) => f(&g, &cents, &area),
            Compute::SingleProximity(f) => f(&g, &prox),
            Compute::SingleSeeded(f) => f(&g, 12345),
            Compute::LocalSingle(f) => f(&g, &cents)[0],
            _ => continue,
        };
        black_box(v);
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/stockholm/deso2018_scb2022.geojson");
    let l = data::open_layer(&path).unwrap();
    let (x, t) = (
        column(&l, "utlandsk_bakgrund_2022"),
        column(&l, "folkmangd_2022"),
    );
    let mut g = c.benchmark_group("segregation, 1,287 DeSO");
    g.sample_size(10);
    g.bench_function("every single-group index", |b| {
        b.iter(|| black_box(all_single(&l, &x, &t)))
    });
    let other = column(&l, "svensk_bakgrund_2022");
    let cents = points::centroids(&l.projected);
    g.bench_function("multiscalar multi-dissim, aspatial + 5 distances", |b| {
        b.iter(|| {
            [0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0]
                .iter()
                .map(|&d| {
                    let a = egohood_counts(&cents, &x, d, true);
                    let s = egohood_counts(&cents, &other, d, true);
                    multi_dissim(&Groups {
                        counts: a.iter().zip(&s).map(|(a, s)| vec![*a, *s]).collect(),
                    })
                })
                .sum::<f64>()
        })
    });
    // 999 noisy draws through the engine's request, as `segatlas index --noise poisson`: all
    // the single-group indices (target: under 3 s on Stockholm's 1,287 DeSO). The draws are
    // drawn once for all of them, the proximity products shared, the simulation-corrected
    // indices' simulation shared over the draws.
    let single: Vec<&'static str> = REGISTRY
        .iter()
        .filter(|m| m.compute.is_single_valued())
        .map(|m| m.name)
        .collect();
    assert_eq!(single.len(), 27);
    let request = segatlas::analysis::segregation::Request {
        group: Some("utlandsk_bakgrund_2022".into()),
        total: Some("folkmangd_2022".into()),
        names: single,
        seed: 12345,
        tolerance: 25.0,
        noise: Some(segatlas::measures::uncertainty::Noise::Poisson),
        draws: 999,
        ..Default::default()
    };
    let table = l.table.clone();
    g.bench_function(
        "999 Poisson draws of all 27 single-group indices",
        |bench| {
            bench.iter(|| {
                black_box(segatlas::analysis::segregation::run(&l, &table, &request).unwrap())
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
