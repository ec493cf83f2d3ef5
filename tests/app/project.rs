//! Projects in the app, driven with egui_kittest: a project made by `segatlas project new` opens
//! with its map; the app saves its session (joins, style, selection, compare, transect) as a
//! project that opens again to the same state; a missing statistics file is named and the rest
//! loads; the map exports as a figure.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use segatlas::app::document::Export;
use segatlas::app::SegatlasApp;
use std::path::Path;

use super::common::data as shared;
use super::wait;
use segatlas::app::panels::{
    compare::CompareView, segregation::SegregationView, transect::TransectView,
};

fn opened(path: &Path) -> Harness<'static, SegatlasApp> {
    super::opened(vec![path.to_path_buf()])
}

#[test]
fn a_cli_project_opens_in_the_app_and_the_session_saves_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("inkomst.segatlas.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "project",
            "new",
            shared("stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--var",
            "nettoinkomst_median_tkr_2022",
            "--scheme",
            "quantiles",
            "--k",
            "7",
            "--palette",
            "Blues",
            "--title",
            "Medianinkomst per DeSO 2022",
            "--source",
            "Källa: SCB",
            "--out",
            project.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut h = opened(&project);
    {
        let ws = &h.state().doc;
        assert_eq!(ws.active_layer().unwrap().len(), 1287);
        assert_eq!(ws.style.variable, "nettoinkomst_median_tkr_2022");
        assert_eq!(ws.style.k, 7);
        assert_eq!(ws.rendered.as_ref().unwrap().legend.len(), 7);
        assert_eq!(ws.source, "Källa: SCB");
    }
    h.get_by_label("Medianinkomst per DeSO 2022");

    // Work in the app, then save the session.
    {
        let app = h.state_mut();
        app.doc.select(10, false);
        app.doc.select(500, true);
        let mut compare = CompareView {
            variables: vec!["utlandsk_bakgrund_2022/folkmangd_2022*100".into()],
            references: vec!["kommun".into()],
            ..Default::default()
        };
        compare.run(&mut app.doc);
        *app.view_mut::<CompareView>().unwrap() = compare;
        let mut transect = TransectView {
            coords: "18.0362 59.3985, 17.8144 59.2437".into(),
            ..Default::default()
        };
        transect.use_coordinates(&mut app.doc);
        *app.view_mut::<TransectView>().unwrap() = transect;
        let f = app.view_mut::<SegregationView>().unwrap();
        f.multigroup = true;
        f.groups = "svensk_bakgrund_2022, \"utlandsk_bakgrund_2022\" * 1".into();
        f.region = Some("kommun".into());
        f.selected = ["multi-dissim"].into_iter().collect();
    }
    h.run();
    wait(&mut h, |h| {
        h.state().view::<TransectView>().unwrap().job.is_none()
            && h.state().view::<CompareView>().unwrap().job.is_none()
    });
    let (selected, crossings, compared) = {
        let ws = &h.state().doc;
        (
            ws.selection.clone(),
            h.state().view::<TransectView>().unwrap().result.len(),
            h.state()
                .view::<CompareView>()
                .unwrap()
                .result
                .clone()
                .unwrap(),
        )
    };
    // shapely: 32 DeSO meet the straight line over at least 1 m, in 37 pieces.
    assert_eq!(crossings, 37);
    let saved = dir.path().join("session.segatlas.json");
    let project = h.state().project().unwrap();
    h.state()
        .doc
        .write_export(
            &Export::Project(Box::new(project)),
            &saved,
            segatlas::i18n::Lang::Sv,
        )
        .unwrap();
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"selection_key\": \"deso\""), "{text}");
    // The figure exports from the app as SVG, the map's classes as on screen.
    let svg = dir.path().join("map.svg");
    h.state()
        .doc
        .write_export(&Export::Figure, &svg, segatlas::i18n::Lang::Sv)
        .unwrap();
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(
        svg.contains(">Medianinkomst per DeSO 2022</text>") && svg.contains(">Källa: SCB</text>")
    );
    // In the layout chosen in the sidebar, which the project keeps.
    h.state_mut().doc.layout = "a4".into();
    let a4 = dir.path().join("a4.svg");
    h.state()
        .doc
        .write_export(&Export::Figure, &a4, segatlas::i18n::Lang::Sv)
        .unwrap();
    let (w, hgt) = segatlas::figure::Layout::A4.size();
    let a4 = std::fs::read_to_string(&a4).unwrap();
    assert!(
        a4.contains(&format!("width=\"{w}\" height=\"{hgt}\"")),
        "{}",
        &a4[..200]
    );
    // With a print margin (Figur → Marginal, 20 mm): the figure scaled into the page, and the
    // project keeps it.
    h.state_mut().doc.margin_mm = 20.0;
    let margin = dir.path().join("margin.svg");
    h.state()
        .doc
        .write_export(&Export::Figure, &margin, segatlas::i18n::Lang::Sv)
        .unwrap();
    assert!(std::fs::read_to_string(&margin)
        .unwrap()
        .contains("x=\"75.6\" y=\"75.6\" width=\"642.8\" height=\"971.8\""));
    assert_eq!(h.state().project().unwrap().figure.margin_mm, Some(20.0));
    h.state_mut().doc.margin_mm = 0.0;
    // Or at a chosen size (a PNG of exactly that size).
    h.state_mut().doc.figure_size = "640x360".into();
    let png = dir.path().join("small.png");
    h.state()
        .doc
        .write_export(&Export::Figure, &png, segatlas::i18n::Lang::Sv)
        .unwrap();
    let bytes = std::fs::read(&png).unwrap();
    let (pw, ph) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert_eq!((pw, ph), (640, 360));
    h.state_mut().doc.figure_size = "tiny".into();
    let e = h
        .state()
        .doc
        .write_export(&Export::Figure, &png, segatlas::i18n::Lang::Sv)
        .unwrap_err();
    assert!(e.to_string().contains("WIDTHxHEIGHT"), "{e}");
    h.state_mut().doc.figure_size.clear();
    // An export never overwrites an input.
    let e = h
        .state()
        .doc
        .write_export(
            &Export::Figure,
            &shared("stockholm/deso2018_scb2022.geojson"),
            segatlas::i18n::Lang::Sv,
        )
        .unwrap_err();
    assert!(e.to_string().contains("input"), "{e}");

    let mut h2 = opened(&saved);
    wait(&mut h2, |h| {
        h.state().view::<TransectView>().unwrap().job.is_none()
            && h.state().view::<CompareView>().unwrap().job.is_none()
    });
    let ws = &h2.state().doc;
    assert_eq!(ws.selection, selected);
    assert_eq!(ws.layout, "slide");
    assert_eq!(ws.style.k, 7);
    assert_eq!(
        h2.state().view::<TransectView>().unwrap().result.len(),
        crossings
    );
    assert_eq!(
        h2.state()
            .view::<CompareView>()
            .unwrap()
            .result
            .as_ref()
            .unwrap(),
        &compared
    );
    // The views with a result opened beside the map.
    assert!(segatlas::app::dock::is_open(&h2.state().tree, "compare"));
    assert!(segatlas::app::dock::is_open(&h2.state().tree, "transect"));
    let f = h2.state().view::<SegregationView>().unwrap();
    assert!(f.multigroup);
    assert_eq!(
        f.groups,
        "svensk_bakgrund_2022, \"utlandsk_bakgrund_2022\" * 1"
    );
    assert_eq!(f.region.as_deref(), Some("kommun"));
    assert_eq!(
        f.selected.iter().copied().collect::<Vec<_>>(),
        vec!["multi-dissim"]
    );
}

