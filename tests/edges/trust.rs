//! Trust at the edges: the everyday flaws of real files (null and empty shapes, outputs named
//! like an input, GeoDa files keyed by code, impossible counts, a column named `2022`, sizes
//! past any budget, a CRS that lies, control characters, a requested index that cannot be
//! given) end in the right answer or a refusal in words — never a panic or a quiet wrong number.

use super::{bad_input, json_of};
use crate::common::{data as shared, run, s};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Stockholm's DeSO with the first feature's geometry null and the second's an empty polygon,
/// and the same layer without those two features.
fn deso_with_null_shapes(dir: &Path) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(shared("stockholm/deso2018_scb2022.geojson")).unwrap();
    let mut fc: Value = serde_json::from_str(&text).unwrap();
    let features = fc["features"].as_array_mut().unwrap();
    assert_eq!(features[0]["properties"]["deso"], "0180C3420");
    assert_eq!(features[1]["properties"]["deso"], "0180C3440");
    features[0]["geometry"] = Value::Null;
    features[1]["geometry"] = json!({"type": "Polygon", "coordinates": []});
    let with = dir.join("nulls.geojson");
    std::fs::write(&with, serde_json::to_string(&fc).unwrap()).unwrap();
    fc["features"].as_array_mut().unwrap().drain(0..2);
    let without = dir.join("without.geojson");
    std::fs::write(&without, serde_json::to_string(&fc).unwrap()).unwrap();
    (with, without)
}

#[test]
fn areas_without_geometry_are_left_out_by_name_and_the_numbers_stay_right() {
    let dir = tempfile::tempdir().unwrap();
    let (with, without) = deso_with_null_shapes(dir.path());
    let (first, second) = ("0180C3420", "0180C3440");
    let info = json_of(&run(&["info", s(&with), "--json"]));
    let problems = info["invalid_geometries"].to_string();
    assert!(problems.matches("no geometry").count() >= 2, "{problems}");
    assert_eq!(info["features"], 1287, "{info}");
    for extra in [
        vec![
            "--index",
            "absolute-centralization,spatial-proximity,distance-decay-isolation,dissim",
        ],
        vec!["--index", "dissim,isolation", "--distance", "2000"],
        vec!["--index", "dissim", "--population-k", "5000"],
    ] {
        let mut args = vec![
            "index",
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--json",
        ];
        args.extend(extra.iter().copied());
        let mut a = vec![args[0], s(&with)];
        a.extend(&args[1..]);
        let got = json_of(&run(&a));
        let mut b = vec![args[0], s(&without)];
        b.extend(&args[1..]);
        let want = json_of(&run(&b));
        for (g, w) in got["results"]
            .as_array()
            .unwrap()
            .iter()
            .zip(want["results"].as_array().unwrap())
        {
            assert_eq!(g["index"], w["index"]);
            let (g, w) = (g["value"].as_f64().unwrap(), w["value"].as_f64().unwrap());
            assert!((g - w).abs() < 1e-9, "{extra:?}: {g} vs {w}");
        }
        assert_eq!(
            got["results"].as_array().unwrap().len(),
            want["results"].as_array().unwrap().len()
        );
        let reasons = got["excluded_reasons"].to_string();
        for code in [first, second] {
            assert!(
                reasons.contains(&format!("{{\"id\":\"{code}\",\"reason\":\"no geometry\"}}")),
                "{extra:?}: {reasons}"
            );
        }
    }
    // Weights, autocorrelation, regions, neighbourhoods: the two areas named, no panic.
    for args in [
        vec!["weights", s(&with), "--kind", "knn:6", "--json"],
        vec![
            "autocorr",
            s(&with),
            "--var",
            "nettoinkomst_median_tkr_2022",
            "--json",
        ],
        vec![
            "regions",
            s(&with),
            "--vars",
            "nettoinkomst_median_tkr_2022",
            "--method",
            "skater",
            "--k",
            "5",
            "--json",
        ],
        vec![
            "scenario",
            s(&with),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--change",
            "POLYGON((18.1236 59.2664, 18.1256 59.2664, 18.1256 59.2674, 18.1236 59.2674, 18.1236 59.2664)):persons=1500:share=25%",
            "--json",
        ],
    ] {
        let v = json_of(&run(&args));
        let reasons = v["excluded_reasons"].to_string();
        assert!(
            reasons.contains(first) && reasons.contains(second),
            "{args:?}: {reasons}"
        );
        assert!(reasons.contains("no geometry"), "{args:?}: {reasons}");
    }
    let reports = dir.path().join("reports");
    let v = json_of(&run(&[
        "report",
        s(&with),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--each",
        "kommun",
        "--only",
        "0180",
        "--out",
        s(&reports),
        "--json",
    ]));
    let reasons = v["excluded_reasons"].to_string();
    assert!(
        reasons.contains(first) && reasons.contains(second) && reasons.contains("no geometry"),
        "{reasons}"
    );
    let v = json_of(&run(&[
        "neighbourhoods",
        s(&with),
        "--population",
        "folkmangd_2022",
        "--groups",
        "utlandsk_bakgrund_2022",
        "--k",
        "1000",
        "--json",
    ]));
    assert_eq!(v["n"], 1285, "{v}");
    assert!(v["excluded"].to_string().contains(first), "{v}");
}

