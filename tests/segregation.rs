//! Segregation indices against PySAL's `segregation` (`../shared/oracles/sacramento1.json`,
//! `segdata.json`), to 1e-9.

use segatlas::data;
use segatlas::measures::segregation::{
    measure, multi, single::SingleGroup, spatial as sp, Compute,
};
use segatlas::spatial::contiguity;
use serde_json::Value;
use std::path::PathBuf;

mod common;
use common::{planar, shared};

fn oracle(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(shared(&format!("oracles/{name}.json"))).unwrap())
        .unwrap()
}

fn close(name: &str, a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{name}: {a} vs {b}");
}

fn col(l: &data::Layer, name: &str) -> Vec<f64> {
    l.table
        .numbers(name)
        .unwrap()
        .iter()
        .map(|v| v.unwrap())
        .collect()
}

#[test]
fn sacramento_single_multi_and_local_equal_pysal() {
    // `single` is PySAL on the file's raw degrees: read the file as planar to match it.
    let l = planar(data::open_layer(&shared("data/peers/sacramento1.geojson")).unwrap());
    let o = oracle("sacramento1");
    let (x, t) = (col(&l, "HISP_"), col(&l, "TOT_POP"));
    // PySAL's delta uses the layer's own units (degrees² here: the file has no CRS).
    let area: Vec<f64> = l.area_km2().iter().map(|a| a * 1e6).collect();
    let queen = contiguity::queen(&l.projected, 0.0);
    let boundary = contiguity::boundary_length(&l.projected, 0.0);
    let cents = segatlas::spatial::points::centroids(&l.projected);
    let mut checked = 0;
    for (name, expected) in o["single"].as_object().unwrap() {
        // The indices in metres are tested on the projected layer below.
        let Some(m) = measure(name).filter(|m| !IN_METRES.contains(&m.name)) else {
            continue;
        };
        let g = SingleGroup {
            x: &x,
            t: &t,
            area: Some(&area),
        };
        let v = match &m.compute {
            Compute::Single(f) => f(&g),
            Compute::SingleArea(f) => f(&g).unwrap(),
            Compute::SingleContiguity(f) => f(&g, &queen),
            Compute::SingleBoundary(f) => f(&g, &boundary),
            Compute::SinglePlaces(f) => f(&g, &cents, &area),
            _ => continue,
        };
        close(name, v, expected.as_f64().unwrap());
        checked += 1;
    }
    assert_eq!(
        checked,
        o["single"].as_object().unwrap().len() - IN_METRES.len(),
        "every single-group index of the oracle not in metres"
    );
    let groups: Vec<Vec<f64>> = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]
        .iter()
        .map(|g| col(&l, g))
        .collect();
    let g = multi::Groups {
        counts: (0..l.len())
            .map(|i| groups.iter().map(|c| c[i]).collect())
            .collect(),
    };
    for (name, expected) in o["multi"].as_object().unwrap() {
        let Compute::Multi(f) = &measure(name).unwrap().compute else {
            panic!("{name}")
        };
        close(name, f(&g), expected.as_f64().unwrap());
    }
    let entropy = multi::local::entropy(&g);
    for (k, e) in o["local_entropy_first10"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        close("local-entropy", entropy[k], e.as_f64().unwrap());
    }
    let lq = multi::local::location_quotient(&g);
    for (k, row) in o["location_quotient_first3"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        for (j, e) in row.as_array().unwrap().iter().enumerate() {
            close("location-quotient", lq[k][j], e.as_f64().unwrap());
        }
    }
}

#[test]
fn segdata_patterns_equal_pysal() {
    let l = planar(data::open_layer(&shared("data/peers/segdata_grid.geojson")).unwrap());
    let o = oracle("segdata");
    let queen = contiguity::queen(&l.projected, 0.0);
    let rook = contiguity::rook(&l.projected, 0.0);
    let boundary = contiguity::boundary_length(&l.projected, 0.0);
    for (pattern, expected) in o["patterns"].as_object().unwrap() {
        let (a, b) = (
            col(&l, &format!("{pattern}1")),
            col(&l, &format!("{pattern}2")),
        );
        let t: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
        let g = SingleGroup {
            x: &a,
            t: &t,
            area: None,
        };
        close(
            "dissim",
            segatlas::measures::segregation::single::dissim(&g),
            expected["dissim"].as_f64().unwrap(),
        );
        close(
            "spatial-dissim-queen",
            sp::spatial_dissim(&g, &queen),
            expected["spatial-dissim-queen"].as_f64().unwrap(),
        );
        close(
            "spatial-dissim-rook",
            sp::spatial_dissim(&g, &rook),
            expected["spatial-dissim-rook"].as_f64().unwrap(),
        );
        close(
            "boundary-spatial-dissim",
            sp::boundary_spatial_dissim(&g, &boundary),
            expected["boundary-spatial-dissim"].as_f64().unwrap(),
        );
    }
}

#[test]
fn index_cli_by_municipality() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "index",
            shared("data/stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim,isolation",
            "--by",
            "kommunnamn",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["results"].as_array().unwrap();
    // 26 municipalities in Stockholm county, two indices each.
    assert_eq!(results.len(), 52);
    let botkyrka = results
        .iter()
        .find(|r| r["region"] == "Botkyrka" && r["index"] == "dissim")
        .unwrap();
    let d = botkyrka["value"].as_f64().unwrap();
    // PySAL's Dissim on Botkyrka's 50 DeSO.
    assert!((d - 0.4788562280638567).abs() < 1e-9, "{d}");
    // Each region's own index: Botkyrka's equals the index on Botkyrka's areas alone.
    let l = data::open_layer(&shared("data/stockholm/deso2018_scb2022.geojson")).unwrap();
    let name = l.table.column("kommunnamn").unwrap();
    let rows: Vec<usize> = (0..l.len())
        .filter(|&i| name.key_at(i).as_deref() == Some("Botkyrka"))
        .collect();
    let x: Vec<f64> = rows
        .iter()
        .map(|&i| l.table.numbers("utlandsk_bakgrund_2022").unwrap()[i].unwrap())
        .collect();
    let t: Vec<f64> = rows
        .iter()
        .map(|&i| l.table.numbers("folkmangd_2022").unwrap()[i].unwrap())
        .collect();
    close(
        "dissim Botkyrka",
        segatlas::measures::segregation::single::dissim(&SingleGroup {
            x: &x,
            t: &t,
            area: None,
        }),
        d,
    );
}

#[test]
fn kernel_egohoods_and_multiscalar_profile_equal_pysal() {
    use segatlas::data::crs::Crs;
    use segatlas::measures::segregation::spatial::egohood_counts;
    use segatlas::spatial::points::centroids;
    // Sacramento has no CRS member and degrees: WGS 84 by RFC 7946, worked in UTM 10N as PySAL
    // did, with no --crs.
    let l = data::open_layer(&shared("data/peers/sacramento1.geojson")).unwrap();
    assert_eq!((l.crs, l.working_crs), (Crs::Epsg(4326), Crs::Epsg(32610)));
    let pts = centroids(&l.projected);
    let o = oracle("sacramento1");
    let (x, t) = (col(&l, "HISP_"), col(&l, "TOT_POP"));
    for (d, expected) in o["single_spatial_kernel"].as_object().unwrap() {
        let dist: f64 = d.parse().unwrap();
        let (xs, ts) = (
            egohood_counts(&pts, &x, dist, true),
            egohood_counts(&pts, &t, dist, true),
        );
        for (name, e) in expected.as_object().unwrap() {
            let Compute::Single(f) = &measure(name).unwrap().compute else {
                panic!("{name}")
            };
            let v = f(&SingleGroup {
                x: &xs,
                t: &ts,
                area: None,
            });
            assert!(
                (v - e.as_f64().unwrap()).abs() < 1e-9,
                "{name} at {d} m: {v} vs {e}"
            );
        }
    }
    let groups: Vec<Vec<f64>> = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]
        .iter()
        .map(|g| col(&l, g))
        .collect();
    for (d, e) in o["multiscalar_multi_dissim"].as_object().unwrap() {
        let dist: f64 = d.parse().unwrap();
        let smoothed: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| egohood_counts(&pts, g, dist, true))
            .collect();
        let g = multi::Groups {
            counts: (0..l.len())
                .map(|i| smoothed.iter().map(|c| c[i]).collect())
                .collect(),
        };
        let v = multi::multi_dissim(&g);
        assert!(
            (v - e.as_f64().unwrap()).abs() < 1e-9,
            "multi-dissim at {d} m: {v} vs {e}"
        );
    }
}

