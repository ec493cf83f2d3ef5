//! Spatial autocorrelation against esda (`../shared/oracles/columbus.json`): Columbus CRIME with
//! queen weights; seeded permutations repeat exactly, whatever the number of threads.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

mod common;
use common::shared;

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
        // A cluster is its quadrant when significant, else "ns": which, the p-values decide
        // (their distribution is checked against esda's below).
        assert!(c == "ns" || c == codes[q], "area {k}: {c}");
    }
}

/// tools/pysal_autocorr_weights.py's reference values.
fn extra() -> Value {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/pysal_autocorr_weights.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn lisa_pseudo_p_values_are_distributed_as_esdas() {
    // esda's conditional permutations draw differently, so the values cannot be matched one by
    // one: over 5 seeds of 999 permutations, the share of areas with p ≤ 0.05 and the mean p
    // equal esda's over 20 seeds within five standard errors.
    let e = &extra()["lisa_p_sim"];
    let (mut shares, mut means) = (Vec::new(), Vec::new());
    for seed in 1..=5 {
        let l = autocorr("lisa", "2", &["--seed", &seed.to_string()]);
        let p: Vec<f64> = l["local"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["p_sim"].as_f64().unwrap())
            .collect();
        shares.push(p.iter().filter(|v| **v <= 0.05).count() as f64 / p.len() as f64);
        means.push(p.iter().sum::<f64>() / p.len() as f64);
    }
    let avg = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let within = |ours: &[f64], mean: &str, sd: &str| {
        let se = e[sd].as_f64().unwrap() * (1.0 / 20.0 + 1.0 / 5.0f64).sqrt();
        let peer = e[mean].as_f64().unwrap();
        assert!(
            (avg(ours) - peer).abs() < 5.0 * se,
            "{}: {} vs esda {peer} ± {se}",
            mean,
            avg(ours)
        );
    };
    within(&shares, "share_le_005_mean", "share_le_005_sd");
    within(&means, "mean_mean", "mean_sd");
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
    let e = extra();
    let g = autocorr("g", "2", &["--permutations", "0"]);
    close(g["G"].as_f64().unwrap(), e["g"]["G"].as_f64().unwrap());
    close(g["z"].as_f64().unwrap(), e["g"]["z_norm"].as_f64().unwrap());
    let gi = autocorr("gi", "2", &[]);
    let gi = gi["local"].as_array().unwrap();
    assert_eq!(gi.len(), 49);
    for (k, v) in gi.iter().enumerate() {
        close(v["z"].as_f64().unwrap(), e["gi_z"][k].as_f64().unwrap());
    }
    let lg = autocorr("localgeary", "2", &[]);
    let lg = lg["local"].as_array().unwrap();
    assert_eq!(lg.len(), 49);
    for (k, v) in lg.iter().enumerate() {
        close(
            v["c"].as_f64().unwrap(),
            e["local_geary"][k].as_f64().unwrap(),
        );
    }
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
    let e = extra();
    // esda's Moran_BV(CRIME, INC): CRIME against the spatial lag of INC (not symmetric, so a
    // swap of the two is caught).
    let bv = autocorr("moran_bv", "2", &["--y", "INC"]);
    close(
        bv["I"].as_f64().unwrap(),
        e["moran_bv_crime_inc"].as_f64().unwrap(),
    );
    let r = autocorr(
        "moran_rate",
        "2",
        &["--base", "HOVAL", "--permutations", "0"],
    );
    close(
        r["I"].as_f64().unwrap(),
        e["moran_rate_crime_hoval"].as_f64().unwrap(),
    );
}

#[test]
fn join_counts_equal_esda() {
    // A 0/1 variable written with a comparison: CRIME above 40 (19 of 49 neighbourhoods).
    let e = &extra()["join_counts_crime_gt_40"];
    let j = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "autocorr",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--var",
            "CRIME > 40",
            "--stat",
            "joincount",
            "--permutations",
            "0",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(j.status.success(), "{}", String::from_utf8_lossy(&j.stderr));
    let j: Value = serde_json::from_slice(&j.stdout).unwrap();
    for k in ["bb", "bw", "ww"] {
        assert_eq!(j[k], e[k], "{k}");
    }
}

/// Every statistic of the registry has a test against esda in this file, its texts in Swedish
/// and English, and a mention in the README; the CLI's `--stat` help offers exactly the registry.
#[test]
fn every_statistic_has_an_esda_value() {
    const TESTED: [(&str, &str); 10] = [
        ("moran", "global_moran_and_geary_equal_esda"),
        ("geary", "global_moran_and_geary_equal_esda"),
        ("moran_bv", "bivariate_and_rate_moran"),
        ("moran_rate", "bivariate_and_rate_moran"),
        ("g", "other_statistics_and_errors"),
        ("gi", "other_statistics_and_errors"),
        ("localgeary", "other_statistics_and_errors"),
        ("gistar", "every_gi_star_equals_esda"),
        ("lisa", "every_local_moran_and_quadrant_equals_esda"),
        ("joincount", "join_counts_equal_esda"),
    ];
    let help = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(["autocorr", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let line = help
        .lines()
        .find(|l| l.trim_start().starts_with("--stat <"))
        .unwrap()
        .split_once('>')
        .unwrap()
        .1
        .split('[')
        .next()
        .unwrap()
        .trim()
        .to_string();
    let offered: Vec<String> = line
        .replace(" or ", ", ")
        .split(", ")
        .map(|s| s.trim().to_string())
        .collect();
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let registry = segatlas::measures::autocorrelation::registry::STATISTICS;
    assert_eq!(
        offered,
        registry
            .iter()
            .map(|s| s.name.to_string())
            .collect::<Vec<_>>(),
        "the help lists the registry"
    );
    for stat in registry {
        assert!(
            TESTED.iter().any(|(s, _)| *s == stat.name),
            "--stat {} has no test against esda",
            stat.name
        );
        assert!(!stat.sv.is_empty() && !stat.en.is_empty(), "{}", stat.name);
        assert!(
            readme.contains(&format!("`{}`", stat.name)),
            "the README does not name `{}`",
            stat.name
        );
    }
}

fn esda_pvalues() -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/esda_pvalues.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A global statistic of a Columbus variable on queen weights, with a seed.
fn global(var: &str, stat: &str, seed: u64) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "autocorr",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--var",
            var,
            "--stat",
            stat,
            "--permutations",
            "999",
            "--seed",
            &seed.to_string(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every analytical p-value of Moran's I and Geary's C equals esda's (tools/esda_pvalues.py),
/// and Getis-Ord G's p_norm (tools/pysal_autocorr_weights.py).
#[test]
fn every_analytical_p_value_equals_esda() {
    let o = esda_pvalues();
    let m = global("CRIME", "moran", 1);
    let want = &o["moran_crime"];
    for (ours, theirs) in [
        ("I", "I"),
        ("expected", "EI"),
        ("var_norm", "VI_norm"),
        ("var_rand", "VI_rand"),
        ("z_norm", "z_norm"),
        ("z_rand", "z_rand"),
        ("p_norm", "p_norm"),
        ("p_rand", "p_rand"),
    ] {
        let (a, b) = (m[ours].as_f64().unwrap(), want[theirs].as_f64().unwrap());
        assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1e-300) + 1e-15,
            "moran {ours}: {a} vs {b}"
        );
    }
    let g = global("CRIME", "geary", 1);
    let want = &o["geary_crime"];
    for (ours, theirs) in [
        ("C", "C"),
        ("expected", "EC"),
        ("var_norm", "VC_norm"),
        ("var_rand", "VC_rand"),
        ("z_norm", "z_norm"),
        ("z_rand", "z_rand"),
        ("p_norm", "p_norm"),
        ("p_rand", "p_rand"),
    ] {
        let (a, b) = (g[ours].as_f64().unwrap(), want[theirs].as_f64().unwrap());
        assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1e-300) + 1e-15,
            "geary {ours}: {a} vs {b}"
        );
    }
    let gg = autocorr("g", "2", &[]);
    let want = &extra()["g"];
    close(
        gg["p_norm"].as_f64().unwrap(),
        want["p_norm"].as_f64().unwrap(),
    );
    close(gg["z"].as_f64().unwrap(), want["z_norm"].as_f64().unwrap());
}