#[test]
fn no_command_writes_over_its_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.csv");
    let text = "deso,extra\n0114A0010,1\n0114A0020,2\n";
    std::fs::write(&stats, text).unwrap();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let d = s(&deso);
    let st = s(&stats);
    // The same file under another spelling, and through a symbolic link.
    let other = format!("{}/./stats.csv", dir.path().display());
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&stats, &link).unwrap();
    for out in [st, other.as_str(), s(&link)] {
        for args in [
            vec![
                "index",
                d,
                "--stats",
                st,
                "--key",
                "deso",
                "--group",
                "utlandsk_bakgrund_2022",
                "--total",
                "folkmangd_2022",
                "--index",
                "dissim",
                "--by",
                "kommun",
                "--out",
                out,
            ],
            vec![
                "select",
                d,
                "--stats",
                st,
                "--key",
                "deso",
                "--id",
                "deso",
                "--rule",
                "folkmangd_2022 >= mean + 1 sd",
                "--out",
                out,
            ],
            vec![
                "autocorr",
                d,
                "--stats",
                st,
                "--key",
                "deso",
                "--var",
                "nettoinkomst_median_tkr_2022",
                "--stat",
                "lisa",
                "--permutations",
                "9",
                "--out",
                out,
            ],
        ] {
            let run = run(&args);
            let err = String::from_utf8_lossy(&run.stderr);
            assert_eq!(run.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.contains("refusing to overwrite an input file"),
                "{args:?}: {err}"
            );
            assert_eq!(std::fs::read_to_string(&stats).unwrap(), text, "{args:?}");
        }
    }
}

#[test]
fn geoda_weights_keyed_by_code_are_matched_by_code_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let gal = dir.path().join("queen.gal");
    json_of(&run(&[
        "weights",
        s(&deso),
        "--kind",
        "queen",
        "--out",
        s(&gal),
        "--json",
    ]));
    let moran = |weights: &Path| -> f64 {
        let v = json_of(&run(&[
            "autocorr",
            s(&deso),
            "--var",
            "nettoinkomst_median_tkr_2022",
            "--weights",
            s(weights),
            "--permutations",
            "0",
            "--json",
        ]));
        v["I"].as_f64().unwrap()
    };
    let by_position = moran(&gal);
    // The same lists with GeoDa's header naming the id field, the codes for ids, shuffled.
    let fc: Value = serde_json::from_str(&std::fs::read_to_string(&deso).unwrap()).unwrap();
    let codes: Vec<String> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["deso"].as_str().unwrap().to_string())
        .collect();
    let text = std::fs::read_to_string(&gal).unwrap();
    let mut lines = text.lines();
    lines.next();
    let mut units: Vec<(String, String)> = Vec::new();
    while let Some(head) = lines.next() {
        let mut t = head.split_whitespace();
        let (id, count) = (t.next().unwrap(), t.next().unwrap());
        let code = codes[id.parse::<usize>().unwrap()].clone();
        let list = if count == "0" {
            String::new()
        } else {
            lines
                .next()
                .unwrap()
                .split_whitespace()
                .map(|j| codes[j.parse::<usize>().unwrap()].clone())
                .collect::<Vec<_>>()
                .join(" ")
        };
        units.push((format!("{code} {count}"), list));
    }
    units.reverse();
    let mut shuffled = format!("0 {} deso2018 deso\n", codes.len());
    for (head, list) in units {
        shuffled.push_str(&head);
        shuffled.push('\n');
        if !list.is_empty() {
            shuffled.push_str(&list);
            shuffled.push('\n');
        }
    }
    let by_code = dir.path().join("codes.gal");
    std::fs::write(&by_code, shuffled).unwrap();
    let got = moran(&by_code);
    assert!((got - by_position).abs() < 1e-12, "{got} vs {by_position}");
    assert!(got > 0.5, "{got}");
}

