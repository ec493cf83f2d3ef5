//! The `segatlas` binary as a script would use it: JSON on stdout, one clear sentence on stderr,
//! exit code 2 for bad input, never a panic.

use serde_json::Value;

use std::process::Output;

#[path = "edges/cancel.rs"]
mod cancel;
mod common;
#[path = "edges/generated.rs"]
mod generated;
#[path = "edges/trust.rs"]
mod trust;
use common::{data as shared, run, s};

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

/// Runs, expects exit 2 and one line on stderr, which is returned.
fn bad_input(args: &[&str]) -> String {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

#[test]
fn info_geojson() {
    let v = json_of(&run(&[
        "info",
        s(&shared("stockholm/deso2018_scb2022.geojson")),
        "--json",
    ]));
    assert_eq!(v["features"], 1287);
    assert_eq!(v["crs"], "EPSG:4326");
    assert_eq!(v["geometry_types"], serde_json::json!(["Polygon"]));
    let bbox = v["bbox"].as_array().unwrap();
    // geopandas' total_bounds of the same file.
    let expected = [17.24367087, 58.67122012, 19.68235359, 60.28129557];
    for (b, e) in bbox.iter().zip(expected) {
        assert!((b.as_f64().unwrap() - e).abs() < 1e-8, "{bbox:?}");
    }
    let fields = v["fields"].as_array().unwrap();
    let deso = fields.iter().find(|f| f["name"] == "deso").unwrap();
    assert_eq!(deso["type"], "text");
    let pop = fields
        .iter()
        .find(|f| f["name"] == "folkmangd_2022")
        .unwrap();
    assert_eq!(pop["type"], "number");
    assert!(v["invalid_geometries"].is_array());
}

#[test]
fn info_crs_of_peers_and_gpkg() {
    let v = json_of(&run(&[
        "info",
        s(&shared("peers/guerry.geojson")),
        "--json",
    ]));
    assert_eq!(v["crs"], "EPSG:27572");
    // Columbus's x/y lie within ±180/±90: read as WGS 84 (RFC 7946) and said so, unless the
    // person declares the legacy file planar.
    let v = json_of(&run(&[
        "info",
        s(&shared("peers/columbus.geojson")),
        "--json",
    ]));
    assert_eq!(v["crs"], "EPSG:4326");
    assert!(
        v["warnings"][0].as_str().unwrap().contains("RFC 7946"),
        "{v}"
    );
    let v = json_of(&run(&[
        "info",
        s(&shared("peers/columbus.geojson")),
        "--crs",
        "planar",
        "--json",
    ]));
    assert_eq!(v["crs"], Value::Null);
    assert!(v["warnings"][0].as_str().unwrap().contains("planar"));
    let v = json_of(&run(&[
        "info",
        s(&shared("peers/sacramento1.geojson")),
        "--json",
    ]));
    assert_eq!(
        (v["crs"].as_str(), v["working_crs"].as_str()),
        (Some("EPSG:4326"), Some("EPSG:32610"))
    );
    let err = bad_input(&[
        "info",
        s(&shared("peers/guerry.geojson")),
        "--crs",
        "EPSG:3006",
    ]);
    assert!(
        err.contains("guerry.geojson: the file declares EPSG:27572"),
        "{err}"
    );
    let v = json_of(&run(&[
        "info",
        s(&shared("stockholm/deso2018_sweref99tm.gpkg")),
        "--json",
    ]));
    assert_eq!(
        (v["features"].as_u64(), v["crs"].as_str()),
        (Some(1287), Some("EPSG:3006"))
    );
    let v = json_of(&run(&[
        "info",
        s(&shared("stockholm/shp/deso2018_sweref99tm.shp")),
        "--json",
    ]));
    assert_eq!(
        (v["features"].as_u64(), v["crs"].as_str()),
        (Some(1287), Some("EPSG:3006"))
    );
}

#[test]
fn info_table() {
    let v = json_of(&run(&[
        "info",
        s(&shared("sweden/deso2018_stats_2022.csv")),
        "--json",
    ]));
    assert_eq!(v["rows"], 5984);
    assert_eq!(v["crs"], Value::Null);
    let v = json_of(&run(&[
        "info",
        s(&shared("scb-raw/deso_bakgrund_2022.xlsx")),
        "--json",
    ]));
    assert_eq!(v["rows"], 5984);
    assert_eq!(v["years"], serde_json::json!([2022]));
}

#[test]
fn join_geopackage_with_scb_xlsx() {
    let v = json_of(&run(&[
        "join",
        s(&shared("stockholm/deso2018_sweref99tm.gpkg")),
        s(&shared("scb-raw/deso_bakgrund_2022.xlsx")),
        "--key",
        "deso",
        "--json",
    ]));
    assert_eq!(v["matched"], 1287);
    assert_eq!(v["unmatched_areas"], serde_json::json!([]));
    assert_eq!(v["unmatched_rows"], 4697);
    assert_eq!(v["duplicate_keys"], serde_json::json!([]));
    assert_eq!(v["table_field"], "region");
}

#[test]
fn join_writes_geojson_atomically_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("joined.geojson");
    let v = json_of(&run(&[
        "join",
        s(&shared("stockholm/deso2018_sweref99tm.gpkg")),
        s(&shared("sweden/deso2018_stats_2022.csv")),
        "--key",
        "deso",
        "--out",
        s(&out),
        "--var",
        "andel_utl=utlandsk_bakgrund_2022/folkmangd_2022*100",
        "--var",
        "area_km2",
        "--json",
    ]));
    assert_eq!(v["matched"], 1287);
    let written = json_of(&run(&["info", s(&out), "--json"]));
    assert_eq!(written["features"], 1287);
    assert_eq!(written["crs"], "EPSG:3006");
    assert!(written["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "folkmangd_2022"));
    let table = dir.path().join("stats.csv");
    std::fs::copy(shared("sweden/deso2018_stats_2022.csv"), &table).unwrap();
    let before = std::fs::read(&table).unwrap();
    let err = bad_input(&[
        "join",
        s(&shared("stockholm/deso2018_sweref99tm.gpkg")),
        s(&table),
        "--key",
        "deso",
        "--out",
        s(&table),
    ]);
    assert!(err.contains("refusing to overwrite an input file"), "{err}");
    assert_eq!(std::fs::read(&table).unwrap(), before);
}

#[test]
fn missing_file() {
    let err = bad_input(&["info", "/nonexistent/areas.geojson", "--json"]);
    assert_eq!(
        err.trim_end(),
        "segatlas: /nonexistent/areas.geojson: file not found"
    );
}

#[test]
fn truncated_and_empty_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read(shared("peers/columbus.geojson")).unwrap();
    let cut = dir.path().join("cut.geojson");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let err = bad_input(&["info", s(&cut), "--json"]);
    assert!(err.contains("cut.geojson: line "), "{err}");
    assert!(err.contains(", column "), "{err}");
    assert!(err.contains("not valid GeoJSON"), "{err}");
    let empty = dir.path().join("empty.geojson");
    std::fs::write(&empty, "").unwrap();
    let err = bad_input(&["info", s(&empty)]);
    assert!(err.contains("empty.geojson: the file is empty"), "{err}");
}

#[test]
fn wrong_geometry_type() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("points.geojson");
    std::fs::write(
        &p,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[18,59]}}]}"#,
    )
    .unwrap();
    let err = bad_input(&["info", s(&p), "--json"]);
    assert!(
        err.contains("points.geojson: feature 1: geometry is a Point"),
        "{err}"
    );
}

