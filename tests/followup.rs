//! Compare and follow up through the CLI on real data: Danderyd, Solna and Botkyrka beside
//! county 01 (checked against sums read straight from the GeoJSON), area types on Stockholm's
//! DeSO, the red metro line from Mörby centrum to Norsborg, threshold selection, RegSO time
//! series 2020–2023 and an index per year per municipality.

use serde_json::Value;

mod common;
use common::run;

/// A shared data file's path as text (for arguments).
fn shared(rel: &str) -> String {
    common::data(rel).to_string_lossy().into_owned()
}

fn json_of(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

const EMPLOYED: &str = "sysselsatta_16_64_2022/befolkning_16_64_2022*100";
const POST_SECONDARY: &str = "(utb_eftergymn_lt3ar_25_64_2022+utb_eftergymn_ge3ar_25_64_2022)/(utb_forgymnasial_25_64_2022+utb_gymnasial_25_64_2022+utb_eftergymn_lt3ar_25_64_2022+utb_eftergymn_ge3ar_25_64_2022+utb_saknas_25_64_2022)*100";

/// The red line's stations, Mörby centrum → Norsborg (T14 to Liljeholmen, then T13), WGS 84.
pub const RED_LINE: &str = "18.0362 59.3985, 18.0413 59.3918, 18.0367 59.3814, 18.0549 59.3655, \
18.0717 59.3457, 18.0817 59.3428, 18.0740 59.3349, 18.0604 59.3313, 18.0677 59.3233, \
18.0722 59.3195, 18.0633 59.3168, 18.0501 59.3177, 18.0340 59.3158, 18.0230 59.3106, \
18.0015 59.3064, 17.9893 59.3055, 17.9753 59.3044, 17.9573 59.3009, 17.9338 59.2948, \
17.9212 59.2849, 17.9070 59.2770, 17.8902 59.2759, 17.8844 59.2645, 17.8803 59.2497, \
17.8610 59.2474, 17.8454 59.2393, 17.8252 59.2433, 17.8144 59.2437";

#[test]
fn danderyd_solna_botkyrka_against_county_01() {
    let path = shared("sweden/kommun_scb2022.geojson");
    let v = json_of(&[
        "compare",
        &path,
        "--id",
        "kommun_kod",
        "--areas",
        "0162,0184,0127",
        "--var",
        EMPLOYED,
        "--var",
        POST_SECONDARY,
        "--reference",
        "lan_kod",
        "--json",
    ]);
    // Expected values straight from the file.
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let props: Vec<&Value> = raw["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["properties"])
        .collect();
    let num = |p: &Value, k: &str| p[k].as_f64().unwrap();
    let employed = |ps: &[&&Value]| {
        let s: f64 = ps.iter().map(|p| num(p, "sysselsatta_16_64_2022")).sum();
        let b: f64 = ps.iter().map(|p| num(p, "befolkning_16_64_2022")).sum();
        s / b * 100.0
    };
    for (i, code) in ["0162", "0184", "0127"].iter().enumerate() {
        let p: Vec<&&Value> = props.iter().filter(|p| p["kommun_kod"] == *code).collect();
        let area = &v["areas"][i];
        assert_eq!(area["id"], *code);
        assert_eq!(area["reference"]["lan_kod"], "01");
        close(area["values"][EMPLOYED].as_f64().unwrap(), employed(&p));
    }
    assert_eq!(v["areas"][0]["name"], "Danderyd");
    let county: Vec<&&Value> = props.iter().filter(|p| p["lan_kod"] == "01").collect();
    assert_eq!(county.len(), 26);
    close(
        v["reference"]["01"][EMPLOYED].as_f64().unwrap(),
        employed(&county),
    );
    let all: Vec<&&Value> = props.iter().collect();
    close(v["layer"][EMPLOYED].as_f64().unwrap(), employed(&all));
    // Danderyd has the highest share with post-secondary education of all 290 municipalities.
    assert_eq!(v["areas"][0]["ranks"][POST_SECONDARY], 1);
    assert_eq!(v["not_aggregable"].as_array().unwrap().len(), 0);
}

#[test]
fn sums_leave_out_areas_without_a_value_and_count_them() {
    // Stockholm's 2010 population over its DeSO: 3 new DeSO have none; pandas' sum of the others
    // is 847,073.
    let v = json_of(&[
        "compare",
        &shared("stockholm/deso2018_scb2022.geojson"),
        "--id",
        "kommun",
        "--areas",
        "0180",
        "--var",
        "folkmangd_2010",
        "--json",
    ]);
    assert_eq!(v["areas"][0]["values"]["folkmangd_2010"], 847_073.0);
    assert_eq!(v["areas"][0]["missing"]["folkmangd_2010"], 3);
}

#[test]
fn medians_are_per_area_only_and_groups_sum_their_counts() {
    let path = shared("stockholm/deso2018_scb2022.geojson");
    let v = json_of(&[
        "compare",
        &path,
        "--id",
        "kommun",
        "--areas",
        "0162,0127",
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--var",
        "utlandsk_bakgrund_2022/folkmangd_2022*100",
        "--reference",
        "lan",
        "--json",
    ]);
    assert_eq!(v["not_aggregable"][0], "nettoinkomst_median_tkr_2022");
    assert!(v["areas"][0]["values"]["nettoinkomst_median_tkr_2022"].is_null());
    // The DeSO of Danderyd summed equal the municipality layer's Danderyd.
    let k = json_of(&[
        "compare",
        &shared("sweden/kommun_scb2022.geojson"),
        "--id",
        "kommun_kod",
        "--areas",
        "0162",
        "--var",
        "utlandsk_bakgrund_2022/folkmangd_2022*100",
        "--json",
    ]);
    close(
        v["areas"][0]["values"]["utlandsk_bakgrund_2022/folkmangd_2022*100"]
            .as_f64()
            .unwrap(),
        k["areas"][0]["values"]["utlandsk_bakgrund_2022/folkmangd_2022*100"]
            .as_f64()
            .unwrap(),
    );
    // Danderyd (0162) has 20 DeSO (pandas).
    assert_eq!(v["areas"][0]["areas"], 20);
    let err = run(&[
        "compare",
        &path,
        "--id",
        "kommun",
        "--areas",
        "9999",
        "--var",
        "folkmangd_2022",
    ]);
    assert_eq!(err.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&err.stderr).contains("no area has kommun = '9999'"));
}

#[test]
fn area_types_on_stockholm_deso() {
    let u = "(utb_forgymnasial_25_64_2022+utb_gymnasial_25_64_2022+utb_eftergymn_lt3ar_25_64_2022+utb_eftergymn_ge3ar_25_64_2022+utb_saknas_25_64_2022)";
    let v2 = format!("utb_forgymnasial_25_64_2022/{u}*100");
    let v = json_of(&[
        "areatypes",
        &shared("stockholm/deso2018_scb2022.geojson"),
        "--id",
        "deso",
        "--component",
        "lag_ekonomisk_standard_pct_2022",
        "--component",
        &v2,
        "--component",
        "arbetslosa_16_64_2022/befolkning_16_64_2022*100",
        "--published",
        "regso_socioek_index_2022",
        "--json",
    ]);
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 1287);
    let with_data = areas.iter().filter(|a| !a["type"].is_null()).count();
    let counted: u64 = (1..=5)
        .map(|t| v["counts"][t.to_string()].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, with_data);
    // μ and σ recomputed here from the areas' SEI.
    let sei: Vec<f64> = areas.iter().filter_map(|a| a["sei"].as_f64()).collect();
    let n = sei.len() as f64;
    let mean = sei.iter().sum::<f64>() / n;
    let sd = (sei.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    close(v["mean"].as_f64().unwrap(), mean);
    close(v["sd"].as_f64().unwrap(), sd);
    for a in areas {
        let (Some(s), Some(t)) = (a["sei"].as_f64(), a["type"].as_u64()) else {
            continue;
        };
        let expected = if s >= mean + 2.0 * sd {
            1
        } else if s >= mean + sd {
            2
        } else if s >= mean {
            3
        } else if s >= mean - sd {
            4
        } else {
            5
        };
        assert_eq!(t, expected);
    }
    let g = &v["agreement"];
    assert_eq!(g["areas"], 1287);
    let diagonal: u64 = (0..5).map(|i| g["table"][i][i].as_u64().unwrap()).sum();
    assert_eq!(diagonal, g["agree"].as_u64().unwrap());
    // The county's own types agree with SCB's national RegSO types more often than not.
    assert!(g["share"].as_f64().unwrap() > 0.5);
}

#[test]
fn the_red_line_runs_from_danderyd_to_botkyrka() {
    let v = json_of(&[
        "transect",
        &shared("stockholm/deso2018_scb2022.geojson"),
        "--id",
        "deso",
        "--line",
        RED_LINE,
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--json",
    ]);
    let areas = v["areas"].as_array().unwrap();
    // shapely: the line meets 63 DeSO over at least 1 m, in 67 pieces (it re-enters four).
    assert_eq!(areas.len(), 67);
    let distinct: std::collections::HashSet<&str> =
        areas.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(distinct.len(), 63);
    let mut order: Vec<String> = Vec::new();
    let mut last = -1.0;
    for a in areas {
        let m = a["id"].as_str().unwrap()[..4].to_string();
        if order.last() != Some(&m) {
            order.push(m);
        }
        let from = a["from_m"].as_f64().unwrap();
        assert!(from >= last && a["to_m"].as_f64().unwrap() > from);
        last = from;
    }
    assert_eq!(order, vec!["0162", "0184", "0180", "0126", "0127"]);
    assert!(areas[0]["from_m"].as_f64().unwrap() < 1e-3);
    let length = v["length_m"].as_f64().unwrap();
    assert!((25_000.0..35_000.0).contains(&length), "{length}");
    assert!(areas
        .iter()
        .all(|a| a["values"]["nettoinkomst_median_tkr_2022"].is_f64()));
}

#[test]
fn the_state_grant_style_rule_selects_and_exports() {
    let dir = std::env::temp_dir().join(format!("segatlas-select-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("selected.csv");
    let v = json_of(&[
        "select", &shared("stockholm/deso2018_scb2022.geojson"), "--id", "deso", "--rule",
        "lag_ekonomisk_standard_pct_2022 >= mean + 2 sd and utlandsk_bakgrund_2022/folkmangd_2022*100 >= mean + 1.5 sd",
        "--out", out.to_str().unwrap(), "--json",
    ]);
    let n = v["count"].as_u64().unwrap() as usize;
    // pandas: mean + 2 sd (sample sd) of low economic standard selects 82 DeSO, and 76 of them
    // also have a foreign-background share of at least mean + 1.5 sd.
    assert_eq!(v["conditions"][0]["areas"], 82);
    assert_eq!(n, 76);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), n + 1);
    let err = run(&[
        "select",
        &shared("stockholm/deso2018_scb2022.geojson"),
        "--id",
        "deso",
        "--rule",
        "folkmangd_2022 mean",
    ]);
    assert_eq!(err.status.code(), Some(2));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn regso_time_series_join_and_index_per_year() {
    let layer = shared("stockholm/regso2020_scb2022.geojson");
    let stats = shared("scb-raw/regso_fodelseregion_2020_2023.csv");
    let j = json_of(&[
        "join",
        &layer,
        &stats,
        "--key",
        "regsonamn:region",
        "--json",
    ]);
    assert_eq!(j["matched"], 524);
    assert!(j["unmatched_areas"].as_array().unwrap().is_empty());
    let v = json_of(&[
        "index",
        &layer,
        "--stats",
        &stats,
        "--key",
        "regsonamn:region",
        "--group",
        "\"Antal totalt totalt 2020\" - \"Antal Sverige totalt 2020\"",
        "--total",
        "\"Antal totalt totalt 2020\"",
        "--index",
        "dissim",
        "--years",
        "2020,2021,2022,2023",
        "--by",
        "kommun",
        "--json",
    ]);
    let r = v["results"].as_array().unwrap();
    assert_eq!(r.len(), 4 * 26);
    // The 2023 value equals a direct run on the 2023 columns.
    let direct = json_of(&[
        "index",
        &layer,
        "--stats",
        &stats,
        "--key",
        "regsonamn:region",
        "--group",
        "\"Antal totalt totalt 2023\" - \"Antal Sverige totalt 2023\"",
        "--total",
        "\"Antal totalt totalt 2023\"",
        "--index",
        "dissim",
        "--by",
        "kommun",
        "--json",
    ]);
    let y2023: Vec<&Value> = r.iter().filter(|x| x["year"] == 2023).collect();
    for (a, b) in y2023.iter().zip(direct["results"].as_array().unwrap()) {
        assert_eq!(a["region"], b["region"]);
        close(a["value"].as_f64().unwrap(), b["value"].as_f64().unwrap());
    }
    let err = run(&[
        "index",
        &layer,
        "--stats",
        &stats,
        "--key",
        "regsonamn:region",
        "--group",
        "\"Antal Sverige totalt 2020\"",
        "--total",
        "\"Antal totalt totalt 2020\"",
        "--years",
        "2019",
    ]);
    assert_eq!(err.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&err.stderr).contains("no columns for 2019"));
}

#[test]
fn bad_input_to_the_follow_up_commands_is_named() {
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let expect = |args: &[&str], needle: &str| {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(!err.contains("panicked"));
    };
    expect(
        &[
            "areatypes",
            &deso,
            "--id",
            "deso",
            "--component",
            "folkmangd_2022",
            "--component",
            "folkmangd_2023",
        ],
        "exactly three --component",
    );
    expect(
        &[
            "transect",
            &deso,
            "--id",
            "deso",
            "--line",
            "18.03 59.39, 17.8",
        ],
        "point 2 of the line",
    );
    expect(
        &[
            "compare",
            &deso,
            "--id",
            "deso",
            "--areas",
            "0114A0010",
            "--var",
            "folkmangd_2O22",
        ],
        "no column 'folkmangd_2O22'",
    );
    expect(
        &[
            "difference",
            &deso,
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            "dissim",
        ],
        "give the second sample",
    );
    expect(
        &[
            "index",
            &deso,
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--null",
            "random",
        ],
        "unknown null 'random'",
    );
}

#[test]
fn transitions_and_trends_on_the_regso_series_equal_pandas_and_scipy() {
    let o = common::kept_oracle("pandas_change");
    let layer = shared("stockholm/regso2020_scb2022.geojson");
    let stats = shared("scb-raw/regso_medel_loneinkomst_2020_2023.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("change.csv");
    let v = json_of(&[
        "change",
        &layer,
        "--stats",
        &stats,
        "--key",
        "regsonamn:region",
        "--var",
        o["var"].as_str().unwrap(),
        "--years",
        "2020,2021,2022,2023",
        "--toward",
        "low",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(v["transitions"], o["transitions"]);
    for k in ["moved_up", "moved_down", "stayed"] {
        assert_eq!(v[k], o[k], "{k}");
    }
    assert!(v["excluded"].as_array().unwrap().is_empty());
    let want = o["areas"].as_object().unwrap();
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), want.len());
    let mut significant_falls = 0;
    for a in areas {
        let w = &want[a["id"].as_str().unwrap()];
        assert_eq!(a["from_class"], w["from_class"]);
        assert_eq!(a["to_class"], w["to_class"]);
        for k in ["slope", "se", "p_value"] {
            close(a[k].as_f64().unwrap(), w[k].as_f64().unwrap());
        }
        if a["slope"].as_f64().unwrap() < 0.0 && a["p_value"].as_f64().unwrap() < 0.05 {
            significant_falls += 1;
        }
    }
    // Early warnings: exactly the significant falls, steepest first.
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), significant_falls);
    assert!(significant_falls > 0);
    let slope_of = |id: &Value| want[id.as_str().unwrap()]["slope"].as_f64().unwrap();
    assert!(warnings
        .windows(2)
        .all(|w| slope_of(&w[0]) <= slope_of(&w[1])));
    // The written areas carry the move and the trend.
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.lines().next().unwrap().contains("from_class"));
    assert_eq!(csv.lines().count(), 525);
    // Years the variable lacks, years out of order, an unknown direction: named, exit 2.
    for (years, toward, needle) in [
        ("2019,2023", "low", "no columns for 2019"),
        ("2023,2020", "low", "must rise"),
        ("2020,2023", "down", "say low or high"),
    ] {
        let e = run(&[
            "change",
            &layer,
            "--stats",
            &stats,
            "--key",
            "regsonamn:region",
            "--var",
            o["var"].as_str().unwrap(),
            "--years",
            years,
            "--toward",
            toward,
        ]);
        assert_eq!(e.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&e.stderr).contains(needle),
            "{needle}"
        );
    }
}

