//! Reports for all 26 municipalities of Stockholm county (1,287 DeSO, read in place from
//! ../shared/data, with SCB's 5,984 DeSO as the national table): the numbers
//! (`analysis::report::build` — indices by municipality and county, the county's split) and the
//! whole thing with the pages drawn and written as PDFs. Target (issue #15): under a minute.
//! And all 290 municipalities from the national table alone (issue #31: under 30 s).

use criterion::{criterion_group, criterion_main, Criterion};
use segatlas::analysis::report::{build, Request};
use segatlas::data;
use segatlas::i18n::Lang;
use segatlas::work::Control;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

fn bench(c: &mut Criterion) {
    let layer = data::open_layer(&shared("stockholm/deso2018_scb2022.geojson")).unwrap();
    let table = layer.table.clone();
    let national = data::open_table(&shared("sweden/deso2018_stats_2022.csv")).unwrap();
    let req = Request {
        group: "utlandsk_bakgrund_2022".into(),
        total: "folkmangd_2022".into(),
        variables: vec!["lag_ekonomisk_standard_pct_2022".into()],
        each: "kommun".into(),
        tolerance: 25.0,
        ..Default::default()
    };
    let mut g = c.benchmark_group("report_26_municipalities");
    g.sample_size(10);
    g.bench_function("numbers", |b| {
        b.iter(|| {
            let r = build(&layer, &table, Some(&national), &req, &Control::new()).unwrap();
            assert_eq!(r.regions.len(), 26);
        })
    });
    let dir = tempfile::tempdir().unwrap();
    g.bench_function("numbers_and_pdfs", |b| {
        b.iter(|| {
            let r = build(&layer, &table, Some(&national), &req, &Control::new()).unwrap();
            let w = segatlas::figure::report::write_all(
                &r,
                &layer,
                &table,
                "kommun",
                &[],
                "2026-12-02",
                Lang::Sv,
                dir.path(),
                &[],
                &Control::new(),
                &|_, _, _| {},
            )
            .unwrap();
            assert_eq!(w.len(), 26);
        })
    });
    g.finish();

    // All 290 municipalities from SCB's national DeSO table alone (no geometry: the bundled
    // map), each with its rank in the country. Target (issue #31): under 30 s.
    let placeless = data::Layer::without_geometries(
        national.clone(),
        &shared("sweden/deso2018_stats_2022.csv"),
    );
    let mut g = c.benchmark_group("report_290_municipalities_national_table");
    g.sample_size(10);
    g.bench_function("numbers_and_pdfs", |b| {
        b.iter(|| {
            let r = build(&placeless, &national, None, &req, &Control::new()).unwrap();
            let w = segatlas::figure::report::write_all(
                &r,
                &placeless,
                &national,
                "kommun",
                &[],
                "2026-12-07",
                Lang::Sv,
                dir.path(),
                &[],
                &Control::new(),
                &|_, _, _| {},
            )
            .unwrap();
            assert_eq!(w.len(), 290);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
