//! Property-based: small generated layers with every everyday flaw at once — null and empty
//! geometries, stacked copies, islands, duplicate and missing keys, zero totals, negative and
//! fractional counts, names with control characters — run through every command. Each run
//! must end with exit 0 and a result or exit 2 (1 for an output it could not write) and one
//! sentence, never a panic (101), an abort (134) or a hang.
//!
//! A new command joins with one line in [`COMMANDS`].

use crate::common::s;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One area of a generated layer.
#[derive(Debug, Clone)]
struct Area {
    shape: Shape,
    code: Option<String>,
    name: String,
    group: Option<f64>,
    total: Option<f64>,
    value: Option<f64>,
}

#[derive(Debug, Clone)]
enum Shape {
    /// A unit square at this place of a 4 × 4 grid (neighbours share edges).
    Cell(u8),
    /// A square far from the rest: an island.
    Far,
    Null,
    EmptyPolygon,
    EmptyMulti,
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        6 => (0u8..16).prop_map(Shape::Cell),
        1 => Just(Shape::Far),
        1 => Just(Shape::Null),
        1 => Just(Shape::EmptyPolygon),
        1 => Just(Shape::EmptyMulti),
    ]
}

fn count() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        6 => (0u32..200).prop_map(|v| Some(f64::from(v))),
        1 => Just(Some(0.0)),
        1 => (-50i32..0).prop_map(|v| Some(f64::from(v))),
        1 => (0.0f64..50.0).prop_map(Some),
        1 => Just(None),
    ]
}

fn area() -> impl Strategy<Value = Area> {
    (
        shape(),
        prop_oneof![4 => (0u8..6).prop_map(|k| Some(format!("C{k}"))), 1 => Just(None)],
        prop_oneof![
            Just("Fittja".to_string()),
            Just("Rinkeby\u{1}\u{7}".to_string()),
            Just("A/B <&>".to_string()),
            Just("a_b".to_string()),
        ],
        count(),
        count(),
        count(),
    )
        .prop_map(|(shape, code, name, group, total, value)| Area {
            shape,
            code,
            name,
            group,
            total,
            value,
        })
}

fn geometry(s: &Shape) -> Value {
    let square = |x: f64, y: f64| {
        json!([[
            [x, y],
            [x + 1.0, y],
            [x + 1.0, y + 1.0],
            [x, y + 1.0],
            [x, y]
        ]])
    };
    match s {
        Shape::Cell(k) => json!({"type": "Polygon",
            "coordinates": square(f64::from(k % 4), f64::from(k / 4))}),
        Shape::Far => json!({"type": "Polygon", "coordinates": square(100.0, 100.0)}),
        Shape::Null => Value::Null,
        Shape::EmptyPolygon => json!({"type": "Polygon", "coordinates": []}),
        Shape::EmptyMulti => json!({"type": "MultiPolygon", "coordinates": []}),
    }
}

