//! What every test binary shares: the shared data and oracles beside the repository, the
//! oracles kept in `tests/oracles`, running the binary, and comparing numbers.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A path under `../shared` (data, oracles, tools).
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
}

/// A path under `../shared/data`.
pub fn data(rel: &str) -> PathBuf {
    shared("data").join(rel)
}

/// A path as text, for arguments.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// An oracle of `../shared/oracles` (`name` without `.json`).
pub fn oracle(name: &str) -> Value {
    let p = shared(&format!("oracles/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// An oracle computed by one of our `tools/*.py` and kept in `tests/oracles`.
pub fn kept_oracle(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/oracles/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// Run the binary with these arguments.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Run the binary; its JSON on success, else a failure with its stderr.
pub fn segatlas_json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Equal to 1e-9, relative to the larger of |b| and 1.
pub fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

/// A layer read as plain x/y (files whose coordinates are not longitude/latitude).
pub fn planar(mut l: segatlas::data::Layer) -> segatlas::data::Layer {
    l.assume_crs(segatlas::data::crs::Crs::Planar).unwrap();
    l
}

/// Ten unit squares whose SEI (one component `v_YEAR` three times) is 1..10 in 2020 and the same
/// with the first and the last swapped in 2023 (`A0` goes from type 5 to 2, `A9` back), with
/// `pop_2023` = 100·(i + 1): SCB's area types between the years, worked by hand.
pub fn type_squares(dir: &Path) -> PathBuf {
    let features: Vec<String> = (0..10)
        .map(|i| {
            let v23 = match i {
                0 => 10,
                9 => 1,
                _ => i + 1,
            };
            format!(
                r#"{{"type":"Feature","properties":{{"code":"A{i}","v_2020":{},"v_2023":{v23},"pop_2023":{}}},"geometry":{{"type":"Polygon","coordinates":[[[{i},0],[{j},0],[{j},1],[{i},1],[{i},0]]]}}}}"#,
                i + 1,
                100 * (i + 1),
                j = i + 1
            )
        })
        .collect();
    let path = dir.join("types.geojson");
    std::fs::write(
        &path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    path
}

/// Stockholm's RegSO layer without some of its columns, written to `dir`: as if those years
/// were published on DeSO only (a follow-up across a boundary revision).
pub fn regso_without(dir: &Path, columns: &[&str]) -> PathBuf {
    let text = std::fs::read_to_string(data("stockholm/regso2020_scb2022.geojson")).unwrap();
    let mut fc: Value = serde_json::from_str(&text).unwrap();
    for f in fc["features"].as_array_mut().unwrap() {
        let p = f["properties"].as_object_mut().unwrap();
        for c in columns {
            p.remove(*c);
        }
    }
    let path = dir.join("regso_trimmed.geojson");
    std::fs::write(&path, fc.to_string()).unwrap();
    path
}
