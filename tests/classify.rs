//! Classification against mapclassify's numbers (`../shared/oracles/calemp.json`): every scheme,
//! bins to 1e-6 and counts exact.

use segatlas::classify::{classify, Scheme};
use segatlas::data;
use std::path::PathBuf;

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

#[test]
fn every_scheme_in_the_oracle_matches() {
    let t = data::open_table(&root().join("data/peers/calemp.csv")).unwrap();
    let values = t.numbers("emp_per_sqkm").unwrap();
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("oracles/calemp.json")).unwrap())
            .unwrap();
    let schemes = oracle["schemes"].as_object().unwrap();
    assert_eq!(schemes.len(), 8);
    for (key, expected) in schemes {
        let scheme = match key.as_str() {
            "quantiles-5" => Scheme::Quantiles { k: 5 },
            "equal-interval-5" => Scheme::EqualInterval { k: 5 },
            "fisher-jenks-5" => Scheme::FisherJenks { k: 5 },
            "box-plot-1.5" => Scheme::BoxPlot { hinge: 1.5 },
            "std-mean" => Scheme::StdMean,
            "head-tail" => Scheme::HeadTail,
            "maximum-breaks-5" => Scheme::MaximumBreaks { k: 5 },
            "percentiles" => Scheme::from_name("percentiles", 5, 1.5, &[]).unwrap(),
            other => panic!("oracle scheme {other} has no counterpart"),
        };
        let c = classify(values, &scheme).unwrap();
        let bins: Vec<f64> = expected["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_f64().unwrap())
            .collect();
        let counts: Vec<usize> = expected["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(c.bins.len(), bins.len(), "{key}: {:?} vs {bins:?}", c.bins);
        for (a, b) in c.bins.iter().zip(&bins) {
            assert!((a - b).abs() < 1e-6, "{key}: {:?} vs {bins:?}", c.bins);
        }
        assert_eq!(c.counts, counts, "{key}");
    }
}

#[test]
fn box_plot_with_hinge_3_by_hand() {
    // Quartiles of 1..=8 (linear interpolation): 2.75, 4.5, 6.25; IQR 3.5; fences −7.75 and 16.75.
    let v: Vec<Option<f64>> = (1..=8).map(|i| Some(i as f64)).collect();
    let c = classify(&v, &Scheme::BoxPlot { hinge: 3.0 }).unwrap();
    assert_eq!(c.bins, vec![-7.75, 2.75, 4.5, 6.25, 16.75]);
    assert_eq!(c.counts, vec![0, 2, 2, 2, 2]);
}

/// Every scheme of the registry has an independent value: mapclassify's on calemp, or a
/// hand-worked case (src/classify/mod.rs: pretty_by_hand, user_defined_adds_the_maximum).
#[test]
fn every_scheme_has_an_independent_value() {
    const HAND_WORKED: [&str; 2] = ["pretty", "user-defined"];
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("oracles/calemp.json")).unwrap())
            .unwrap();
    let keys: Vec<&String> = oracle["schemes"].as_object().unwrap().keys().collect();
    for name in Scheme::NAMES {
        assert!(
            HAND_WORKED.contains(&name) || keys.iter().any(|k| k.starts_with(name)),
            "scheme {name} has no independent value"
        );
    }
}

/// The registry of schemes: every name the classifier takes has its parameters and texts in
/// Swedish and English, and the README names it.
#[test]
fn every_scheme_is_in_the_registry_with_texts_and_docs() {
    use segatlas::classify::{Param, SCHEMES};
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert_eq!(
        SCHEMES.iter().map(|s| s.name).collect::<Vec<_>>(),
        Scheme::NAMES.to_vec()
    );
    for s in SCHEMES {
        assert!(!s.sv.is_empty() && !s.en.is_empty(), "{}", s.name);
        assert!(readme.contains(&format!("`{}`", s.name)), "{}", s.name);
        // A scheme that takes k refuses k = 1; the others take any k.
        let bins: &[f64] = if s.param == Param::Bounds {
            &[10.0]
        } else {
            &[]
        };
        let refused = Scheme::from_name(s.name, 1, 1.5, bins).is_err();
        assert_eq!(refused, s.param == Param::K, "{}", s.name);
    }
}

#[test]
fn the_maps_classes_under_noise_collapse_without_it_and_show_the_fragile_areas() {
    let deso = common::shared("data/stockholm/deso2018_scb2022.geojson");
    let run = |model: &str| {
        common::segatlas_json(&[
            "classify",
            common::s(&deso),
            "--var",
            "utlandsk_bakgrund_2022/folkmangd_2022*100",
            "--noise",
            model,
            "--draws",
            "199",
            "--json",
        ])
    };
    let none = run("uniform:0");
    let u = &none["uncertainty"];
    assert_eq!(u["stability"]["unstable"], 0);
    for (k, n) in none["counts"].as_array().unwrap().iter().enumerate() {
        assert_eq!(u["counts"][k]["low"].as_f64(), n.as_f64());
        assert_eq!(u["counts"][k]["high"].as_f64(), n.as_f64());
    }
    let v = run("poisson");
    let s = &v["uncertainty"]["stability"];
    let (stable, unstable) = (
        s["stable"].as_u64().unwrap(),
        s["unstable"].as_u64().unwrap(),
    );
    assert_eq!(stable + unstable, 1287);
    // Quintiles keep their counts (±1 for ties) whatever the draw; areas near a bound move.
    for (k, n) in v["counts"].as_array().unwrap().iter().enumerate() {
        let b = &v["uncertainty"]["counts"][k];
        assert!(
            (b["low"].as_f64().unwrap() - n.as_f64().unwrap()).abs() <= 2.0,
            "{b}"
        );
    }
    assert!(unstable > 50 && stable > 2 * unstable, "{s}");
    let areas = v["uncertainty"]["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 1287);
    assert_eq!(
        areas.iter().filter(|a| a.as_f64().unwrap() >= 0.9).count() as u64,
        stable
    );
}
