//! Spatial weights on real data: libpysal's numbers on Columbus, real neighbours on the
//! simplified Stockholm DeSO, Gotland an island among Sweden's municipalities.

use segatlas::data;
use segatlas::spatial::{self, contiguity, files, points, WeightsSpec};
use serde_json::Value;
use std::path::PathBuf;

mod common;
use common::{planar, shared};

fn oracle() -> Value {
    serde_json::from_str(&std::fs::read_to_string(shared("oracles/columbus.json")).unwrap())
        .unwrap()
}

#[test]
fn columbus_queen_rook_and_knn_equal_libpysal() {
    let l = planar(data::open_layer(&shared("data/peers/columbus.geojson")).unwrap());
    let o = oracle();
    for (kind, spec) in [("queen", WeightsSpec::Queen), ("rook", WeightsSpec::Rook)] {
        let w = spatial::build(&l, &spec, spatial::default_tolerance(&l)).unwrap();
        let s = w.summary();
        let e = &o[kind];
        assert_eq!(s.n as u64, e["n"].as_u64().unwrap(), "{kind}");
        assert_eq!(s.s0, e["s0"].as_f64().unwrap(), "{kind}");
        assert_eq!(s.nonzero as u64, e["nonzero"].as_u64().unwrap(), "{kind}");
        assert!(
            (s.mean_neighbors - e["mean_neighbors"].as_f64().unwrap()).abs() < 1e-12,
            "{kind}"
        );
        assert_eq!(
            s.min_neighbors as u64,
            e["min_neighbors"].as_u64().unwrap(),
            "{kind}"
        );
        assert_eq!(
            s.max_neighbors as u64,
            e["max_neighbors"].as_u64().unwrap(),
            "{kind}"
        );
        assert!(s.islands.is_empty());
        let expected: Vec<u32> = o[format!("{kind}_neighbors_of_4")]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(w.neighbors_of(4), expected.as_slice(), "{kind}");
    }
    let knn = points::knn(&points::centroids(&l.projected), 4).unwrap();
    let expected: Vec<u32> = o["knn4_neighbors_of_0"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as u32)
        .collect();
    assert_eq!(knn.neighbors_of(0), expected.as_slice());
}

#[test]
fn stockholm_deso_every_area_finds_its_neighbours() {
    let l = data::open_layer(&shared("data/stockholm/deso2018_scb2022.geojson")).unwrap();
    let w = spatial::build(&l, &WeightsSpec::Queen, spatial::default_tolerance(&l)).unwrap();
    let s = w.summary();
    assert_eq!(s.n, 1287);
    assert!(s.islands.is_empty(), "{:?}", s.islands);
    assert_eq!(s.components, 1);
    // Only a range is known independently here: libpysal's queen needs shared vertices, which
    // these simplified polygons often lack, while the 25 m snapping finds the neighbours across
    // slivers, so no peer count applies; the range is what queen contiguity of a city's areas
    // gives (about 5 to 6.5 in the literature on census tracts).
    assert!(
        (4.4..=7.0).contains(&s.mean_neighbors),
        "{}",
        s.mean_neighbors
    );
    // Symmetric, and rook is a subset of queen.
    let r = spatial::build(&l, &WeightsSpec::Rook, spatial::default_tolerance(&l)).unwrap();
    for i in 0..w.n {
        for &j in w.neighbors_of(i) {
            assert!(w.neighbors_of(j as usize).contains(&(i as u32)));
        }
        for j in r.neighbors_of(i) {
            assert!(w.neighbors_of(i).contains(j));
        }
    }
    // The GeoPackage in SWEREF 99 TM gives the same neighbours as the GeoJSON in WGS 84.
    let g = data::open_layer(&shared("data/stockholm/deso2018_sweref99tm.gpkg")).unwrap();
    let wg = spatial::build(&g, &WeightsSpec::Queen, spatial::default_tolerance(&g)).unwrap();
    assert!((wg.summary().mean_neighbors - s.mean_neighbors).abs() < 0.05);
}

