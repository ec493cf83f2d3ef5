//! The real app driven through AccessKit with egui_kittest, as a person would. One test binary
//! for the app: the basics (default map, legend, selection, search, language, weights, LISA,
//! join), compare and follow-up, projects, and the docked layout and background work.

#[path = "../common/mod.rs"]
mod common;

mod basics;
mod dialogs;
mod docking;
mod edges;
mod explore;
mod followup;
mod interpolate;
mod levels;
mod project;
mod regions;
mod report;
mod scenario;
mod uncertainty;

use egui_kittest::Harness;
use segatlas::app::{SegatlasApp, Settings};
use std::path::PathBuf;

/// The app on the default map at 1400×900.
pub fn harness() -> Harness<'static, SegatlasApp> {
    harness_with(Settings::default(), true)
}

/// The app with these settings, with or without the attribute table (whose headers repeat the
/// column names that other widgets show).
pub fn harness_with(settings: Settings, table: bool) -> Harness<'static, SegatlasApp> {
    let mut app = SegatlasApp::new(settings, Vec::new());
    if !table {
        app.hide_table();
    }
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1400.0, 900.0));
    h.run();
    h
}

/// The app with files opened (waiting for the background load and any error), without the
/// attribute table, at 1600×1000.
pub fn opened(paths: Vec<PathBuf>) -> Harness<'static, SegatlasApp> {
    let mut app = SegatlasApp::new(Settings::default(), paths);
    app.hide_table();
    let mut h = Harness::new_ui_state(|ui, app: &mut SegatlasApp| app.show(ui), app);
    h.set_size(egui::vec2(1600.0, 1000.0));
    wait(&mut h, |h| {
        h.state().doc.jobs.is_empty()
            && (!h.state().doc.layers.is_empty() || !h.state().doc.messages.is_empty())
    });
    h.run();
    h
}

/// Step until `done`, at most 6,000 frames (background jobs run meanwhile): bounded by frames,
/// not by the clock, so a loaded machine only takes longer.
pub fn wait(
    h: &mut Harness<'static, SegatlasApp>,
    done: impl Fn(&Harness<'static, SegatlasApp>) -> bool,
) {
    for _ in 0..6000 {
        if done(h) {
            return;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("not done after 6,000 frames");
}