/// Unit squares in a row with properties, planar.
fn squares(dir: &Path, name: &str, props: &[Value]) -> PathBuf {
    let features: Vec<Value> = props
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (a, b) = (i as f64, i as f64 + 1.0);
            json!({"type": "Feature", "properties": p, "geometry": {"type": "Polygon",
                "coordinates": [[[a, 0.0], [b, 0.0], [b, 1.0], [a, 1.0], [a, 0.0]]]}})
        })
        .collect();
    let p = dir.join(name);
    std::fs::write(
        &p,
        json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    p
}

#[test]
fn impossible_counts_are_refused_naming_the_area() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<Value> = (0..6)
        .map(|i| {
            json!({"code": format!("A{i}"), "g": if i == 3 { -4 } else { i }, "t": 10,
                         "h": if i == 4 { 30 } else { 1 }})
        })
        .collect();
    let p = squares(dir.path(), "bad.geojson", &rows);
    let err = bad_input(&[
        "difference",
        s(&p),
        "--crs",
        "planar",
        "--group",
        "g",
        "--total",
        "t",
        "--where",
        "code != 'A0'",
        "--where2",
        "code != 'A5'",
        "--index",
        "dissim",
    ]);
    assert!(err.contains("A3") && err.contains("negative"), "{err}");
    let err = bad_input(&[
        "neighbourhoods",
        s(&p),
        "--crs",
        "planar",
        "--population",
        "t",
        "--groups",
        "h",
        "--k",
        "20",
    ]);
    assert!(
        err.contains("larger than its total") && err.contains("A4"),
        "{err}"
    );
    let err = bad_input(&[
        "index",
        s(&p),
        "--crs",
        "planar",
        "--group",
        "h",
        "--total",
        "t",
        "--index",
        "dissim",
    ]);
    assert!(err.contains("A4"), "{err}");
}

#[test]
fn a_bare_number_that_is_a_columns_name_is_refused_and_the_quoted_form_works() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<Value> = (0..10)
        .map(|i| json!({"code": format!("R{i}"), "2022": i % 5 + 1}))
        .collect();
    let p = squares(dir.path(), "types.geojson", &rows);
    let err = bad_input(&[
        "select",
        s(&p),
        "--crs",
        "planar",
        "--id",
        "code",
        "--rule",
        "2022 <= 2",
    ]);
    assert!(err.contains("\"2022\""), "{err}");
    let v = json_of(&run(&[
        "select",
        s(&p),
        "--crs",
        "planar",
        "--id",
        "code",
        "--rule",
        "\"2022\" <= 2",
        "--json",
    ]));
    assert_eq!(v["selected"].as_array().map(Vec::len), Some(4), "{v}");
}

#[test]
fn sizes_past_any_budget_are_refused_before_allocating() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let err = bad_input(&[
        "chart",
        s(&deso),
        "--kind",
        "histogram",
        "--var",
        "folkmangd_2022",
        "--bins",
        "1000000000",
        "--out",
        "/tmp/never.svg",
    ]);
    assert!(err.contains("bins"), "{err}");
}

