//! Cancellation mid-run: long engine work run under a `Control` (as the app's jobs run it) is
//! cancelled once it has started, and within 200 ms its counter of work done stops rising —
//! Moran's permutations, the segregation nulls and bootstraps, reading a file, contiguity,
//! regionalisation and scenarios, and the draws of every result under noise (`--noise`).

use crate::common::data as shared;
use segatlas::work::{under, Control};
use std::time::{Duration, Instant};

/// Run `work` on its own thread under a control; once it has done some work, cancel it and see
/// its counter stop.
fn stops_when_cancelled(what: &str, work: impl FnOnce() + Send + 'static) {
    let control = Control::new();
    let inner = control.clone();
    let handle = std::thread::spawn(move || under(&inner, work));
    let start = Instant::now();
    while control.done() == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what}: no work started"
        );
        assert!(
            !handle.is_finished(),
            "{what}: finished before it could be cancelled"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    control.cancel();
    std::thread::sleep(Duration::from_millis(200));
    let after = control.done();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        control.done(),
        after,
        "{what}: work went on after the cancel"
    );
    let joined = Instant::now();
    handle.join().unwrap();
    assert!(
        joined.elapsed() < Duration::from_secs(5),
        "{what}: slow to end"
    );
}

fn deso() -> segatlas::data::Layer {
    segatlas::data::open_layer(&shared("stockholm/deso2018_scb2022.geojson")).unwrap()
}

