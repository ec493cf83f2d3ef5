//! The scenario view's form: the indices, the group and total, the tolerance and the change
//! being drawn, and the plans with their changes (add, rename, remove).

use super::ScenarioView;
use crate::analysis::scenario::{Composition, Scenario};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::measures::segregation::{Compute, REGISTRY};

impl ScenarioView {
    pub(super) fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.active_layer() else { return };
        self.guess(&l.table);
        let columns = crate::app::picker::numeric_columns(&l.table);
        let fields: Vec<String> = l.table.columns.iter().map(|c| c.name.clone()).collect();
        ui.small(lang.t("scenario_help"));
        crate::app::picker::variable_field(ui, lang.t("group"), &mut self.group, &columns, lang);
        crate::app::picker::variable_field(ui, lang.t("total"), &mut self.total, &columns, lang);
        egui::ComboBox::from_label(lang.t("per_region"))
            .selected_text(if self.by.is_empty() {
                lang.t("none")
            } else {
                self.by.as_str()
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.by, String::new(), lang.t("none"));
                for f in &fields {
                    ui.selectable_value(&mut self.by, f.clone(), f);
                }
            });
        egui::CollapsingHeader::new(format!("{} ({})", lang.t("indices"), self.indices.len()))
            .id_salt("scenario_indices")
            .show(ui, |ui| {
                for m in REGISTRY.iter().filter(|m| {
                    !matches!(
                        m.compute,
                        Compute::Multi(_) | Compute::Ordered(_) | Compute::Local(_)
                    )
                }) {
                    let mut on = self.indices.contains(&m.name);
                    let text = if lang.is_swedish() { m.sv } else { m.en };
                    if ui.checkbox(&mut on, m.name).on_hover_text(text).changed() {
                        if on {
                            self.indices.push(m.name);
                        } else {
                            self.indices.retain(|n| *n != m.name);
                        }
                    }
                }
            });
        ui.checkbox(&mut self.as_new_area, lang.t("as_new_area"))
            .on_hover_text(lang.t("as_new_area_help"));
        ui.checkbox(&mut self.use_types, lang.t("show_type_changes"));
        ui.checkbox(&mut self.noise, lang.t("compare_noise"))
            .on_hover_text(lang.t("compare_noise_help"));
        ui.separator();
        self.plans_ui(ui, doc, lang);
        ui.separator();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new(lang.t("compute")))
                .clicked()
            {
                self.start(doc, lang);
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
    }

    /// The plans, their changes and the drawing of a new one.
    pub(super) fn plans_ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            for i in 0..self.plans.len() {
                let label = format!("{} ({})", self.plans[i].name, self.plans[i].changes.len());
                ui.selectable_value(&mut self.current, i, label);
            }
            if ui.button(lang.t("new_plan")).clicked() {
                let letter = (b'A' + (self.plans.len() as u8).min(25)) as char;
                self.plans.push(Scenario {
                    name: format!("Plan {letter}"),
                    changes: Vec::new(),
                });
                self.current = self.plans.len() - 1;
            }
        });
        self.current = self.current.min(self.plans.len() - 1);
        ui.label(lang.t("next_change"));
        ui.horizontal(|ui| {
            let label = ui.label(lang.t("persons"));
            ui.add(
                egui::DragValue::new(&mut self.persons)
                    .range(-1e6..=1e6)
                    .speed(10.0),
            )
            .labelled_by(label.id);
            let label = ui.label(lang.t("group_share_pct"));
            ui.add(
                egui::DragValue::new(&mut self.share_pct)
                    .range(0.0..=100.0)
                    .speed(1.0)
                    .suffix(" %"),
            )
            .labelled_by(label.id);
        });
        if self.use_types {
            ui.checkbox(&mut self.set_components, lang.t("components_of_new"))
                .on_hover_text(lang.t("components_of_new_help"));
            if self.set_components {
                ui.horizontal_wrapped(|ui| {
                    for (k, key) in ["v1_short", "v2_short", "v3_short"].iter().enumerate() {
                        let label = ui.label(lang.t(key));
                        ui.add(
                            egui::DragValue::new(&mut self.components[k])
                                .range(0.0..=100.0)
                                .speed(0.5)
                                .suffix(" %"),
                        )
                        .labelled_by(label.id);
                    }
                });
            }
        }
        ui.horizontal(|ui| {
            if self.layer != doc.active {
                self.points.clear();
                self.layer = doc.active;
            }
            ui.toggle_value(&mut self.drawing, lang.t("draw_polygon"));
            ui.label(format!("{} {}", self.points.len(), lang.t("corners")));
            if ui
                .add_enabled(self.points.len() >= 3, egui::Button::new(lang.t("done")))
                .clicked()
            {
                self.finish_polygon(lang);
            }
            if !self.points.is_empty() && ui.button(lang.t("clear")).clicked() {
                self.points.clear();
            }
        });
        if self.drawing {
            ui.small(lang.t("draw_polygon_help"));
        }
        let mut remove = None;
        egui::Grid::new("scenario_changes")
            .striped(true)
            .show(ui, |ui| {
                let plan = &self.plans[self.current];
                if plan.changes.is_empty() {
                    return;
                }
                ui.strong("#");
                ui.strong(lang.t("persons"));
                ui.strong(lang.t("group_share"));
                ui.end_row();
                for (i, c) in plan.changes.iter().enumerate() {
                    ui.label((i + 1).to_string());
                    ui.label(lang.number(c.persons, 0));
                    ui.label(match &c.composition {
                        Composition::Share(s) => format!("{} %", lang.number(s * 100.0, 1)),
                        Composition::Counts(k) => format!("{k:?}"),
                    });
                    if ui.small_button(lang.t("remove")).clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
        if let Some(i) = remove {
            self.plans[self.current].changes.remove(i);
        }
    }
}