#[test]
fn a_declared_crs_that_the_coordinates_contradict_is_refused_naming_the_likely_one() {
    let dir = tempfile::tempdir().unwrap();
    // Degrees labelled SWEREF 99 TM.
    let text = std::fs::read_to_string(shared("stockholm/deso2018_scb2022.geojson")).unwrap();
    let mut fc: Value = serde_json::from_str(&text).unwrap();
    fc["crs"] = json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}});
    let lying = dir.path().join("degrees_as_3006.geojson");
    std::fs::write(&lying, fc.to_string()).unwrap();
    let err = bad_input(&["info", s(&lying)]);
    assert!(err.contains("EPSG:4326") && err.contains("--crs"), "{err}");
    let err = bad_input(&["weights", s(&lying), "--kind", "queen"]);
    assert!(err.contains("EPSG:4326"), "{err}");
    // --crs says what the numbers are.
    let v = json_of(&run(&[
        "weights",
        s(&lying),
        "--crs",
        "EPSG:4326",
        "--kind",
        "queen",
        "--json",
    ]));
    assert!(
        v["mean_neighbors"]
            .as_f64()
            .unwrap_or(v["mean_neighbours"].as_f64().unwrap_or(0.0))
            < 10.0,
        "{v}"
    );
    // SWEREF 99 TM metres labelled as longitude/latitude.
    let sq = json!({"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{"type": "Feature", "properties": {"a": 1}, "geometry": {"type": "Polygon",
            "coordinates": [[[674000.0, 6580000.0], [675000.0, 6580000.0], [675000.0, 6581000.0],
                             [674000.0, 6581000.0], [674000.0, 6580000.0]]]}}]});
    let metres = dir.path().join("metres_as_4326.geojson");
    std::fs::write(&metres, sq.to_string()).unwrap();
    let err = bad_input(&["info", s(&metres)]);
    assert!(err.contains("EPSG:3006"), "{err}");
}

#[test]
fn a_requested_index_is_never_dropped_silently() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let err = bad_input(&[
        "index",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "par-dissim,spatial-prox-prof",
        "--weights",
        "queen",
    ]);
    assert!(err.contains("par-dissim"), "{err}");
    let err = bad_input(&[
        "index",
        s(&deso),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "multi-divergence",
    ]);
    assert!(
        err.contains("multi-divergence") && err.contains("--groups"),
        "{err}"
    );
}

#[test]
fn control_characters_in_a_title_still_give_a_well_formed_figure() {
    let dir = tempfile::tempdir().unwrap();
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let out = dir.path().join("map.svg");
    let title = "Inkomst\u{1}\u{7} & <bakgrund>";
    json_of(&run(&[
        "render",
        s(&deso),
        "--var",
        "folkmangd_2022",
        "--title",
        title,
        "--out",
        s(&out),
        "--json",
    ]));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(!svg.contains('\u{1}') && !svg.contains('\u{7}'));
    assert!(
        svg.contains("Inkomst &amp; &lt;bakgrund&gt;"),
        "{}",
        &svg[..400.min(svg.len())]
    );
    let png = dir.path().join("map.png");
    json_of(&run(&[
        "render",
        s(&deso),
        "--var",
        "folkmangd_2022",
        "--title",
        title,
        "--out",
        s(&png),
        "--json",
    ]));
}