#[test]
fn a_missing_statistics_file_is_named_and_the_layer_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let stats = dir.path().join("stats.csv");
    std::fs::write(&stats, "deso,x\n0114A0010,1\n").unwrap();
    let project = dir.path().join("p.segatlas.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "project",
            "new",
            shared("stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--stats",
            stats.to_str().unwrap(),
            "--key",
            "deso",
            "--var",
            "folkmangd_2022",
            "--out",
            project.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&stats).unwrap();
    let h = opened(&project);
    let ws = &h.state().doc;
    assert_eq!(ws.active_layer().unwrap().len(), 1287);
    assert!(
        ws.messages
            .iter()
            .any(|m| m.contains("stats.csv is missing")),
        "{:?}",
        ws.messages
    );
    assert_eq!(ws.style.variable, "folkmangd_2022");
}

#[test]
fn a_project_with_an_overlay_opens_it_as_the_outline_layer() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("o.segatlas.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_segatlas"))
        .args([
            "project",
            "new",
            shared("stockholm/deso2018_scb2022.geojson")
                .to_str()
                .unwrap(),
            "--var",
            "folkmangd_2022",
            "--overlay",
            shared("sweden/polisen_utsatta_omraden_2023.geojson")
                .to_str()
                .unwrap(),
            "--out",
            project.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h = opened(&project);
    let ws = &h.state().doc;
    assert_eq!(ws.layers.len(), 2);
    assert_eq!(ws.active_layer().unwrap().len(), 1287);
    let o = ws.overlay.expect("an overlay");
    assert_eq!(ws.layers[o].len(), 59);
    // And saving the session keeps it.
    let again = ws.to_project(segatlas::i18n::Lang::Sv).unwrap();
    assert!(again
        .figure
        .overlay
        .unwrap()
        .ends_with("polisen_utsatta_omraden_2023.geojson"));
}