#[test]
fn multiscalar_and_population_scale_profiles_from_the_cli() {
    let run = |args: &[&str]| -> Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let sac = shared("data/peers/sacramento1.geojson");
    let v = run(&[
        "index",
        sac.to_str().unwrap(),
        "--crs",
        "EPSG:4326",
        "--groups",
        "WHITE_,BLACK_,ASIAN_,HISP_",
        "--index",
        "multi-dissim",
        "--distance",
        "0,500,1000,1500,2000",
        "--json",
    ]);
    let o = oracle("sacramento1");
    for r in v["results"].as_array().unwrap() {
        let d = format!("{}", r["distance"].as_f64().unwrap() as i64);
        close(
            "multiscalar",
            r["value"].as_f64().unwrap(),
            o["multiscalar_multi_dissim"][&d].as_f64().unwrap(),
        );
    }
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    let v = run(&[
        "index",
        deso.to_str().unwrap(),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
        "--population-k",
        "1600,12800,51200",
        "--json",
    ]);
    let d: Vec<f64> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_f64().unwrap())
        .collect();
    // Segregation fades as neighbourhoods grow from 1,600 to 51,200 persons. No peer computes
    // person-scale neighbourhoods; their values on hand-made points are in
    // population_scale_neighbourhoods_on_a_table_of_points (tests/weights.rs), so only the shape
    // is checked on real data here.
    assert_eq!(d.len(), 3);
    assert!(d[0] > d[1] && d[1] > d[2], "{d:?}");
}

#[test]
fn theils_m_decomposes_exactly_into_between_and_within() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "index",
            shared("data/stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--groups",
            "fodda_sverige_2022,fodda_europa_utom_sverige_2022,fodda_ovriga_varlden_2022",
            "--index",
            "multi-divergence",
            "--by",
            "kommun",
            "--decompose",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let part = |c: &str| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["component"] == c)
            .unwrap()["value"]
            .as_f64()
            .unwrap()
    };
    let (total, between, within) = (part("total"), part("between"), part("within"));
    assert!(
        (between + within - total).abs() < 1e-12,
        "{between} + {within} vs {total}"
    );
    // PySAL's MultiDivergence on the DeSO (total) and on the municipalities' summed counts
    // (between).
    assert!((total - 0.07221192185336925).abs() < 1e-12, "{total}");
    assert!((between - 0.016538593340484208).abs() < 1e-12, "{between}");
}

/// Single-group indices PySAL computes in metres (UTM 10N for Sacramento).
const IN_METRES: [&str; 6] = [
    "spatial-proximity",
    "par-dissim",
    "absolute-clustering",
    "relative-clustering",
    "distance-decay-isolation",
    "distance-decay-interaction",
];

#[test]
fn proximity_clustering_and_distance_decay_in_metres_equal_pysal() {
    use segatlas::measures::segregation::proximity::Proximity;
    let mut l = data::open_layer(&shared("data/peers/sacramento1.geojson")).unwrap();
    l.assume_crs(segatlas::data::crs::Crs::Epsg(4326)).unwrap();
    let (x, t) = (col(&l, "HISP_"), col(&l, "TOT_POP"));
    let area: Vec<f64> = l.area_km2().iter().map(|a| a * 1e6).collect();
    let cents = segatlas::spatial::points::centroids(&l.projected);
    let p = Proximity::new(&cents, &area);
    let g = SingleGroup {
        x: &x,
        t: &t,
        area: None,
    };
    let o = oracle("sacramento1");
    let names = [
        IN_METRES[0],
        IN_METRES[2],
        IN_METRES[3],
        IN_METRES[4],
        IN_METRES[5],
    ];
    for name in names {
        let Compute::SingleProximity(f) = &measure(name).unwrap().compute else {
            panic!("{name}")
        };
        close(name, f(&g, &p), o["single"][name].as_f64().unwrap());
    }
}

#[test]
fn sacramento_read_as_wgs84_gives_the_area_based_indices_in_metres() {
    // RFC 7946: no --crs, the degrees are WGS 84 and the areas are projected (UTM 10N).
    let sac = shared("data/peers/sacramento1.geojson");
    let o = oracle("sacramento1");
    let expected = o["single_metres"].as_object().unwrap();
    let names: Vec<&str> = expected.keys().map(String::as_str).collect();
    let v = cli(
        &[
            "index",
            sac.to_str().unwrap(),
            "--group",
            "HISP_",
            "--total",
            "TOT_POP",
            "--index",
            &names.join(","),
            // PySAL's shared boundaries are exact: no snapping (the default is 25 m).
            "--tolerance",
            "0",
            "--json",
        ],
        "2",
    );
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), names.len());
    for r in results {
        let name = r["index"].as_str().unwrap();
        close(
            name,
            r["value"].as_f64().unwrap(),
            expected[name].as_f64().unwrap(),
        );
    }
}