#[test]
fn shapes_of_very_many_parts_or_holes_are_read_in_near_linear_time() {
    // Every pair of parts' (holes') boxes was compared: one MultiPolygon of 300,000 parts took
    // over a minute to open, a polygon of 150,000 holes 21 s. Now the boxes that meet are found
    // through an R*-tree.
    let dir = tempfile::tempdir().unwrap();
    let square = |x: f64, y: f64| {
        format!(
            "[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]",
            x + 1.0,
            x + 1.0,
            y + 1.0,
            y + 1.0
        )
    };
    let parts: Vec<String> = (0..300_000)
        .map(|i| {
            format!(
                "[{}]",
                square((i % 600) as f64 * 2.0, (i / 600) as f64 * 2.0)
            )
        })
        .collect();
    let p = dir.path().join("parts.geojson");
    std::fs::write(
        &p,
        format!(r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"a":1}},"geometry":{{"type":"MultiPolygon","coordinates":[{}]}}}}]}}"#, parts.join(",")),
    )
    .unwrap();
    let v = json_of(&run(&["info", s(&p), "--crs", "planar", "--json"]));
    assert_eq!(v["features"], 1);
    assert_eq!(v["invalid_geometries"], json!([]));
    // Holes, counter-clockwise squares inside one exterior.
    let hole = |x: f64, y: f64| {
        format!(
            "[[{x},{y}],[{x},{}],[{},{}],[{},{y}],[{x},{y}]]",
            y + 1.0,
            x + 1.0,
            y + 1.0,
            x + 1.0
        )
    };
    let holes: Vec<String> = (0..150_000)
        .map(|i| hole((i % 400) as f64 * 2.0 + 1.0, (i / 400) as f64 * 2.0 + 1.0))
        .collect();
    let p = dir.path().join("holes.geojson");
    std::fs::write(
        &p,
        format!(r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"a":1}},"geometry":{{"type":"Polygon","coordinates":[[[0,0],[802,0],[802,754],[0,754],[0,0]],{}]}}}}]}}"#, holes.join(",")),
    )
    .unwrap();
    let v = json_of(&run(&["info", s(&p), "--crs", "planar", "--json"]));
    assert_eq!(v["invalid_geometries"], json!([]), "{v}");
}

#[test]
fn a_geopackage_whose_features_are_an_endless_view_is_refused_not_run() {
    // A recursive view listed as the first feature table filled 4 GB before: only real tables
    // are read, and SQLite's work has a budget.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("endless.gpkg");
    let db = rusqlite::Connection::open(&p).unwrap();
    db.execute_batch(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
           organization_coordsys_id INTEGER, definition TEXT, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('x', 3006, 'EPSG', 3006, 'undefined', NULL);
         CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT,
           description TEXT, last_change TEXT, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT,
           srs_id INTEGER, z TINYINT, m TINYINT);
         CREATE VIEW a_endless AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
           SELECT x AS fid, zeroblob(1000) AS geom FROM r;
         INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('a_endless', 'features', 3006);
         INSERT INTO gpkg_geometry_columns VALUES ('a_endless', 'geom', 'MULTIPOLYGON', 3006, 0, 0);",
    )
    .unwrap();
    drop(db);
    let err = bad_input(&["info", s(&p)]);
    assert!(
        err.contains("no feature table") && err.contains("views"),
        "{err}"
    );
}

#[test]
fn points_with_a_blank_coordinate_are_left_out_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("points.csv");
    let mut text = String::from("id,x,y,pop,g\n");
    for i in 0..20 {
        let x = if i == 3 {
            String::new()
        } else {
            format!("{}", 674_000 + 100 * i)
        };
        text.push_str(&format!(
            "P{i},{x},{},{},{}\n",
            6_580_000 + 50 * (i % 4),
            100 + i,
            i
        ));
    }
    std::fs::write(&p, text).unwrap();
    let v = json_of(&run(&[
        "neighbourhoods",
        s(&p),
        "--x",
        "x",
        "--y",
        "y",
        "--population",
        "pop",
        "--groups",
        "g",
        "--k",
        "300",
        "--json",
    ]));
    assert_eq!(v["n"], 19, "{v}");
    assert_eq!(v["excluded_reasons"][0]["reason"], "no coordinates", "{v}");
    // Numbers that cannot be degrees, said to be longitude/latitude, are refused.
    let err = bad_input(&[
        "neighbourhoods",
        s(&p),
        "--x",
        "x",
        "--y",
        "y",
        "--crs",
        "EPSG:4326",
        "--population",
        "pop",
        "--k",
        "300",
    ]);
    assert!(err.contains("longitude/latitude"), "{err}");
}

