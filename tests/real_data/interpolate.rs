//! `segatlas interpolate`: Stockholm's DeSO moved onto RegSO, the police's areas and a 1 km grid
//! equal tobler's `area_interpolate` (tools/tobler_interpolate.py), SCB's link table moves whole
//! DeSO exactly, dasymetric weights by hand, and bad input in words.

use super::common::{self, data as shared, s};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A GeoJSON file of rectangles `[x0, y0, x1, y1]` with properties, in `crs` (EPSG:3006 …).
fn rectangles(dir: &Path, name: &str, crs: &str, rects: &[([f64; 4], Value)]) -> PathBuf {
    let rings: Vec<(Vec<[f64; 2]>, Value)> = rects
        .iter()
        .map(|([x0, y0, x1, y1], p)| {
            (
                vec![[*x0, *y0], [*x1, *y0], [*x1, *y1], [*x0, *y1]],
                p.clone(),
            )
        })
        .collect();
    polygons(dir, name, crs, &rings)
}

/// A GeoJSON file of polygons given by their corners, with properties, in `crs`.
fn polygons(dir: &Path, name: &str, crs: &str, rings: &[(Vec<[f64; 2]>, Value)]) -> PathBuf {
    let features: Vec<Value> = rings
        .iter()
        .map(|(ring, p)| {
            let mut r: Vec<[f64; 2]> = ring.clone();
            r.push(ring[0]);
            serde_json::json!({"type": "Feature", "properties": p, "geometry": {"type": "Polygon",
                "coordinates": [r]}})
        })
        .collect();
    let path = dir.join(name);
    let fc = serde_json::json!({"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": crs}}, "features": features});
    std::fs::write(&path, fc.to_string()).unwrap();
    path
}

/// The 1 km grid of the oracle, over Stockholm county in SWEREF 99 TM.
fn grid(dir: &Path, def: &Value) -> PathBuf {
    let f = |k: &str| def[k].as_f64().unwrap();
    let (x0, y0, size) = (f("x0"), f("y0"), f("size"));
    let (nx, ny) = (def["nx"].as_u64().unwrap(), def["ny"].as_u64().unwrap());
    let mut cells = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let (x, y) = (x0 + i as f64 * size, y0 + j as f64 * size);
            cells.push((
                [x, y, x + size, y + size],
                serde_json::json!({"cell": format!("c{}", j * nx + i)}),
            ));
        }
    }
    rectangles(dir, "grid.geojson", "EPSG:3006", &cells)
}

fn moved(source: &Path, target: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "interpolate",
        s(source),
        s(target),
        "--extensive",
        "folkmangd_2022,utlandsk_bakgrund_2022",
        "--intensive",
        "lag_ekonomisk_standard_pct_2022",
        "--json",
    ];
    args.extend_from_slice(extra);
    common::segatlas_json(&args)
}