#[test]
fn seeded_indices_repeat_on_any_number_of_threads() {
    let path = shared("data/peers/sacramento1.geojson");
    let run = |threads: &str, seed: &str| -> Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
            .env("SEGATLAS_THREADS", threads)
            .args([
                "index",
                path.to_str().unwrap(),
                "--group",
                "HISP_",
                "--total",
                "TOT_POP",
                "--index",
                "modified-dissim,modified-gini,bias-corrected-dissim,dissim",
                "--seed",
                seed,
                "--json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["results"].clone()
    };
    let (a, b) = (run("1", "7"), run("2", "7"));
    assert_eq!(a, b);
    assert_ne!(a, run("2", "8"));
    // Their values against PySAL's are in every_registry_entry_equals_its_independent_value.
}

#[test]
fn local_relative_centralization_equals_pysal() {
    // From PySAL segregation 2.5.4 on UTM 10N (tools/pysal_local_rce.py); all 403 agree to 1e-15.
    let expected = [
        0.2472331702251176,
        0.44482280657743445,
        0.6895603151521597,
        -0.29943130671508555,
        -0.011901012045382409,
        -0.7304454330031523,
        -0.6099640205056067,
        -0.6195608066981375,
    ];
    let mut l = data::open_layer(&shared("data/peers/sacramento1.geojson")).unwrap();
    l.assume_crs(segatlas::data::crs::Crs::Epsg(4326)).unwrap();
    let (x, t) = (col(&l, "HISP_"), col(&l, "TOT_POP"));
    let cents = segatlas::spatial::points::centroids(&l.projected);
    let Compute::LocalSingle(f) = &measure("local-relative-centralization").unwrap().compute else {
        panic!()
    };
    let v = f(
        &SingleGroup {
            x: &x,
            t: &t,
            area: None,
        },
        &cents,
    );
    assert_eq!(v.len(), 403);
    for (a, b) in v.iter().zip(expected) {
        close("local-relative-centralization", *a, b);
    }
}

#[test]
fn index_on_joined_scb_statistics_equals_the_same_figures_in_the_layer() {
    let run = |args: &[&str]| -> f64 {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["results"][0]["value"].as_f64().unwrap()
    };
    let joined = run(&[
        "index",
        shared("data/stockholm/deso2018_sweref99tm.gpkg")
            .to_str()
            .unwrap(),
        "--stats",
        shared("data/scb-raw/deso_bakgrund_2022.xlsx")
            .to_str()
            .unwrap(),
        "--key",
        "deso",
        "--group",
        "\"utländsk bakgrund totalt 2022\"",
        "--total",
        "\"totalt totalt 2022\"",
        "--index",
        "dissim",
        "--json",
    ]);
    let own = run(&[
        "index",
        shared("data/stockholm/deso2018_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
        "--json",
    ]);
    assert!((joined - own).abs() < 1e-12, "{joined} vs {own}");
}

#[test]
fn par_dissim_in_metres_equals_pysal() {
    use segatlas::measures::segregation::spatial::{par_dissim, perimeter_area_ratios};
    let mut l = data::open_layer(&shared("data/peers/sacramento1.geojson")).unwrap();
    l.assume_crs(segatlas::data::crs::Crs::Epsg(4326)).unwrap();
    let (x, t) = (col(&l, "HISP_"), col(&l, "TOT_POP"));
    let b = contiguity::boundary_length(&l.projected, 0.0);
    let v = par_dissim(
        &SingleGroup {
            x: &x,
            t: &t,
            area: None,
        },
        &b,
        &perimeter_area_ratios(&l.projected),
    );
    // Shared boundaries found in metres after projection match shapely's up to rounding.
    assert!(
        (v - oracle("sacramento1")["single"]["par-dissim"]
            .as_f64()
            .unwrap())
        .abs()
            < 1e-6,
        "{v}"
    );
}

fn cli(args: &[&str], threads: &str) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .env("SEGATLAS_THREADS", threads)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn shapley_decomposition_equals_pysal() {
    // PySAL segregation 2.5.4, DecomposeSegregation with the composition counterfactual
    // (tools/pysal_decomposition.py).
    let sac = shared("data/peers/sacramento1.geojson");
    let sac = sac.to_str().unwrap();
    for (index, spatial, attribute) in [
        ("dissim", -0.005104643275796905, -0.16138819842911295),
        ("gini", -0.004177106582880896, -0.19693331991178037),
    ] {
        let v = cli(
            &[
                "difference",
                sac,
                "--group",
                "HISP_",
                "--total",
                "TOT_POP",
                "--group2",
                "BLACK_",
                "--index",
                index,
                "--permutations",
                "19",
                "--decompose",
                "--json",
            ],
            "2",
        );
        close(index, v["spatial_component"].as_f64().unwrap(), spatial);
        close(index, v["attribute_component"].as_f64().unwrap(), attribute);
        let sum = spatial + attribute;
        close(index, v["difference"].as_f64().unwrap(), sum);
    }
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    let v = cli(
        &[
            "difference",
            deso.to_str().unwrap(),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--where",
            "kommun=0180",
            "--where2",
            "kommun=0127",
            "--permutations",
            "99",
            "--decompose",
            "--json",
        ],
        "2",
    );
    close(
        "spatial",
        v["spatial_component"].as_f64().unwrap(),
        0.00465895539138339,
    );
    close(
        "attribute",
        v["attribute_component"].as_f64().unwrap(),
        -0.10974037081027127,
    );
    // Stockholm and Botkyrka differ far beyond chance.
    assert_eq!(v["p_value"], 0.0);
    // The same seed, the same simulations on one thread as on two.
    for test in ["composition", "random-label"] {
        let args = [
            "difference",
            deso.to_str().unwrap(),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--where",
            "kommun=0180",
            "--where2",
            "kommun=0127",
            "--test",
            test,
            "--permutations",
            "49",
            "--seed",
            "11",
            "--json",
        ];
        let (a, b) = (cli(&args, "1"), cli(&args, "2"));
        assert_eq!(a["null_mean"], b["null_mean"], "{test}");
        assert_eq!(a["p_value"], b["p_value"], "{test}");
    }
}

#[test]
fn nulls_give_p_values_that_repeat_on_any_number_of_threads() {
    let sac = shared("data/peers/sacramento1.geojson");
    let sac = sac.to_str().unwrap();
    for null in [
        "systematic",
        "evenness",
        "geographic-permutation",
        "person-permutation",
    ] {
        // Person permutations draw a hypergeometric variate per unit and group: fewer of them.
        let n = if null == "person-permutation" {
            "9"
        } else {
            "49"
        };
        let args = [
            "index",
            sac,
            "--group",
            "HISP_",
            "--total",
            "TOT_POP",
            "--index",
            "dissim,spatial-dissim",
            "--null",
            null,
            "--permutations",
            n,
            "--seed",
            "3",
            "--json",
        ];
        let (a, b) = (cli(&args, "1"), cli(&args, "2"));
        assert_eq!(a["results"], b["results"], "{null}");
        let r = &a["results"][1];
        assert_eq!(r["null"], null);
        assert_eq!(r["permutations"].to_string(), n);
        // Sacramento's Hispanic population is clustered: no null reproduces its spatial D.
        assert_eq!(r["p_value"], 0.0, "{null}: {r}");
        // The null's mean is a simulation: only its side of the observed value is known.
        assert!(r["null_mean"].as_f64().unwrap() < r["value"].as_f64().unwrap());
    }
    // Multigroup indices too.
    let m = cli(
        &[
            "index",
            sac,
            "--groups",
            "WHITE_,BLACK_,ASIAN_,HISP_",
            "--index",
            "multi-dissim",
            "--null",
            "evenness",
            "--permutations",
            "19",
            "--json",
        ],
        "2",
    );
    assert_eq!(m["results"][0]["p_value"], 0.0);
    // Random labels need an aspatial index.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "difference",
            sac,
            "--group",
            "HISP_",
            "--total",
            "TOT_POP",
            "--group2",
            "BLACK_",
            "--index",
            "spatial-dissim",
            "--test",
            "random-label",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("aspatial"));
}

#[test]
fn ordinal_indices_on_education_levels() {
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    let levels = "utb_forgymnasial_25_64_2022,utb_gymnasial_25_64_2022,utb_eftergymn_lt3ar_25_64_2022,utb_eftergymn_ge3ar_25_64_2022";
    let args = |ordered: bool| {
        let mut v = vec![
            "index".to_string(),
            deso.to_str().unwrap().to_string(),
            "--groups".into(),
            levels.into(),
            "--json".into(),
        ];
        if ordered {
            v.push("--ordered".into());
        }
        v
    };
    let run = |a: Vec<String>| cli(&a.iter().map(String::as_str).collect::<Vec<_>>(), "2");
    let names = |v: &Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["index"].as_str().unwrap().to_string())
            .collect()
    };
    // Unordered groups get no ordinal index; ordered ones do.
    assert!(!names(&run(args(false))).contains(&"rank-order-information".to_string()));
    let v = run(args(true));
    let get = |n: &str| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["index"] == n)
            .unwrap()["value"]
            .as_f64()
            .unwrap()
    };
    // Real education counts give values in the range the literature reports for Swedish
    // regions; the exact values are checked on the hand-worked case below.
    let (hr, lt) = (get("rank-order-information"), get("ordinal-information"));
    assert!(hr > 0.0 && lt > 0.0 && hr < 1.0 && lt < 1.0, "{hr} {lt}");
}