/// The permutation pseudo p-values of Moran, Geary and the join counts are distributed as
/// esda's: their mean over 10 of our seeds equals esda's mean over 40 within five standard
/// errors (esda's spread only).
#[test]
fn permutation_p_values_are_distributed_as_esdas() {
    let o = esda_pvalues();
    let seeds = 10u64;
    let check = |key: &str, mut p_of: Box<dyn FnMut(u64) -> f64>| {
        let e = &o[key];
        let mean: f64 = (1..=seeds).map(&mut p_of).sum::<f64>() / seeds as f64;
        let sd = e["sd"].as_f64().unwrap();
        let se = sd * (1.0 / 40.0 + 1.0 / seeds as f64).sqrt();
        let peer = e["mean"].as_f64().unwrap();
        assert!(
            (mean - peer).abs() < 5.0 * se,
            "{key}: {mean} vs esda {peer} ± {se}"
        );
    };
    for var in ["AREA", "OPEN"] {
        for stat in ["moran", "geary"] {
            check(
                &format!("{stat}_p_sim_{var}"),
                Box::new(move |s| global(var, stat, s)["p_sim"].as_f64().unwrap()),
            );
        }
    }
    let median = o["joincount_p_sim_bb_AREA"]["median"].as_f64().unwrap();
    let var = format!("if(AREA > {median:?}, 1, 0)");
    let bb = global(&var, "joincount", 1)["bb"].as_f64().unwrap();
    assert_eq!(bb, o["joincount_p_sim_bb_AREA"]["bb"].as_f64().unwrap());
    check(
        "joincount_p_sim_bb_AREA",
        Box::new(move |s| global(&var, "joincount", s)["p_sim_bb"].as_f64().unwrap()),
    );
}

