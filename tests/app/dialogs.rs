//! File dialogs that always open: where the native dialog cannot (no portal, no zenity) the
//! in-app browser opens, starting in the last folder — a layer opened, a table saved, a folder
//! and a file chosen in the views, as a person clicks through them.

use super::common::data as shared;
use super::{harness_with, wait};
use egui_kittest::kittest::Queryable;
use segatlas::app::document::{Export, SaveRequest};
use segatlas::app::file_browser;
use segatlas::app::panels::levels::LevelsView;
use segatlas::app::Settings;

#[test]
fn the_in_app_browser_opens_a_layer_saves_a_table_and_fills_a_views_field() {
    file_browser::IN_APP_ONLY.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut h = harness_with(Settings::default(), false);
    // The last folder: Stockholm's data.
    let ctx = h.ctx.clone();
    file_browser::remember(&ctx, &shared("stockholm/deso2018_scb2022.geojson"));
    h.get_by_label("Arkiv").click();
    h.run();
    h.get_by_label("Öppna…").click();
    h.run();
    // The browser lists the folder's layers (a GeoPackage among them), not other files.
    h.get_by_label("deso2018_sweref99tm.gpkg");
    h.get_by_label("deso2018_scb2022.geojson").click();
    h.run();
    h.get_by_label("Öppna").click();
    wait(&mut h, |h| {
        h.state().doc.jobs.is_empty()
            && h.state()
                .doc
                .active_layer()
                .is_some_and(|l| l.len() == 1287)
    });
    h.run();
    assert!(
        h.query_by_label("deso2018_sweref99tm.gpkg").is_none(),
        "the browser closed"
    );

    // Saving: the proposed name in the last folder, replaced by a typed one.
    let dir = tempfile::tempdir().unwrap();
    file_browser::remember(&ctx, &dir.path().join("x"));
    let table = segatlas::data::Table::new(vec![segatlas::data::table::Column::number(
        "v",
        vec![Some(1.5)],
    )])
    .unwrap();
    h.state_mut().doc.save_request = Some(SaveRequest {
        name: "tabell.csv".into(),
        export: Export::Table(table),
    });
    h.run();
    h.run();
    h.get_by_label("Spara").click();
    wait(&mut h, |h| h.state().doc.saved.is_some());
    let saved = dir.path().join("tabell.csv");
    assert_eq!(h.state().doc.saved.as_deref(), Some(saved.as_path()));
    assert_eq!(std::fs::read_to_string(&saved).unwrap().trim(), "v\n1.5");

    // A view's *Välj…*: the national table for Nivåer, from the folder it was left in.
    file_browser::remember(&ctx, &shared("sweden/deso2018_stats_2022.csv"));
    h.get_by_label("Analys").click();
    h.run();
    h.get_by_label("Nivåer").click();
    h.run();
    h.get_all_by_label("Välj…").next().unwrap().click();
    h.run();
    h.get_by_label("deso2018_stats_2022.csv").click();
    h.run();
    h.get_by_label("Öppna").click();
    h.run();
    h.run();
    let v = h.state().view::<LevelsView>().unwrap();
    assert_eq!(
        v.table_path,
        shared("sweden/deso2018_stats_2022.csv")
            .display()
            .to_string()
    );
}

/// The start panel: the roads open what they name (measure segregation, the levels, a report),
/// the sample project opens from the user's data folder, and *Visa → Startpanelen* brings it back.
#[test]
fn the_start_panel_leads_to_the_main_roads_and_opens_the_sample_project() {
    let mut h = harness_with(Settings::default(), false);
    h.state_mut().show_start = true;
    h.run();
    h.get_by_label("Välkommen till segatlas");
    h.get_by_label("Mät segregation").click();
    h.run();
    assert!(!h.state().show_start && h.state().settings.started);
    assert!(segatlas::app::dock::is_open(&h.state().tree, "segregation"));
    // Again from the View menu: the sample project, written and opened.
    h.get_by_label("Visa").click();
    h.run();
    h.get_by_label("Startpanelen").click();
    h.run();
    assert!(h.state().show_start);
    let dir = tempfile::tempdir().unwrap();
    let sample = segatlas::data::bundled::write_sample(dir.path()).unwrap();
    let project = segatlas::project::Project::load(&sample).unwrap().0;
    assert_eq!(project.style.variable, "belopp_tkr");
    assert!(dir.path().join("lan.parquet").exists());
    h.get_by_label("Sverige i en vy").click();
    h.run();
    assert!(segatlas::app::dock::is_open(&h.state().tree, "levels"));
    // Opening the sample through the app: the project's map with its title.
    let mut app = segatlas::app::SegatlasApp::new(Settings::default(), vec![sample]);
    app.hide_table();
    let mut h = egui_kittest::Harness::new_ui_state(
        |ui, app: &mut segatlas::app::SegatlasApp| app.show(ui),
        app,
    );
    wait(&mut h, |h| {
        h.state().doc.jobs.is_empty() && h.state().doc.active_layer().is_some_and(|l| l.len() == 21)
    });
    h.run();
    assert_eq!(
        h.state().doc.title,
        "Statsbidrag mot segregation 2018, tkr per län"
    );
    assert_eq!(h.state().doc.style.palette, "Blues");
}

/// Seen under Xvfb on the planner's road: the join dialog said "5984 · 4" and, in the Swedish
/// UI, "title: …" and "58 footnote lines below the data were skipped". Now in words, in the UI's
/// language.
#[test]
fn the_join_dialog_says_what_was_read_in_the_uis_language() {
    let h = super::opened(vec![
        shared("stockholm/deso2018_sweref99tm.gpkg"),
        shared("scb-raw/deso_nettoinkomst_2022.xlsx"),
    ]);
    let rows = segatlas::i18n::Lang::Sv.number(5984.0, 0);
    h.get_by_label(&format!("{rows} rader · 4 kolumner"));
    h.get_by_label("58 rader med fotnoter under datat hoppades över");
    assert!(h
        .query_all_by_label_contains("rubrik: Andel av befolkningen i inkomstklass")
        .next()
        .is_some());
}
