//! `segatlas report`: one PDF per municipality whose numbers are the engine's (`index --by`),
//! the country's computed by hand from the national table, read back with poppler.

use super::common::{self, data as shared};
use super::poppler;
use serde_json::Value;

/// The report's JSON for Stockholm county's DeSO with the national table.
fn deso_report(out: &std::path::Path, extra: &[&str]) -> Value {
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let national = shared("sweden/deso2018_stats_2022.csv");
    let mut args = vec![
        "report",
        common::s(&layer),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--var",
        "lag_ekonomisk_standard_pct_2022",
        "--each",
        "kommun",
        "--national",
        common::s(&national),
        "--out",
        common::s(out),
        "--json",
    ];
    args.extend_from_slice(extra);
    common::segatlas_json(&args)
}

/// The value of `index` at `level` in a report of the JSON.
fn level(report: &Value, index: &str, level: &str) -> Option<f64> {
    report["indices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["index"] == index)
        .unwrap()["values"][level]
        .as_f64()
}

#[test]
fn a_report_per_municipality_shows_the_indices_index_gives() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapporter");
    let json = deso_report(&out, &[]);
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 26, "Stockholm county's 26 municipalities");
    // The same numbers as `index --by kommun`, for every municipality and index.
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let by = common::segatlas_json(&[
        "index",
        common::s(&layer),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim,isolation,entropy,spatial-dissim",
        "--by",
        "kommun",
        "--json",
    ]);
    let mut compared = 0;
    for r in by["results"].as_array().unwrap() {
        let report = reports
            .iter()
            .find(|p| p["code"] == r["region"])
            .expect("a report per region");
        common::close(
            level(report, r["index"].as_str().unwrap(), "region").unwrap(),
            r["value"].as_f64().unwrap(),
        );
        compared += 1;
    }
    assert_eq!(compared, 26 * 4);
    // The county's values: the whole layer (it is Stockholm county).
    let county = common::segatlas_json(&[
        "index",
        common::s(&layer),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim",
        "--json",
    ]);
    let sthlm = reports.iter().find(|p| p["code"] == "0180").unwrap();
    common::close(
        level(sthlm, "dissim", "county").unwrap(),
        county["results"][0]["value"].as_f64().unwrap(),
    );
    // The country's dissimilarity and share, by hand from the 5,984 DeSO of the national table.
    let text = std::fs::read_to_string(shared("sweden/deso2018_stats_2022.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let (gi, ti) = (
        head.iter()
            .position(|h| *h == "utlandsk_bakgrund_2022")
            .unwrap(),
        head.iter().position(|h| *h == "folkmangd_2022").unwrap(),
    );
    let rows: Vec<(f64, f64)> = lines
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            Some((c[gi].parse().ok()?, c[ti].parse().ok()?))
        })
        .collect();
    assert_eq!(rows.len(), 5984);
    let (x, t): (f64, f64) = rows.iter().fold((0.0, 0.0), |a, r| (a.0 + r.0, a.1 + r.1));
    let d = 0.5
        * rows
            .iter()
            .map(|(xi, ti)| (xi / x - (ti - xi) / (t - x)).abs())
            .sum::<f64>();
    common::close(level(sthlm, "dissim", "country").unwrap(), d);
    assert_eq!(
        level(sthlm, "spatial-dissim", "country"),
        None,
        "no geometry"
    );
    let share = &sthlm["indicators"][0];
    assert_eq!(share["kind"], "share");
    common::close(share["values"]["country"].as_f64().unwrap(), 100.0 * x / t);
    assert_eq!(sthlm["indicators"][1]["values"]["country"], t);
    // A percentage is not summed: the population-weighted mean, said so.
    assert_eq!(sthlm["indicators"][2]["weighted"], true);
    // The county's Theil's M splits exactly into between and within.
    let s = &sthlm["split"];
    common::close(
        s["between"].as_f64().unwrap() + s["within"].as_f64().unwrap(),
        s["county_m"].as_f64().unwrap(),
    );
    // The PDF: two A4 pages, fonts embedded, the title and the values as text.
    let pdf = out.join("0180 Stockholm.pdf");
    assert_eq!(sthlm["file"], common::s(&pdf));
    let info = poppler("pdfinfo", &[common::s(&pdf)]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(info.contains("595.5 x 842.25 pts (A4)"), "{info}");
    assert!(
        info.contains("Title:           Segregation i Stockholm (0180)"),
        "{info}"
    );
    let fonts = poppler("pdffonts", &[common::s(&pdf)]);
    assert!(
        fonts
            .lines()
            .filter(|l| l.contains("Ubuntu"))
            .all(|l| l.contains(" yes yes ")),
        "{fonts}"
    );
    let text = poppler("pdftotext", &[common::s(&pdf), "-"]);
    let three = |v: f64| format!("{v:.3}").replace('.', ",");
    for needle in [
        "Segregation i Stockholm".to_string(),
        "Stockholms län".into(),
        "Olikhetsindex".into(),
        "Rumslig olikhet (Morrill)".into(),
        three(level(sthlm, "dissim", "region").unwrap()),
        three(level(sthlm, "dissim", "country").unwrap()),
        three(level(sthlm, "spatial-dissim", "region").unwrap()),
        "10 521 556".into(),
        "deso2018_stats_2022.csv".into(),
    ] {
        assert!(
            text.contains(&needle),
            "'{needle}' not in the report: {text}"
        );
    }
    // Every municipality's file, named by code and name.
    assert!(out.join("0127 Botkyrka.pdf").exists() && out.join("0186 Lidingö.pdf").exists());
}

