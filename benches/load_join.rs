//! Loading and joining: the Stockholm DeSO GeoJSON (2 MB, 1,287 areas) with the SCB statistics
//! of all 5,984 DeSO, and a generated grid of 20,000 squares to show how the cost grows.
//! Target: the real case well under 100 ms. And moving numbers across boundaries: the 1,287 DeSO
//! onto a 500 m grid of 100,096 cells over the county (target: under 2 s; tobler side by side in
//! `benches/compare_interpolate.py`).

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

/// A grid of `nx` × `ny` square cells of `size` metres from (x0, y0) in SWEREF 99 TM.
fn grid_layer(x0: f64, y0: f64, nx: usize, ny: usize, size: f64) -> data::Layer {
    use segatlas::data::layer::{polygon_from_rings, RawFeature};
    let mut feats = Vec::with_capacity(nx * ny);
    let mut ids = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let (x, y) = (x0 + i as f64 * size, y0 + j as f64 * size);
            let ring: Vec<geo::Coord<f64>> = [
                (x, y),
                (x + size, y),
                (x + size, y + size),
                (x, y + size),
                (x, y),
            ]
            .iter()
            .map(|&(x, y)| geo::Coord { x, y })
            .collect();
            feats.push(RawFeature {
                geometry: Some(geo::MultiPolygon::new(vec![polygon_from_rings(vec![ring])])),
                declared_type: "Polygon",
            });
            ids.push(Some(format!("c{}", j * nx + i)));
        }
    }
    let table = data::table::Table::new(vec![data::table::Column::text("cell", ids)]).unwrap();
    data::Layer::build(
        std::path::Path::new("grid"),
        "grid".into(),
        data::crs::Crs::Epsg(3006),
        feats,
        table,
        vec![],
    )
    .unwrap()
}

fn interpolate(c: &mut Criterion) {
    use segatlas::analysis::interpolate::{run, Request, Weigh};
    let deso = data::open_layer(&shared("stockholm/deso2018_scb2022.geojson")).unwrap();
    // The county's extent in SWEREF 99 TM (628,000–764,000 E, 6,506,000–6,690,000 N) in 500 m
    // cells: 272 × 368 = 100,096.
    let grid = grid_layer(628_000.0, 6_506_000.0, 272, 368, 500.0);
    let req = Request {
        extensive: vec!["folkmangd_2022".into(), "utlandsk_bakgrund_2022".into()],
        intensive: vec!["lag_ekonomisk_standard_pct_2022".into()],
        weigh: Weigh::Area,
        allocate_total: false,
        link: None,
    };
    let mut g = c.benchmark_group("interpolate");
    g.sample_size(10);
    g.bench_function(
        "1,287 DeSO onto 100,096 grid cells (500 m), 2 counts and a rate",
        |b| {
            b.iter(|| {
                black_box(
                    run(&deso, &deso.table, &grid, &grid.table, &req)
                        .unwrap()
                        .columns
                        .len(),
                )
            })
        },
    );
    let regso = data::open_layer(&shared("stockholm/regso2020_scb2022.geojson")).unwrap();
    g.bench_function("1,287 DeSO onto 524 RegSO (polygon intersection)", |b| {
        b.iter(|| {
            black_box(
                run(&deso, &deso.table, &regso, &regso.table, &req)
                    .unwrap()
                    .columns
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench, interpolate);
criterion_main!(benches);
