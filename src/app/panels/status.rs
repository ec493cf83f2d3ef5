//! The status bar: size of the layer, the selection, the CRS, and background work with progress
//! and a cancel button.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::Running;

/// The status bar over the document and every job under way (the document's and the views').
pub fn show(ui: &mut egui::Ui, doc: &Document, running: &[&dyn Running], lang: Lang) {
    ui.horizontal(|ui| {
        if let Some(l) = doc.active_layer() {
            ui.label(format!(
                "{} {} · {} {} · {}",
                lang.number(l.len() as f64, 0),
                lang.t("areas"),
                lang.number(doc.selection.len() as f64, 0),
                lang.t("selected"),
                l.layer.crs.label().unwrap_or_else(|| "planar".into())
            ));
        }
        let jobs = doc.jobs.iter().map(|j| j as &dyn Running);
        for job in jobs.chain(running.iter().copied()) {
            ui.separator();
            ui.label(format!("{} {}", lang.t("loading"), job.label()));
            ui.add(
                egui::ProgressBar::new(job.progress())
                    .desired_width(120.0)
                    .show_percentage(),
            );
            if ui.button(lang.t("cancel")).clicked() {
                job.cancel();
            }
        }
        if let Some(p) = &doc.saved {
            ui.separator();
            ui.small(format!("{}: {}", lang.t("saved"), p.display()));
        }
        for n in &doc.notes {
            ui.separator();
            ui.small(n);
        }
    });
}