#[test]
fn gotland_is_an_island_among_swedens_municipalities() {
    let l = data::open_layer(&shared("data/sweden/kommun_scb2022.geojson")).unwrap();
    let w = spatial::build(&l, &WeightsSpec::Queen, spatial::default_tolerance(&l)).unwrap();
    let code = l.table.column("kommun_kod").unwrap();
    let gotland = (0..l.len())
        .find(|&i| code.key_at(i).as_deref() == Some("0980"))
        .unwrap();
    assert!(w.summary().islands.contains(&gotland));
    // Stockholm (0180) and Solna (0184) are neighbours.
    let find = |c: &str| {
        (0..l.len())
            .find(|&i| code.key_at(i).as_deref() == Some(c))
            .unwrap() as u32
    };
    assert!(w
        .neighbors_of(find("0180") as usize)
        .contains(&find("0184")));
}

#[test]
fn shared_boundary_weights_are_lengths_in_metres() {
    let l = data::open_layer(&shared("data/stockholm/regso2020_scb2022.geojson")).unwrap();
    let b = contiguity::boundary_length(&l.projected, 25.0);
    // No peer snaps boundaries by 25 m, so only the range is known here: every weight is a
    // length between the tolerance and the longest boundary in the county (the exact lengths are
    // checked through boundary-spatial-dissim against PySAL in tests/segregation.rs).
    assert!(b.weights.iter().all(|w| *w > 25.0 && *w < 200_000.0));
    assert!(b.summary().islands.is_empty());
}

#[test]
fn weights_cli_and_gal_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let gal = dir.path().join("columbus.gal");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "weights",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--kind",
            "rook",
            "--out",
            gal.to_str().unwrap(),
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
    assert_eq!(v["nonzero"], 200);
    assert_eq!(v["components"], 1);
    assert_eq!(v["islands"], serde_json::json!([]));
    let w = files::read(&gal).unwrap();
    assert_eq!(w.summary().nonzero, 200);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "weights",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--kind",
            "knn:x",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'knn:x': k must be a whole number"));
}

#[test]
fn population_scale_neighbourhoods_on_stockholm() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ego.csv");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "neighbourhoods",
            shared("data/stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--population",
            "folkmangd_2022",
            "--groups",
            "utlandsk_bakgrund_2022",
            "--k",
            "1600,12800",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["n"], 1287);
    let ks = v["k"].as_array().unwrap();
    // Every neighbourhood reaches k persons; the larger k reaches farther.
    assert!(ks[0]["mean_persons"].as_f64().unwrap() >= 1600.0);
    assert!(ks[1]["mean_radius"].as_f64().unwrap() > ks[0]["mean_radius"].as_f64().unwrap());
    // The mean share in neighbourhoods of 12,800 persons lies between the group's smallest and
    // largest share in any single DeSO (no peer computes these neighbourhoods).
    let share = ks[1]["mean_shares"][0].as_f64().unwrap();
    assert!(share > 0.1 && share < 0.6, "{share}");
    let t = data::open_table(&out).unwrap();
    assert_eq!(t.len(), 1287 * 2);
    assert!(t
        .numbers("persons")
        .unwrap()
        .iter()
        .flatten()
        .all(|p| *p >= 1600.0));
}

#[test]
fn second_order_neighbours_from_the_cli() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "weights",
            shared("data/peers/columbus.geojson").to_str().unwrap(),
            "--crs",
            "planar",
            "--order",
            "2",
            "--transform",
            "R",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(run.status.success());
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    // Row-standardised: every row sums to 1, so s0 = n.
    assert!((v["s0"].as_f64().unwrap() - 49.0).abs() < 1e-9);
    // Second-order neighbours exclude first-order ones and the unit itself: libpysal's
    // higher_order(w, 2) (tools/pysal_autocorr_weights.py).
    let e = &extra()["queen_order2"];
    let l = planar(data::open_layer(&shared("data/peers/columbus.geojson")).unwrap());
    let first = spatial::build(&l, &WeightsSpec::Queen, 0.0).unwrap();
    let second = first.higher_order(2);
    assert_eq!(
        second.neighbors.len() as u64,
        e["nonzero"].as_u64().unwrap()
    );
    let of_0: Vec<u64> = second.neighbors_of(0).iter().map(|j| *j as u64).collect();
    assert_eq!(serde_json::json!(of_0), e["neighbors_of_0"]);
    for i in 0..l.len() {
        for j in second.neighbors_of(i) {
            assert!(!first.neighbors_of(i).contains(j) && *j as usize != i);
        }
    }
}

