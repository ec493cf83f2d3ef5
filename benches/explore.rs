//! A brushed selection reaching every open exploratory view: with 100,489 generated areas the
//! histogram, box plot, scatter plot and parallel coordinates each take in a new selection and
//! draw a frame (egui's layout, the plots and the tessellation into meshes — all but the GPU's
//! upload). Target: all four within one frame budget, 33 ms. Also the engine's part alone (the
//! selection's bar counts, the selection's and the rest's lines).

use criterion::{criterion_group, criterion_main, Criterion};
use segatlas::analysis::explore::{fit_rows, histogram, scatter_pairs};
use segatlas::app::document::Document;
use segatlas::app::i18n::Lang;
use segatlas::app::map_layer::MapLayer;
use segatlas::app::panels::explore::{
    boxplot::BoxPlotView, histogram::HistogramView, parallel::ParallelView, scatter::ScatterView,
};
use segatlas::app::view::View;
use segatlas::data::crs::Crs;
use segatlas::data::layer::{polygon_from_rings, Layer, RawFeature};
use segatlas::data::table::{Column, Table};
use std::hint::black_box;
use std::path::Path;

/// `side`² unit squares with three variables that vary smoothly and with noise.
fn generated(side: usize) -> Layer {
    let mut feats = Vec::with_capacity(side * side);
    let (mut v, mut w, mut u) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..side {
        for j in 0..side {
            let ring: Vec<geo::Coord<f64>> =
                [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
                    .iter()
                    .map(|&(a, b)| geo::Coord {
                        x: a as f64 * 100.0,
                        y: b as f64 * 100.0,
                    })
                    .collect();
            feats.push(RawFeature {
                geometry: Some(geo::MultiPolygon::new(vec![polygon_from_rings(vec![ring])])),
                declared_type: "Polygon",
            });
            let noise = ((i.wrapping_mul(73_856_093) ^ j.wrapping_mul(19_349_663)) % 1000) as f64;
            v.push(Some(i as f64 + noise / 100.0));
            w.push(Some(j as f64 * 0.5 + i as f64 * 0.3 + noise / 50.0));
            u.push(if noise < 5.0 { None } else { Some(noise) });
        }
    }
    let table = Table::new(vec![
        Column::number("v", v),
        Column::number("w", w),
        Column::number("u", u),
    ])
    .unwrap();
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

fn bench(c: &mut Criterion) {
    let layer = generated(317);
    let n = layer.len();
    let table = layer.table.clone();
    let mut doc = Document::default();
    doc.add_layer(MapLayer::new("g".into(), None, layer, table), Lang::Sv);
    // Two brushes: a tenth of the areas, and a fifth elsewhere.
    let a: std::collections::BTreeSet<usize> = (0..n).step_by(10).collect();
    let b: std::collections::BTreeSet<usize> = (3..n).step_by(5).collect();

    let mut hist = HistogramView::default();
    hist.var = "v".into();
    hist.bins = 30;
    let mut boxes = BoxPlotView::default();
    boxes.vars = vec!["v".into(), "w".into()];
    let mut scatter = ScatterView::default();
    (scatter.x, scatter.y) = ("v".into(), "w".into());
    let mut parallel = ParallelView::default();
    parallel.vars = vec!["v".into(), "w".into(), "u".into()];
    let ctx = egui::Context::default();
    let mut flip = false;
    let mut frame = |doc: &mut Document| {
        let out = ctx.run_ui(
            egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(1600.0, 1000.0),
                )),
                ..Default::default()
            },
            |ui| {
                ui.horizontal(|ui| {
                    let views: [&mut dyn View; 4] =
                        [&mut hist, &mut boxes, &mut scatter, &mut parallel];
                    for v in views {
                        ui.allocate_ui(egui::vec2(390.0, 980.0), |ui| v.ui(ui, doc, Lang::Sv));
                    }
                });
            },
        );
        black_box(ctx.tessellate(out.shapes, 1.0).len())
    };
    // The views' numbers once (a variable chosen), then only the selection changes.
    frame(&mut doc);
    c.bench_function(
        "brushed selection: four linked views redraw (100,489 areas)",
        |bench| {
            bench.iter(|| {
                flip = !flip;
                doc.selection = if flip { a.clone() } else { b.clone() };
                frame(&mut doc)
            })
        },
    );

    // Every view drew its chart (none stopped at an error or an empty form).
    assert!(hist.histogram().is_some() && boxes.boxes().iter().all(|b| b.is_some()));
    assert!(scatter.fit().is_some() && parallel.parallel().is_some_and(|p| p.rows.len() > 100_000));

    // The engine's part of it: the selected bar counts, the selection's and the rest's lines.
    let vals = segatlas::data::expr::Expr::values("v", &doc.layers[0].table, None).unwrap();
    let wals = segatlas::data::expr::Expr::values("w", &doc.layers[0].table, None).unwrap();
    let h = histogram(&vals, 30).unwrap();
    let (pairs, _) = scatter_pairs(&vals, &wals);
    let mask: Vec<bool> = (0..n).map(|i| i % 10 == 0).collect();
    c.bench_function("brushed selection: engine only (100,489 areas)", |bench| {
        bench.iter(|| {
            let counts = h.selected_counts(&|i| mask[i]);
            let s = fit_rows(&pairs, &|i| mask[i]).unwrap();
            let r = fit_rows(&pairs, &|i| !mask[i]).unwrap();
            black_box((counts, s.slope, r.slope))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