#[test]
fn differential_moran_and_lisa_of_the_income_change_equal_esda() {
    let o = common::kept_oracle("esda_differential");
    let layer = shared("stockholm/regso2020_scb2022.geojson");
    let stats = shared("scb-raw/regso_medel_loneinkomst_2020_2023.csv");
    let var = o["var"].as_str().unwrap();
    let args = |stat: &'static str| -> Vec<String> {
        [
            "autocorr",
            &layer,
            "--stats",
            &stats,
            "--key",
            "regsonamn:region",
            "--var",
            var,
            "--weights",
            "knn:6",
            "--stat",
            stat,
            "--permutations",
            "0",
            "--json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let of = |a: Vec<String>| json_of(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let m = of(args("moran"));
    close(m["I"].as_f64().unwrap(), o["moran_i"].as_f64().unwrap());
    assert!((m["z_norm"].as_f64().unwrap() - o["moran_z_norm"].as_f64().unwrap()).abs() < 1e-6);
    let l = of(args("lisa"));
    let local = l["local"].as_array().unwrap();
    let opened = segatlas::data::open_layer(std::path::Path::new(&layer)).unwrap();
    let ids = segatlas::data::subset::ids_of(&opened.table, &(0..opened.len()).collect::<Vec<_>>());
    let want = o["lisa_every_kth"].as_object().unwrap();
    let mut checked = 0;
    for (k, entry) in local.iter().enumerate() {
        if let Some(expected) = want.get(&ids[k]) {
            close(entry["I"].as_f64().unwrap(), expected.as_f64().unwrap());
            let q = o["lisa_q_every_kth"][&ids[k]].as_i64().unwrap() as usize;
            assert_eq!(entry["quadrant"], ["", "HH", "LH", "LL", "HL"][q]);
            checked += 1;
        }
    }
    assert_eq!(checked, want.len());
}

#[test]
fn area_type_transitions_from_the_command_line() {
    // Ten squares whose SEI (one component three times) is 1..10 in 2020 and the same values
    // with the first and the last swapped in 2023: area 1 goes from type 5 to 2, area 10 back.
    let dir = tempfile::tempdir().unwrap();
    let path = common::type_squares(dir.path());
    let v = json_of(&[
        "change",
        path.to_str().unwrap(),
        "--crs",
        "planar",
        "--var",
        "v_2020",
        "--years",
        "2020,2023",
        "--types",
        "v_2020,v_2020,v_2020",
        "--persons",
        "pop_2023",
        "--json",
    ]);
    let t = &v["type_transitions"];
    assert_eq!(t["areas"][4][1], 1);
    assert_eq!(t["areas"][1][4], 1);
    assert_eq!(t["persons"][4][1], 100.0);
    assert_eq!(t["persons"][1][4], 1000.0);
    let moved: Vec<&str> = t["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(moved, vec!["A0", "A9"]);
}

#[test]
fn elbers_splits_the_change_in_theils_m_of_the_foreign_born() {
    let layer = shared("stockholm/regso2020_scb2022.geojson");
    let stats = shared("scb-raw/regso_fodelseregion_2020_2023.csv");
    let group = |y: i32| format!("\"Antal totalt totalt {y}\" - \"Antal Sverige totalt {y}\"");
    let total = |y: i32| format!("\"Antal totalt totalt {y}\"");
    let (g20, t20, g23, t23) = (group(2020), total(2020), group(2023), total(2023));
    let base = [
        "difference",
        layer.as_str(),
        "--stats",
        stats.as_str(),
        "--key",
        "regsonamn:region",
        "--group",
        g20.as_str(),
        "--total",
        t20.as_str(),
    ];
    let mut args = base.to_vec();
    args.extend([
        "--group2",
        g23.as_str(),
        "--total2",
        t23.as_str(),
        "--permutations",
        "9",
        "--elbers",
        "--json",
    ]);
    let e = json_of(&args)["elbers"].clone();
    // M of each year is the registry's multi-divergence (PySAL's, oracle-tested) of the group
    // against the rest.
    for (year, key) in [(2020, "m_1"), (2023, "m_2")] {
        let rest = format!("({}) - ({})", total(year), group(year));
        let groups = format!("{},{rest}", group(year));
        let m = json_of(&[
            "index",
            &layer,
            "--stats",
            &stats,
            "--key",
            "regsonamn:region",
            "--groups",
            &groups,
            "--index",
            "multi-divergence",
            "--json",
        ]);
        close(
            e[key].as_f64().unwrap(),
            m["results"][0]["value"].as_f64().unwrap(),
        );
    }
    let part = |k: &str| e[k].as_f64().unwrap();
    close(
        part("unit_marginal") + part("group_marginal") + part("structural"),
        part("m_2") - part("m_1"),
    );
    assert_eq!(e["areas"], 524);
    // Two regions are not the same areas over time: refused in words.
    let mut bad = base.to_vec();
    bad.extend([
        "--where",
        "kommun=0180",
        "--where2",
        "kommun=0127",
        "--elbers",
    ]);
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("same areas over time"));
}

/// SCB's area types from three different real components (low economic standard, at most
/// pre-secondary education, unemployment) against pandas (tools/pandas_areatypes.py): every
/// area's SEI and type, μ and σ, unweighted and weighted by the population. A component
/// dropped or used twice changes SEI everywhere.
#[test]
fn area_types_from_three_components_equal_pandas() {
    let o = common::kept_oracle("pandas_areatypes");
    let u = "(utb_forgymnasial_25_64_2022+utb_gymnasial_25_64_2022+utb_eftergymn_lt3ar_25_64_2022+utb_eftergymn_ge3ar_25_64_2022+utb_saknas_25_64_2022)";
    let v2 = format!("utb_forgymnasial_25_64_2022/{u}*100");
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    for (case, weight) in [("unweighted", None), ("weighted", Some("folkmangd_2022"))] {
        let mut args: Vec<&str> = vec![
            "areatypes",
            &deso,
            "--id",
            "deso",
            "--component",
            "lag_ekonomisk_standard_pct_2022",
            "--component",
            &v2,
            "--component",
            "arbetslosa_16_64_2022/befolkning_16_64_2022*100",
            "--json",
        ];
        if let Some(w) = weight {
            args.extend(["--weight", w]);
        }
        let v = json_of(&args);
        let want = &o[case];
        close(v["mean"].as_f64().unwrap(), want["mean"].as_f64().unwrap());
        close(v["sd"].as_f64().unwrap(), want["sd"].as_f64().unwrap());
        let got = v["areas"].as_array().unwrap();
        let want = want["areas"].as_array().unwrap();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g["id"], w["id"]);
            close(g["sei"].as_f64().unwrap(), w["sei"].as_f64().unwrap());
            assert_eq!(g["type"], w["type"], "{case}: {}", g["id"]);
        }
    }
}

