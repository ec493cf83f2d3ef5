//! The box plot view: one or more variables side by side — the box from q1 to q3, the median,
//! the mean (a diamond), whiskers to the last values inside the fences (h = 1.5 or 3 times the
//! IQR, as mapclassify's box plot) and the outliers as points. The selected areas are drawn
//! on every box; brush a range or click a point to select areas.

use super::{Brush, Selected, Source, SELECTED};
use crate::analysis::explore::{box_plot, BoxStats};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::view::View;
use crate::figure::chart::{summary_note, Chart};
use crate::project::{BoxPlotSettings, Project};
use egui::Color32;

/// A variable's box and every area's value (or why there is none).
type VarBox = Result<(BoxStats, Vec<Option<f64>>), String>;

struct Model {
    source: Source,
    hinge: f64,
    /// Per variable: its box and every area's value.
    boxes: Vec<VarBox>,
}

pub struct BoxPlotView {
    pub vars: Vec<String>,
    pub hinge: f64,
    add: String,
    model: Option<Model>,
    selected: Selected,
    brush: Brush,
    shown: bool,
}

impl Default for BoxPlotView {
    fn default() -> Self {
        BoxPlotView {
            vars: Vec::new(),
            hinge: 1.5,
            add: String::new(),
            model: None,
            selected: Selected::default(),
            brush: Brush::default(),
            shown: false,
        }
    }
}

impl BoxPlotView {
    /// The boxes drawn, per variable.
    pub fn boxes(&self) -> Vec<Option<&BoxStats>> {
        self.model.as_ref().map_or_else(Vec::new, |m| {
            m.boxes
                .iter()
                .map(|b| b.as_ref().ok().map(|b| &b.0))
                .collect()
        })
    }

    pub fn refresh(&mut self, doc: &Document) {
        if self.vars.is_empty() {
            self.model = None;
            return;
        }
        let Some(source) = Source::of(doc, &self.vars, false) else {
            return;
        };
        if self
            .model
            .as_ref()
            .is_none_or(|m| m.source != source || m.hinge != self.hinge)
        {
            let boxes = self
                .vars
                .iter()
                .map(|v| {
                    let values = super::values(doc, v).map_err(|e| e.message)?;
                    let b = box_plot(&values, self.hinge).map_err(|e| e.message)?;
                    Ok((b, values))
                })
                .collect();
            self.model = Some(Model {
                source,
                hinge: self.hinge,
                boxes,
            });
        }
        self.selected.sync(doc);
    }

    fn chart(&self, doc: &Document, lang: Lang) -> Option<Chart> {
        let m = self.model.as_ref()?;
        let boxes: Vec<(String, BoxStats)> = self
            .vars
            .iter()
            .zip(&m.boxes)
            .filter_map(|(v, b)| Some((v.clone(), b.as_ref().ok()?.0.clone())))
            .collect();
        let first = boxes.first()?.1.clone();
        Some(Chart::BoxPlot {
            title: self.vars.join(", "),
            note: summary_note(first.n, first.missing, &doc.source, lang),
            boxes,
        })
    }
}

