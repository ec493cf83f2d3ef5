//! Loading and joining: the Stockholm DeSO GeoJSON (2 MB, 1,287 areas) with the SCB statistics
//! of all 5,984 DeSO, and a generated grid of 20,000 squares to show how the cost grows.
//! Target: the real case well under 100 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use segatlas::data::{self, join::join, join::KeySpec};
use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

fn grid_geojson(n: usize) -> tempfile::NamedTempFile {
    let side = (n as f64).sqrt().ceil() as usize;
    let mut f = tempfile::Builder::new()
        .suffix(".geojson")
        .tempfile()
        .unwrap();
    write!(f, "{{\"type\":\"FeatureCollection\",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"EPSG:3006\"}}}},\"features\":[").unwrap();
    for i in 0..n {
        let (x, y) = (
            (i % side) as f64 * 250.0 + 600_000.0,
            (i / side) as f64 * 250.0 + 6_500_000.0,
        );
        if i > 0 {
            write!(f, ",").unwrap();
        }
        write!(
            f,
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"R{i:06}\",\"pop\":{}}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]}}}}",
            i % 997,
            x + 250.0,
            x + 250.0,
            y + 250.0,
            y + 250.0
        )
        .unwrap();
    }
    write!(f, "]}}").unwrap();
    f.flush().unwrap();
    f
}

fn bench(c: &mut Criterion) {
    let layer_path = shared("stockholm/deso2018_scb2022.geojson");
    let table_path = shared("sweden/deso2018_stats_2022.csv");
    c.bench_function("stockholm deso geojson: read + join 5,984 rows", |b| {
        b.iter(|| {
            let l = data::open_layer(black_box(&layer_path)).unwrap();
            let t = data::open_table(black_box(&table_path)).unwrap();
            black_box(
                join(&l, &t, &KeySpec::parse("deso"))
                    .unwrap()
                    .report
                    .matched,
            )
        })
    });
    c.bench_function("stockholm deso geojson: read", |b| {
        b.iter(|| black_box(data::open_layer(black_box(&layer_path)).unwrap().len()))
    });
    let grid = grid_geojson(20_000);
    let mut g = c.benchmark_group("generated");
    g.sample_size(10);
    g.bench_function("20,000 squares: read", |b| {
        b.iter(|| black_box(data::open_layer(grid.path()).unwrap().len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
