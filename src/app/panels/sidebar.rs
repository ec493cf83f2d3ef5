//! The sidebar: layers, the variable (with the year slider), classification and palette, the
//! legend, the figure's title and source, and search.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::classify::{palette::PALETTES, Param};

pub fn show(ui: &mut egui::Ui, doc: &mut Document, lang: Lang, expr_text: &mut String) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        layers(ui, doc, lang);
        ui.separator();
        variable(ui, doc, lang, expr_text);
        super::years::show(ui, doc, lang);
        ui.separator();
        classification(ui, doc, lang);
        ui.separator();
        legend(ui, doc, lang);
        egui::CollapsingHeader::new(lang.t("figure"))
            .default_open(false)
            .show(ui, |ui| figure(ui, doc, lang));
        ui.separator();
        search(ui, doc, lang);
    });
}

/// The exported figure's title and source line.
fn figure(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("figure_title"));
        ui.add(egui::TextEdit::singleline(&mut doc.title).desired_width(180.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("figure_subtitle"));
        ui.add(egui::TextEdit::singleline(&mut doc.subtitle).desired_width(180.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("figure_source"));
        ui.add(
            egui::TextEdit::singleline(&mut doc.source)
                .hint_text("Källa: SCB")
                .desired_width(180.0),
        )
        .labelled_by(label.id);
    });
    let mut layout = if doc.layout.is_empty() {
        "slide".to_string()
    } else {
        doc.layout.clone()
    };
    egui::ComboBox::from_label(lang.t("figure_layout"))
        .selected_text(lang.t(&format!("layout_{layout}")))
        .show_ui(ui, |ui| {
            for l in ["slide", "a4", "a4-landscape", "a3", "a3-landscape"] {
                ui.selectable_value(&mut layout, l.to_string(), lang.t(&format!("layout_{l}")));
            }
        });
    doc.layout = layout;
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("figure_size"));
        ui.add(
            egui::TextEdit::singleline(&mut doc.figure_size)
                .hint_text("1920x1080")
                .desired_width(100.0),
        )
        .labelled_by(label.id);
    });
    // Where the legend, the scale bar and the north arrow go.
    let place_name =
        |p: crate::figure::Place| lang.t(&format!("place_{}", p.name().replace('-', "_")));
    for (k, key) in ["figure_legend_at", "figure_scale_at", "figure_north_at"]
        .into_iter()
        .enumerate()
    {
        egui::ComboBox::from_label(lang.t(key))
            .selected_text(place_name(doc.places[k]))
            .show_ui(ui, |ui| {
                // Only the legend has a column of its own.
                for p in crate::figure::Place::ALL
                    .into_iter()
                    .filter(|p| k == 0 || *p != crate::figure::Place::Right)
                {
                    ui.selectable_value(&mut doc.places[k], p, place_name(p));
                }
            });
    }
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("figure_margin"));
        ui.add(
            egui::DragValue::new(&mut doc.margin_mm)
                .range(0.0..=50.0)
                .suffix(" mm"),
        )
        .labelled_by(label.id);
    });
    ui.checkbox(&mut doc.figure_view_only, lang.t("figure_view_only"));
    if ui.button(lang.t("export_figure")).clicked() {
        doc.save_request = Some(crate::app::document::SaveRequest {
            name: "karta.svg".into(),
            export: crate::app::document::Export::Figure,
        });
    }
}

fn layers(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    ui.heading(lang.t("layers"));
    let mut active = doc.active;
    for (i, l) in doc.layers.iter().enumerate() {
        ui.radio_value(&mut active, i, format!("{} ({})", l.name, l.len()));
    }
    if active != doc.active {
        doc.set_active(active, lang);
    }
    if doc.layers.len() > 1 {
        let none = lang.t("none").to_string();
        let current = doc
            .overlay
            .and_then(|o| doc.layers.get(o))
            .map_or(none.clone(), |l| l.name.clone());
        egui::ComboBox::from_label(lang.t("overlay"))
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut doc.overlay, None, none);
                for (i, l) in doc.layers.iter().enumerate() {
                    ui.selectable_value(&mut doc.overlay, Some(i), l.name.clone());
                }
            });
    }
    if let Some(l) = doc.active_layer() {
        for r in &l.join_reports {
            ui.small(format!(
                "{} = {}: {} {}, {} {}",
                r.layer_field,
                r.table_field,
                lang.number(r.matched as f64, 0),
                lang.t("matched"),
                lang.number(r.unmatched_rows as f64, 0),
                lang.t("unmatched_rows")
            ));
        }
    }
}

