//! The scenario view's results: the indices before and after every plan side by side, the areas
//! that receive persons, the area types that change, the plans' figure, and the table exported.

use super::ScenarioView;
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::data::table::{Column, Table};

impl ScenarioView {
    pub(super) fn results(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(r) = self.result.as_ref().filter(|r| r.layer == doc.active) else {
            return;
        };
        let o = &r.outcome;
        ui.separator();
        let f =
            |v: Option<f64>| v.map_or_else(|| lang.t("missing").to_string(), |v| lang.number(v, 4));
        egui::ScrollArea::horizontal()
            .id_salt("scenario_table_scroll")
            .show(ui, |ui| {
                egui::Grid::new("scenario_table")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong(lang.t("index"));
                        ui.strong(lang.t("region"));
                        ui.strong(lang.t("before"));
                        for s in &o.scenarios {
                            ui.strong(&s.name);
                            ui.strong(lang.t("difference"));
                        }
                        ui.end_row();
                        let Some(first) = o.scenarios.first() else {
                            return;
                        };
                        for (k, row) in first.indices.iter().enumerate() {
                            let moved = o
                                .scenarios
                                .iter()
                                .any(|s| s.indices.get(k).and_then(|c| c.difference) != Some(0.0));
                            if row.region.is_some() && !moved && !self.all_regions {
                                continue;
                            }
                            ui.label(row.index).on_hover_text(
                                crate::measures::segregation::measure(row.index).map_or("", |m| {
                                    if lang.is_swedish() {
                                        m.sv
                                    } else {
                                        m.en
                                    }
                                }),
                            );
                            ui.label(row.region.as_deref().unwrap_or(lang.t("whole_layer")));
                            ui.label(f(row.before));
                            for s in &o.scenarios {
                                let c = s.indices.get(k);
                                ui.label(f(c.and_then(|c| c.after)));
                                let d = c.and_then(|c| c.difference);
                                let mut text = d.map_or_else(String::new, |d| {
                                    let n = lang.number(d, 5);
                                    if n == "0" && d != 0.0 {
                                        "≈ 0".to_string()
                                    } else {
                                        format!("{}{n}", if d > 0.0 { "+" } else { "" })
                                    }
                                });
                                match c.and_then(|c| c.exceeds_noise) {
                                    Some(true) => {
                                        text.push_str(" *");
                                        ui.strong(text).on_hover_text(lang.t("exceeds_noise"));
                                    }
                                    Some(false) => {
                                        ui.label(text).on_hover_text(lang.t("within_noise"));
                                    }
                                    None => {
                                        ui.label(text);
                                    }
                                }
                            }
                            ui.end_row();
                        }
                    });
            });
        if r.request.ci.is_some() {
            ui.small(lang.t("noise_legend"));
        }
        if r.request.by.is_some() {
            ui.checkbox(&mut self.all_regions, lang.t("all_regions"))
                .on_hover_text(lang.t("all_regions_help"));
        }
        if !o.excluded.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                format!("{} {}", o.excluded.len(), lang.t("excluded_areas")),
            );
        }
        let mut pick = None;
        for s in &o.scenarios {
            for n in &s.notes {
                ui.colored_label(
                    egui::Color32::from_rgb(150, 90, 0),
                    format!("{}: {n}", s.name),
                );
            }
            let name = |row: usize| {
                r.ids
                    .get(row)
                    .cloned()
                    .unwrap_or_else(|| format!("ny {}", row + 1 - r.ids.len()))
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} — {}:", s.name, lang.t("receiving_areas")));
                for rc in &s.received {
                    let text = format!("{} (+{})", name(rc.row), lang.number(rc.persons, 0));
                    if ui.link(text).on_hover_text(lang.t("select_area")).clicked()
                        && rc.row < r.ids.len()
                    {
                        pick = Some(rc.row);
                    }
                }
            });
            if r.request.types.is_some() {
                if s.type_changes.is_empty() {
                    ui.label(format!("{} — {}", s.name, lang.t("no_type_changes")));
                }
                for t in &s.type_changes {
                    let ty = |t: Option<u8>| {
                        t.map_or_else(
                            || lang.t("missing").to_string(),
                            |t| {
                                format!(
                                    "{t} {}",
                                    crate::analysis::areatypes::name(t, lang.is_swedish())
                                )
                            },
                        )
                    };
                    ui.label(format!(
                        "{} — {}: {} → {}",
                        s.name,
                        name(t.row),
                        ty(t.before),
                        ty(t.after)
                    ));
                }
            }
        }
        if let Some(row) = pick {
            doc.select(row, false);
        }
        if o.scenarios.iter().any(|s| !s.new_areas.is_empty()) {
            ui.small(lang.t("new_areas_on_map"));
        }
        let options = self.map_options(lang);
        let before = (self.map_choice, self.map_plan);
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_label(lang.t("map_shows"))
                .selected_text(options.get(self.map_choice).cloned().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for (i, o) in options.iter().enumerate() {
                        ui.selectable_value(&mut self.map_choice, i, o);
                    }
                });
            let names: Vec<String> = o.scenarios.iter().map(|s| s.name.clone()).collect();
            egui::ComboBox::from_label(lang.t("plan"))
                .selected_text(names.get(self.map_plan).cloned().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for (i, n) in names.iter().enumerate() {
                        ui.selectable_value(&mut self.map_plan, i, n);
                    }
                });
        });
        let mut export = None;
        ui.horizontal_wrapped(|ui| {
            if ui.button(lang.t("export_table")).clicked() {
                export = Some(0);
            }
            if ui.button(lang.t("export_figure")).clicked() {
                export = Some(1);
            }
            if self
                .result
                .as_ref()
                .is_some_and(|r| r.outcome.scenarios.len() > 1)
                && ui.button(lang.t("export_plans_side_by_side")).clicked()
            {
                export = Some(2);
            }
        });
        // Several plans: their maps side by side, on one legend, as they export.
        if let Some(r) = self
            .result
            .as_ref()
            .filter(|r| r.outcome.scenarios.len() > 1)
        {
            egui::CollapsingHeader::new(lang.t("plans_side_by_side"))
                .default_open(true)
                .show(ui, |ui| {
                    let w = ui.available_width().max(240.0);
                    let size = egui::vec2(w, w * 0.5625);
                    let key = r.number * 2 + u64::from(lang.is_swedish());
                    crate::app::chart_view::show_svg(ui, "scenario_plans", key, size, |w, h| {
                        crate::figure::plans::side_by_side(
                            &r.outcome.scenarios,
                            &r.plans,
                            r.request.group.as_deref().unwrap_or_default(),
                            r.request.by.as_deref(),
                            "",
                            "",
                            (w, h),
                            lang,
                        )
                        .ok()
                    });
                });
        }
        match export {
            Some(0) => {
                if let Ok(t) = self.table(lang) {
                    doc.save_request = Some(SaveRequest {
                        name: "scenario.csv".into(),
                        export: Export::Table(t),
                    });
                }
            }
            Some(2) => match self.side_by_side(doc, lang) {
                Ok(svg) => {
                    doc.save_request = Some(SaveRequest {
                        name: "planer.svg".into(),
                        export: Export::Svg {
                            svg,
                            width: 1600.0,
                            height: 900.0,
                        },
                    })
                }
                Err(e) => doc.messages.push(e.to_string()),
            },
            Some(_) => {
                doc.save_request = Some(SaveRequest {
                    name: "scenario.svg".into(),
                    export: Export::Figure,
                })
            }
            None => {}
        }
        if (self.map_choice, self.map_plan) != before {
            self.show_map(doc, lang);
        }
    }

    /// The plans side by side on one legend (as `scenario --figure` with several plans).
    pub fn side_by_side(&self, doc: &Document, lang: Lang) -> crate::Result<String> {
        let Some(r) = &self.result else {
            return Err(crate::Error::input("compute the plans first"));
        };
        crate::figure::plans::side_by_side(
            &r.outcome.scenarios,
            &r.plans,
            r.request.group.as_deref().unwrap_or_default(),
            r.request.by.as_deref(),
            &doc.title,
            &doc.source,
            (1600.0, 900.0),
            lang,
        )
    }

    /// The before/after table as CSV: one row per index and region, each plan's after and
    /// difference.
    pub(super) fn table(&self, lang: Lang) -> crate::Result<Table> {
        let Some(r) = &self.result else {
            return Ok(Table::default());
        };
        let o = &r.outcome;
        let Some(first) = o.scenarios.first() else {
            return Ok(Table::default());
        };
        let mut cols = vec![
            Column::text(
                lang.t("index"),
                first
                    .indices
                    .iter()
                    .map(|i| Some(i.index.to_string()))
                    .collect(),
            ),
            Column::text(
                lang.t("region"),
                first.indices.iter().map(|i| i.region.clone()).collect(),
            ),
            Column::number(
                lang.t("before"),
                first.indices.iter().map(|i| i.before).collect(),
            ),
        ];
        for s in &o.scenarios {
            cols.push(Column::number(
                s.name.clone(),
                s.indices.iter().map(|i| i.after).collect(),
            ));
            cols.push(Column::number(
                format!("{} ±", s.name),
                s.indices.iter().map(|i| i.difference).collect(),
            ));
        }
        Table::new(cols)
    }
}
