//! Spatial autocorrelation against esda (`../shared/oracles/columbus.json`): Columbus CRIME with
//! queen weights; seeded permutations repeat exactly, whatever the number of threads.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
}

fn autocorr(stat: &str, threads: &str, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .env("SEGATLAS_THREADS", threads)
        .args([
            "autocorr",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--var",
            "CRIME",
            "--weights",
            "queen",
            "--stat",
            stat,
            "--json",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn oracle() -> Value {
    let o: Value =
        serde_json::from_str(&std::fs::read_to_string(shared("oracles/columbus.json")).unwrap())
            .unwrap();
    o["autocorr_queen_crime"].clone()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

#[test]
fn global_moran_and_geary_equal_esda() {
    let o = oracle();
    let m = autocorr("moran", "2", &[]);
    close(m["I"].as_f64().unwrap(), o["moran_i"].as_f64().unwrap());
    close(
        m["z_norm"].as_f64().unwrap(),
        o["moran_z_norm"].as_f64().unwrap(),
    );
    close(
        m["z_rand"].as_f64().unwrap(),
        o["moran_z_rand"].as_f64().unwrap(),
    );
    assert_eq!(m["expected"].as_f64().unwrap(), -1.0 / 48.0);
    assert!(m["p_sim"].as_f64().unwrap() <= 0.01);
    let g = autocorr("geary", "2", &[]);
    close(g["C"].as_f64().unwrap(), o["geary_c"].as_f64().unwrap());
}

#[test]
fn every_local_moran_and_quadrant_equals_esda() {
    let o = oracle();
    let l = autocorr("lisa", "2", &[]);
    let local = l["local"].as_array().unwrap();
    assert_eq!(local.len(), 49);
    let codes = ["", "HH", "LH", "LL", "HL"];
    for (k, e) in local.iter().enumerate() {
        close(e["I"].as_f64().unwrap(), o["lisa_Is"][k].as_f64().unwrap());
        let q = o["lisa_q_esda"][k].as_u64().unwrap() as usize;
        assert_eq!(e["quadrant"], codes[q], "area {k}");
        let c = e["cluster"].as_str().unwrap();
        assert!(c == "ns" || c == codes[q], "area {k}: {c}");
    }
    assert!(l["elapsed_ms"].as_f64().unwrap() >= 0.0);
}

#[test]
fn every_gi_star_equals_esda() {
    let o = oracle();
    let g = autocorr("gistar", "2", &[]);
    for (k, e) in g["local"].as_array().unwrap().iter().enumerate() {
        close(
            e["z"].as_f64().unwrap(),
            o["gistar_z_binary"][k].as_f64().unwrap(),
        );
    }
}

#[test]
fn seeded_permutations_repeat_on_any_number_of_threads() {
    let one = autocorr("lisa", "1", &["--seed", "7", "--permutations", "499"]);
    let three = autocorr("lisa", "3", &["--seed", "7", "--permutations", "499"]);
    let again = autocorr("lisa", "3", &["--seed", "7", "--permutations", "499"]);
    let p = |v: &Value| {
        v["local"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["p_sim"].as_f64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(p(&one), p(&three));
    assert_eq!(p(&three), p(&again));
    let other = autocorr("lisa", "3", &["--seed", "8", "--permutations", "499"]);
    assert_ne!(p(&one), p(&other));
    let m1 = autocorr("moran", "1", &["--seed", "7"]);
    let m3 = autocorr("moran", "3", &["--seed", "7"]);
    assert_eq!(m1["p_sim"], m3["p_sim"]);
}

#[test]
fn other_statistics_and_errors() {
    let g = autocorr("g", "2", &[]);
    assert!(g["G"].as_f64().unwrap() > 0.0 && g["z"].as_f64().unwrap().is_finite());
    let gi = autocorr("gi", "2", &[]);
    assert_eq!(gi["local"].as_array().unwrap().len(), 49);
    let lg = autocorr("localgeary", "2", &[]);
    assert!(lg["local"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["c"].as_f64().unwrap() >= 0.0));
    let bad = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "autocorr",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--var",
            "CRIME",
            "--stat",
            "joincount",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("0/1 variable"));
}

#[test]
fn bivariate_and_rate_moran() {
    // Bivariate Moran of a variable with itself, Σ zx·(W zy)/(n − 1) with sample-standardised
    // values, is z'Wz/z'z: the ordinary I under row-standardised weights.
    let m = autocorr("moran", "2", &[]);
    let bv = autocorr("moran_bv", "2", &["--y", "CRIME"]);
    close(bv["I"].as_f64().unwrap(), m["I"].as_f64().unwrap());
    let r = autocorr("moran_rate", "2", &["--base", "HOVAL"]);
    assert!(r["I"].as_f64().unwrap().is_finite());
}