#[test]
fn shapefile_without_dbf() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "prj"] {
        std::fs::copy(
            shared(&format!("stockholm/shp/deso2018_sweref99tm.{ext}")),
            dir.path().join(format!("deso.{ext}")),
        )
        .unwrap();
    }
    let err = bad_input(&["info", s(&dir.path().join("deso.shp"))]);
    assert!(err.contains("deso.dbf is missing"), "{err}");
}

#[test]
fn text_in_numeric_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("stats.csv");
    std::fs::write(
        &p,
        "deso;folkmangd\n0114A0010;863\n0114C1010;1562\n0114C1020;1619\n0114C1030;tusen\n",
    )
    .unwrap();
    let err = bad_input(&["info", s(&p), "--json"]);
    assert!(
        err.contains("stats.csv: line 5, column folkmangd: text 'tusen' in numeric column"),
        "{err}"
    );
}

#[test]
fn duplicate_keys_report_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dup.csv");
    std::fs::write(&p, "deso,v\n0114A0010,1\n0114C1010,2\n0114A0010,3\n").unwrap();
    let out = run(&[
        "join",
        s(&shared("stockholm/deso2018_sweref99tm.gpkg")),
        s(&p),
        "--key",
        "deso",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["duplicate_keys"], serde_json::json!(["0114A0010"]));
    assert_eq!(v["matched"], 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dup.csv: line 4: key '0114A0010' occurs more than once"),
        "{err}"
    );
    assert!(err.contains("also at line 2"), "{err}");
}