/// Every target's value equals tobler's to 1e-6 (relative); where tobler gives 0 and segatlas
/// nothing, the target received nothing and is named.
fn equal_tobler(case: &str, got: &Value, want: &Value) {
    let targets = got["per_target"].as_array().unwrap();
    let empty: Vec<&Value> = got["empty_targets"].as_array().unwrap().iter().collect();
    for (var, values) in want.as_object().unwrap() {
        // The target's column: the variable's name, or NAME_moved where the targets have it.
        let column = got["variables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["variable"] == var.as_str())
            .map(|v| v["column"].as_str().unwrap().to_string())
            .unwrap();
        let mut compared = 0;
        for (j, t) in targets.iter().enumerate() {
            let w = values[&j.to_string()].as_f64().unwrap_or(0.0);
            match t[&column].as_f64() {
                Some(g) => {
                    assert!(
                        (g - w).abs() <= 1e-6 * w.abs().max(1.0),
                        "{case} {var} target {j}: {g} against tobler's {w}"
                    );
                    compared += 1;
                }
                None => {
                    assert_eq!(w, 0.0, "{case} {var} target {j}: nothing against {w}");
                    assert_eq!(t["sources"], 0, "{case} {var} target {j}");
                    assert!(empty.contains(&&t["id"]), "{case}: {} not named", t["id"]);
                }
            }
        }
        assert!(compared > 0, "{case} {var}");
    }
}

#[test]
fn deso_moved_onto_regso_police_areas_and_a_grid_equals_tobler() {
    let o = common::kept_oracle("tobler_interpolate");
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let dir = tempfile::tempdir().unwrap();
    let regso = shared("stockholm/regso2020_scb2022.geojson");
    equal_tobler("regso", &moved(&deso, &regso, &[]), &o["regso"]["by_area"]);
    let kept = moved(&deso, &regso, &["--allocate-total"]);
    equal_tobler("regso allocate", &kept, &o["regso"]["allocate_total"]);
    // Each source shared over what it covers: every count's total kept.
    for t in kept["totals"].as_array().unwrap() {
        let (b, a) = (t["before"].as_f64().unwrap(), t["after"].as_f64().unwrap());
        assert!((a - b).abs() < 1e-6 * b, "{t}");
    }
    let police = moved(
        &deso,
        &shared("sweden/polisen_utsatta_omraden_2023.geojson"),
        &[],
    );
    equal_tobler("police", &police, &o["police"]["by_area"]);
    // The areas outside Stockholm county receive nothing, by name; the DeSO mostly lie outside
    // the police's areas.
    assert_eq!(police["empty_targets"].as_array().unwrap().len(), 33);
    assert!(police["empty_targets"].to_string().contains("Rosengård"));
    assert!(police["uncovered_share"].as_f64().unwrap() > 0.99);
    let g = grid(dir.path(), &o["grid_definition"]);
    let on_grid = common::segatlas_json(&[
        "interpolate",
        s(&deso),
        s(&g),
        "--extensive",
        "folkmangd_2022",
        "--intensive",
        "lag_ekonomisk_standard_pct_2022",
        "--json",
    ]);
    equal_tobler("grid", &on_grid, &o["grid"]["by_area"]);
    // The grid covers the county: nothing lost.
    let t = &on_grid["totals"][0];
    assert!((t["after"].as_f64().unwrap() - t["before"].as_f64().unwrap()).abs() < 1e-3);
}

#[test]
fn scbs_link_table_moves_whole_deso_exactly() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let regso = shared("stockholm/regso2020_scb2022.geojson");
    let link = shared("scb-raw/koppling-deso2018-regso2020.csv");
    let v = common::segatlas_json(&[
        "interpolate",
        s(&deso),
        s(&regso),
        "--extensive",
        "folkmangd_2022",
        "--link",
        s(&link),
        "--json",
    ]);
    let l = &v["linked"];
    assert_eq!(l["source_field"], "DeSO_2018");
    assert_eq!(l["target_field"], "RegSOkod_2020");
    assert_eq!(l["whole_sources"], 1287);
    assert_eq!(l["exact_targets"], 524);
    // Each RegSO's population is the sum of its DeSO's, as the DeSO layer's own regso field says.
    let layer = segatlas::data::open_layer(&deso).unwrap();
    let (code, pop) = (
        layer.table.column("regso").unwrap(),
        layer.table.numbers("folkmangd_2022").unwrap(),
    );
    let mut sums = std::collections::HashMap::new();
    for (r, p) in pop.iter().enumerate() {
        *sums.entry(code.key_at(r).unwrap()).or_insert(0.0) += p.unwrap();
    }
    for t in v["per_target"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        // The RegSO layer has its own folkmangd_2022: the moved one is folkmangd_2022_moved.
        assert_eq!(
            t["folkmangd_2022_moved"].as_f64(),
            sums.get(id).copied(),
            "{id}"
        );
    }
    let tot = &v["totals"][0];
    assert_eq!(tot["before"], tot["after"]);
}