fn write_layer(dir: &Path, areas: &[Area]) -> std::path::PathBuf {
    let features: Vec<Value> = areas
        .iter()
        .map(|a| {
            json!({"type": "Feature", "geometry": geometry(&a.shape), "properties": {
                "code": a.code, "namn": a.name, "kommun": a.code.as_ref().map(|c| c[..2].to_string()),
                "g": a.group, "t": a.total, "v": a.value, "2022": a.value}})
        })
        .collect();
    let p = dir.join("generated.geojson");
    std::fs::write(
        &p,
        json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    p
}

/// Every command, its arguments after the layer (`OUT` is replaced by a file in the run's
/// folder). One line each.
const COMMANDS: &[&[&str]] = &[
    &["info", "--json"],
    &["classify", "--var", "v", "--json"],
    &["weights", "--kind", "queen", "--json"],
    &["weights", "--kind", "knn:2", "--out", "OUT.gal", "--json"],
    &["autocorr", "--var", "v", "--permutations", "9", "--json"],
    &[
        "autocorr",
        "--var",
        "v",
        "--stat",
        "lisa",
        "--permutations",
        "9",
        "--out",
        "OUT.csv",
    ],
    &["index", "--group", "g", "--total", "t", "--json"],
    &[
        "index",
        "--group",
        "g",
        "--total",
        "t",
        "--index",
        "dissim,spatial-dissim",
        "--noise",
        "suppressed:3",
        "--draws",
        "19",
        "--json",
    ],
    &[
        "autocorr",
        "--var",
        "g/t",
        "--stat",
        "lisa",
        "--permutations",
        "9",
        "--noise",
        "poisson",
        "--draws",
        "9",
        "--json",
    ],
    &[
        "index",
        "--group",
        "g",
        "--total",
        "t",
        "--index",
        "dissim",
        "--distance",
        "2",
        "--json",
    ],
    &[
        "index", "--group", "g", "--total", "t", "--index", "dissim", "--by", "kommun", "--out",
        "OUT.gpkg", "--json",
    ],
    &[
        "index",
        "--groups",
        "g,v",
        "--index",
        "multi-divergence",
        "--json",
    ],
    &[
        "neighbourhoods",
        "--population",
        "t",
        "--groups",
        "g",
        "--k",
        "50",
        "--json",
    ],
    &[
        "regions", "--vars", "v", "--method", "skater", "--k", "2", "--json",
    ],
    &["select", "--id", "code", "--rule", "v >= mean", "--json"],
    &["select", "--id", "code", "--rule", "2022 >= 1", "--json"],
    &[
        "areatypes",
        "--id",
        "code",
        "--component",
        "v",
        "--component",
        "g",
        "--component",
        "t",
        "--json",
    ],
    &[
        "chart",
        "--kind",
        "histogram",
        "--var",
        "v",
        "--out",
        "OUT.svg",
    ],
    &[
        "render",
        "--var",
        "v",
        "--title",
        "Karta\u{1}",
        "--out",
        "OUT.png",
    ],
    &[
        "render", "--var", "v", "--each", "namn", "--out", "OUT_each",
    ],
    &[
        "difference",
        "--group",
        "g",
        "--total",
        "t",
        "--group2",
        "v",
        "--permutations",
        "9",
        "--json",
    ],
    &[
        "scenario",
        "--group",
        "g",
        "--total",
        "t",
        "--change",
        "POLYGON((0 0, 2 0, 2 2, 0 2, 0 0)):persons=10:share=0.5",
        "--json",
    ],
    &[
        "report",
        "--group",
        "g",
        "--total",
        "t",
        "--each",
        "kommun",
        "--out",
        "OUT_reports",
    ],
    // The flawed layer moved onto itself (null and empty shapes, missing and negative counts).
    &[
        "interpolate",
        "SELF",
        "--target-crs",
        "planar",
        "--extensive",
        "g,t",
        "--intensive",
        "v",
        "--out",
        "OUT.geojson",
        "--json",
    ],
];

/// Run the binary with a time limit; its exit code (None when it had to be killed).
fn run_limited(args: &[String]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            return (status.code(), err);
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            return (None, "killed after 60 s: a hang".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_command_on_a_flawed_layer_ends_in_a_result_or_a_sentence(areas in proptest::collection::vec(area(), 1..9)) {
        let dir = tempfile::tempdir().unwrap();
        let layer = write_layer(dir.path(), &areas);
        for command in COMMANDS {
            let out = dir.path().join("out");
            let mut args: Vec<String> = vec![command[0].to_string(), s(&layer).to_string(), "--crs".into(), "planar".into()];
            if command[0] == "info" {
                args.truncate(2);
            }
            args.extend(
                command[1..]
                    .iter()
                    .map(|a| a.replace("OUT", s(&out)).replace("SELF", s(&layer))),
            );
            let (code, err) = run_limited(&args);
            prop_assert!(
                matches!(code, Some(0) | Some(1) | Some(2)),
                "{args:?} on {areas:?}: exit {code:?}: {err}"
            );
            prop_assert!(!err.contains("panicked"), "{args:?}: {err}");
            if code != Some(0) {
                prop_assert!(!err.trim().is_empty(), "{args:?}: a failure without a sentence");
            }
        }
    }
}