#[test]
fn a_report_over_years_has_the_indices_per_year_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/regso2020_scb2022.geojson");
    let stats = shared("scb-raw/regso_fodelseregion_2020_2023.csv");
    let group = "\"Antal totalt totalt 2023\" - \"Antal Sverige totalt 2023\"";
    let total = "\"Antal totalt totalt 2023\"";
    let json = common::segatlas_json(&[
        "report",
        common::s(&layer),
        "--stats",
        common::s(&stats),
        "--key",
        "regsonamn:region",
        "--group",
        group,
        "--total",
        total,
        "--group-label",
        "foreign-born",
        "--each",
        "kommun",
        "--only",
        "0180",
        "--lang",
        "en",
        "--date",
        "2026-06-30",
        "--out",
        common::s(dir.path()),
        "--json",
    ]);
    let r = &json["reports"][0];
    assert_eq!(json["reports"].as_array().unwrap().len(), 1);
    let years: Vec<i64> = r["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2020, 2021, 2022, 2023]);
    // 2020's dissimilarity as `index --years 2020 --by kommun` gives it.
    let by = common::segatlas_json(&[
        "index",
        common::s(&layer),
        "--stats",
        common::s(&stats),
        "--key",
        "regsonamn:region",
        "--group",
        group,
        "--total",
        total,
        "--index",
        "dissim",
        "--years",
        "2020",
        "--by",
        "kommun",
        "--json",
    ]);
    let v = by["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["region"] == "0180")
        .unwrap()["value"]
        .as_f64()
        .unwrap();
    common::close(r["years"][0]["region"][0].as_f64().unwrap(), v);
    assert_eq!(json["country"], "none");
    let pdf = dir.path().join("0180 Stockholm.pdf");
    let info = poppler("pdfinfo", &[common::s(&pdf)]);
    assert!(info.contains("Pages:           3"), "{info}");
    let text = poppler("pdftotext", &[common::s(&pdf), "-"]);
    assert!(text.contains("Indices over the years"), "{text}");
    assert!(text.contains(&format!("{v:.3}")), "{text}");
    assert!(text.contains("Foreign-born"), "{text}");
    // The date given, not today's.
    assert!(text.contains("2026-06-30"), "{text}");
}

#[test]
fn a_report_refuses_bad_input_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            common::s(&layer),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--out",
            common::s(dir.path()),
        ];
        args.extend_from_slice(extra);
        let out = common::run(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run(&["--each", "kommunen"]).contains("kommunen"));
    assert!(run(&["--each", "kommun", "--only", "9999"]).contains("no area has kommun = '9999'"));
    assert!(run(&["--each", "kommun", "--index", "multi-dissim"]).contains("'multi-dissim' is not"));
    assert!(run(&["--each", "kommun", "--date", "2026-13-01"]).contains("YYYY-MM-DD"));
    // A day the month does not have, and the 29th of February of a year without one.
    assert!(run(&["--each", "kommun", "--date", "2026-02-30"]).contains("YYYY-MM-DD"));
    assert!(run(&["--each", "kommun", "--date", "2026-02-29"]).contains("YYYY-MM-DD"));
    // A national table whose name has no extension is named with what to do.
    let bare = dir.path().join("riket");
    std::fs::write(&bare, "deso\n").unwrap();
    assert!(run(&["--each", "kommun", "--national", common::s(&bare)]).contains("no extension"));
    std::fs::remove_file(&bare).unwrap();
    // The national table lacks the group: the message names that file.
    let bad = dir.path().join("riket.csv");
    std::fs::write(&bad, "deso,folkmangd_2022\n0114A0010,863\n").unwrap();
    let msg = run(&["--each", "kommun", "--national", common::s(&bad)]);
    assert!(
        msg.contains("riket.csv") && msg.contains("utlandsk_bakgrund_2022"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing written"
    );
    // --out naming a file: an output problem in words (it was "cannot read: File exists").
    let out = common::run(&[
        "report",
        common::s(&layer),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--each",
        "kommun",
        "--only",
        "0186",
        "--out",
        common::s(&bad),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("riket.csv") && err.contains("not a folder"),
        "{err}"
    );
}

#[test]
fn a_plan_gets_a_page_in_the_reports_of_the_municipalities_it_reaches() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    // A block in Skarpnäck (Stockholm), as the README's scenario example.
    let p = "POLYGON((18.1236 59.2664, 18.1256 59.2664, 18.1256 59.2674, 18.1236 59.2674, 18.1236 59.2664))";
    let a = format!("{p}:persons=1500:share=25%:scenario=Plan A");
    let b = format!("{p}:persons=1500:share=53%:scenario=Plan B");
    let json = common::segatlas_json(&[
        "report",
        common::s(&layer),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--each",
        "kommun",
        "--only",
        "0180,0127",
        "--change",
        &a,
        "--change",
        &b,
        "--out",
        common::s(dir.path()),
        "--json",
    ]);
    let reports = json["reports"].as_array().unwrap();
    let sthlm = reports.iter().find(|r| r["code"] == "0180").unwrap();
    let botkyrka = reports.iter().find(|r| r["code"] == "0127").unwrap();
    assert_eq!(
        botkyrka["plans"].as_array().unwrap().len(),
        0,
        "the plan is not there"
    );
    assert_eq!(botkyrka["pages"], 2);
    assert_eq!(sthlm["pages"], 3);
    let plans = sthlm["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0]["persons"], 1500.0);
    assert_eq!(plans[1]["group_persons"], 795.0);
    // The after-values are `scenario --by kommun`'s for Stockholm.
    let sc = common::segatlas_json(&[
        "scenario",
        common::s(&layer),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--by",
        "kommun",
        "--change",
        &a,
        "--change",
        &b,
        "--json",
    ]);
    let indices = json["indices"].as_array().unwrap();
    for (k, plan) in plans.iter().enumerate() {
        for (i, index) in indices.iter().enumerate() {
            let c = sc["scenarios"][k]["indices"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["index"] == *index && c["region"] == "0180")
                .unwrap();
            common::close(
                plan["indices"][i][1].as_f64().unwrap(),
                c["after"].as_f64().unwrap(),
            );
        }
    }
    let text = poppler(
        "pdftotext",
        &[common::s(&dir.path().join("0180 Stockholm.pdf")), "-"],
    );
    assert!(text.contains("Planer: vad de skulle göra"), "{text}");
    assert!(
        text.contains("Plan B: 1 500 personer, varav 53 %"),
        "{text}"
    );
}

/// `report --each kommun` on SCB's national DeSO table alone (no geometry): every municipality's
/// report, named from the bundled map, the aspatial indices only, the municipality drawn on the
/// bundled map, and its rank and share of the country's segregation within municipalities equal
/// to `segatlas levels` on the same table.
#[test]
fn reports_from_the_national_table_rank_each_municipality_in_the_country() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("riket");
    let national = shared("sweden/deso2018_stats_2022.csv");
    let json = common::segatlas_json(&[
        "report",
        common::s(&national),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--each",
        "kommun",
        "--only",
        "0180,1480,2584",
        "--date",
        "2026-12-07",
        "--out",
        common::s(&out),
        "--json",
    ]);
    assert_eq!(
        json["indices"],
        serde_json::json!(["dissim", "isolation", "entropy"])
    );
    assert_eq!(json["country"], "layer");
    assert_eq!(
        json["excluded"],
        serde_json::json!([]),
        "a table is not areas without geometry"
    );
    let levels = common::segatlas_json(&[
        "levels",
        common::s(&national),
        "--groups",
        "utlandsk_bakgrund_2022,folkmangd_2022 - utlandsk_bakgrund_2022",
        "--levels",
        "kommun",
        "--json",
    ]);
    let units = levels["units"]["kommun"].as_array().unwrap();
    // The country's column is each index computed on the whole table, index by index.
    let country = common::segatlas_json(&[
        "index",
        common::s(&national),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim,isolation,entropy",
        "--json",
    ]);
    for r in json["reports"].as_array().unwrap() {
        for (k, i) in r["indices"].as_array().unwrap().iter().enumerate() {
            assert_eq!(i["index"], country["results"][k]["index"]);
            common::close(
                i["values"]["country"].as_f64().unwrap(),
                country["results"][k]["value"].as_f64().unwrap(),
            );
        }
    }
    for r in json["reports"].as_array().unwrap() {
        let code = r["code"].as_str().unwrap();
        let u = units.iter().find(|u| u["code"] == code).unwrap();
        let n = &r["national"];
        assert_eq!(n["rank"], u["rank"], "{code}");
        assert_eq!(n["of"], 290);
        common::close(
            n["share"].as_f64().unwrap(),
            u["contribution_share"].as_f64().unwrap(),
        );
        common::close(n["m"].as_f64().unwrap(), u["m"].as_f64().unwrap());
        common::close(
            n["within"].as_f64().unwrap(),
            levels["parts"][1]["m"].as_f64().unwrap(),
        );
    }
    let gbg = &json["reports"][1];
    assert_eq!(
        (gbg["name"].as_str(), gbg["national"]["rank"].as_u64()),
        (Some("Göteborg"), Some(2))
    );
    let pdf = out.join("1480 Göteborg.pdf");
    let text = poppler("pdftotext", &[common::s(&pdf), "-"]);
    for needle in [
        // SCB's fields under their own labels, not "Utlandsk bakgrund 2022".
        "Utländsk bakgrund 2022, andel av folkmängd 2022, %",
        "I hela landet",
        "är nummer 2 av",
        "11,5 % av landets segregation inom kommunerna",
        "Kommunen (tabellen har inga områdesgränser)",
        "Västra Götalands län",
    ] {
        assert!(
            text.contains(needle),
            "'{needle}' not in the report: {text}"
        );
    }
    assert!(out.join("2584 Kiruna.pdf").exists());
}

