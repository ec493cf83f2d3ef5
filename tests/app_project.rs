//! Projects in the app, driven with egui_kittest: a project made by `segatlas project new` opens
//! with its map; the app saves its session (joins, style, selection, compare, transect) as a
//! project that opens again to the same state; a missing statistics file is named and the rest
//! loads; the map exports as a figure.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use segatlas::app::workspace::Export;
use segatlas::app::{SegatlasApp, Settings};
use std::path::{Path, PathBuf};

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

fn opened(path: &Path) -> Harness<'static, SegatlasApp> {
    let settings = Settings {
        hide_table: true,
        ..Settings::default()
    };
    let app = SegatlasApp::new(settings, vec![path.to_path_buf()]);
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1600.0, 1000.0));
    // Bounded by frames, not by the clock.
    let mut frames = 0;
    while !h.state().ws.jobs.is_empty()
        || h.state().ws.layers.is_empty() && h.state().ws.messages.is_empty()
    {
        frames += 1;
        assert!(frames < 6000, "not done after 6,000 frames");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    h
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
        let ws = &h.state().ws;
        assert_eq!(ws.active_layer().unwrap().len(), 1287);
        assert_eq!(ws.style.variable, "nettoinkomst_median_tkr_2022");
        assert_eq!(ws.style.k, 7);
        assert_eq!(ws.rendered.as_ref().unwrap().legend.len(), 7);
        assert_eq!(ws.source, "Källa: SCB");
    }
    h.get_by_label("Medianinkomst per DeSO 2022");

    // Work in the app, then save the session.
    {
        let ws = &mut h.state_mut().ws;
        ws.select(10, false);
        ws.select(500, true);
        ws.compare.variables = vec!["utlandsk_bakgrund_2022/folkmangd_2022*100".into()];
        ws.compare.references = vec!["kommun".into()];
        segatlas::app::panels::compare::run(ws);
        ws.transect.coords = "18.0362 59.3985, 17.8144 59.2437".into();
        segatlas::app::panels::transect::use_coordinates(ws);
        ws.segregation.multigroup = true;
        ws.segregation.groups = "svensk_bakgrund_2022, \"utlandsk_bakgrund_2022\" * 1".into();
        ws.segregation.region = Some("kommun".into());
        ws.segregation.selected = ["multi-dissim"].into_iter().collect();
    }
    h.run();
    let (selected, crossings, compared) = {
        let ws = &h.state().ws;
        (
            ws.selection.clone(),
            ws.transect.result.len(),
            ws.compare.result.clone().unwrap(),
        )
    };
    // shapely: 32 DeSO meet the straight line over at least 1 m, in 37 pieces.
    assert_eq!(crossings, 37);
    let saved = dir.path().join("session.segatlas.json");
    h.state()
        .ws
        .write_export(&Export::Project, &saved, segatlas::i18n::Lang::Sv)
        .unwrap();
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"selection_key\": \"deso\""), "{text}");
    // The figure exports from the app as SVG, the map's classes as on screen.
    let svg = dir.path().join("map.svg");
    h.state()
        .ws
        .write_export(&Export::Figure, &svg, segatlas::i18n::Lang::Sv)
        .unwrap();
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(
        svg.contains(">Medianinkomst per DeSO 2022</text>") && svg.contains(">Källa: SCB</text>")
    );
    // In the layout chosen in the sidebar, which the project keeps.
    h.state_mut().ws.layout = "a4".into();
    let a4 = dir.path().join("a4.svg");
    h.state()
        .ws
        .write_export(&Export::Figure, &a4, segatlas::i18n::Lang::Sv)
        .unwrap();
    let (w, hgt) = segatlas::figure::Layout::A4.size();
    let a4 = std::fs::read_to_string(&a4).unwrap();
    assert!(
        a4.contains(&format!("width=\"{w}\" height=\"{hgt}\"")),
        "{}",
        &a4[..200]
    );
    // Or at a chosen size (a PNG of exactly that size).
    h.state_mut().ws.figure_size = "640x360".into();
    let png = dir.path().join("small.png");
    h.state()
        .ws
        .write_export(&Export::Figure, &png, segatlas::i18n::Lang::Sv)
        .unwrap();
    let bytes = std::fs::read(&png).unwrap();
    let (pw, ph) = (
        u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
        u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
    );
    assert_eq!((pw, ph), (640, 360));
    h.state_mut().ws.figure_size = "tiny".into();
    let e = h
        .state()
        .ws
        .write_export(&Export::Figure, &png, segatlas::i18n::Lang::Sv)
        .unwrap_err();
    assert!(e.to_string().contains("WIDTHxHEIGHT"), "{e}");
    h.state_mut().ws.figure_size.clear();
    // An export never overwrites an input.
    let e = h
        .state()
        .ws
        .write_export(
            &Export::Figure,
            &shared("stockholm/deso2018_scb2022.geojson"),
            segatlas::i18n::Lang::Sv,
        )
        .unwrap_err();
    assert!(e.to_string().contains("input"), "{e}");

    let h2 = opened(&saved);
    let ws = &h2.state().ws;
    assert_eq!(ws.selection, selected);
    assert_eq!(ws.layout, "slide");
    assert_eq!(ws.style.k, 7);
    assert_eq!(ws.transect.result.len(), crossings);
    assert_eq!(ws.compare.result.as_ref().unwrap(), &compared);
    let f = &ws.segregation;
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
    let ws = &h.state().ws;
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
    let ws = &h.state().ws;
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