fn variable(ui: &mut egui::Ui, doc: &mut Document, lang: Lang, expr_text: &mut String) {
    let Some(layer) = doc.active_layer() else {
        return;
    };
    let numeric = crate::app::picker::numeric_columns(&layer.table);
    ui.label(lang.t("variable"));
    let mut chosen = doc.style.variable.clone();
    if crate::app::picker::column_list(ui, lang.t("variable"), &mut chosen, &numeric, lang) {
        doc.style.variable = chosen;
        doc.style.categorical =
            crate::classify::categories::is_area_type_column(&doc.style.variable);
        doc.restyle(lang);
    }
    ui.horizontal(|ui| {
        let edit = ui
            .add(
                egui::TextEdit::singleline(expr_text)
                    .hint_text(lang.t("expression_hint"))
                    .desired_width(180.0),
            )
            .accessible_name(lang.t("expression"));
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button(lang.t("apply")).clicked() || enter) && !expr_text.trim().is_empty() {
            doc.style.variable = expr_text.trim().to_string();
            doc.style.categorical =
                crate::classify::categories::is_area_type_column(&doc.style.variable);
            doc.restyle(lang);
        }
    });
    // The variable's label: the legend's title, the charts' and the reports' name for it.
    let dictionary = crate::data::labels::label(&doc.style.variable, lang, &Default::default())
        .unwrap_or_else(|| doc.style.variable.clone());
    let mut own = doc
        .labels
        .get(&doc.style.variable)
        .cloned()
        .unwrap_or_default();
    let lbl = ui.label(lang.t("variable_label")).id;
    let edit = ui
        .add(
            egui::TextEdit::singleline(&mut own)
                .hint_text(dictionary)
                .desired_width(ui.available_width().min(230.0)),
        )
        .labelled_by(lbl)
        .on_hover_text(lang.t("variable_label_help"));
    if edit.changed() {
        if own.trim().is_empty() {
            doc.labels.remove(&doc.style.variable);
        } else {
            doc.labels.insert(doc.style.variable.clone(), own);
        }
    }
}

fn classification(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    let before = doc.style.clone();
    ui.checkbox(&mut doc.style.categorical, lang.t("categorical"));
    if !doc.style.categorical {
        egui::ComboBox::from_label(lang.t("scheme"))
            .selected_text(doc.style.scheme.clone())
            .show_ui(ui, |ui| {
                for s in crate::classify::SCHEMES {
                    let text = match lang {
                        Lang::Sv => s.sv,
                        Lang::En => s.en,
                    };
                    ui.selectable_value(&mut doc.style.scheme, s.name.to_string(), s.name)
                        .on_hover_text(text);
                }
            });
        let param = crate::classify::scheme_info(&doc.style.scheme).map(|s| s.param);
        match param {
            Some(Param::K) => {
                ui.add(egui::Slider::new(&mut doc.style.k, 2..=10).text(lang.t("classes")));
            }
            Some(Param::Hinge) => {
                egui::ComboBox::from_label(lang.t("hinge"))
                    .selected_text(lang.number(doc.style.hinge, 1))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut doc.style.hinge, 1.5, lang.number(1.5, 1));
                        ui.selectable_value(&mut doc.style.hinge, 3.0, lang.number(3.0, 1));
                    });
            }
            Some(Param::Bounds) => {
                ui.horizontal(|ui| {
                    let label = ui.label(lang.t("bounds"));
                    ui.add(
                        egui::TextEdit::singleline(&mut doc.style.bounds).hint_text("10; 20; 50"),
                    )
                    .labelled_by(label.id);
                });
            }
            _ => {}
        }
    }
    egui::ComboBox::from_label(lang.t("palette"))
        .selected_text(doc.style.palette.clone())
        .show_ui(ui, |ui| {
            // Palettes whose classes red–green colour-blind readers cannot tell apart are marked.
            let k = doc
                .rendered
                .as_ref()
                .map_or(doc.style.k, |r| r.legend.len().max(2));
            for p in PALETTES {
                let text = if p.colour_blind_safe(k) {
                    p.name.to_string()
                } else {
                    format!("{} ⚠ {}", p.name, lang.t("not_colour_blind_safe"))
                };
                ui.selectable_value(&mut doc.style.palette, p.name.to_string(), text);
            }
        });
    ui.checkbox(&mut doc.style.reversed, lang.t("reverse"));
    ui.checkbox(&mut doc.style.labels, lang.t("labels"));
    if doc.style != before {
        doc.restyle(lang);
    }
    if !doc.style.categorical {
        class_noise(ui, doc, lang);
    }
}