/// Two units, three ordered categories: A = [2, 1, 1], B = [0, 1, 3]; all = [2, 2, 4].
/// f(c) = −c log₂ c − (1−c) log₂(1−c); f(0.25) = 0.811278…, f(0.5) = 1.
/// Λ_T: v = (f(2/8) + f(4/8))/2 = 0.905639…, v_A = (f(2/4) + f(3/4))/2 = v, v_B = (f(0) +
/// f(1/4))/2 = 0.405639…; Λ_T = [4(v − v_A) + 4(v − v_B)]/(8v) = 2/(8v) = 0.276048….
/// H^R: H at "≤ 1" (p = 0.25): [4(f(.25) − f(.5)) + 4 f(.25)]/(8 f(.25)) = 0.383688…; at "≤ 2"
/// (p = 0.5): [4(1 − f(.75)) · 2]/8 = 0.188721…; K = 3 fits a line through both, and
/// 2 ln 2 ∫ E(p)(a + bp) dp = a + b/2 = Ĥ(0.5) = 0.188721….
#[test]
fn ordinal_indices_by_hand() {
    let g = multi::Groups {
        counts: vec![vec![2.0, 1.0, 1.0], vec![0.0, 1.0, 3.0]],
    };
    let value = |name: &str| {
        let Compute::Ordered(f) = &measure(name).unwrap().compute else {
            panic!("{name}")
        };
        f(&g)
    };
    close(
        "ordinal-information",
        value("ordinal-information"),
        0.2760481635857582,
    );
    close(
        "rank-order-information",
        value("rank-order-information"),
        0.18872187554086717,
    );
}

/// Every entry of the registry has an independent expected value — PySAL's (from
/// ../shared/oracles or tools/pysal_registry.py) or a hand-worked case named here — and equals it.
#[test]
fn every_registry_entry_equals_its_independent_value() {
    use segatlas::measures::segregation::REGISTRY;
    const HAND_WORKED: [&str; 2] = ["ordinal-information", "rank-order-information"];
    let sac = shared("data/peers/sacramento1.geojson");
    let sac = sac.to_str().unwrap();
    let o = oracle("sacramento1");
    let r: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/pysal_registry.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let results = |args: &[&str]| -> Vec<Value> {
        let mut a = vec!["index", sac, "--index", "all", "--json"];
        a.extend_from_slice(args);
        cli(&a, "2")["results"].as_array().unwrap().clone()
    };
    // PySAL's `single` on the file's raw degrees (read as planar); the indices of areas and
    // distances in metres on the file read as WGS 84 (RFC 7946) and projected.
    let planar = results(&["--crs", "planar", "--group", "HISP_", "--total", "TOT_POP"]);
    // PySAL's shared boundaries are exact: contiguity without segatlas's 25 m snapping.
    let metres = results(&["--group", "HISP_", "--total", "TOT_POP", "--tolerance", "0"]);
    let multi = results(&["--groups", "WHITE_,BLACK_,ASIAN_,HISP_"]);
    let find = |rows: &[Value], name: &str| rows.iter().find(|v| v["index"] == name).cloned();
    let mut checked = Vec::new();
    for m in REGISTRY {
        let name = m.name;
        if HAND_WORKED.contains(&name) {
            checked.push(name);
            continue;
        }
        let in_metres = IN_METRES.contains(&name)
            || name == "local-relative-centralization"
            || o["single_metres"].get(name).is_some();
        let got = find(if in_metres { &metres } else { &planar }, name)
            .or_else(|| find(&multi, name))
            .unwrap_or_else(|| panic!("{name}: segatlas gave no value"));
        let expected = o["single_metres"]
            .get(name)
            .or_else(|| o["single"].get(name))
            .or_else(|| o["multi"].get(name))
            .or_else(|| r["single"].get(name))
            .or_else(|| r["local"].get(name));
        if let Some(sim) = r["simulated"].get(name) {
            // PySAL's draws cannot be matched: its mean over 40 seeds against ours over 5, within
            // five standard errors of the difference.
            let ours: Vec<f64> = (1..=5)
                .map(|seed| {
                    let v = cli(
                        &[
                            "index",
                            sac,
                            "--group",
                            "HISP_",
                            "--total",
                            "TOT_POP",
                            "--index",
                            name,
                            "--seed",
                            &seed.to_string(),
                            "--json",
                        ],
                        "2",
                    );
                    v["results"][0]["value"].as_f64().unwrap()
                })
                .collect();
            let mean = ours.iter().sum::<f64>() / 5.0;
            // The tolerance from PySAL's spread alone (the standard error of the difference
            // of a mean over 40 of its draws and one over 5 of ours, were they PySAL's), never
            // widened by segatlas's own spread.
            let se = sim["sd"].as_f64().unwrap() * (1.0 / 40.0 + 1.0 / 5.0f64).sqrt();
            let peer = sim["mean"].as_f64().unwrap();
            assert!(
                (mean - peer).abs() < 5.0 * se,
                "{name}: {mean} vs PySAL {peer} ± {se}"
            );
            checked.push(name);
            continue;
        }
        let expected = expected.unwrap_or_else(|| panic!("{name} has no independent value"));
        match (&got["value"], expected) {
            (Value::Array(ours), Value::Array(theirs)) => {
                assert_eq!(ours.len(), theirs.len(), "{name}");
                for (k, (a, b)) in ours.iter().zip(theirs).enumerate() {
                    close(
                        &format!("{name}[{k}]"),
                        a.as_f64().unwrap(),
                        b.as_f64().unwrap(),
                    );
                }
            }
            // par-dissim sums perimeters projected by proj4rs where PySAL used PROJ: millimetres
            // apart, 1e-6 in the index (see par_dissim_in_metres_equals_pysal).
            (a, b) if name == "par-dissim" => {
                assert!(
                    (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-6,
                    "{name}"
                )
            }
            (a, b) => close(name, a.as_f64().unwrap(), b.as_f64().unwrap()),
        }
        checked.push(name);
    }
    assert_eq!(checked.len(), REGISTRY.len());
}

#[test]
fn indices_on_queen_weight_egohoods_equal_pysal() {
    // PySAL segregation 2.5.4, Dissim(w=Queen) on the OasisR grid (tools/pysal_weights_egohood.py).
    let grid = shared("data/peers/segdata_grid.geojson");
    for (p, expected) in [("A", 0.8537414965986393), ("C", 0.24489795918367346)] {
        let (g, t) = (format!("{p}1"), format!("{p}1+{p}2"));
        let v = cli(
            &[
                "index",
                grid.to_str().unwrap(),
                "--crs",
                "planar",
                "--group",
                &g,
                "--total",
                &t,
                "--index",
                "dissim",
                "--weights",
                "queen",
                "--json",
            ],
            "2",
        );
        assert_eq!(v["results"][0]["weights"], "queen");
        close(
            "dissim on queen egohoods",
            v["results"][0]["value"].as_f64().unwrap(),
            expected,
        );
    }
}

#[test]
fn a_weights_file_gives_what_the_weights_it_holds_give() {
    // Queen weights written to a .gal, then read back by `index --weights FILE` with --by:
    // each municipality's areas narrow the file's weights as they narrow freshly built ones.
    let path = common::data("stockholm/deso2018_scb2022.geojson");
    let dir = tempfile::tempdir().unwrap();
    let gal = dir.path().join("queen.gal");
    common::segatlas_json(&[
        "weights",
        common::s(&path),
        "--kind",
        "queen",
        "--out",
        common::s(&gal),
        "--json",
    ]);
    let index = |weights: &str| {
        common::segatlas_json(&[
            "index",
            common::s(&path),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim",
            "--weights",
            weights,
            "--by",
            "kommun",
            "--json",
        ])
    };
    let built = index("queen");
    let read = index(common::s(&gal));
    let values = |v: &serde_json::Value| -> Vec<f64> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["value"].as_f64().unwrap())
            .collect()
    };
    assert_eq!(values(&built).len(), 26);
    assert_eq!(values(&built), values(&read));
}

