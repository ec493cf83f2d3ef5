//! Presentation figures: SVG structure and PNG size of a rendered map of Stockholm's DeSO.

use std::path::{Path, PathBuf};
use std::process::Command;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
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
    let run = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
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
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("\"variable\": \"nettoinkomst_median_tkr_2022\""),
        "{text}"
    );
    let again = dir.path().join("again.svg");
    let run = Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "render",
            project.to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&direct).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
}
