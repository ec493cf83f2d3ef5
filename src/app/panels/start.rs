//! The start panel a newcomer meets on first start (and again from *Visa → Startpanelen*): the
//! three main roads — open SCB's files, measure segregation, make a report per municipality — the
//! national levels, and a sample project to open, each one click away.

use crate::app::i18n::Lang;

/// What the person chose on the start panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Road {
    OpenFiles,
    Measure,
    Levels,
    Report,
    Sample,
    /// Closed without choosing.
    Close,
}

/// Draw the start panel; Some(road) when the person chose one (or closed it).
pub fn show(ctx: &egui::Context, lang: Lang) -> Option<Road> {
    let mut out = None;
    let modal = egui::Modal::new(egui::Id::NULL.with("segatlas_start")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(620.0) - 40.0);
        ui.heading(lang.t("start_title"));
        ui.label(lang.t("start_intro"));
        ui.add_space(8.0);
        let roads = [
            (Road::OpenFiles, "start_open", "start_open_help"),
            (Road::Measure, "start_measure", "start_measure_help"),
            (Road::Levels, "start_levels", "start_levels_help"),
            (Road::Report, "start_report", "start_report_help"),
            (Road::Sample, "start_sample", "start_sample_help"),
        ];
        for (road, key, help) in roads {
            ui.horizontal(|ui| {
                if ui.button(lang.t(key)).clicked() {
                    out = Some(road);
                }
                ui.add(egui::Label::new(egui::RichText::new(lang.t(help)).small()).wrap());
            });
            ui.add_space(4.0);
        }
        ui.separator();
        if ui.button(lang.t("start_close")).clicked() {
            out = Some(Road::Close);
        }
    });
    if out.is_none() && modal.should_close() {
        out = Some(Road::Close);
    }
    out
}