/// LISA's summary counts the clusters the per-area entries give (the entries are built only
/// when written: --json or --out).
#[test]
fn lisa_cluster_counts_sum_the_entries() {
    let l = autocorr("lisa", "2", &["--permutations", "99"]);
    let local = l["local"].as_array().unwrap();
    let counts = l["clusters"].as_object().unwrap();
    assert_eq!(
        counts.values().map(|v| v.as_u64().unwrap()).sum::<u64>(),
        49
    );
    for (label, n) in counts {
        let in_entries = local
            .iter()
            .filter(|e| e["cluster"] == label.as_str())
            .count();
        assert_eq!(n.as_u64().unwrap() as usize, in_entries, "{label}");
    }
}

/// `segatlas autocorr` on Stockholm's DeSO with these extra arguments, as JSON.
fn deso_autocorr(extra: &[&str]) -> Value {
    let deso = common::shared("data/stockholm/deso2018_scb2022.geojson");
    let mut args = vec![
        "autocorr",
        common::s(&deso),
        "--var",
        "utlandsk_bakgrund_2022/folkmangd_2022*100",
    ];
    args.extend(extra);
    args.push("--json");
    common::segatlas_json(&args)
}

#[test]
fn morans_band_under_poisson_noise_equals_an_independent_monte_carlo() {
    let o = common::kept_oracle("numpy_uncertainty");
    let v = deso_autocorr(&["--stat", "moran", "--noise", "poisson"]);
    common::close(
        v["I"].as_f64().unwrap(),
        o["value"]["moran"].as_f64().unwrap(),
    );
    let (u, want) = (&v["uncertainty"], &o["poisson"]["moran"]);
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    let sd = f(want, "sd");
    let se = (sd * sd / 4000.0 + f(u, "sd").powi(2) / 999.0).sqrt();
    assert!(
        (f(u, "mean") - f(want, "mean")).abs() < 5.0 * se,
        "{u} vs {want}"
    );
    let se_sd = sd * (1.0 / 7998.0 + 1.0 / 1996.0f64).sqrt();
    assert!((f(u, "sd") - sd).abs() < 5.0 * se_sd, "{u} vs {want}");
}