#[test]
fn with_noise_a_report_gives_each_index_its_interval_in_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let v = deso_report(
        dir.path(),
        &["--only", "0127", "--noise", "poisson", "--draws", "199"],
    );
    let botkyrka = &v["reports"][0];
    let text = poppler(
        "pdftotext",
        &[common::s(&dir.path().join("0127 Botkyrka.pdf")), "-"],
    )
    .replace('\n', " ");
    assert!(
        text.contains("Osäkerhet från små tal: med Poisson-brus på antalen (199 dragningar)"),
        "{text}"
    );
    let three = |v: &Value| format!("{:.3}", v.as_f64().unwrap()).replace('.', ",");
    // Each index's interval is the engine's band (index --by kommun --noise gives the same).
    let index = common::segatlas_json(&[
        "index",
        common::s(&shared("stockholm/deso2018_scb2022.geojson")),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--index",
        "dissim,isolation,entropy,spatial-dissim",
        "--by",
        "kommun",
        "--noise",
        "poisson",
        "--draws",
        "199",
        "--json",
    ]);
    for i in botkyrka["indices"].as_array().unwrap() {
        let b = &i["band"];
        let from_index = index["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["index"] == i["index"] && r["region"] == "0127")
            .unwrap();
        assert_eq!(&from_index["uncertainty"], b);
        let needle = format!("{}–{}", three(&b["low"]), three(&b["high"]));
        assert!(text.contains(&needle), "'{needle}' not in: {text}");
    }
    assert!(text.contains("entropi (Theils H)"), "{text}");
    // The county's and the country's columns get their bands too: the county's is `index` on the
    // whole layer (Stockholm county), the country's `index` on SCB's national table, both with
    // the same model, draws and seed; the sentence gives them after the municipality's.
    let whole = |path: std::path::PathBuf, indices: &str| {
        common::segatlas_json(&[
            "index",
            common::s(&path),
            "--group",
            "utlandsk_bakgrund_2022",
            "--total",
            "folkmangd_2022",
            "--index",
            indices,
            "--noise",
            "poisson",
            "--draws",
            "199",
            "--json",
        ])["results"]
            .clone()
    };
    let county = whole(
        shared("stockholm/deso2018_scb2022.geojson"),
        "dissim,isolation,entropy,spatial-dissim",
    );
    let country = whole(
        shared("sweden/deso2018_stats_2022.csv"),
        "dissim,isolation,entropy",
    );
    let of = |results: &Value, index: &Value| {
        results
            .as_array()
            .unwrap()
            .iter()
            .find(|r| &r["index"] == index)
            .map(|r| r["uncertainty"].clone())
    };
    let mut countries = 0;
    for i in botkyrka["indices"].as_array().unwrap() {
        assert_eq!(
            Some(i["band_county"].clone()),
            of(&county, &i["index"]),
            "{i}"
        );
        let b = &i["band_county"];
        let needle = format!("{}–{}", three(&b["low"]), three(&b["high"]));
        let after = text.split("För länet:").nth(1).unwrap_or_default();
        assert!(
            after.contains(&needle),
            "'{needle}' not after För länet: {text}"
        );
        if let Some(want) = of(&country, &i["index"]) {
            assert_eq!(i["band_country"], want, "{i}");
            countries += 1;
        }
    }
    // The spatial index has no value in the national table's column, hence no band there.
    assert_eq!(countries, 3);
    assert!(text.contains("För riket:"), "{text}");
}

/// Seen on Stockholm county's reports made without SCB's national table: the country's figure
/// read "Riket: –", a dash that passes for a value. A missing figure says so in words.
#[test]
fn a_figure_without_a_value_says_so_in_words() {
    let dir = tempfile::tempdir().unwrap();
    common::segatlas_json(&[
        "report",
        common::s(&shared("stockholm/deso2018_scb2022.geojson")),
        "--group",
        "utlandsk_bakgrund_2022",
        "--total",
        "folkmangd_2022",
        "--each",
        "kommun",
        "--only",
        "0127",
        "--out",
        common::s(dir.path()),
        "--json",
    ]);
    let text = poppler(
        "pdftotext",
        &[common::s(&dir.path().join("0127 Botkyrka.pdf")), "-"],
    )
    .replace('\n', " ");
    assert!(text.contains("Riket: saknas"), "{text}");
    assert!(!text.contains("Riket: –"), "{text}");
}
