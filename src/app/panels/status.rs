//! The status bar: size of the layer, the selection, the CRS, and background work with progress
//! and a cancel button.

use crate::app::i18n::Lang;
use crate::app::workspace::Workspace;

pub fn show(ui: &mut egui::Ui, ws: &mut Workspace, lang: Lang) {
    ui.horizontal(|ui| {
        if let Some(l) = ws.active_layer() {
            ui.label(format!(
                "{} {} · {} {} · {}",
                lang.number(l.len() as f64, 0),
                lang.t("areas"),
                lang.number(ws.selection.len() as f64, 0),
                lang.t("selected"),
                l.layer.crs.label().unwrap_or_else(|| "planar".into())
            ));
        }
        for job in &ws.jobs {
            ui.separator();
            ui.label(format!("{} {}", lang.t("loading"), job.label));
            ui.add(
                egui::ProgressBar::new(job.progress())
                    .desired_width(120.0)
                    .show_percentage(),
            );
            if ui.button(lang.t("cancel")).clicked() {
                job.cancel();
            }
        }
        if let Some(p) = &ws.saved {
            ui.separator();
            ui.small(format!("{}: {}", lang.t("saved"), p.display()));
        }
        for n in &ws.notes {
            ui.separator();
            ui.small(n);
        }
    });
}
