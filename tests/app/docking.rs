//! The docked layout and the background work's generations: an analysis view opens as a tile
//! beside the map, not over it; a restyle started before a newer style never overwrites it.

use super::{harness, wait};
use egui_kittest::kittest::Queryable;
use segatlas::app::dock::{self, Pane};

#[test]
fn analysis_views_open_docked_beside_the_map() {
    let mut h = harness();
    let map_before = h.state().map_rect.unwrap();
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    h.run();
    let app = h.state();
    assert!(dock::is_open(&app.tree, "segregation"));
    let tile = app
        .tree
        .tiles
        .find_pane(&Pane::View("segregation".into()))
        .unwrap();
    let view = app.tree.tiles.rect(tile).unwrap();
    let map = app.map_rect.unwrap();
    // Side by side: the map is still drawn, narrower, and the view does not cover it.
    assert!(map.width() > 200.0 && map.width() < map_before.width());
    assert!(!view.intersects(map.shrink(1.0)), "{view:?} over {map:?}");
    assert!(view.left() >= map.right() - 1.0, "right of the map");
    // Its form is on screen, and a second view joins it as a tab.
    h.get_by_label("Beräkna index");
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Jämför områden").click();
    h.run();
    h.get_by_label("Jämför nu");
    let app = h.state();
    let seg = app.tree.tiles.find_pane(&Pane::View("segregation".into()));
    let cmp = app.tree.tiles.find_pane(&Pane::View("compare".into()));
    assert_eq!(
        app.tree.tiles.parent_of(seg.unwrap()),
        app.tree.tiles.parent_of(cmp.unwrap())
    );
    // Closing the table gives the map its height; the menu brings it back.
    let tall_before = app.map_rect.unwrap().height();
    h.state_mut().hide_table();
    h.run();
    assert!(h.state().map_rect.unwrap().height() > tall_before + 50.0);
    h.get_by_label("Visa").click();
    h.run();
    h.get_by_label("Attributtabell").click();
    h.run();
    assert!(h.state().tree.tiles.find_pane(&Pane::Table).is_some());
}

#[test]
fn a_stale_background_restyle_is_dropped() {
    let mut h = harness();
    let lang = segatlas::i18n::Lang::Sv;
    {
        let doc = &mut h.state_mut().doc;
        // Seven classes, classified in the background (as a large layer would be) …
        doc.background_above = 0;
        doc.style.scheme = "quantiles".into();
        doc.style.k = 7;
        doc.restyle(lang);
        assert_eq!(doc.jobs.len(), 1);
        // … then three, at once, before the first job is taken in.
        doc.background_above = usize::MAX;
        doc.style.k = 3;
        doc.restyle(lang);
        assert_eq!(doc.rendered.as_ref().unwrap().legend.len(), 3);
        // The stale job was stopped (it frees its core; Fisher-Jenks checks the control).
        assert!(doc.jobs[0].is_cancelled());
    }
    wait(&mut h, |h| h.state().doc.jobs.is_empty());
    h.run();
    // The seven-class result arrived after the newer style and was dropped.
    assert_eq!(h.state().doc.rendered.as_ref().unwrap().legend.len(), 3);
    // A background restyle that is the newest is taken.
    let doc = &mut h.state_mut().doc;
    doc.background_above = 0;
    doc.style.k = 5;
    doc.restyle(lang);
    wait(&mut h, |h| h.state().doc.jobs.is_empty());
    h.run();
    assert_eq!(h.state().doc.rendered.as_ref().unwrap().legend.len(), 5);
}

#[test]
fn a_png_figure_is_rasterised_in_the_background() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("karta.png");
    h.state_mut().doc.figure_size = "800x450".into();
    h.state_mut().doc.start_export(
        &segatlas::app::document::Export::Figure,
        png.clone(),
        segatlas::i18n::Lang::Sv,
    );
    // Handed to a job: nothing saved yet in this frame, the file comes when the job is done.
    assert_eq!(h.state().doc.jobs.len(), 1);
    assert!(h.state().doc.saved.is_none());
    wait(&mut h, |h| h.state().doc.jobs.is_empty());
    h.run();
    assert_eq!(h.state().doc.saved.as_deref(), Some(png.as_path()));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert_eq!(width, 800);
    // An SVG is written at once.
    let svg = dir.path().join("karta.svg");
    h.state_mut().doc.start_export(
        &segatlas::app::document::Export::Figure,
        svg.clone(),
        segatlas::i18n::Lang::Sv,
    );
    assert!(h.state().doc.jobs.is_empty());
    assert_eq!(h.state().doc.saved.as_deref(), Some(svg.as_path()));
}

/// A screen reader heard every tab's close button as "Close", in English, whatever the UI's
/// language (egui_tiles' own name): each is named after its tab in the UI's language now.
#[test]
fn each_tabs_close_button_is_named_after_its_tab_in_the_uis_language() {
    let mut h = harness();
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Segregationsindex").click();
    h.run();
    h.run();
    assert!(h.query_all_by_label("Close").next().is_none());
    h.get_by_label("Stäng Segregationsindex").click();
    h.run();
    h.run();
    assert!(!dock::is_open(&h.state().tree, "segregation"));
    h.get_by_label("Språk").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Analysis").click();
    h.run();
    h.get_by_label("Segregation indices").click();
    h.run();
    h.run();
    h.get_by_label("Close Segregation indices");
}