#[test]
fn long_work_stops_within_200_ms_of_a_cancel() {
    use segatlas::analysis::segregation::{run, Request};
    // Moran's I with 99,999 permutations on 100,000 units in a ring.
    let n = 100_000;
    let w = segatlas::spatial::weights::Weights::from_pairs(n, (0..n).map(|i| (i, (i + 1) % n)));
    let y: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
    stops_when_cancelled("moran", move || {
        let c = Control::new();
        let _ = segatlas::measures::autocorrelation::moran::moran_controlled(&y, &w, 99_999, 1, &c);
    });
    // A null and a bootstrap of the dissimilarity with 99,999 simulations.
    for (null, ci) in [(Some("systematic"), None), (None, Some(0.95))] {
        let layer = deso();
        let req = Request {
            group: Some("utlandsk_bakgrund_2022".into()),
            total: Some("folkmangd_2022".into()),
            names: vec!["dissim"],
            null: null.map(String::from),
            ci,
            permutations: 99_999,
            ..Default::default()
        };
        stops_when_cancelled("null or bootstrap", move || {
            let _ = run(&layer, &layer.table, &req);
        });
    }
    // Reading a GeoJSON of 400,000 squares.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.geojson");
    let features: Vec<String> = (0..400_000)
        .map(|i| {
            let (x, y) = ((i % 800) as f64, (i / 800) as f64);
            format!(
                r#"{{"type":"Feature","properties":{{"v":{i}}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]}}}}"#,
                x + 1.0,
                x + 1.0,
                y + 1.0,
                y + 1.0
            )
        })
        .collect();
    std::fs::write(
        &big,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    let path = big.clone();
    stops_when_cancelled("reading", move || {
        let _ = segatlas::data::open_layer(&path);
    });
    // Queen contiguity of those 400,000 squares, repeated.
    let layer = segatlas::data::open_layer(&big).unwrap();
    stops_when_cancelled("contiguity", move || {
        for _ in 0..50 {
            let _ = segatlas::spatial::contiguity::queen(&layer.projected, 0.0);
            if segatlas::work::stopping() {
                break;
            }
        }
    });
    // AZP with many starts on Stockholm's DeSO.
    let layer = deso();
    stops_when_cancelled("regions", move || {
        let mut r = segatlas::analysis::regions::Request::new(
            segatlas::regions::Method::Azp,
            vec!["nettoinkomst_median_tkr_2022".into()],
        );
        r.k = Some(10);
        r.iterations = 10_000;
        let _ = segatlas::analysis::regions::run(
            &layer,
            &layer.table,
            &r,
            segatlas::data::subset::Missing::Skip,
        );
    });
    // Scenarios: forty plans, each with a bootstrap of 9,999 replicates.
    let layer = deso();
    let texts: Vec<String> = (0..40)
        .map(|k| format!("POLYGON((18.1236 59.2664, 18.1256 59.2664, 18.1256 59.2674, 18.1236 59.2674, 18.1236 59.2664)):persons={}:share=0.3:scenario=P{k}", 100 + k))
        .collect();
    let scenarios = segatlas::analysis::scenario::from_texts(&texts, &layer).unwrap();
    stops_when_cancelled("scenario", move || {
        let req = segatlas::analysis::scenario::Request {
            group: Some("utlandsk_bakgrund_2022".into()),
            total: Some("folkmangd_2022".into()),
            names: vec!["dissim", "spatial-dissim"],
            tolerance: 25.0,
            ci: Some(0.95),
            replicates: 9_999,
            ..Default::default()
        };
        let _ = segatlas::analysis::scenario::run(&layer, &layer.table, &req, &scenarios);
    });
}

/// Draws under a noise model (`uncertainty::simulate`) stop as the permutations do: an index's
/// band, the national levels' bands and the map's class stability.
#[test]
fn draws_under_noise_stop_within_200_ms_of_a_cancel() {
    use segatlas::measures::uncertainty::Noise;
    let layer = deso();
    stops_when_cancelled("index under noise", move || {
        let req = segatlas::analysis::segregation::Request {
            group: Some("utlandsk_bakgrund_2022".into()),
            total: Some("folkmangd_2022".into()),
            names: vec!["dissim", "isolation"],
            noise: Some(Noise::Poisson),
            draws: 9_999_999,
            ..Default::default()
        };
        let _ = segatlas::analysis::segregation::run(&layer, &layer.table, &req);
    });
    let national = segatlas::data::open_table(&shared("sweden/deso2018_stats_2022.csv")).unwrap();
    stops_when_cancelled("levels under noise", move || {
        let req = segatlas::analysis::levels::Request {
            groups: vec![
                "svensk_bakgrund_2022".into(),
                "utlandsk_bakgrund_2022".into(),
            ],
            levels: vec!["lan".into(), "kommun".into()],
            noise: Some(Noise::Uniform(3)),
            draws: 9_999_999,
            ..Default::default()
        };
        let _ = segatlas::analysis::levels::run(&national, &req);
    });
    let layer = deso();
    stops_when_cancelled("classes under noise", move || {
        let table = &layer.table;
        let var = segatlas::analysis::noisy::NoisyVariable::new(
            "utlandsk_bakgrund_2022/folkmangd_2022",
            table,
        )
        .unwrap();
        let scheme = segatlas::classify::Scheme::Quantiles { k: 5 };
        let observed = vec![Some(0); table.len()];
        let _ = segatlas::analysis::noisy::class_stability(
            &var,
            table,
            None,
            &scheme,
            &observed,
            Noise::Poisson,
            9_999_999,
            1,
        );
    });
}

/// Moving numbers across boundaries (`interpolate`, the app's *Överför till andra gränser*)
/// stops as the rest: Stockholm's DeSO onto 400,384 cells of 250 m.
#[test]
fn an_overlay_stops_within_200_ms_of_a_cancel() {
    use segatlas::data::layer::{polygon_from_rings, RawFeature};
    let (nx, ny, size) = (544, 736, 250.0);
    let mut feats = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let (x, y) = (628_000.0 + i as f64 * size, 6_506_000.0 + j as f64 * size);
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
        }
    }
    let table = segatlas::data::table::Table::new(vec![segatlas::data::table::Column::number(
        "x",
        vec![None; nx * ny],
    )])
    .unwrap();
    let grid = segatlas::data::Layer::build(
        std::path::Path::new("grid"),
        "grid".into(),
        segatlas::data::crs::Crs::Epsg(3006),
        feats,
        table,
        vec![],
    )
    .unwrap();
    let layer = deso();
    stops_when_cancelled("interpolate", move || {
        use segatlas::analysis::interpolate::{run, Request, Weigh};
        let req = Request {
            extensive: vec!["folkmangd_2022".into()],
            intensive: Vec::new(),
            weigh: Weigh::Area,
            allocate_total: false,
            link: None,
        };
        let r = run(&layer, &layer.table, &grid, &grid.table, &req);
        assert!(r.is_err(), "a cancelled overlay returns no result");
    });
}