/// Elbers' decomposition part by part — the unit marginal, the group marginal and the
/// structural part — against an independent implementation (tools/numpy_elbers.py: numpy's IPF
/// and the Shapley value over the six orders), not only their sum.
#[test]
fn elbers_parts_equal_an_independent_numpy_implementation() {
    let o = common::kept_oracle("numpy_elbers");
    let layer = shared("stockholm/regso2020_scb2022.geojson");
    let stats = shared("scb-raw/regso_fodelseregion_2020_2023.csv");
    let group = |y: i32| format!("\"Antal totalt totalt {y}\" - \"Antal Sverige totalt {y}\"");
    let total = |y: i32| format!("\"Antal totalt totalt {y}\"");
    let (g20, t20, g23, t23) = (group(2020), total(2020), group(2023), total(2023));
    let e = json_of(&[
        "difference",
        &layer,
        "--stats",
        &stats,
        "--key",
        "regsonamn:region",
        "--group",
        &g20,
        "--total",
        &t20,
        "--group2",
        &g23,
        "--total2",
        &t23,
        "--permutations",
        "9",
        "--elbers",
        "--json",
    ])["elbers"]
        .clone();
    for key in [
        "m_1",
        "m_2",
        "difference",
        "unit_marginal",
        "group_marginal",
        "structural",
    ] {
        let (a, b) = (e[key].as_f64().unwrap(), o[key].as_f64().unwrap());
        assert!((a - b).abs() < 1e-10, "{key}: {a} vs numpy {b}");
    }
    assert_eq!(e["areas"], o["areas"]);
}

