//! The map's paint work per frame while panning: culling, transforming the prebuilt meshes,
//! simplifying outlines to the screen and egui's tessellation of it all (what is left for the
//! GPU is uploading). Targets: under 16 ms for the 1,287 Stockholm DeSO, under 33 ms for 100,000
//! generated polygons.

use criterion::{criterion_group, criterion_main, Criterion};
use egui::epaint::ClippedShape;
use segatlas::app::document::Viewport as View;
use segatlas::app::i18n::Lang;
use segatlas::app::map_layer::MapLayer;
use segatlas::app::map_view::layer_shapes;
use segatlas::app::style::{render, MapStyle};
use segatlas::data::crs::Crs;
use segatlas::data::layer::{polygon_from_rings, Layer, RawFeature};
use segatlas::data::table::{Column, Table};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// An irregular tessellation: a jittered grid of `side`×`side` quadrilaterals sharing corners.
fn generated(side: usize) -> Layer {
    let jitter = |i: usize, j: usize| -> (f64, f64) {
        let h = (i.wrapping_mul(73_856_093) ^ j.wrapping_mul(19_349_663)) % 1000;
        let g = (i.wrapping_mul(83_492_791) ^ j.wrapping_mul(2_654_435_761)) % 1000;
        (
            i as f64 * 100.0 + (h as f64 / 1000.0 - 0.5) * 60.0,
            j as f64 * 100.0 + (g as f64 / 1000.0 - 0.5) * 60.0,
        )
    };
    let mut feats = Vec::with_capacity(side * side);
    let mut values = Vec::with_capacity(side * side);
    for i in 0..side {
        for j in 0..side {
            let ring: Vec<geo::Coord<f64>> =
                [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
                    .iter()
                    .map(|&(a, b)| {
                        let (x, y) = jitter(a, b);
                        geo::Coord { x, y }
                    })
                    .collect();
            feats.push(RawFeature {
                geometry: Some(geo::MultiPolygon::new(vec![polygon_from_rings(vec![ring])])),
                declared_type: "Polygon",
            });
            values.push(Some(((i * 31 + j * 17) % 997) as f64));
        }
    }
    let table = Table::new(vec![Column::number("v", values)]).unwrap();
    Layer::build(
        Path::new("generated"),
        "generated".into(),
        Crs::Planar,
        feats,
        table,
        vec![],
    )
    .unwrap()
}

fn frame(c: &mut Criterion, name: &str, layer: MapLayer, variable: &str) {
    let style = MapStyle {
        variable: variable.into(),
        ..MapStyle::default()
    };
    let rendered = render(&style, &layer, Lang::Sv).unwrap();
    let rect = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(1200.0, 800.0));
    let mut view = View::default();
    view.fit_to(rect, layer.extent);
    let ctx = egui::Context::default();
    let _ = ctx.run_ui(egui::RawInput::default(), |_| {});
    let mut step = 0.0;
    c.bench_function(&format!("{name}: shapes only"), |b| {
        b.iter(|| black_box(layer_shapes(&layer, Some(&rendered), &view, rect).len()))
    });
    c.bench_function(name, |b| {
        b.iter(|| {
            step += 1.0;
            let mut v = view;
            v.center[0] += (step % 20.0) / v.scale; // pan a pixel at a time
            let shapes = layer_shapes(&layer, Some(&rendered), &v, rect);
            let clipped = shapes
                .into_iter()
                .map(|shape| ClippedShape::new(rect, shape))
                .collect();
            black_box(ctx.tessellate(clipped, 1.0).len())
        })
    });
}

fn bench(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/stockholm/deso2018_scb2022.geojson");
    let deso = segatlas::data::open_layer(&path).unwrap();
    let table = deso.table.clone();
    frame(
        c,
        "paint frame: Stockholm DeSO (1,287)",
        MapLayer::new("deso".into(), None, deso, table),
        "folkmangd_2022",
    );
    let g = generated(317);
    let table = g.table.clone();
    let polygons = g.projected.clone();
    let values: Vec<f64> = table
        .numbers("v")
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    let layer = MapLayer::new("g".into(), None, g, table);
    frame(c, "paint frame: generated (100,489 polygons)", layer, "v");

    // The same frame while a 999-permutation LISA on those 100,489 polygons runs in the
    // background, as the app's job would (on the shared pool, under a control), again and
    // again until the benchmark ends: the frame must stay under 33 ms.
    let g = generated(317);
    let table = g.table.clone();
    let layer = MapLayer::new("g".into(), None, g, table);
    let control = segatlas::work::Control::new();
    let worker = {
        let control = control.clone();
        std::thread::spawn(move || {
            use segatlas::measures::autocorrelation::lisa;
            use segatlas::spatial::{contiguity, weights::Transform};
            let w = contiguity::queen(&polygons, 0.0).transformed(Transform::Row);
            let mut runs = 0;
            while !control.is_cancelled() {
                segatlas::work::under(&control, || lisa::local_moran(&values, &w, 999, 1));
                runs += 1;
            }
            runs
        })
    };
    frame(
        c,
        "paint frame: generated (100,489 polygons) while a LISA job runs",
        layer,
        "v",
    );
    control.cancel();
    let _ = worker.join();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