#[test]
fn dasymetric_weights_by_a_target_field_and_by_a_finer_layer_by_hand() {
    // Sources A = [0,2] (100 persons, rate 10) and B = [2,4] (50, rate 20); targets T1 = [0,1]
    // (a lake: 0 persons), T2 = [1,3] (10), T3 = [3,4] (30); a finer layer K1 = [0,1] (0 persons)
    // and K2 = [1,4] (30). Units of 1 km in SWEREF 99 TM.
    let dir = tempfile::tempdir().unwrap();
    let km = |a: f64, b: f64| {
        [
            600_000.0 + a * 1000.0,
            6_600_000.0,
            600_000.0 + b * 1000.0,
            6_601_000.0,
        ]
    };
    let src = rectangles(
        dir.path(),
        "src.geojson",
        "EPSG:3006",
        &[
            (
                km(0.0, 2.0),
                serde_json::json!({"code": "A1", "n": 100, "rate": 10}),
            ),
            (
                km(2.0, 4.0),
                serde_json::json!({"code": "B1", "n": 50, "rate": 20}),
            ),
        ],
    );
    let tgt = rectangles(
        dir.path(),
        "tgt.geojson",
        "EPSG:3006",
        &[
            (km(0.0, 1.0), serde_json::json!({"code": "T1", "pop": 0})),
            (km(1.0, 3.0), serde_json::json!({"code": "T2", "pop": 10})),
            (km(3.0, 4.0), serde_json::json!({"code": "T3", "pop": 30})),
        ],
    );
    let aux = rectangles(
        dir.path(),
        "aux.geojson",
        "EPSG:3006",
        &[
            (km(0.0, 1.0), serde_json::json!({"code": "K1", "pop": 0})),
            (km(1.0, 4.0), serde_json::json!({"code": "K2", "pop": 30})),
        ],
    );
    let run = |weights: Option<String>| -> Vec<(Option<f64>, Option<f64>)> {
        let mut args = vec![
            "interpolate".to_string(),
            s(&src).into(),
            s(&tgt).into(),
            "--extensive".into(),
            "n".into(),
            "--intensive".into(),
            "rate".into(),
            "--json".into(),
        ];
        if let Some(w) = weights {
            args.extend(["--weights-by".into(), w]);
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let v = common::segatlas_json(&a);
        v["per_target"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["n"].as_f64(), t["rate"].as_f64()))
            .collect()
    };
    let close = |got: Vec<(Option<f64>, Option<f64>)>, want: [(f64, f64); 3]| {
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g.0.unwrap() - w.0).abs() < 1e-9,
                "{got:?} against {want:?}"
            );
            assert!(
                (g.1.unwrap() - w.1).abs() < 1e-9,
                "{got:?} against {want:?}"
            );
        }
    };
    // By area: A halves into T1 and T2, B into T2 and T3.
    close(run(None), [(50.0, 10.0), (75.0, 15.0), (25.0, 20.0)]);
    // By the targets' persons spread over each target: A's piece in T2 weighs 1/2 × 10 = 5, in
    // the lake 0; B's pieces 5 (T2) and 30 (T3). The lake's rate falls back to area.
    close(
        run(Some("pop".into())),
        [
            (0.0, 10.0),
            (100.0 + 50.0 * 5.0 / 35.0, 15.0),
            (50.0 * 30.0 / 35.0, 20.0),
        ],
    );
    // By the finer layer: 10 persons per km east of 1 km; A's weight 10 (all in T2), B's 20.
    close(
        run(Some(format!("{}:pop", s(&aux)))),
        [(0.0, 10.0), (125.0, 15.0), (25.0, 20.0)],
    );
}