/// A planar GeoJSON grid of `copies` × 100 unit squares whose counts repeat one pattern of 100.
fn repeated_pattern(dir: &std::path::Path, copies: usize) -> std::path::PathBuf {
    let features: Vec<String> = (0..copies * 100)
        .map(|k| {
            let i = k % 100;
            let t = 100 + (i * 13) % 50;
            let x = (t as f64 * (0.1 + 0.8 * ((i * 37) % 100) as f64 / 100.0)).round();
            let (cx, cy) = ((k % 20) as f64, (k / 20) as f64);
            format!(
                r#"{{"type":"Feature","properties":{{"x":{x},"t":{t}}},"geometry":{{"type":"Polygon","coordinates":[[[{cx},{cy}],[{a},{cy}],[{a},{b}],[{cx},{b}],[{cx},{cy}]]]}}}}"#,
                a = cx + 1.0,
                b = cy + 1.0
            )
        })
        .collect();
    let p = dir.join(format!("grid{copies}.geojson"));
    std::fs::write(
        &p,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    p
}

#[test]
fn bootstrap_intervals_hold_the_value_shrink_with_more_areas_and_ignore_threads() {
    let dir = tempfile::tempdir().unwrap();
    let interval = |path: &std::path::Path, threads: &str| -> Value {
        common::segatlas_json(&[
            "index",
            path.to_str().unwrap(),
            "--crs",
            "planar",
            "--group",
            "x",
            "--total",
            "t",
            "--index",
            "dissim,isolation,entropy",
            "--ci",
            "0.95",
            "--threads",
            threads,
            "--json",
        ])["results"]
            .clone()
    };
    let small = interval(&repeated_pattern(dir.path(), 1), "2");
    let large = interval(&repeated_pattern(dir.path(), 4), "2");
    for (s, l) in small
        .as_array()
        .unwrap()
        .iter()
        .zip(large.as_array().unwrap())
    {
        let width = |r: &Value| r["ci_high"].as_f64().unwrap() - r["ci_low"].as_f64().unwrap();
        for r in [s, l] {
            let v = r["value"].as_f64().unwrap();
            assert!(
                r["ci_low"].as_f64().unwrap() <= v && v <= r["ci_high"].as_f64().unwrap(),
                "{r}"
            );
            assert_eq!(r["replicates"], 999);
        }
        // Four times the areas: about half the width (1/√4).
        let ratio = width(l) / width(s);
        assert!((0.35..0.7).contains(&ratio), "{}: {ratio}", s["index"]);
    }
    // The same seed gives the same interval on one thread.
    assert_eq!(interval(&repeated_pattern(dir.path(), 1), "1"), small);
    // A level outside (0, 1) is refused.
    let out = common::run(&[
        "index",
        repeated_pattern(dir.path(), 1).to_str().unwrap(),
        "--crs",
        "planar",
        "--group",
        "x",
        "--total",
        "t",
        "--ci",
        "95",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--ci 95 must lie strictly between 0 and 1")
    );
}

/// The ordinal indices with seven and eight ordered categories — the rank-order index then fits
/// a polynomial of degree 4 by weighted least squares — equal an independent numpy/scipy
/// computation from the formulas (tools/numpy_ordinal.py: polyfit and numerical integration).
#[test]
fn ordinal_indices_with_seven_and_eight_categories_equal_numpy() {
    use segatlas::measures::segregation::multi::Groups;
    use segatlas::measures::segregation::ordinal::{ordinal_information, rank_order_information};
    let o: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/numpy_ordinal.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for case in ["k7", "k8"] {
        let c = &o[case];
        let g = Groups {
            counts: c["counts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_f64().unwrap())
                        .collect()
                })
                .collect(),
        };
        close(
            &format!("{case} ordinal-information"),
            ordinal_information(&g),
            c["ordinal-information"].as_f64().unwrap(),
        );
        close(
            &format!("{case} rank-order-information"),
            rank_order_information(&g),
            c["rank-order-information"].as_f64().unwrap(),
        );
    }
}

/// The nulls' and the bootstrap's distributions against PySAL's `SingleValueTest`
/// (tools/pysal_inference.py) on Sacramento's dissimilarity: the mean of each null's simulated
/// values, and the bootstrap interval's bounds, averaged over 5 of our seeds, within five
/// standard errors of PySAL's over 20 seeds — from PySAL's spread only.
#[test]
fn null_distributions_and_bootstrap_intervals_are_distributed_as_pysals() {
    let o: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/pysal_inference.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let sac = shared("data/peers/sacramento1.geojson");
    let run = |extra: &[&str], seed: u64| -> Value {
        let seed = seed.to_string();
        let mut args = vec![
            "index",
            sac.to_str().unwrap(),
            "--crs",
            "planar",
            "--group",
            "HISP_",
            "--total",
            "TOT_POP",
            "--index",
            "dissim",
            "--permutations",
            "999",
            "--seed",
            &seed,
            "--json",
        ];
        args.extend(extra);
        cli(&args, "2")["results"][0].clone()
    };
    let seeds = 5u64;
    let within = |what: &str, ours: f64, mean: f64, sd: f64| {
        // A null that cannot change the index (geography permuted under an aspatial index)
        // has no spread: then the values agree to rounding.
        let se = (sd * (1.0 / 20.0 + 1.0 / seeds as f64).sqrt()).max(1e-12 * mean.abs());
        assert!(
            (ours - mean).abs() < 5.0 * se,
            "{what}: {ours} vs PySAL {mean} ± {se}"
        );
    };
    for (ours, theirs) in [
        ("systematic", "systematic"),
        ("evenness", "evenness"),
        ("geographic-permutation", "geographic_permutation"),
    ] {
        let mean = (1..=seeds)
            .map(|s| run(&["--null", ours], s)["null_mean"].as_f64().unwrap())
            .sum::<f64>()
            / seeds as f64;
        let e = &o[theirs];
        within(
            ours,
            mean,
            e["mean"].as_f64().unwrap(),
            e["sd"].as_f64().unwrap(),
        );
    }
    let (mut low, mut high) = (0.0, 0.0);
    for s in 1..=seeds {
        let r = run(&["--ci", "0.95"], s);
        low += r["ci_low"].as_f64().unwrap() / seeds as f64;
        high += r["ci_high"].as_f64().unwrap() / seeds as f64;
    }
    let b = &o["bootstrap"];
    within(
        "ci_low",
        low,
        b["low_mean"].as_f64().unwrap(),
        b["low_sd"].as_f64().unwrap(),
    );
    within(
        "ci_high",
        high,
        b["high_mean"].as_f64().unwrap(),
        b["high_sd"].as_f64().unwrap(),
    );
}

/// `levels`: Theil's M and H over län, kommun, RegSO and DeSO on SCB's national table (with SCB's
/// DeSO→RegSO link) equal an independent numpy/pandas implementation (tools/numpy_levels.py) to
/// 1e-9, for two and for three groups: the total, every part (adding up to the total), and every
/// county's and municipality's own M, H, population share, contribution and rank.
#[test]
fn levels_equal_an_independent_numpy_implementation() {
    let o = common::kept_oracle("numpy_levels");
    let table = common::data("sweden/deso2018_stats_2022.csv");
    let link = common::data("scb-raw/koppling-deso2018-regso2020.csv");
    let cases = [
        ("two_groups", "svensk_bakgrund_2022,utlandsk_bakgrund_2022"),
        (
            "three_groups",
            "fodda_sverige_2022,fodda_europa_utom_sverige_2022,fodda_ovriga_varlden_2022",
        ),
    ];
    for (case, groups) in cases {
        let e = &o[case];
        let r = common::segatlas_json(&[
            "levels",
            common::s(&table),
            "--groups",
            groups,
            "--levels",
            "lan,kommun,regso,deso",
            "--link",
            common::s(&link),
            "--json",
        ]);
        let f = |v: &Value| v.as_f64().unwrap();
        close(case, f(&r["total"]["m"]), f(&e["total_m"]));
        close(case, f(&r["total"]["h"]), f(&e["total_h"]));
        close(case, f(&r["total"]["entropy"]), f(&e["entropy"]));
        let parts = r["parts"].as_array().unwrap();
        assert_eq!(parts.len(), 4, "{case}");
        let mut sum = 0.0;
        for (k, p) in parts.iter().enumerate() {
            close(case, f(&p["m"]), f(&e["parts_m"][k]));
            close(case, f(&p["h"]), f(&e["parts_h"][k]));
            close(case, f(&p["share"]), f(&e["parts_m"][k]) / f(&e["total_m"]));
            sum += f(&p["m"]);
        }
        assert!(
            (sum - f(&r["total"]["m"])).abs() < 1e-12,
            "{case}: parts add up"
        );
        assert_eq!(parts[2]["label"], "between regso within kommun");
        for level in ["lan", "kommun"] {
            let ours = r["units"][level].as_array().unwrap();
            let theirs = e["units"][level].as_array().unwrap();
            assert_eq!(ours.len(), theirs.len(), "{case} {level}");
            for t in theirs {
                let u = ours.iter().find(|u| u["code"] == t["code"]).unwrap();
                for key in [
                    "population_share",
                    "m",
                    "h",
                    "m_children",
                    "contribution",
                    "contribution_share",
                ] {
                    close(
                        &format!("{case} {level} {} {key}", t["code"]),
                        f(&u[key]),
                        f(&t[key]),
                    );
                }
                assert_eq!(u["rank"], t["rank"], "{case} {level} {}", t["code"]);
            }
        }
    }
    // Sweden's background segregation lies mostly between RegSO within municipalities.
    assert_eq!(o["two_groups"]["units"]["kommun"][0]["code"], "0180");
}

/// `levels --years` on SCB's RegSO series (levels from the labels `Kommun (RegSO)`, a group
/// given as an expression): each year's total and parts equal numpy's, and the change is their
/// difference.
#[test]
fn levels_by_year_equal_numpy_and_give_the_change() {
    let o = common::kept_oracle("numpy_levels");
    let table = common::data("scb-raw/regso_fodelseregion_2020_2023.csv");
    let r = common::segatlas_json(&[
        "levels",
        common::s(&table),
        "--groups",
        "\"Antal Sverige totalt 2020\",\"Antal totalt totalt 2020\" - \"Antal Sverige totalt 2020\"",
        "--levels",
        "region_kommun,region",
        "--years",
        "2020,2023",
        "--json",
    ]);
    let f = |v: &Value| v.as_f64().unwrap();
    let years = r["years"].as_array().unwrap();
    for (k, y) in ["2020", "2023"].into_iter().enumerate() {
        let e = &o["years"][y];
        assert_eq!(years[k]["year"].to_string(), y);
        close(y, f(&years[k]["total"]["m"]), f(&e["total_m"]));
        for p in 0..2 {
            close(y, f(&years[k]["parts"][p]["m"]), f(&e["parts_m"][p]));
        }
    }
    let change = r["change"].as_array().unwrap();
    let (a, b) = (&o["years"]["2020"], &o["years"]["2023"]);
    close(
        "total change",
        f(&change[0]["m_change"]),
        f(&b["total_m"]) - f(&a["total_m"]),
    );
    close(
        "between kommun change",
        f(&change[1]["m_change"]),
        f(&b["parts_m"][0]) - f(&a["parts_m"][0]),
    );
}

/// An index's band from `segatlas index … --noise MODEL --json`, by index name.
fn bands(args: &[&str]) -> std::collections::HashMap<String, Value> {
    let v = common::segatlas_json(args);
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["index"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

/// Within five standard errors: `a` from `n_a` draws and `b` from `n_b`, each with its spread.
fn within_five(what: &str, a: f64, b: f64, se: f64) {
    assert!(
        (a - b).abs() <= 5.0 * se,
        "{what}: {a} vs {b} (5 SE = {})",
        5.0 * se
    );
}

#[test]
fn noise_bands_equal_an_independent_monte_carlo_on_stockholms_deso() {
    let o = common::kept_oracle("numpy_uncertainty");
    let n_py = o["draws"].as_f64().unwrap();
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    for model in ["poisson", "uniform:3", "round:5"] {
        let got = bands(&[
            "index",
            common::s(&deso),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim,isolation,spatial-dissim",
            "--noise",
            model,
            "--json",
        ]);
        for index in ["dissim", "isolation", "spatial-dissim"] {
            let r = &got[index];
            common::close(
                r["value"].as_f64().unwrap(),
                o["value"][index].as_f64().unwrap(),
            );
            let u = &r["uncertainty"];
            assert_eq!(u["model"], model);
            let n = u["draws"].as_f64().unwrap();
            assert_eq!(n, 999.0);
            let want = &o[model][index];
            let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
            let sd = f(want, "sd");
            let what = format!("{model} {index}");
            within_five(
                &format!("{what} mean"),
                f(u, "mean"),
                f(want, "mean"),
                (sd * sd / n_py + f(u, "sd").powi(2) / n).sqrt(),
            );
            within_five(
                &format!("{what} sd"),
                f(u, "sd"),
                sd,
                sd * (1.0 / (2.0 * (n_py - 1.0)) + 1.0 / (2.0 * (n - 1.0))).sqrt(),
            );
            // A 2.5 % quantile's standard error of a normal: √(p(1−p)/n)/φ(1.96)·sd.
            let q = |m: f64| (0.025f64 * 0.975 / m).sqrt() / 0.058_44 * sd;
            for k in ["low", "high"] {
                within_five(
                    &format!("{what} {k}"),
                    f(u, k),
                    f(want, k),
                    (q(n).powi(2) + q(n_py).powi(2)).sqrt(),
                );
            }
        }
    }
}

#[test]
fn a_band_narrows_tenfold_with_a_hundred_times_the_counts_and_collapses_without_noise() {
    let o = common::kept_oracle("numpy_uncertainty");
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    let sd = |group: &str, total: &str, model: &str| -> Value {
        bands(&[
            "index",
            common::s(&deso),
            "--group",
            group,
            "--total",
            total,
            "--index",
            "dissim",
            "--noise",
            model,
            "--json",
        ])["dissim"]
            .clone()
    };
    let once = sd("utlandsk_bakgrund_2022", "folkmangd_2022", "poisson");
    let hundred = sd(
        "utlandsk_bakgrund_2022*100",
        "folkmangd_2022*100",
        "poisson",
    );
    let (a, b) = (
        once["uncertainty"]["sd"].as_f64().unwrap(),
        hundred["uncertainty"]["sd"].as_f64().unwrap(),
    );
    assert!((7.0..14.0).contains(&(a / b)), "{a} / {b}");
    let want = o["poisson_x100"]["dissim"]["sd"].as_f64().unwrap();
    within_five(
        "sd ×100",
        b,
        want,
        want * (1.0 / 7998.0 + 1.0 / 1996.0f64).sqrt(),
    );
    // No noise: uniform:0 and round:1 give the value back in every draw.
    for model in ["uniform:0", "round:1"] {
        let r = sd("utlandsk_bakgrund_2022", "folkmangd_2022", model);
        let v = r["value"].as_f64().unwrap();
        let u = &r["uncertainty"];
        for k in ["mean", "low", "high"] {
            common::close(u[k].as_f64().unwrap(), v);
        }
        assert!(u["sd"].as_f64().unwrap() < 1e-12);
    }
}

/// Squares in a row with a group and a total each (None: a suppressed group).
fn counted_squares(dir: &std::path::Path, counts: &[(Option<u32>, u32)]) -> PathBuf {
    let features: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(i, (g, t))| {
            let g = g.map_or("null".to_string(), |g| g.to_string());
            format!(
                r#"{{"type":"Feature","properties":{{"code":"S{i}","g":{g},"t":{t}}},"geometry":{{"type":"Polygon","coordinates":[[[{i},0],[{j},0],[{j},1],[{i},1],[{i},0]]]}}}}"#,
                j = i + 1
            )
        })
        .collect();
    let path = dir.join("counted.geojson");
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

#[test]
fn noise_on_a_hand_case_has_the_exact_mean_and_spread() {
    let o = common::kept_oracle("numpy_uncertainty");
    let dir = tempfile::tempdir().unwrap();
    let draws = 20000.0f64;
    for (case, model, counts) in [
        (
            "hand_uniform1",
            "uniform:1",
            vec![(Some(2), 5), (Some(1), 5), (Some(0), 5)],
        ),
        (
            "hand_suppressed3",
            "suppressed:3",
            vec![(Some(2), 5), (Some(1), 5), (Some(0), 5), (None, 4)],
        ),
    ] {
        let layer = counted_squares(dir.path(), &counts);
        let v = common::segatlas_json(&[
            "index",
            common::s(&layer),
            "--crs",
            "planar",
            "--group",
            "g",
            "--total",
            "t",
            "--index",
            "dissim",
            "--noise",
            model,
            "--draws",
            "20000",
            "--json",
        ]);
        let u = &v["results"][0]["uncertainty"];
        let (mean, sd) = (
            o[case]["mean"].as_f64().unwrap(),
            o[case]["sd"].as_f64().unwrap(),
        );
        within_five(case, u["mean"].as_f64().unwrap(), mean, sd / draws.sqrt());
        within_five(
            case,
            u["sd"].as_f64().unwrap(),
            sd,
            sd / (2.0 * draws).sqrt(),
        );
        if model.starts_with("suppressed") {
            // The value is on the published areas; the draws fill the suppressed one.
            assert_eq!(v["excluded"], serde_json::json!(["S3"]));
        }
    }
    // The same suppressed area at neighbourhood scales: each draw smooths all four squares.
    let layer = counted_squares(
        dir.path(),
        &[(Some(2), 5), (Some(1), 5), (Some(0), 5), (None, 4)],
    );
    for (case, scale) in [
        ("hand_suppressed3_rook", ["--weights", "rook"]),
        ("hand_suppressed3_distance2", ["--distance", "2"]),
    ] {
        let v = common::segatlas_json(&[
            "index",
            common::s(&layer),
            "--crs",
            "planar",
            "--group",
            "g",
            "--total",
            "t",
            "--index",
            "dissim",
            scale[0],
            scale[1],
            "--noise",
            "suppressed:3",
            "--draws",
            "20000",
            "--json",
        ]);
        let r = &v["results"][0];
        let want = &o[case];
        common::close(
            r["value"].as_f64().unwrap(),
            want["value"].as_f64().unwrap(),
        );
        let (mean, sd) = (want["mean"].as_f64().unwrap(), want["sd"].as_f64().unwrap());
        let u = &r["uncertainty"];
        within_five(case, u["mean"].as_f64().unwrap(), mean, sd / draws.sqrt());
        within_five(
            case,
            u["sd"].as_f64().unwrap(),
            sd,
            sd / (2.0 * draws).sqrt(),
        );
    }
}

#[test]
fn levels_draw_a_suppressed_cell_into_the_bands_not_the_value() {
    let o = common::kept_oracle("numpy_uncertainty");
    let want = &o["hand_levels_suppressed3"];
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("deso,a,b\n");
    for (code, c) in want["codes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(want["counts"].as_array().unwrap())
    {
        let cell = |v: &Value| v.as_u64().map_or(String::new(), |n| n.to_string());
        csv += &format!(
            "{},{},{}\n",
            code.as_str().unwrap(),
            cell(&c[0]),
            cell(&c[1])
        );
    }
    let table = dir.path().join("hand.csv");
    std::fs::write(&table, csv).unwrap();
    let v = common::segatlas_json(&[
        "levels",
        common::s(&table),
        "--groups",
        "a,b",
        "--levels",
        "lan,kommun",
        "--noise",
        "suppressed:3",
        "--draws",
        "20000",
        "--json",
    ]);
    let f = |v: &Value| v.as_f64().unwrap();
    common::close(f(&v["total"]["m"]), f(&want["value"]["total"]));
    let draws = 20000.0f64;
    let check = |what: &str, got: &Value, want: &Value| {
        let sd = f(&want["sd"]);
        within_five(what, f(&got["mean"]), f(&want["mean"]), sd / draws.sqrt());
        within_five(what, f(&got["sd"]), sd, sd / (2.0 * draws).sqrt());
    };
    check("total", &v["uncertainty"]["total"], &want["total"]);
    for l in 0..3 {
        common::close(f(&v["parts"][l]["m"]), f(&want["value"]["parts"][l]));
        check(
            &format!("part {l}"),
            &v["uncertainty"]["parts"][l],
            &want["parts"][l],
        );
    }
    // The row stays left out of the value, named, and the notes say it joins the draws.
    let text = v.to_string();
    assert!(text.contains("0380C1020"), "{text}");
    assert!(text.contains("join the draws"), "{text}");
}

#[test]
fn noise_bands_are_the_same_on_any_thread_count_and_per_region() {
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    let run = |threads: &str| {
        common::segatlas_json(&[
            "index",
            common::s(&deso),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim,isolation",
            "--by",
            "kommun",
            "--noise",
            "poisson",
            "--draws",
            "99",
            "--threads",
            threads,
            "--json",
        ])["results"]
            .clone()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one, two);
    let rows = one.as_array().unwrap();
    assert_eq!(rows.len(), 2 * 26);
    assert!(rows
        .iter()
        .all(|r| r["uncertainty"]["draws"].as_u64() == Some(99)));
    // Bad input in words, exit 2.
    for (args, says) in [
        (vec!["--draws", "5"], "give --noise MODEL too"),
        (vec!["--noise", "gauss"], "unknown noise model"),
        (
            vec!["--noise", "poisson", "--draws", "0"],
            "at least one draw",
        ),
    ] {
        let mut all = vec![
            "index",
            common::s(&deso),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
        ];
        all.extend(args);
        let out = common::run(&all);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(says));
    }
}

#[test]
fn levels_bands_under_poisson_noise_equal_an_independent_monte_carlo() {
    let o = common::kept_oracle("numpy_uncertainty");
    let want = &o["levels"];
    let v = common::segatlas_json(&[
        "levels",
        common::s(&shared("data/sweden/deso2018_stats_2022.csv")),
        "--groups",
        "svensk_bakgrund_2022,utlandsk_bakgrund_2022",
        "--levels",
        "lan,kommun",
        "--noise",
        "poisson",
        "--json",
    ]);
    common::close(
        v["total"]["m"].as_f64().unwrap(),
        want["value"]["total"].as_f64().unwrap(),
    );
    let u = &v["uncertainty"];
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    let check = |what: &str, got: &Value, want: &Value| {
        assert_eq!(got["draws"], 999);
        let sd = f(want, "sd");
        let se = (sd * sd / 1000.0 + f(got, "sd").powi(2) / 999.0).sqrt();
        within_five(&format!("{what} mean"), f(got, "mean"), f(want, "mean"), se);
        let se_sd = sd * (1.0 / 1998.0 + 1.0 / 1996.0f64).sqrt();
        within_five(&format!("{what} sd"), f(got, "sd"), sd, se_sd);
    };
    check("total", &u["total"], &want["poisson"]["total"]);
    for l in 0..3 {
        common::close(
            v["parts"][l]["m"].as_f64().unwrap(),
            want["value"]["parts"][l].as_f64().unwrap(),
        );
        check(
            &format!("part {l}"),
            &u["parts"][l],
            &want["poisson"]["parts"][l],
        );
        // A part's share of the total is banded too, between 0 and 1.
        let s = &u["shares"][l];
        assert!(f(s, "low") > 0.0 && f(s, "high") < 1.0 && f(s, "low") <= f(s, "high"));
    }
    // Noise adds apparent unevenness between the smallest units: the DeSO part's band lies
    // above its value (the small-unit bias the band makes visible).
    assert!(f(&u["parts"][2], "low") > v["parts"][2]["m"].as_f64().unwrap());
}

#[test]
fn a_simulation_corrected_index_is_given_at_every_distance() {
    // modified-dissim draws its own null (seeded): at distance 0 it is the aspatial value, at
    // 1,000 m its own.
    let deso = shared("data/stockholm/deso2018_scb2022.geojson");
    let at = |extra: &[&str]| -> Vec<Value> {
        let mut args = vec![
            "index",
            common::s(&deso),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "modified-dissim",
            "--json",
        ];
        args.extend_from_slice(extra);
        common::segatlas_json(&args)["results"]
            .as_array()
            .unwrap()
            .clone()
    };
    let aspatial = at(&[]);
    let scaled = at(&["--distance", "0,1000"]);
    assert_eq!(scaled.len(), 2, "{scaled:?}");
    let v = |r: &Value| r["value"].as_f64().unwrap();
    assert_eq!(scaled[0]["distance"], 0.0);
    assert!((v(&scaled[0]) - v(&aspatial[0])).abs() < 1e-12);
    assert_eq!(scaled[1]["distance"], 1000.0);
    assert!(v(&scaled[1]) < v(&scaled[0]) && v(&scaled[1]) > 0.0);
}

/// Under noise the simulation-corrected indices share one simulation over the draws instead of
/// nesting 500 in every draw (999 × 500 took 16–31 s an index): on the same draws of
/// Stockholm's counts, the shared way's band equals the nested way's (each draw with its own
/// 500 simulations) within the Monte Carlo error of the two corrections, with the same spread.
#[test]
fn simulation_corrected_bands_share_their_simulation_and_equal_the_nested_way() {
    use segatlas::measures::segregation::corrected::Pooled;
    use segatlas::measures::uncertainty::{self, Noise};
    let layer = data::open_layer(&shared("data/stockholm/deso2018_scb2022.geojson")).unwrap();
    let col = |c: &str| layer.table.numbers(c).unwrap().to_vec();
    let (x, t): (Vec<f64>, Vec<f64>) = col("utlandsk_bakgrund_2022")
        .into_iter()
        .zip(col("folkmangd_2022"))
        .filter_map(|(x, t)| Some((x?, t?)))
        .unzip();
    let draws = 40;
    let sims = Pooled::sims_per_draw(draws);
    assert_eq!(sims, 13);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let sd = |v: &[f64]| {
        let m = mean(v);
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
    };
    for name in ["modified-dissim", "modified-gini", "bias-corrected-dissim"] {
        let Compute::SingleSeeded(f) = measure(name).unwrap().compute else {
            panic!("{name} is seeded")
        };
        let pooled = Pooled::of(name).unwrap();
        let (mut nested, mut pairs) = (Vec::new(), Vec::new());
        for k in 0..draws {
            let mut r = uncertainty::stream(7, k);
            let (xd, td): (Vec<f64>, Vec<f64>) = x
                .iter()
                .zip(&t)
                .map(|(x, t)| Noise::Poisson.pair(Some(*x), Some(*t), &mut r).unwrap())
                .unzip();
            let g = SingleGroup {
                x: &xd,
                t: &td,
                area: None,
            };
            nested.push(f(&g, 1000 + k as u64));
            pairs.push(pooled.draw(&g, sims, &mut r));
        }
        let shared_way: Vec<f64> = pooled.finish(&pairs).into_iter().flatten().collect();
        assert_eq!(shared_way.len(), draws, "{name}");
        // One simulation's spread, from the draws' means of `sims` simulations each.
        let simulated: Vec<f64> = pairs.iter().flatten().map(|p| p.1).collect();
        let one = sd(&simulated) * (sims as f64).sqrt();
        let error = one * (1.0 / (sims * draws) as f64 + 1.0 / (500 * draws) as f64).sqrt();
        let gap = (mean(&shared_way) - mean(&nested)).abs();
        assert!(
            gap <= 5.0 * error,
            "{name}: means {} and {} differ by {gap:e}, over five errors of {error:e}",
            mean(&shared_way),
            mean(&nested)
        );
        let ratio = sd(&shared_way) / sd(&nested);
        assert!(
            (0.85..1.15).contains(&ratio),
            "{name}: spreads {} and {} (ratio {ratio})",
            sd(&shared_way),
            sd(&nested)
        );
    }
}

/// Several indices under noise draw the counts once and share the proximity products of each
/// draw: every band equals the band of the index asked for alone (the same draws), to rounding.
#[test]
fn indices_asked_together_under_noise_have_the_bands_they_have_alone() {
    use segatlas::analysis::segregation::{run, Request};
    let layer = data::open_layer(&shared("data/stockholm/deso2018_scb2022.geojson")).unwrap();
    let names = vec![
        "dissim",
        "spatial-proximity",
        "absolute-clustering",
        "distance-decay-interaction",
        "distance-decay-isolation",
        "modified-dissim",
    ];
    let request = |names: Vec<&'static str>| Request {
        group: Some("utlandsk_bakgrund_2022".into()),
        total: Some("folkmangd_2022".into()),
        names,
        tolerance: 25.0,
        noise: Some(segatlas::measures::uncertainty::Noise::Uniform(3)),
        draws: 30,
        seed: 5,
        ..Default::default()
    };
    let together = run(&layer, &layer.table, &request(names.clone())).unwrap();
    assert_eq!(together.results.len(), names.len());
    for (r, name) in together.results.iter().zip(&names) {
        let alone = run(&layer, &layer.table, &request(vec![name])).unwrap();
        let (a, b) = (
            r.uncertainty.as_ref().unwrap(),
            alone.results[0].uncertainty.as_ref().unwrap(),
        );
        assert_eq!(a.draws, 30, "{name}");
        for (x, y, what) in [
            (a.mean, b.mean, "mean"),
            (a.sd, b.sd, "sd"),
            (a.low, b.low, "low"),
            (a.high, b.high, "high"),
        ] {
            assert!(
                (x - y).abs() <= 1e-12 * y.abs().max(1e-3),
                "{name} {what}: {x} together, {y} alone"
            );
        }
        assert!(a.sd > 0.0, "{name}: the draws differ");
    }
}