#[test]
fn unknown_key_field_and_bad_arguments() {
    let err = bad_input(&[
        "join",
        s(&shared("stockholm/deso2018_sweref99tm.gpkg")),
        s(&shared("sweden/deso2018_stats_2022.csv")),
        "--key",
        "desoo",
    ]);
    assert!(
        err.contains("deso2018_sweref99tm.gpkg: no column 'desoo'"),
        "{err}"
    );
    let out = run(&["info"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn join_by_scb_labels_lists_unmatched_rows_on_request() {
    let v = json_of(&run(&[
        "join",
        s(&shared("stockholm/regso2020_scb2022.geojson")),
        s(&shared("scb-raw/regso_socioekonomiskt_index_2022.csv")),
        "--key",
        "regso",
        "--list-unmatched-rows",
        "--json",
    ]));
    assert_eq!(v["matched"], 524);
    assert_eq!(v["key_kind"], "municipality_and_area");
    assert_eq!(v["unmatched_rows"], 2839);
    assert_eq!(v["unmatched_row_keys"].as_array().unwrap().len(), 2839);
}

#[test]
fn classify_command() {
    let v = json_of(&run(&[
        "classify",
        s(&shared("peers/calemp.csv")),
        "--var",
        "emp_per_sqkm",
        "--scheme",
        "fisher-jenks",
        "--k",
        "5",
        "--json",
    ]));
    assert_eq!(v["scheme"], "fisher-jenks");
    assert_eq!(
        v["bins"],
        serde_json::json!([75.29, 192.05, 370.5, 722.85, 4111.45])
    );
    assert_eq!(v["counts"], serde_json::json!([49, 3, 4, 1, 1]));
    let v = json_of(&run(&[
        "classify",
        s(&shared("stockholm/deso2018_scb2022.geojson")),
        "--var",
        "density(folkmangd_2022)",
        "--scheme",
        "box-plot",
        "--hinge",
        "3",
        "--json",
    ]));
    // mapclassify.BoxPlot(hinge=3) on the same densities (areas in SWEREF 99 TM by geopandas):
    // bins [-25491.2199, 1215.1796, 3742.6010, 10117.3128, 36823.7124, 56385.8964],
    // counts [0, 322, 322, 321, 292, 30]. Areas projected by proj4rs and PROJ differ in the
    // ninth digit, so the bounds are compared to 1e-6.
    assert_eq!(v["counts"], serde_json::json!([0, 322, 322, 321, 292, 30]));
    let expected = [
        -25491.219921245494,
        1215.1796334282112,
        3742.600961640052,
        10117.312818319448,
        36823.712372993155,
        56385.89635113694,
    ];
    for (b, e) in v["bins"].as_array().unwrap().iter().zip(expected) {
        let b = b.as_f64().unwrap();
        assert!((b - e).abs() < 1e-6 * e.abs(), "{b} vs {e}");
    }
    let err = bad_input(&[
        "classify",
        s(&shared("peers/calemp.csv")),
        "--var",
        "emp_per_sqkm",
        "--scheme",
        "jenks",
    ]);
    assert!(err.contains("unknown scheme 'jenks'"), "{err}");
}

/// Parameters outside their domain are bad input (exit 2, the option named), never a number
/// computed from nonsense or a silently truncated value.
#[test]
fn parameters_outside_their_domain_are_refused() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let deso = s(&deso);
    let autocorr = |extra: &[&str]| {
        let mut a = vec!["autocorr", deso, "--var", "nettoinkomst_median_tkr_2022"];
        a.extend_from_slice(extra);
        bad_input(&a)
    };
    assert!(autocorr(&["--stat", "lisa", "--alpha", "2"]).contains("--alpha 2"));
    // Class bounds: finite, increasing, and only for user-defined (they were ignored).
    let classify = |extra: &[&str]| {
        let mut a = vec!["classify", deso, "--var", "folkmangd_2022"];
        a.extend_from_slice(extra);
        bad_input(&a)
    };
    assert!(classify(&["--scheme", "user-defined", "--bins", "NaN,inf"]).contains("finite"));
    assert!(classify(&["--scheme", "user-defined", "--bins", "2000,1000"]).contains("increase"));
    assert!(classify(&["--bins", "1000,2000"]).contains("--scheme user-defined"));
    assert!(autocorr(&["--permutations", "100000000"]).contains("more than 99999"));
    assert!(autocorr(&["--tolerance", "1e12"]).contains("--tolerance"));
    for spec in [
        "knn:2.7",
        "knn:0",
        "band:5000:NaN",
        "band:-5",
        "kernel:gaussian:0",
    ] {
        assert!(autocorr(&["--weights", spec]).contains(spec), "{spec}");
    }
    let index = |extra: &[&str]| {
        let mut a = vec![
            "index",
            deso,
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim",
        ];
        a.extend_from_slice(extra);
        bad_input(&a)
    };
    assert!(index(&["--distance=-5"]).contains("--distance -5"));
    assert!(index(&["--distance", "NaN"]).contains("--distance NaN"));
    assert!(index(&["--population-k", "0"]).contains("--population-k 0"));
    assert!(index(&["--null", "systematic", "--permutations", "100000000"]).contains("99999"));
    let err = bad_input(&["weights", deso, "--order", "0"]);
    assert!(err.contains("--order 0"), "{err}");
    let err = bad_input(&[
        "render",
        deso,
        "--var",
        "folkmangd_2022",
        "--palette",
        "Rainbow",
        "--out",
        "/tmp/x.svg",
    ]);
    assert!(err.contains("unknown palette 'Rainbow'"), "{err}");
    // A group larger than its total (isolation would exceed 1) or negative.
    let err = bad_input(&[
        "index",
        deso,
        "--group",
        "folkmangd_2022",
        "--total",
        "utlandsk_bakgrund_2022",
        "--index",
        "isolation",
    ]);
    assert!(err.contains("larger than its total"), "{err}");
    let err = bad_input(&[
        "index",
        deso,
        "--group=-utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
    ]);
    assert!(err.contains("must not be negative"), "{err}");
}

#[test]
fn one_area_is_too_few_for_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.geojson");
    std::fs::write(
        &one,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"v":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#,
    )
    .unwrap();
    let err = bad_input(&["autocorr", s(&one), "--var", "v"]);
    assert!(err.contains("needs at least three"), "{err}");
    let err = bad_input(&["weights", s(&one), "--kind", "knn:1"]);
    assert!(err.contains("need at least two areas"), "{err}");
}

/// Output piped into a reader that stops early ends the program quietly (SIGPIPE), as Unix
/// tools do, never with a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "autocorr",
            s(&shared("stockholm/deso2018_scb2022.geojson")),
            "--var",
            "nettoinkomst_median_tkr_2022",
            "--stat",
            "lisa",
            "--permutations",
            "0",
            "--json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.status.signal() == Some(13) || out.status.code() == Some(141),
        "{:?}: {err}",
        out.status
    );
}