/// `segatlas change` on SCB's RegSO series of the share born in Sweden, with these extras.
fn regso_change(extra: &[&str]) -> serde_json::Value {
    let (layer, stats) = (
        common::data("stockholm/regso2020_scb2022.geojson"),
        common::data("scb-raw/regso_fodelseregion_2020_2023.csv"),
    );
    let mut args = vec![
        "change",
        common::s(&layer),
        "--stats",
        common::s(&stats),
        "--key",
        "regsonamn:region",
        "--var",
        r#""Antal Sverige totalt 2020"/"Antal totalt totalt 2020"*100"#,
        "--years",
        "2020,2021,2022,2023",
        "--toward",
        "low",
        "--json",
    ];
    args.extend_from_slice(extra);
    common::segatlas_json(&args)
}

#[test]
fn follow_up_under_noise_collapses_without_noise_and_shows_fragile_moves_with_it() {
    let f = |v: &serde_json::Value| v.as_f64().unwrap();
    // No noise: every move kept, every band the observed number.
    let none = regso_change(&["--noise", "uniform:0", "--draws", "5"]);
    let u = &none["uncertainty"];
    for (k, band) in [
        ("moved_up", "moved_up"),
        ("moved_down", "moved_down"),
        ("stayed", "stayed"),
    ] {
        assert_eq!(f(&u[band]["low"]), f(&none[k]));
        assert_eq!(f(&u[band]["high"]), f(&none[k]));
    }
    let areas = none["areas"].as_array().unwrap();
    for a in areas {
        if !a["from_class"].is_null() && !a["to_class"].is_null() {
            assert_eq!(a["move_stability"], 1.0);
        }
        if let Some(s) = a["slope"].as_f64() {
            let b = &a["slope_band"];
            assert!((f(&b["low"]) - s).abs() < 1e-9 && (f(&b["high"]) - s).abs() < 1e-9);
        }
    }
    assert!(u["warning_stability"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["stability"] == 1.0));
    // Poisson: many RegSO's moves between quintiles depend on a few persons.
    let v = regso_change(&["--noise", "poisson", "--draws", "199"]);
    let u = &v["uncertainty"];
    assert_eq!(u["draws"], 199);
    let n_moving = v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["move_stability"].is_number())
        .count();
    let stable = u["stable_moves"].as_u64().unwrap() as usize;
    assert!(
        stable < n_moving && stable > n_moving / 2,
        "{stable} of {n_moving}"
    );
    // The observed counts lie in their bands' neighbourhood; each band is ordered.
    for k in ["moved_up", "moved_down", "stayed"] {
        let b = &u[k];
        assert!(f(&b["low"]) <= f(&b["mean"]) && f(&b["mean"]) <= f(&b["high"]));
        assert!(
            (f(&b["mean"]) - f(&v[k])).abs() < 4.0 * f(&b["sd"]) + 15.0,
            "{k}: {b}"
        );
    }
    // A trend's band holds its slope's scale; warnings carry their share.
    let w = u["warning_stability"].as_array().unwrap();
    assert_eq!(w.len(), v["warnings"].as_array().unwrap().len());
    assert!(w.iter().any(|x| f(&x["stability"]) < 1.0));
    assert!(w.iter().all(|x| (0.0..=1.0).contains(&f(&x["stability"]))));
}