#[test]
fn a_target_in_another_crs_is_reprojected_and_bad_input_is_said() {
    let o = common::kept_oracle("tobler_interpolate");
    let dir = tempfile::tempdir().unwrap();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    // The grid's cells written in RT90 2.5 gon V (EPSG:3021): moved back to SWEREF 99 TM.
    let def = &o["grid_definition"];
    let p = segatlas::data::crs::Projector::new(
        segatlas::data::crs::Crs::Epsg(3006),
        segatlas::data::crs::Crs::Epsg(3021),
    )
    .unwrap();
    let (x0, y0) = (def["x0"].as_f64().unwrap(), def["y0"].as_f64().unwrap());
    // Ten 10 km cells of the middle of the county, their corners reprojected (straight edges
    // in one projection are very nearly straight in the other: compared to 1e-3).
    let mut sweref = Vec::new();
    let mut rt90 = Vec::new();
    for k in 0..10 {
        let (x, y) = (x0 + 30_000.0 + k as f64 * 10_000.0, y0 + 60_000.0);
        sweref.push((
            [x, y, x + 10_000.0, y + 10_000.0],
            serde_json::json!({"cell": format!("c{k}")}),
        ));
        let corners = [
            (x, y),
            (x + 10_000.0, y),
            (x + 10_000.0, y + 10_000.0),
            (x, y + 10_000.0),
        ];
        let ring: Vec<[f64; 2]> = corners
            .iter()
            .map(|&(a, b)| {
                let (c, d) = p.project(a, b).unwrap();
                [c, d]
            })
            .collect();
        rt90.push((ring, serde_json::json!({"cell": format!("c{k}")})));
    }
    let a = rectangles(dir.path(), "sweref.geojson", "EPSG:3006", &sweref);
    let b = polygons(dir.path(), "rt90.geojson", "EPSG:3021", &rt90);
    let (va, vb) = (moved(&deso, &a, &[]), moved(&deso, &b, &[]));
    assert!(
        vb["reprojected"].as_str().unwrap().contains("EPSG:3021"),
        "{vb}"
    );
    assert!(va["reprojected"].is_null());
    for (ta, tb) in va["per_target"]
        .as_array()
        .unwrap()
        .iter()
        .zip(vb["per_target"].as_array().unwrap())
    {
        match (ta["folkmangd_2022"].as_f64(), tb["folkmangd_2022"].as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() <= 1e-3 * x.max(1.0), "{x} against {y}"),
            // A cell at sea receives nothing either way.
            (x, y) => assert_eq!(x, y, "{ta} against {tb}"),
        }
    }
    // Layers that do not overlap: refused in words, exit 2.
    let far = rectangles(
        dir.path(),
        "far.geojson",
        "EPSG:3006",
        &[(
            [300_000.0, 6_200_000.0, 310_000.0, 6_210_000.0],
            serde_json::json!({"cell": "x"}),
        )],
    );
    let out = common::run(&[
        "interpolate",
        s(&deso),
        s(&far),
        "--extensive",
        "folkmangd_2022",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("do not overlap"), "{err}");
    // A source variable with missing values: the sources named, the targets drawing from them
    // missing (a count), the rest kept.
    let v = common::segatlas_json(&[
        "interpolate",
        s(&deso),
        s(&a),
        "--extensive",
        "if(folkmangd_2022 > 3000, 0/0, folkmangd_2022)",
        "--json",
    ]);
    let m = &v["missing"][0];
    assert!(!m["sources"].as_array().unwrap().is_empty(), "{v}");
    assert!(m["targets_missing"].as_u64().unwrap() > 0, "{v}");
    // A source without a geometry reaches no target: named, its count in the total before only;
    // a column named 2022 moves as a count.
    let feature = |code: &str, v: f64, ring: Option<[f64; 2]>| {
        let geometry = ring.map_or(Value::Null, |[x0, x1]| {
            serde_json::json!({"type": "Polygon", "coordinates": [[[x0, 6_600_000.0], [x1, 6_600_000.0],
                [x1, 6_601_000.0], [x0, 6_601_000.0], [x0, 6_600_000.0]]]})
        });
        serde_json::json!({"type": "Feature", "properties": {"code": code, "2022": v}, "geometry": geometry})
    };
    let fc = serde_json::json!({"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:3006"}},
        "features": [feature("A", 10.0, Some([600_000.0, 602_000.0])), feature("N", 7.0, None)]});
    let flawed = dir.path().join("flawed.geojson");
    std::fs::write(&flawed, fc.to_string()).unwrap();
    let cell = rectangles(
        dir.path(),
        "cell.geojson",
        "EPSG:3006",
        &[(
            [601_000.0, 6_600_000.0, 603_000.0, 6_601_000.0],
            serde_json::json!({"code": "T"}),
        )],
    );
    let v = common::segatlas_json(&[
        "interpolate",
        s(&flawed),
        s(&cell),
        "--extensive",
        "2022",
        "--json",
    ]);
    assert_eq!(v["no_geometry"], serde_json::json!(["N"]));
    assert_eq!(v["totals"][0]["before"], 17.0);
    assert_eq!(v["per_target"][0]["2022"], 5.0);
    // Nothing to move, and --out over an input: refused.
    let out = common::run(&["interpolate", s(&deso), s(&a)]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::run(&[
        "interpolate",
        s(&deso),
        s(&a),
        "--extensive",
        "folkmangd_2022",
        "--out",
        s(&a),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sweref.geojson"));
}

#[test]
fn a_follow_up_over_two_layers_moves_the_missing_years_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let link = shared("scb-raw/koppling-deso2018-regso2020.csv");
    let published =
        segatlas::data::open_layer(&shared("stockholm/regso2020_scb2022.geojson")).unwrap();
    let want_2023 = published.table.numbers("folkmangd_2023").unwrap().to_vec();
    // 2023 published on DeSO only: `change` moves it onto RegSO with SCB's link table first —
    // exactly the RegSO's own 2023 population, each the sum of its DeSO.
    let trimmed = common::regso_without(dir.path(), &["folkmangd_2023"]);
    let change = |extra: &[&str]| {
        let mut args = vec![
            "change",
            s(&trimmed),
            "--var",
            "folkmangd_2022",
            "--years",
            "2022,2023",
            "--years-from",
            s(&deso),
            "--json",
        ];
        args.extend_from_slice(extra);
        common::segatlas_json(&args)
    };
    let linked = change(&["--years-link", s(&link)]);
    let m = &linked["moved_years"][0];
    assert_eq!(m["year"], 2023);
    assert_eq!(m["extensive"], serde_json::json!(["folkmangd_2023"]));
    assert!(m["method"].as_str().unwrap().contains("524 of 524"), "{m}");
    assert_eq!(linked["moved_years"].as_array().unwrap().len(), 1);
    for (a, w) in linked["areas"].as_array().unwrap().iter().zip(&want_2023) {
        assert_eq!(a["values"][1].as_f64(), *w, "{}", a["id"]);
    }
    // By area alone: each DeSO shared over what it covers, the county's total kept, each RegSO
    // near its published figure.
    let by_area = change(&[]);
    let t = &by_area["moved_years"][0]["totals"][0];
    assert!(
        (t["before"].as_f64().unwrap() - t["after"].as_f64().unwrap()).abs()
            < 1e-6 * t["before"].as_f64().unwrap()
    );
    let off: Vec<f64> = by_area["areas"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&want_2023)
        .map(|(a, w)| (a["values"][1].as_f64().unwrap() / w.unwrap() - 1.0).abs())
        .collect();
    let median = {
        let mut o = off.clone();
        o.sort_by(f64::total_cmp);
        o[o.len() / 2]
    };
    assert!(median < 0.02, "median relative error {median}");
    // `index --years`: 2022's group and total moved onto RegSO give the published RegSO's index.
    let trimmed = common::regso_without(dir.path(), &["utlandsk_bakgrund_2022", "folkmangd_2022"]);
    let index = |path: &Path, extra: &[&str]| {
        let mut args = vec![
            "index",
            s(path),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim,isolation",
            "--years",
            "2022",
            "--json",
        ];
        args.extend_from_slice(extra);
        common::segatlas_json(&args)
    };
    let moved = index(
        &trimmed,
        &["--years-from", s(&deso), "--years-link", s(&link)],
    );
    let own = index(&shared("stockholm/regso2020_scb2022.geojson"), &[]);
    assert_eq!(moved["results"], own["results"]);
    assert_eq!(moved["moved_years"][0]["year"], 2022);
    // Without --years-from the trimmed layer has no such columns: refused in words.
    let out = common::run(&[
        "index",
        s(&trimmed),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