#[test]
fn lisa_stability_is_one_without_noise_rises_with_the_counts_and_keeps_to_the_seed() {
    let stability = |v: &Value| -> Vec<f64> {
        v["local"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["stability"].as_f64().unwrap())
            .collect()
    };
    let none = deso_autocorr(&["--stat", "lisa", "--noise", "uniform:0", "--draws", "20"]);
    assert!(stability(&none).iter().all(|s| *s == 1.0));
    assert_eq!(none["stability"]["unstable"], 0);
    let once = deso_autocorr(&["--stat", "lisa", "--noise", "poisson", "--draws", "99"]);
    let s = &once["stability"];
    assert_eq!(s["draws"], 99);
    assert_eq!(
        s["stable"].as_u64().unwrap() + s["unstable"].as_u64().unwrap(),
        1287
    );
    // Some areas near the significance line change class under Poisson noise; most do not.
    let unstable = s["unstable"].as_u64().unwrap();
    assert!((10..400).contains(&unstable), "{s}");
    let shares = stability(&once);
    let mean = shares.iter().sum::<f64>() / shares.len() as f64;
    common::close(mean, s["mean"].as_f64().unwrap());
    // A hundred times the counts (the same shares): far fewer areas change.
    let dir = tempfile::tempdir().unwrap();
    let mut layer: Value = serde_json::from_str(
        &std::fs::read_to_string(common::shared("data/stockholm/deso2018_scb2022.geojson"))
            .unwrap(),
    )
    .unwrap();
    for f in layer["features"].as_array_mut().unwrap() {
        for k in ["utlandsk_bakgrund_2022", "folkmangd_2022"] {
            let v = f["properties"][k].as_f64().unwrap();
            f["properties"][k] = serde_json::json!(v * 100.0);
        }
    }
    let scaled = dir.path().join("deso_x100.geojson");
    std::fs::write(&scaled, layer.to_string()).unwrap();
    let big = common::segatlas_json(&[
        "autocorr",
        common::s(&scaled),
        "--var",
        "utlandsk_bakgrund_2022/folkmangd_2022*100",
        "--stat",
        "lisa",
        "--noise",
        "poisson",
        "--draws",
        "99",
        "--json",
    ]);
    assert_eq!(big["clusters"], once["clusters"]);
    let big_unstable = big["stability"]["unstable"].as_u64().unwrap();
    assert!(big_unstable * 3 < unstable, "{big_unstable} vs {unstable}");
    // The same seed gives the same shares on one thread.
    let one = deso_autocorr(&[
        "--stat",
        "lisa",
        "--noise",
        "poisson",
        "--draws",
        "99",
        "--threads",
        "1",
    ]);
    assert_eq!(stability(&one), shares);
}

#[test]
fn noise_on_autocorrelation_is_refused_in_words_where_it_has_no_meaning() {
    let deso = common::shared("data/stockholm/deso2018_scb2022.geojson");
    for (var, stat, says) in [
        ("utlandsk_bakgrund_2022", "gi", "not to --stat gi"),
        ("area_km2", "moran", "reads no column of counts"),
    ] {
        let out = common::run(&[
            "autocorr",
            common::s(&deso),
            "--var",
            var,
            "--stat",
            stat,
            "--noise",
            "poisson",
        ]);
        assert_eq!(out.status.code(), Some(2), "{var} {stat}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }
}