#[test]
fn area_types_under_noise_redraw_the_shares_of_counts_and_keep_the_published_rest() {
    let deso = common::data("stockholm/deso2018_scb2022.geojson");
    let education = "utb_forgymnasial_25_64_2022/(utb_forgymnasial_25_64_2022+utb_gymnasial_25_64_2022+utb_eftergymn_lt3ar_25_64_2022+utb_eftergymn_ge3ar_25_64_2022)*100";
    let unemployed = "arbetslosa_16_64_2022/arbetskraften_16_64_2022*100";
    let run = |model: &str| {
        common::segatlas_json(&[
            "areatypes",
            common::s(&deso),
            "--id",
            "deso",
            "--component",
            "lag_ekonomisk_standard_pct_2022",
            "--component",
            education,
            "--component",
            unemployed,
            "--noise",
            model,
            "--draws",
            "199",
            "--json",
        ])
    };
    let none = run("uniform:0");
    let u = &none["uncertainty"];
    assert_eq!(u["redrawn"], serde_json::json!([education, unemployed]));
    assert_eq!(
        u["kept"],
        serde_json::json!(["lag_ekonomisk_standard_pct_2022"])
    );
    assert_eq!(u["stability"]["unstable"], 0);
    for k in 1..=5 {
        let n = none["counts"][k.to_string()].as_f64().unwrap();
        assert_eq!(u["counts"][k - 1]["low"].as_f64(), Some(n));
        assert_eq!(u["counts"][k - 1]["high"].as_f64(), Some(n));
    }
    let v = run("poisson");
    let s = &v["uncertainty"]["stability"];
    let (stable, unstable) = (
        s["stable"].as_u64().unwrap(),
        s["unstable"].as_u64().unwrap(),
    );
    assert_eq!(stable + unstable, 1287);
    // Areas near a type's bound change type in some draws; most keep theirs.
    assert!(unstable > 20 && stable > 4 * unstable, "{s}");
    let shares: Vec<f64> = v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["stability"].as_f64().unwrap())
        .collect();
    let mean = shares.iter().sum::<f64>() / shares.len() as f64;
    assert!((mean - s["mean"].as_f64().unwrap()).abs() < 1e-12);
    // Nothing to redraw: refused in words.
    let out = common::run(&[
        "areatypes",
        common::s(&deso),
        "--id",
        "deso",
        "--component",
        "lag_ekonomisk_standard_pct_2022",
        "--component",
        "hog_ekonomisk_standard_pct_2022",
        "--component",
        "nettoinkomst_median_tkr_2022",
        "--noise",
        "poisson",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("none of the components is a share of counts"));
}

