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
    // LISA stability under Poisson noise on Stockholm's 1,287 DeSO: 999 draws × 999
    // permutations, as `segatlas autocorr --stat lisa --noise poisson`.
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/stockholm/deso2018_scb2022.geojson");
    let l = segatlas::data::open_layer(&path).unwrap();
    let rows: Vec<usize> = (0..l.len()).collect();
    let w = contiguity::queen(&l.projected, 25.0);
    let var = segatlas::analysis::noisy::NoisyVariable::new(
        "utlandsk_bakgrund_2022/folkmangd_2022*100",
        &l.table,
    )
    .unwrap();
    let stat = segatlas::measures::autocorrelation::registry::statistic("lisa").unwrap();
    let y: Vec<f64> = share_values(&l);
    let observed = lisa::local_moran(&y, &w.transformed(Transform::Row), 999, 1).clusters(
        &w.transformed(Transform::Row),
        0.05,
        segatlas::measures::autocorrelation::Correction::None,
    );
    let mut g = c.benchmark_group("lisa stability, 1,287 DeSO");
    g.sample_size(10);
    g.bench_function("999 Poisson draws × 999 permutations", |b| {
        b.iter(|| {
            let run = segatlas::analysis::noisy::Run {
                stat,
                noise: segatlas::measures::uncertainty::Noise::Poisson,
                draws: 999,
                w: &w,
                rows: &rows,
                area: None,
                second: None,
                permutations: 999,
                seed: 1,
                alpha: 0.05,
                correction: segatlas::measures::autocorrelation::Correction::None,
                observed: Some(&observed),
            };
            black_box(
                segatlas::analysis::noisy::run(
                    &var,
                    &l.table,
                    &run,
                    &segatlas::work::Control::new(),
                )
                .unwrap()
                .stability
                .len(),
            )
        })
    });
    g.finish();
}

/// The share of foreign background per DeSO, ×100.
fn share_values(l: &segatlas::data::Layer) -> Vec<f64> {
    segatlas::data::expr::Expr::values("utlandsk_bakgrund_2022/folkmangd_2022*100", &l.table, None)
        .unwrap()
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect()
}

criterion_group!(benches, bench);
criterion_main!(benches);
