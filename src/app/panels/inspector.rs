//! The inspector: every field of the hovered area (or the last selected one), and the selected
//! areas' lines over the years when the map's variable has several years.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::data::table::Values;

pub fn show(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    // In a scroll area of the panel's own width: a long value never widens the panel, which
    // would shift the map under the pointer as areas are hovered and selected.
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| fields(ui, doc, lang));
}

fn fields(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    ui.heading(lang.t("inspector"));
    let Some(layer) = doc.active_layer() else {
        return;
    };
    let Some(i) = doc
        .hovered
        .or_else(|| doc.selection.iter().next_back().copied())
    else {
        ui.label(lang.t("nothing_hovered"));
        return;
    };
    ui.strong(layer.label_of(i));
    if let Some(code) = layer.code_of(i) {
        ui.label(code);
    }
    if let Some(r) = &doc.rendered {
        let v = r.values.get(i).copied().flatten();
        ui.label(format!(
            "{}: {}",
            doc.style.variable,
            v.map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 3))
        ));
    }
    if let Some(c) = super::years::chart(doc, lang) {
        let w = ui.available_width().max(200.0);
        crate::app::chart_view::show(ui, "years", &c, egui::vec2(w, w * 0.7), lang);
        if ui.small_button(lang.t("export_chart")).clicked() {
            doc.save_request = Some(crate::app::document::SaveRequest {
                name: "over_aren.svg".into(),
                export: crate::app::document::Export::Chart(c),
            });
        }
    }
    let Some(layer) = doc.active_layer() else {
        return;
    };
    ui.separator();
    let name_width = ui.available_width() * 0.45;
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .show(ui, |ui| {
            egui::Grid::new("inspector_grid")
                .striped(true)
                .show(ui, |ui| {
                    for c in &layer.table.columns {
                        // Long SCB names shortened (in full on hover), so the values stay in
                        // view in the panel's own width.
                        ui.scope(|ui| {
                            ui.set_max_width(name_width);
                            ui.add(egui::Label::new(&c.name).truncate())
                                .on_hover_text(&c.name);
                        });
                        let text = match &c.values {
                            Values::Number(v) => v[i].map_or_else(
                                || lang.t("missing").to_string(),
                                |x| lang.number(x, 3),
                            ),
                            Values::Text(v) => v[i]
                                .clone()
                                .unwrap_or_else(|| lang.t("missing").to_string()),
                        };
                        ui.label(text);
                        ui.end_row();
                    }
                });
        });
}