/// Two shares of draws (segatlas's `n1`, the oracle's `n2`) agree within five standard errors of
/// a difference of binomial shares (pooled; a floor of half a draw for shares of 0 or 1).
fn same_share(what: &str, p1: f64, n1: f64, p2: f64, n2: f64) {
    let p = ((p1 * n1 + p2 * n2) / (n1 + n2)).clamp(0.5 / n2, 1.0 - 0.5 / n2);
    let se = (p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)).sqrt();
    assert!(
        (p1 - p2).abs() <= 5.0 * se,
        "{what}: {p1} against {p2} (5 SE = {})",
        5.0 * se
    );
}

/// The stability of the map's classes, of the area types and of the follow-up's moves under
/// Poisson noise, area by area,
/// against an independent Monte Carlo (tools/numpy_stability.py: numpy and mapclassify, 4,000
/// draws): each area's share of draws keeping its class within five standard errors, and the
/// mean share.
#[test]
fn class_type_and_move_stability_equal_an_independent_monte_carlo() {
    let o = common::kept_oracle("numpy_stability");
    let deso = shared("stockholm/deso2018_scb2022.geojson");
    let classes = json_of(&[
        "classify",
        &deso,
        "--var",
        "utlandsk_bakgrund_2022/folkmangd_2022*100",
        "--scheme",
        "quantiles",
        "--k",
        "5",
        "--noise",
        "poisson",
        "--json",
    ]);
    let u = "(utb_forgymnasial_25_64_2022+utb_gymnasial_25_64_2022+utb_eftergymn_lt3ar_25_64_2022+utb_eftergymn_ge3ar_25_64_2022+utb_saknas_25_64_2022)";
    let v2 = format!("utb_forgymnasial_25_64_2022/{u}*100");
    let types = json_of(&[
        "areatypes",
        &deso,
        "--id",
        "deso",
        "--component",
        "lag_ekonomisk_standard_pct_2022",
        "--component",
        &v2,
        "--component",
        "arbetslosa_16_64_2022/befolkning_16_64_2022*100",
        "--noise",
        "poisson",
        "--json",
    ]);
    let got_classes: Vec<f64> = classes["uncertainty"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_f64().unwrap())
        .collect();
    let got_types: Vec<f64> = types["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["stability"].as_f64().unwrap())
        .collect();
    for (case, got) in [("classes", got_classes), ("areatypes", got_types)] {
        let want = &o[case];
        let n2 = want["draws"].as_f64().unwrap();
        let shares = want["stability"].as_array().unwrap();
        assert_eq!(got.len(), shares.len());
        for (k, (g, w)) in got.iter().zip(shares).enumerate() {
            let id = want["ids"][k].as_str().unwrap();
            same_share(&format!("{case} {id}"), *g, 999.0, w.as_f64().unwrap(), n2);
        }
        let mean = got.iter().sum::<f64>() / got.len() as f64;
        let want_mean = want["mean"].as_f64().unwrap();
        // The mean of 1,287 shares: its spread is far below a single area's.
        assert!(
            (mean - want_mean).abs() < 0.005,
            "{case}: mean {mean} against {want_mean}"
        );
    }
    // The moves between the first and the last year's quintiles on SCB's RegSO series.
    let want = &o["moves"];
    let change = regso_change(&["--noise", "poisson"]);
    let areas = change["areas"].as_array().unwrap();
    let shares = want["stability"].as_array().unwrap();
    assert_eq!(areas.len(), shares.len());
    let mut known = Vec::new();
    for (k, (a, w)) in areas.iter().zip(shares).enumerate() {
        let id = want["ids"][k].as_str().unwrap();
        match w.as_f64() {
            None => assert!(a["move_stability"].is_null(), "{id}: {a}"),
            Some(w) => {
                let g = a["move_stability"].as_f64().unwrap();
                same_share(&format!("moves {id}"), g, 999.0, w, 4000.0);
                known.push(g);
            }
        }
    }
    let mean = known.iter().sum::<f64>() / known.len() as f64;
    let want_mean = want["mean"].as_f64().unwrap();
    assert!(
        (mean - want_mean).abs() < 0.01,
        "moves: mean {mean} against {want_mean}"
    );
}
