//! The status bar: size of the layer, the selection, the CRS, and background work with progress
//! and a cancel button.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::Running;

/// How long the status bar says a job was cancelled.
const SHOWN_SECONDS: f64 = 8.0;

fn cancelled_id() -> egui::Id {
    egui::Id::NULL.with("segatlas_cancelled_job")
}

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
                let now = ui.input(|i| i.time);
                ui.ctx()
                    .data_mut(|d| d.insert_temp(cancelled_id(), (job.label().to_string(), now)));
            }
        }
        // A cancelled job says so for a while: it stopped, nothing came of it.
        let cancelled: Option<(String, f64)> = ui.ctx().data_mut(|d| d.get_temp(cancelled_id()));
        if let Some((label, at)) = cancelled {
            let now = ui.input(|i| i.time);
            if now - at < SHOWN_SECONDS {
                ui.separator();
                ui.label(format!("{}: {label}", lang.t("cancelled_job")));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(SHOWN_SECONDS));
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
