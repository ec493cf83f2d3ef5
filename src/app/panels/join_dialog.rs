//! The join dialog: a table opened for the active layer, the key to join on, and the report of
//! what matched (areas without statistics, rows without an area, duplicate keys).

use crate::app::document::Document;
use crate::app::i18n::Lang;

/// Returns `true` when the person asked to choose a table file.
pub fn show(ctx: &egui::Context, doc: &mut Document, lang: Lang) -> bool {
    let mut choose = false;
    // The table may load before the layer: propose the layer's code field once it is there.
    let code = doc.active_layer().and_then(|l| l.code_field.clone());
    let Some(pending) = doc.pending_join.as_mut() else {
        return false;
    };
    if pending.key.trim().is_empty() {
        if let Some(c) = code {
            pending.key = c;
        }
    }
    let mut open = true;
    let mut run = false;
    // Closed by its own buttons, named in the UI's language (egui's title-bar × is read out
    // as "Close window" in English).
    egui::Window::new(lang.t("join"))
        .collapsible(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{}: {}",
                    lang.t("table_file"),
                    pending.path.display()
                ));
                if ui.button(lang.t("choose")).clicked() {
                    choose = true;
                }
            });
            ui.label(format!(
                "{} {} · {} {}",
                lang.number(pending.table.len() as f64, 0),
                lang.t("rows"),
                lang.number(pending.table.columns.len() as f64, 0),
                lang.t("columns")
            ));
            ui.horizontal(|ui| {
                let label = ui.label(lang.t("key"));
                ui.add(
                    egui::TextEdit::singleline(&mut pending.key)
                        .hint_text("deso, deso:region, deso@2021"),
                )
                .labelled_by(label.id);
            });
            for n in &pending.table.notes {
                ui.small(n.text(lang));
            }
            ui.horizontal(|ui| {
                run = ui.button(lang.t("run_join")).clicked();
                if ui.button(lang.t("cancel")).clicked() {
                    open = false;
                }
            });
        });
    if run && pending_key_empty(doc) {
        doc.messages.push(lang.t("join_needs_key").to_string());
    } else if run {
        doc.start_join();
        doc.pending_join = None;
    } else if !open {
        doc.pending_join = None;
    }
    choose
}

fn pending_key_empty(doc: &Document) -> bool {
    doc.pending_join
        .as_ref()
        .is_some_and(|p| p.key.trim().is_empty())
}

/// The last join's report, in a window until closed.
pub fn report(ctx: &egui::Context, doc: &Document, lang: Lang, open: &mut bool) {
    if !*open {
        return;
    }
    let Some(r) = doc.active_layer().and_then(|l| l.join_reports.last()) else {
        return;
    };
    // Over the map, not over the sidebar whose variable and legend the join has just changed.
    egui::Window::new(lang.t("join_report"))
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
        .show(ctx, |ui| {
            let kind = match r.key_kind {
                crate::data::join::KeyKind::Code => lang.t("key_by_code").to_string(),
                crate::data::join::KeyKind::MunicipalityAndArea => {
                    format!("{} {}", lang.t("key_by_names"), r.name_fields.join(" + "))
                }
            };
            ui.label(format!("{} = {} ({kind})", r.layer_field, r.table_field));
            // Thousands in the UI's format ("1 287", not "1287").
            let n = |k: usize| lang.number(k as f64, 0);
            ui.label(format!("{} {}", n(r.matched), lang.t("matched")));
            ui.label(format!(
                "{} {}",
                n(r.unmatched_areas.len()),
                lang.t("unmatched_areas")
            ));
            if !r.unmatched_areas.is_empty() {
                ui.small(
                    r.unmatched_areas
                        .iter()
                        .take(30)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            ui.label(format!(
                "{} {}",
                n(r.unmatched_rows),
                lang.t("unmatched_rows")
            ));
            if !r.duplicate_keys.is_empty() {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 40, 40),
                    format!(
                        "{} {}: {}",
                        r.duplicate_keys.len(),
                        lang.t("duplicate_keys"),
                        r.duplicate_keys.join(", ")
                    ),
                );
            }
            // Named after the window, in the UI's language.
            if ui
                .button(format!("{} {}", lang.t("close"), lang.t("join_report")))
                .clicked()
            {
                *open = false;
            }
        });
}