/// `levels` refuses what it cannot decompose in one sentence naming the file, writes its units
/// as CSV (never over an input) and leaves out a row without a count by name.
#[test]
fn levels_refuses_in_words_writes_csv_and_names_what_it_leaves_out() {
    let table = shared("sweden/deso2018_stats_2022.csv");
    let link = shared("scb-raw/koppling-deso2018-regso2020.csv");
    let two = "svensk_bakgrund_2022,utlandsk_bakgrund_2022";
    let e = bad_input(&[
        "levels",
        s(&table),
        "--groups",
        two,
        "--levels",
        "lan,stadsdel",
    ]);
    assert!(
        e.contains("deso2018_stats_2022.csv") && e.contains("level 'stadsdel'"),
        "{e}"
    );
    let e = bad_input(&[
        "levels",
        s(&table),
        "--groups",
        "svensk_bakgrund_2022",
        "--levels",
        "lan",
    ]);
    assert!(e.contains("two or more groups"), "{e}");
    // Without the link there is no RegSO in the national table.
    let e = bad_input(&[
        "levels",
        s(&table),
        "--groups",
        two,
        "--levels",
        "kommun,regso",
    ]);
    assert!(e.contains("level 'regso'"), "{e}");
    let e = bad_input(&[
        "levels",
        s(&table),
        "--groups",
        two,
        "--levels",
        "lan,kommun",
        "--within",
        "9999",
    ]);
    assert!(e.contains("--within 9999"), "{e}");
    let e = bad_input(&[
        "levels",
        s(&table),
        "--groups",
        two,
        "--levels",
        "lan",
        "--link",
        s(&link),
        "--out",
        s(&link),
    ]);
    assert!(e.contains("refusing to overwrite an input file"), "{e}");
    // A row without a count is left out and named; the units go to a CSV.
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(&table).unwrap();
    text = text.replacen("0114A0010,0114,01,669,", "0114A0010,0114,01,,", 1);
    let holed = dir.path().join("holed.csv");
    std::fs::write(&holed, text).unwrap();
    let out = dir.path().join("units.csv");
    let r = json_of(&run(&[
        "levels",
        s(&holed),
        "--groups",
        two,
        "--levels",
        "lan,kommun",
        "--out",
        s(&out),
        "--json",
    ]));
    assert_eq!(r["excluded"], json!(["0114A0010"]), "{r}");
    assert_eq!(r["excluded_reasons"][0]["reason"], "missing value");
    assert_eq!(r["levels"][2]["name"], "deso", "{r}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 1 + 21 + 290, "{csv}");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .starts_with("level,code,name,parent,population"));
    assert!(csv.contains("kommun,0180,Stockholm,01,"), "{}", &csv[..300]);
}

/// Results per region carry the region's name (the table's name field, else the bundled map's)
/// and come in numeric order: region 2 before region 10.
#[test]
fn results_per_region_are_named_and_in_numeric_order() {
    let national = shared("sweden/deso2018_stats_2022.csv");
    let r = json_of(&run(&[
        "index",
        s(&national),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
        "--by",
        "lan",
        "--json",
    ]));
    let first = &r["results"][0];
    assert_eq!(
        (first["region"].as_str(), first["name"].as_str()),
        (Some("01"), Some("Stockholms län"))
    );
    // SCB's national table has no places: a spatial index is refused in words.
    let e = bad_input(&[
        "index",
        s(&national),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "spatial-dissim",
    ]);
    assert!(e.contains("table without geometry"), "{e}");
    // Regions numbered 1..12 (text): in numeric order.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("omr,region,g,t\n");
    for i in 0..24 {
        csv.push_str(&format!("A{i},{},{},{}\n", 1 + i % 12, 10 + i, 100 + 3 * i));
    }
    let path = dir.path().join("regions.csv");
    std::fs::write(&path, csv).unwrap();
    let r = json_of(&run(&[
        "index",
        s(&path),
        "--group",
        "g",
        "--total",
        "t",
        "--index",
        "dissim",
        "--by",
        "region",
        "--json",
    ]));
    let order: Vec<&str> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["region"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
    assert_eq!(order, expected);
}