/// Under noise: how sure each area's class is — the share of draws of the counts in which it
/// keeps its class — as a map in the stability bands, and back to the classes. The model chosen
/// is the sidebar's own (egui's memory), not the project's.
fn class_noise(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    let id = egui::Id::NULL.with("segatlas_map_class_noise");
    let mut noise: Option<String> = ui.data(|d| d.get_temp(id)).flatten();
    crate::app::picker::noise_choice(ui, &mut noise, lang);
    ui.data_mut(|d| d.insert_temp(id, noise.clone()));
    let Some(model) = noise.and_then(|n| crate::measures::uncertainty::Noise::parse(&n).ok())
    else {
        return;
    };
    if ui.button(lang.t("show_class_stability")).clicked() {
        doc.show_class_stability(model, lang);
    }
    if ui.button(lang.t("show_classes")).clicked() {
        doc.restyle(lang);
    }
}

fn legend(ui: &mut egui::Ui, doc: &Document, lang: Lang) {
    ui.heading(lang.t("legend"));
    let title = doc
        .rendered
        .as_ref()
        .and_then(|r| r.title.clone())
        .unwrap_or_else(|| crate::data::labels::or_field(&doc.style.variable, lang, &doc.labels));
    ui.add(egui::Label::new(egui::RichText::new(title).strong()).wrap());
    if let Some(e) = &doc.style_error {
        ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
    }
    let Some(r) = &doc.rendered else { return };
    for e in &r.legend {
        swatch(ui, e.color, &format!("{}  ({})", e.label, e.count));
    }
    if r.missing > 0 {
        swatch(
            ui,
            crate::classify::palette::MISSING,
            &format!("{}  ({})", lang.t("missing"), r.missing),
        );
    }
}

fn swatch(ui: &mut egui::Ui, c: [u8; 3], text: &str) {
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(18.0, 14.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(r, 2.0, egui::Color32::from_rgb(c[0], c[1], c[2]));
        ui.label(text);
    });
}

fn search(ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
    ui.horizontal(|ui| {
        let label = ui.label(lang.t("search"));
        ui.add(egui::TextEdit::singleline(&mut doc.search).hint_text(lang.t("search_hint")))
            .labelled_by(label.id);
    });
    let Some(layer) = doc.active_layer() else {
        return;
    };
    let hits = layer.search(&doc.search);
    let shown: Vec<(usize, String)> = hits
        .iter()
        .take(12)
        .map(|&i| (i, layer.label_of(i)))
        .collect();
    let mut picked = None;
    for (i, name) in shown {
        let code = layer
            .code_of(i)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        if ui
            .selectable_label(doc.selection.contains(&i), format!("{name}{code}"))
            .clicked()
        {
            picked = Some(i);
        }
    }
    if hits.len() > 12 {
        ui.small(format!("… {}", hits.len() - 12));
    }
    if let Some(i) = picked {
        doc.select(i, false);
        doc.zoom_to_selection();
    }
}