/// Saved files get the permissions the umask gives an ordinary file, not 0600.
#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("queen.gal");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"));
    cmd.args([
        "weights",
        s(&shared("stockholm/deso2018_scb2022.geojson")),
        "--out",
        s(&out),
    ]);
    // SAFETY: umask is async-signal-safe and touches nothing else of the child.
    unsafe {
        cmd.pre_exec(|| {
            libc::umask(0o027);
            Ok(())
        });
    }
    assert!(cmd.output().unwrap().status.success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "{mode:o}");
}

/// Ctrl-C during a long computation: the work stops at once, the command says so and exits
/// 130, and the output file it was to write is not there (an old one is left as it was).
#[test]
fn ctrl_c_stops_the_work_exits_130_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lisa.csv");
    let kept = dir.path().join("kept.csv");
    std::fs::write(&kept, "old\n").unwrap();
    for target in [&out, &kept] {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
            .args([
                "autocorr",
                s(&shared("stockholm/deso2018_scb2022.geojson")),
                "--var",
                "nettoinkomst_median_tkr_2022",
                "--stat",
                "lisa",
                "--permutations",
                "99999",
                "--weights",
                "knn:50",
                // One thread: about 6 s of work, long enough to interrupt on any machine.
                "--threads",
                "1",
                "--out",
                s(target),
                "--json",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Into the permutations (the file is read and the weights built by then).
        std::thread::sleep(std::time::Duration::from_millis(1200));
        // SAFETY: signalling our own child process.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let signalled = std::time::Instant::now();
        let result = child.wait_with_output().unwrap();
        assert!(
            signalled.elapsed() < std::time::Duration::from_secs(3),
            "stopped promptly"
        );
        assert_eq!(result.status.code(), Some(130));
        let err = String::from_utf8_lossy(&result.stderr);
        assert!(err.contains("interrupted"), "{err}");
        assert!(result.stdout.is_empty(), "no half result on stdout");
    }
    assert!(!out.exists(), "no output file from stopped work");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old\n");
}

/// A minimal `.xlsx` whose first sheet holds these cells (`("A1", "text")`; numbers as numbers).
fn xlsx(path: &std::path::Path, cells: &[(&str, &str)]) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
    ];
    for (name, text) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    let mut rows: std::collections::BTreeMap<u32, String> = Default::default();
    for (cell, value) in cells {
        let row: u32 = cell
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap();
        let xml = if value.parse::<f64>().is_ok() {
            format!(r#"<c r="{cell}"><v>{value}</v></c>"#)
        } else {
            format!(r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#)
        };
        rows.entry(row).or_default().push_str(&xml);
    }
    let data: String = rows
        .iter()
        .map(|(r, c)| format!(r#"<row r="{r}">{c}</row>"#))
        .collect();
    z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
    )
    .unwrap();
    z.finish().unwrap();
}

#[test]
fn a_stray_cell_far_out_in_a_sheet_is_named_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    // A plain sheet reads as ever.
    let ok = dir.path().join("ok.xlsx");
    xlsx(
        &ok,
        &[
            ("A1", "deso"),
            ("B1", "folk"),
            ("A2", "0114A0010"),
            ("B2", "1200"),
        ],
    );
    let v = json_of(&run(&["info", s(&ok), "--json"]));
    assert_eq!(v["rows"], 1);
    // One cell at XFD1048576: asked calamine for a 17-billion-cell grid (512 GiB) and aborted.
    let far = dir.path().join("far.xlsx");
    xlsx(
        &far,
        &[
            ("A1", "deso"),
            ("B1", "folk"),
            ("A2", "0114A0010"),
            ("B2", "1200"),
            ("XFD1048576", "1"),
        ],
    );
    let e = bad_input(&["info", s(&far), "--json"]);
    assert!(
        e.contains("far.xlsx") && e.contains("XFD1048576") && e.contains("stray"),
        "{e}"
    );
}

#[test]
fn a_cell_reference_of_thirty_letters_is_refused_not_a_panic() {
    // calamine's column arithmetic overflowed and panicked (found by fuzzing the xlsx reader).
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.xlsx");
    xlsx(
        &long,
        &[
            ("A1", "deso"),
            ("B1", "folk"),
            ("A2", "0114A0010"),
            ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA2", "1200"),
        ],
    );
    let e = bad_input(&["info", s(&long), "--json"]);
    assert!(e.contains("long.xlsx"), "{e}");
}

#[test]
fn a_csv_of_200000_columns_is_read_in_linear_time() {
    // Naming the columns was quadratic (each new name compared with all before): 200,000
    // columns took minutes. Repeated names still get suffixes.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wide.csv");
    let n = 200_000;
    let mut head: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    head[1] = "c0".into();
    head[2] = "c0_2".into();
    let row: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    std::fs::write(&p, format!("{}\n{}\n", head.join(","), row.join(","))).unwrap();
    let v = json_of(&run(&["info", s(&p), "--json"]));
    let fields = v["fields"].as_array().unwrap();
    assert_eq!(fields.len(), n);
    let names: Vec<&str> = fields[..3]
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["c0", "c0_2", "c0_2_2"]);
}