impl View for BoxPlotView {
    fn id(&self) -> &'static str {
        "boxplot"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("box_plot").into()
    }

    fn explore(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.shown = true;
        let columns = doc
            .active_layer()
            .map(|l| crate::app::picker::numeric_columns(&l.table))
            .unwrap_or_default();
        let mut remove = None;
        for (k, v) in self.vars.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .small_button("✕")
                    .on_hover_text(lang.t("remove"))
                    .clicked()
                {
                    remove = Some(k);
                }
                ui.label(crate::figure::chart::shorten(v, 50))
                    .on_hover_text(v.as_str());
            });
        }
        if let Some(k) = remove {
            self.vars.remove(k);
        }
        let (picked, entered) = crate::app::picker::variable_to_add(
            ui,
            lang.t("add_variable"),
            &mut self.add,
            &columns,
            lang,
        );
        if (picked || entered) && !self.add.trim().is_empty() {
            self.vars.push(std::mem::take(&mut self.add));
        }
        ui.horizontal(|ui| {
            if !self.add.is_empty() && ui.button(lang.t("add")).clicked() {
                self.vars.push(std::mem::take(&mut self.add));
            }
            ui.label(lang.t("fences"));
            ui.radio_value(&mut self.hinge, 1.5, "1,5 × IQR");
            ui.radio_value(&mut self.hinge, 3.0, "3 × IQR");
        });
        self.refresh(doc);
        let Some(m) = &self.model else {
            ui.label(lang.t("choose_variable_hint"));
            return;
        };
        for (v, b) in self.vars.iter().zip(&m.boxes) {
            if let Err(e) = b {
                ui.colored_label(Color32::from_rgb(180, 40, 40), format!("{v}: {e}"));
            }
        }
        let mut export = false;
        ui.horizontal(|ui| {
            self.brush.toggle(ui, lang);
            export = ui.button(lang.t("export_chart")).clicked();
        });
        let hovered = super::hovered(doc);
        // Every drawn point: (row, x, y) — outliers, the selected areas and the hovered one.
        let mut points: Vec<(usize, f64, f64)> = Vec::new();
        let mut elems = Vec::new();
        let mut outliers = Vec::new();
        let mut means = Vec::new();
        let mut chosen = Vec::new();
        let mut marked = Vec::new();
        for (k, b) in m.boxes.iter().enumerate() {
            let Ok((b, values)) = b else { continue };
            let x = k as f64;
            elems.push(
                egui_plot::BoxElem::new(
                    x,
                    egui_plot::BoxSpread::new(b.whisker_low, b.q1, b.median, b.q3, b.whisker_high),
                )
                .box_width(0.45)
                .whisker_width(0.25)
                .fill(Color32::from_rgb(158, 202, 225))
                .stroke(egui::Stroke::new(1.2, Color32::from_gray(40)))
                .name(self.vars[k].clone()),
            );
            means.push([x, b.mean]);
            for (&row, &v) in b.outliers.iter().zip(&b.outlier_values) {
                outliers.push([x, v]);
                points.push((row, x, v));
            }
            for (row, v) in values.iter().enumerate() {
                let Some(v) = v.filter(|v| v.is_finite()) else {
                    continue;
                };
                if self.selected.has(row) {
                    chosen.push([x, v]);
                    points.push((row, x, v));
                }
                if hovered == Some(row) {
                    marked.push([x, v]);
                }
            }
        }
        let names = self.vars.clone();
        let height = super::chart_height(ui, 28.0);
        let (lo, hi) = m
            .boxes
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (x, _)| {
                (a.min(x.min), b.max(x.max))
            });
        let bounds = [-0.5, self.vars.len() as f64 - 0.5, lo, hi];
        let response = super::plot("boxplot-plot", height, bounds, lang)
            .x_axis_formatter(move |mark, _| {
                let k = mark.value.round();
                if (mark.value - k).abs() < 1e-9 && k >= 0.0 {
                    names
                        .get(k as usize)
                        .map(|n| crate::figure::chart::shorten(n, 28))
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .show(ui, |p| {
                p.box_plot(egui_plot::BoxPlot::new("boxes", elems).allow_hover(false));
                p.points(
                    egui_plot::Points::new("outliers", outliers)
                        .color(Color32::from_rgb(192, 57, 43))
                        .filled(false)
                        .radius(3.0),
                );
                p.points(
                    egui_plot::Points::new("mean", means)
                        .shape(egui_plot::MarkerShape::Diamond)
                        .color(Color32::from_rgb(192, 57, 43))
                        .radius(5.0),
                );
                if !chosen.is_empty() {
                    p.points(
                        egui_plot::Points::new("selected", chosen)
                            .color(SELECTED)
                            .radius(3.0),
                    );
                }
                if !marked.is_empty() {
                    p.points(
                        egui_plot::Points::new("hovered", marked)
                            .color(Color32::BLACK)
                            .filled(false)
                            .radius(6.0),
                    );
                }
            });
        response.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, lang.t("box_plot"))
        });
        let t = response.transform;
        self.brush.paint(ui, &response.response, &t);
        let additive = super::additive(ui);
        let mut picked: Option<Vec<usize>> = None;
        if let Some(row) = super::nearest(&response.response, &t, points.iter().copied()) {
            let v = points.iter().find(|p| p.0 == row).map_or(0.0, |p| p.2);
            super::hover(doc, &response.response, row, lang.number(v, 2));
            if response.response.clicked() {
                picked = Some(vec![row]);
            }
        }
        if let Some(b) = self.brush.follow(&response.response, &t) {
            // Every area whose value on a box lies in the brush.
            let mut rows = Vec::new();
            for (k, bx) in m.boxes.iter().enumerate() {
                let Ok((_, values)) = bx else { continue };
                for (row, v) in values.iter().enumerate() {
                    if v.is_some_and(|v| b.contains(k as f64, v)) {
                        rows.push(row);
                    }
                }
            }
            picked = Some(rows);
        }
        if let Some(Ok((b, _))) = m.boxes.first() {
            super::counts_line(ui, b.n, b.missing, self.selected.count, lang);
        }
        if let Some(rows) = picked {
            super::select(doc, rows, additive);
        }
        if export {
            let chart = self.chart(doc, lang);
            super::save_chart(doc, "ladagram", chart);
        }
    }

    fn on_close(&mut self) {
        self.shown = false;
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if self.shown && !self.vars.is_empty() {
            project.analyses.explore.boxplot = Some(BoxPlotSettings {
                vars: self.vars.clone(),
                hinge: self.hinge,
            });
        }
        Ok(())
    }

    fn load_project(&mut self, _doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(b) = &project.analyses.explore.boxplot else {
            return false;
        };
        self.vars = b.vars.clone();
        self.hinge = b.hinge;
        self.model = None;
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