#[test]
fn population_scale_neighbourhoods_on_a_table_of_points() {
    let dir = tempfile::tempdir().unwrap();
    let pts = dir.path().join("cells.csv");
    std::fs::write(
        &pts,
        "x;y;pop;grp\n0;0;10;1\n100;0;10;2\n200;0;10;3\n1000;0;..;4\n",
    )
    .unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "neighbourhoods",
            pts.to_str().unwrap(),
            "--population",
            "pop",
            "--groups",
            "grp",
            "--k",
            "15",
            "--x",
            "x",
            "--y",
            "y",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["missing_population"], 1);
    // Radii by hand: 100, 100 (both sides at equal distance enter together), 100, and 900 for
    // the unit without population, which needs two others.
    assert!((v["k"][0]["mean_radius"].as_f64().unwrap() - 300.0).abs() < 1e-9);
    let no_xy = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "neighbourhoods",
            pts.to_str().unwrap(),
            "--population",
            "pop",
        ])
        .output()
        .unwrap();
    assert_eq!(no_xy.status.code(), Some(2));
}

/// tools/pysal_autocorr_weights.py's reference values.
fn extra() -> Value {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/pysal_autocorr_weights.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn every_kernel_fixed_and_adaptive_equals_libpysal() {
    use segatlas::spatial::points::{kernel, Kernel};
    let points = [
        [10.0, 10.0],
        [20.0, 10.0],
        [40.0, 10.0],
        [15.0, 20.0],
        [30.0, 20.0],
        [30.0, 30.0],
    ];
    let e = &extra()["kernels"];
    let mut checked = 0;
    for function in ["triangular", "uniform", "quadratic", "quartic", "gaussian"] {
        for fixed in [true, false] {
            let key = format!("{function}:{}", if fixed { "fixed" } else { "adaptive" });
            let (w, _) = kernel(&points, 2, Kernel::from_name(function).unwrap(), fixed).unwrap();
            for i in 0..6 {
                let expected = e[&key][i.to_string()].as_object().unwrap();
                assert_eq!(w.neighbors_of(i).len(), expected.len(), "{key} row {i}");
                for (j, v) in w.neighbors_of(i).iter().zip(w.weights_of(i)) {
                    let x = expected
                        .get(&j.to_string())
                        .unwrap_or_else(|| {
                            panic!("{key} row {i}: {:?} vs {expected:?}", w.neighbors_of(i))
                        })
                        .as_f64()
                        .unwrap();
                    assert!((v - x).abs() < 1e-9, "{key} w[{i}][{j}] = {v} vs {x}");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
}

/// Every kind of weights the CLI offers (its `--kind` help) has a test against libpysal or a
/// hand-worked case; every kernel function is in every_kernel_fixed_and_adaptive_equals_libpysal.
#[test]
fn every_kind_of_weights_has_an_independent_value() {
    const TESTED: [(&str, &str); 6] = [
        ("queen", "columbus_queen_rook_and_knn_equal_libpysal"),
        ("rook", "columbus_queen_rook_and_knn_equal_libpysal"),
        ("knn", "columbus_queen_rook_and_knn_equal_libpysal"),
        // PySAL's boundary-spatial-dissim on these weights (tests/segregation.rs) and by hand.
        (
            "boundary",
            "boundary_spatial_dissim via sacramento_single_multi_and_local_equal_pysal",
        ),
        ("band", "spatial::points::tests::knn_and_band_by_hand"),
        ("kernel", "every_kernel_fixed_and_adaptive_equals_libpysal"),
    ];
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(["weights", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let line = help
        .lines()
        .find(|l| l.trim_start().starts_with("--kind <"))
        .unwrap()
        .split_once('>')
        .unwrap()
        .1
        .split(" [default")
        .next()
        .unwrap()
        .to_string();
    let kinds: Vec<&str> = line
        .split(", ")
        .map(|k| k.trim().split(':').next().unwrap())
        .collect();
    assert_eq!(kinds.len(), 6, "{line}");
    for k in kinds {
        assert!(
            TESTED.iter().any(|(t, _)| *t == k),
            "weights {k} have no independent test"
        );
    }
    for f in ["triangular", "uniform", "quadratic", "quartic", "gaussian"] {
        assert!(points::Kernel::from_name(f).is_some(), "{f}");
    }
    assert!(points::Kernel::from_name("epanechnikov").is_none());
}

// ---- Regionalisation on the neighbour graph (segatlas regions) ----

/// Stockholm's DeSO, the three standardised variables of the spopt oracle.
const REGION_VARS: &str =
    "nettoinkomst_median_tkr_2022,lag_ekonomisk_standard_pct_2022,utlandsk_bakgrund_2022/folkmangd_2022";

/// libpysal's queen neighbours of the oracle written as a .gal in `dir`.
fn oracle_gal(dir: &std::path::Path) -> (PathBuf, Value) {
    let o = common::kept_oracle("spopt_regions");
    let lists = o["neighbours"].as_array().unwrap();
    let mut text = format!("0 {} deso id\n", lists.len());
    for (i, l) in lists.iter().enumerate() {
        let l = l.as_array().unwrap();
        text.push_str(&format!("{i} {}\n", l.len()));
        let ids: Vec<String> = l.iter().map(|j| j.to_string()).collect();
        text.push_str(&format!("{}\n", ids.join(" ")));
    }
    let p = dir.join("queen.gal");
    std::fs::write(&p, text).unwrap();
    (p, o)
}

/// Whether each region is connected in the neighbour lists.
fn regions_connected(labels: &[usize], lists: &[Value]) -> bool {
    let n = labels.len();
    let mut seen = vec![false; n];
    let mut regions: Vec<usize> = labels.to_vec();
    regions.sort();
    regions.dedup();
    regions.iter().all(|&r| {
        let members: Vec<usize> = (0..n).filter(|&i| labels[i] == r).collect();
        let mut stack = vec![members[0]];
        seen[members[0]] = true;
        let mut reached = 1;
        while let Some(i) = stack.pop() {
            for j in lists[i].as_array().unwrap() {
                let j = j.as_u64().unwrap() as usize;
                if labels[j] == r && !seen[j] {
                    seen[j] = true;
                    reached += 1;
                    stack.push(j);
                }
            }
        }
        reached == members.len()
    })
}

fn labels_of(v: &Value) -> Vec<usize> {
    v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap() as usize)
        .collect()
}

#[test]
fn skater_equals_spopt_on_stockholm() {
    let dir = tempfile::tempdir().unwrap();
    let (gal, o) = oracle_gal(dir.path());
    let path = shared("data/stockholm/deso2018_scb2022.geojson");
    let v = common::segatlas_json(&[
        "regions",
        common::s(&path),
        "--method",
        "skater",
        "--vars",
        REGION_VARS,
        "--standardise",
        "--weights",
        common::s(&gal),
        "--k",
        "10",
        "--min-areas",
        "20",
        "--json",
    ]);
    let ours = labels_of(&v);
    let theirs: Vec<usize> = o["skater"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap() as usize)
        .collect();
    // The same partition (region numbers may differ): each pair of labels maps one to one.
    let pairs: std::collections::BTreeSet<(usize, usize)> =
        ours.iter().copied().zip(theirs.iter().copied()).collect();
    assert_eq!(pairs.len(), 10, "not the same regions as spopt");
    assert_eq!(v["regions"], 10);
    common::close(
        v["ssd"].as_f64().unwrap(),
        o["skater"]["ssd"].as_f64().unwrap(),
    );
    for s in v["region_summaries"].as_array().unwrap() {
        assert!(s["count"].as_u64().unwrap() >= 20);
    }
}

#[test]
fn max_p_finds_at_least_spopts_regions_all_above_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let (gal, o) = oracle_gal(dir.path());
    let path = shared("data/stockholm/deso2018_scb2022.geojson");
    let args = |threads: &'static str| {
        common::segatlas_json(&[
            "regions",
            common::s(&path),
            "--method",
            "maxp",
            "--vars",
            REGION_VARS,
            "--standardise",
            "--weights",
            common::s(&gal),
            "--floor",
            "folkmangd_2022>=50000",
            "--threads",
            threads,
            "--json",
        ])
    };
    let v = args("1");
    let count = v["regions"].as_u64().unwrap();
    let spopt = o["maxp"]["regions"].as_u64().unwrap();
    assert!(count >= spopt, "{count} regions, spopt {spopt}");
    if count == spopt {
        assert!(v["ssd"].as_f64().unwrap() <= o["maxp"]["ssd"].as_f64().unwrap());
    }
    for s in v["region_summaries"].as_array().unwrap() {
        assert!(s["floor_sum"].as_f64().unwrap() >= 50000.0, "{s}");
    }
    let lists = o["neighbours"].as_array().unwrap();
    assert!(regions_connected(&labels_of(&v), lists));
    // The same seed gives the same regions on two threads.
    assert_eq!(v["labels"], args("2")["labels"]);
}

#[test]
fn every_method_on_real_contiguity_keeps_its_constraints() {
    let path = shared("data/stockholm/deso2018_scb2022.geojson");
    let dir = tempfile::tempdir().unwrap();
    let (_, o) = oracle_gal(dir.path());
    let _ = o;
    for (method, extra) in [
        (
            "skater",
            vec!["--k", "8", "--floor", "folkmangd_2022>=20000"],
        ),
        (
            "redcap",
            vec!["--k", "8", "--floor", "folkmangd_2022>=20000"],
        ),
        ("ward", vec!["--k", "8", "--floor", "folkmangd_2022>=20000"]),
        ("azp", vec!["--k", "8", "--iterations", "4"]),
    ] {
        let out = dir.path().join(format!("{method}.geojson"));
        let mut args = vec![
            "regions",
            common::s(&path),
            "--method",
            method,
            "--vars",
            REGION_VARS,
            "--standardise",
            "--where",
            "kommun=0180",
            "--out",
            common::s(&out),
            "--json",
        ];
        args.extend(extra.iter().copied());
        let v = common::segatlas_json(&args);
        assert_eq!(v["regions"], 8, "{method}: {}", v["notes"]);
        if method != "azp" {
            for s in v["region_summaries"].as_array().unwrap() {
                assert!(s["floor_sum"].as_f64().unwrap() >= 20000.0, "{method}: {s}");
            }
        }
        // The written areas carry their region, and the regions are contiguous on the queen
        // weights segatlas builds for the same areas.
        let layer = data::open_layer(&out).unwrap();
        let region = layer.table.numbers("region").unwrap().to_vec();
        let labels: Vec<usize> = region.iter().map(|r| r.unwrap() as usize - 1).collect();
        let w = spatial::build(&layer, &WeightsSpec::Queen, 25.0).unwrap();
        let g = segatlas::regions::Graph::from_weights(&w);
        assert!(g.regions_connected(&labels), "{method}");
    }
}

#[test]
fn regions_refuse_bad_requests_plainly() {
    let path = shared("data/stockholm/deso2018_scb2022.geojson");
    let p = common::s(&path);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--method", "kmeans", "--vars", "folkmangd_2022"],
            "unknown method 'kmeans'",
        ),
        (
            &["--method", "skater", "--vars", "folkmangd_2022"],
            "needs the number of regions (--k)",
        ),
        (
            &["--method", "maxp", "--vars", "folkmangd_2022"],
            "max-p needs a floor",
        ),
        (
            &[
                "--method",
                "maxp",
                "--vars",
                "folkmangd_2022",
                "--floor",
                "folkmangd_2022>50000",
            ],
            "write it as EXPR>=N",
        ),
        (
            &[
                "--method",
                "maxp",
                "--vars",
                "folkmangd_2022",
                "--floor",
                "folkmangd_2022>=1e12",
            ],
            "higher than all areas together",
        ),
        (
            &[
                "--method",
                "azp",
                "--k",
                "3",
                "--vars",
                "folkmangd_2022",
                "--min-areas",
                "5",
            ],
            "takes no floor",
        ),
        (
            &["--method", "skater", "--k", "3", "--vars", "nosuchcolumn"],
            "nosuchcolumn",
        ),
        (
            &["--method", "skater", "--k", "0", "--vars", "folkmangd_2022"],
            "at least 1",
        ),
        (
            &[
                "--method",
                "skater",
                "--k",
                "3",
                "--vars",
                "folkmangd_2022",
                "--weights",
                "missing.gal",
            ],
            "missing.gal",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["regions", p];
        all.extend(args.iter().copied());
        let out = common::run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // A weights file for another layer is refused, naming both counts.
    let dir = tempfile::tempdir().unwrap();
    let gal = dir.path().join("small.gal");
    std::fs::write(&gal, "0 3 x id\n0 1\n1\n1 1\n0\n2 0\n").unwrap();
    let out = common::run(&[
        "regions",
        p,
        "--method",
        "skater",
        "--k",
        "3",
        "--vars",
        "folkmangd_2022",
        "--weights",
        common::s(&gal),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 units and the layer 1287 areas"));
}

#[test]
fn regions_leave_out_and_name_areas_missing_a_value() {
    let path = shared("data/stockholm/deso2018_scb2022.geojson");
    let v = common::segatlas_json(&[
        "regions",
        common::s(&path),
        "--method",
        "ward",
        "--k",
        "5",
        "--vars",
        // No value (a division by zero) in Lidingö's DeSO of fewer than 1,800 persons.
        "nettoinkomst_median_tkr_2022/(folkmangd_2022 >= 1800)",
        "--where",
        "kommun=0186",
        "--json",
    ]);
    let labels = v["labels"].as_array().unwrap();
    let excluded = v["excluded"].as_array().unwrap();
    assert_eq!(excluded.len(), 12);
    assert!(excluded.iter().any(|e| e == "0186C1040"));
    assert_eq!(
        labels.iter().filter(|l| l.is_null()).count(),
        excluded.len()
    );
    // Leaving them out splits the graph in two parts: k grows by 2, as spopt's "increase".
    assert_eq!(v["regions"], 7);
    assert!(v["notes"][0].as_str().unwrap().contains("2 separate parts"));
    // Dissolved: one polygon per region.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("regions.gpkg");
    common::segatlas_json(&[
        "regions",
        common::s(&path),
        "--method",
        "ward",
        "--k",
        "5",
        "--vars",
        "nettoinkomst_median_tkr_2022",
        "--where",
        "kommun=0186",
        "--out",
        common::s(&out),
        "--dissolve",
        "--json",
    ]);
    let layer = data::open_layer(&out).unwrap();
    assert_eq!(layer.len(), 5);
    assert!(layer
        .table
        .column("mean nettoinkomst_median_tkr_2022")
        .is_some());
}

/// The lists of a `.gwt` written by `segatlas weights --out`: each unit's neighbours and
/// weights, sorted by neighbour.
fn gwt_lists(args: &[&str], n: usize) -> Vec<Vec<(usize, f64)>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.gwt");
    let mut a: Vec<&str> = vec!["weights"];
    a.extend(args);
    a.extend(["--out", out.to_str().unwrap()]);
    let run = common::run(&a);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut lists = vec![Vec::new(); n];
    for line in std::fs::read_to_string(&out).unwrap().lines().skip(1) {
        let t: Vec<&str> = line.split_whitespace().collect();
        let (i, j, w): (usize, usize, f64) = (
            t[0].parse().unwrap(),
            t[1].parse().unwrap(),
            t[2].parse().unwrap(),
        );
        lists[i].push((j, w));
    }
    for l in &mut lists {
        l.sort_by_key(|p| p.0);
    }
    lists
}

/// Columbus's queen, rook and KNN lists, and on Stockholm's DeSO (SWEREF 99 TM) a distance band
/// and an adaptive kernel, equal libpysal's list by list (tools/libpysal_weights_full.py), as
/// written to and read from a `.gwt`; the `.gal` round trip keeps every list.
#[test]
fn weights_equal_libpysal_list_by_list() {
    let o = common::kept_oracle("libpysal_weights_full");
    let columbus = common::data("peers/columbus.geojson");
    let deso = common::data("stockholm/deso2018_sweref99tm.gpkg");
    let ids = |v: &Value| -> Vec<Vec<usize>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| {
                l.as_array()
                    .unwrap()
                    .iter()
                    .map(|j| j.as_u64().unwrap() as usize)
                    .collect()
            })
            .collect()
    };
    for (kind, key) in [
        ("queen", "columbus_queen"),
        ("rook", "columbus_rook"),
        ("knn:4", "columbus_knn4"),
    ] {
        let got = gwt_lists(
            &[
                columbus.to_str().unwrap(),
                "--crs",
                "planar",
                "--kind",
                kind,
            ],
            49,
        );
        let got: Vec<Vec<usize>> = got
            .iter()
            .map(|l| l.iter().map(|p| p.0).collect())
            .collect();
        assert_eq!(got, ids(&o[key]), "{kind}");
    }
    let band = gwt_lists(&[deso.to_str().unwrap(), "--kind", "band:1500"], 1287);
    let band: Vec<Vec<usize>> = band
        .iter()
        .map(|l| l.iter().map(|p| p.0).collect())
        .collect();
    assert_eq!(band, ids(&o["deso_band_1500"]));
    let kernel = gwt_lists(
        &[
            deso.to_str().unwrap(),
            "--kind",
            "kernel:triangular:5:adaptive",
        ],
        1287,
    );
    let want = o["deso_kernel_triangular_5_adaptive"].as_array().unwrap();
    for (i, (g, w)) in kernel.iter().zip(want).enumerate() {
        let w: Vec<(usize, f64)> = w
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_f64().unwrap()))
            .collect();
        assert_eq!(g.len(), w.len(), "area {i}: {g:?} vs {w:?}");
        for ((gj, gv), (wj, wv)) in g.iter().zip(&w) {
            assert_eq!(gj, wj, "area {i}");
            assert!((gv - wv).abs() < 1e-9, "area {i} → {gj}: {gv} vs {wv}");
        }
    }
    // The .gal round trip: written, read back as the weights of the same layer, every list kept.
    let dir = tempfile::tempdir().unwrap();
    let gal = dir.path().join("q.gal");
    let layer = segatlas::data::open_layer(&deso).unwrap();
    let w = segatlas::spatial::build(&layer, &segatlas::spatial::WeightsSpec::Queen, 25.0).unwrap();
    std::fs::write(&gal, segatlas::spatial::files::gal(&w, "DeSO_2018")).unwrap();
    let back = segatlas::spatial::files::read_for_layer(&gal, &layer.table).unwrap();
    assert_eq!(back, w);
    let gwt = dir.path().join("q.gwt");
    std::fs::write(&gwt, segatlas::spatial::files::gwt(&w, "DeSO_2018")).unwrap();
    assert_eq!(
        segatlas::spatial::files::read_for_layer(&gwt, &layer.table).unwrap(),
        w
    );
}

/// A .gal of neighbour lists.
fn gal_of(dir: &std::path::Path, name: &str, lists: &[Value]) -> PathBuf {
    let mut text = format!("0 {} deso id\n", lists.len());
    for (i, l) in lists.iter().enumerate() {
        let l = l.as_array().unwrap();
        text.push_str(&format!("{i} {}\n", l.len()));
        let ids: Vec<String> = l.iter().map(|j| j.to_string()).collect();
        text.push_str(&format!("{}\n", ids.join(" ")));
    }
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Whether two labelings are the same partition (region numbers aside).
fn same_partition(a: &[usize], b: &[usize]) -> bool {
    let pairs: std::collections::BTreeSet<(usize, usize)> =
        a.iter().copied().zip(b.iter().copied()).collect();
    let count = |v: &[usize]| v.iter().collect::<std::collections::BTreeSet<_>>().len();
    pairs.len() == count(a) && pairs.len() == count(b)
}

/// Ward (spopt's WardSpatial) and REDCAP (GeoDa's, pygeoda) give the same regions as segatlas on
/// Stockholm's DeSO; AZP's and max-p's SSD and region count are at least as good as spopt's over
/// seeds (tools/regions_peers.py).
#[test]
fn ward_redcap_azp_and_max_p_against_spopt_and_geoda() {
    let o = common::kept_oracle("regions_peers");
    let dir = tempfile::tempdir().unwrap();
    let (libpysal_gal, _) = oracle_gal(dir.path());
    let geoda_gal = gal_of(
        dir.path(),
        "geoda.gal",
        o["geoda_queen"].as_array().unwrap(),
    );
    let path = shared("data/stockholm/deso2018_scb2022.geojson");
    let regions = |method: &str, gal: &PathBuf, extra: &[&str]| -> Value {
        let mut args = vec![
            "regions",
            common::s(&path),
            "--method",
            method,
            "--vars",
            REGION_VARS,
            "--standardise",
            "--weights",
            common::s(gal),
            "--json",
        ];
        args.extend(extra);
        common::segatlas_json(&args)
    };
    for (method, gal) in [("ward", &libpysal_gal), ("redcap", &geoda_gal)] {
        let v = regions(method, gal, &["--k", "10"]);
        let want = &o[method];
        assert!(
            same_partition(&labels_of(&v), &labels_of(want)),
            "{method}: not the same regions as the peer"
        );
        common::close(v["ssd"].as_f64().unwrap(), want["ssd"].as_f64().unwrap());
    }
    let azp = regions("azp", &libpysal_gal, &["--k", "10"]);
    let peer: Vec<f64> = o["azp"]["ssd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let worst = peer.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ssd = azp["ssd"].as_f64().unwrap();
    assert!(ssd <= worst, "AZP: SSD {ssd}, spopt's {peer:?}");
    assert_eq!(azp["regions"], 10);
    let maxp = regions("maxp", &libpysal_gal, &["--floor", "folkmangd_2022>=50000"]);
    let runs = o["maxp"]["runs"].as_array().unwrap();
    let best_count = runs
        .iter()
        .map(|r| r["regions"].as_u64().unwrap())
        .max()
        .unwrap();
    let count = maxp["regions"].as_u64().unwrap();
    assert!(
        count >= best_count,
        "max-p: {count} regions, spopt at most {best_count}"
    );
    if count == best_count {
        let best_ssd = runs
            .iter()
            .filter(|r| r["regions"].as_u64() == Some(count))
            .map(|r| r["ssd"].as_f64().unwrap())
            .fold(f64::INFINITY, f64::min);
        assert!(
            maxp["ssd"].as_f64().unwrap() <= best_ssd * 1.05,
            "max-p: SSD {} against spopt's best {best_ssd} at {count} regions",
            maxp["ssd"]
        );
    }
}

#[test]
fn regions_under_noise_say_which_areas_keep_their_place() {
    let deso = common::shared("data/stockholm/deso2018_scb2022.geojson");
    let run = |model: &str, threads: &str| {
        common::segatlas_json(&[
            "regions",
            common::s(&deso),
            "--method",
            "skater",
            "--vars",
            "utlandsk_bakgrund_2022/folkmangd_2022*100",
            "--k",
            "10",
            "--noise",
            model,
            "--draws",
            "19",
            "--threads",
            threads,
            "--json",
        ])
    };
    // No noise: every division is the observed one.
    let none = run("uniform:0", "2");
    assert_eq!(none["uncertainty"]["stability"]["unstable"], 0);
    assert_eq!(none["uncertainty"]["stability"]["stable"], 1287);
    // Poisson: SKATER's cuts move; some areas change company, most keep it.
    let v = run("poisson", "2");
    let s = &v["uncertainty"]["stability"];
    let unstable = s["unstable"].as_u64().unwrap();
    assert!(unstable > 0 && unstable < 1287, "{s}");
    let areas = v["uncertainty"]["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 1287);
    assert!(areas
        .iter()
        .all(|a| (0.0..=1.0).contains(&a.as_f64().unwrap())));
    // The same seed on one thread: the same shares.
    assert_eq!(run("poisson", "1")["uncertainty"], v["uncertainty"]);
    // Nothing to redraw: refused in words.
    let out = common::run(&[
        "regions",
        common::s(&deso),
        "--method",
        "skater",
        "--vars",
        "area_km2",
        "--k",
        "5",
        "--noise",
        "poisson",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to redraw"));
}