#[test]
fn stacked_copies_of_one_area_are_refused_for_contiguity() {
    // 5,000 identical squares: each touched every other (25 million links, seconds of work and
    // a meaningless answer). Now the copies are named.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("stacked.geojson");
    let features: Vec<String> = (0..5000)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","properties":{{"id":{i}}},"geometry":{{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}}}"#
            )
        })
        .collect();
    std::fs::write(
        &p,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    for cmd in [
        vec!["weights", s(&p), "--kind", "queen", "--json"],
        vec!["autocorr", s(&p), "--var", "id", "--json"],
    ] {
        let e = bad_input(&cmd);
        assert!(
            e.contains("features 1 and 2 have the same outline (5000 copies"),
            "{cmd:?}: {e}"
        );
    }
}

#[test]
fn a_shapefiles_encoding_and_record_count_are_checked_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "prj", "dbf"] {
        std::fs::copy(
            shared(&format!("stockholm/shp/deso2018_sweref99tm.{ext}")),
            dir.path().join(format!("deso.{ext}")),
        )
        .unwrap();
    }
    let shp = dir.path().join("deso.shp");
    let cpg = dir.path().join("deso.cpg");
    // An encoding no one knows was ignored (text read in another encoding, silently).
    std::fs::write(&cpg, "KLINGON-9").unwrap();
    let e = bad_input(&["info", s(&shp)]);
    assert!(
        e.contains("deso.cpg") && e.contains("'KLINGON-9' is unknown"),
        "{e}"
    );
    // WHATWG labels that dbase's list misses are read.
    std::fs::write(&cpg, "latin1").unwrap();
    assert_eq!(
        json_of(&run(&["info", s(&shp), "--json"]))["features"],
        1287
    );
    std::fs::write(&cpg, "UTF-8").unwrap();
    // A .dbf cut short: the header's record count against the file, said once and plainly
    // (was an I/O error in Rust's debug form, at a record that depended on buffering).
    let dbf = dir.path().join("deso.dbf");
    let bytes = std::fs::read(&dbf).unwrap();
    std::fs::write(&dbf, &bytes[..bytes.len() - 5000]).unwrap();
    let e = bad_input(&["info", s(&shp)]);
    assert!(
        e.contains("deso.dbf")
            && e.contains("the header announces 1287 records but the file holds"),
        "{e}"
    );
    assert!(!e.contains("Error {"), "{e}");
}
