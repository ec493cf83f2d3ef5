//! The parallel coordinate plot view: 2–10 variables as vertical axes (reorder them with the
//! arrows), standardised or raw, one line per area; drag along an axis to select the areas
//! whose value lies in that range.

use super::{Selected, Source, SELECTED};
use crate::analysis::explore::{parallel, Parallel};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::view::View;
use crate::figure::chart::{shorten, summary_note, Chart};
use crate::project::{ParallelSettings, Project};
use egui::{Color32, Pos2, Rect, Stroke};

struct Model {
    source: Source,
    standardised: bool,
    result: Result<Parallel, String>,
}

pub struct ParallelView {
    pub vars: Vec<String>,
    pub standardised: bool,
    add: String,
    model: Option<Model>,
    selected: Selected,
    /// An axis being brushed: its index and the value where the drag started.
    brushing: Option<(usize, f64)>,
    shown: bool,
}

impl Default for ParallelView {
    fn default() -> Self {
        ParallelView {
            vars: Vec::new(),
            standardised: true,
            add: String::new(),
            model: None,
            selected: Selected::default(),
            brushing: None,
            shown: false,
        }
    }
}

/// Where the axes are: left and right margins, top and bottom.
struct Frame {
    rect: Rect,
    n: usize,
}

impl Frame {
    fn x(&self, k: usize) -> f32 {
        let r = self.rect.shrink2(egui::vec2(50.0, 0.0));
        r.left() + r.width() * k as f32 / (self.n - 1).max(1) as f32
    }
    fn y(&self, range: (f64, f64), v: f64) -> f32 {
        let (top, bottom) = (self.rect.top() + 10.0, self.rect.bottom() - 24.0);
        let t = ((v - range.0) / (range.1 - range.0).max(1e-12)) as f32;
        bottom - t * (bottom - top)
    }
    fn value(&self, range: (f64, f64), y: f32) -> f64 {
        let (top, bottom) = (self.rect.top() + 10.0, self.rect.bottom() - 24.0);
        range.0 + ((bottom - y) / (bottom - top)) as f64 * (range.1 - range.0)
    }
    /// The axis nearest to x, within 20 points.
    fn axis_at(&self, x: f32) -> Option<usize> {
        (0..self.n)
            .min_by(|a, b| (self.x(*a) - x).abs().total_cmp(&(self.x(*b) - x).abs()))
            .filter(|k| (self.x(*k) - x).abs() < 20.0)
    }
}

impl ParallelView {
    pub fn parallel(&self) -> Option<&Parallel> {
        self.model.as_ref()?.result.as_ref().ok()
    }

    pub fn refresh(&mut self, doc: &Document) {
        if self.vars.len() < 2 {
            self.model = None;
            return;
        }
        let Some(source) = Source::of(doc, &self.vars, false) else {
            return;
        };
        if self
            .model
            .as_ref()
            .is_none_or(|m| m.source != source || m.standardised != self.standardised)
        {
            let result = self
                .vars
                .iter()
                .map(|v| super::values(doc, v))
                .collect::<crate::Result<Vec<_>>>()
                .and_then(|cols| parallel(&cols, self.standardised))
                .map_err(|e| e.message);
            self.model = Some(Model {
                source,
                standardised: self.standardised,
                result,
            });
        }
        self.selected.sync(doc);
    }

    /// The areas whose value on `axis` lies between `a` and `b` (brushing along an axis).
    pub fn brush_axis(&self, axis: usize, a: f64, b: f64) -> Vec<usize> {
        self.parallel()
            .map_or_else(Vec::new, |p| p.rows_between(axis, a, b))
    }

    fn chart(&self, doc: &Document, lang: Lang) -> Option<Chart> {
        let p = self.parallel()?;
        Some(Chart::Parallel {
            title: lang
                .t(if p.standardised {
                    "parallel_standardised"
                } else {
                    "parallel_coordinates"
                })
                .into(),
            axes: self
                .vars
                .iter()
                .map(|v| crate::data::labels::or_field(v, lang, &doc.labels))
                .collect(),
            lines: (0..p.rows.len())
                .map(|k| p.values.iter().map(|a| a[k]).collect())
                .collect(),
            ranges: p.range.clone(),
            selected: p.rows.iter().map(|&r| self.selected.has(r)).collect(),
            note: summary_note(p.rows.len(), p.missing, &doc.source, lang),
        })
    }

    fn variables_ui(&mut self, ui: &mut egui::Ui, doc: &Document, lang: Lang) {
        let columns = doc
            .active_layer()
            .map(|l| crate::app::picker::numeric_columns(&l.table))
            .unwrap_or_default();
        let mut action: Option<(usize, i32)> = None;
        let n = self.vars.len();
        for (k, v) in self.vars.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .small_button("✕")
                    .on_hover_text(lang.t("remove"))
                    .clicked()
                {
                    action = Some((k, 0));
                }
                if ui
                    .add_enabled(k > 0, egui::Button::new("←").small())
                    .on_hover_text(lang.t("move_left"))
                    .clicked()
                {
                    action = Some((k, -1));
                }
                if ui
                    .add_enabled(k + 1 < n, egui::Button::new("→").small())
                    .on_hover_text(lang.t("move_right"))
                    .clicked()
                {
                    action = Some((k, 1));
                }
                ui.label(shorten(v, 44)).on_hover_text(v.as_str());
            });
        }
        match action {
            Some((k, 0)) => {
                self.vars.remove(k);
            }
            Some((k, d)) => self.vars.swap(k, (k as i32 + d) as usize),
            None => {}
        }
        if self.vars.len() < 10 {
            let (picked, entered) = crate::app::picker::variable_to_add(
                ui,
                lang.t("add_variable"),
                &mut self.add,
                &columns,
                lang,
            );
            let typed = !self.add.is_empty() && ui.button(lang.t("add")).clicked();
            if ((picked || entered) && !self.add.trim().is_empty()) || typed {
                self.vars.push(std::mem::take(&mut self.add));
            }
        }
        ui.checkbox(&mut self.standardised, lang.t("standardise"));
    }
}

impl View for ParallelView {
    fn id(&self) -> &'static str {
        "parallel"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("parallel_coordinates").into()
    }

    fn explore(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.shown = true;
        self.variables_ui(ui, doc, lang);
        self.refresh(doc);
        let Some(m) = &self.model else {
            ui.label(lang.t("parallel_hint"));
            return;
        };
        let p = match &m.result {
            Ok(p) => p,
            Err(e) => {
                ui.colored_label(Color32::from_rgb(180, 40, 40), e);
                return;
            }
        };
        let export = ui.button(lang.t("export_chart")).clicked();
        let height = super::chart_height(ui, 28.0);
        let (rect, response) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), height),
            egui::Sense::click_and_drag(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, lang.t("parallel_coordinates"))
        });
        let f = Frame {
            rect,
            n: self.vars.len(),
        };
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::from_gray(252));
        let hovered = super::hovered(doc);
        let many = p.rows.len() > 3_000;
        let grey = Color32::from_gray(150).gamma_multiply(if many { 0.15 } else { 0.35 });
        let line = |k: usize| -> Vec<Pos2> {
            (0..f.n)
                .map(|a| egui::pos2(f.x(a), f.y(p.range[a], p.values[a][k])))
                .collect()
        };
        let mut on_top = Vec::new();
        for (k, &row) in p.rows.iter().enumerate() {
            if self.selected.has(row) || hovered == Some(row) {
                on_top.push(k);
            } else {
                painter.add(egui::Shape::line(line(k), Stroke::new(0.7, grey)));
            }
        }
        for k in on_top {
            let stroke = if hovered == Some(p.rows[k]) {
                Stroke::new(2.5, Color32::BLACK)
            } else {
                Stroke::new(1.3, SELECTED)
            };
            painter.add(egui::Shape::line(line(k), stroke));
        }
        let font = egui::FontId::proportional(11.0);
        for (a, name) in self.vars.iter().enumerate() {
            let x = f.x(a);
            painter.line_segment(
                [
                    egui::pos2(x, f.y(p.range[a], p.range[a].1)),
                    egui::pos2(x, f.y(p.range[a], p.range[a].0)),
                ],
                Stroke::new(1.2, Color32::from_gray(30)),
            );
            painter.text(
                egui::pos2(x, rect.bottom() - 4.0),
                egui::Align2::CENTER_BOTTOM,
                shorten(name, 22),
                font.clone(),
                Color32::from_gray(20),
            );
            for (v, align) in [
                (p.range[a].1, egui::Align2::RIGHT_TOP),
                (p.range[a].0, egui::Align2::RIGHT_BOTTOM),
            ] {
                painter.text(
                    egui::pos2(x - 4.0, f.y(p.range[a], v)),
                    align,
                    lang.number(v, 2),
                    egui::FontId::proportional(9.0),
                    Color32::from_gray(80),
                );
            }
        }
        // Brushing along an axis.
        let additive = super::additive(ui);
        let mut picked = None;
        if response.drag_started() {
            if let Some(pos) = response.interact_pointer_pos() {
                self.brushing = f.axis_at(pos.x).map(|a| (a, f.value(p.range[a], pos.y)));
            }
        }
        if let (Some((a, start)), Some(pos)) = (self.brushing, response.interact_pointer_pos()) {
            let now = f.value(p.range[a], pos.y);
            let (y0, y1) = (f.y(p.range[a], start), f.y(p.range[a], now));
            painter.rect_filled(
                Rect::from_min_max(
                    egui::pos2(f.x(a) - 8.0, y0.min(y1)),
                    egui::pos2(f.x(a) + 8.0, y0.max(y1)),
                ),
                0.0,
                SELECTED.gamma_multiply(0.3),
            );
            if response.drag_stopped() {
                picked = Some(self.brush_axis(a, start, now));
                self.brushing = None;
            }
        }
        if response.drag_stopped() {
            self.brushing = None;
        }
        // Hover: the nearest line at the pointer's axis.
        if let Some(pos) = response.hover_pos() {
            if let Some(a) = f.axis_at(pos.x) {
                let near = (0..p.rows.len())
                    .map(|k| (k, (f.y(p.range[a], p.values[a][k]) - pos.y).abs()))
                    .filter(|(_, d)| *d < 4.0)
                    .min_by(|x, y| x.1.total_cmp(&y.1));
                if let Some((k, _)) = near {
                    let raw = if p.standardised {
                        p.mean[a] + p.values[a][k] * p.sd[a]
                    } else {
                        p.values[a][k]
                    };
                    super::hover(
                        doc,
                        &response,
                        p.rows[k],
                        format!("{}: {}", self.vars[a], lang.number(raw, 2)),
                    );
                    if response.clicked() {
                        picked = Some(vec![p.rows[k]]);
                    }
                }
            }
        }
        super::counts_line(ui, p.rows.len(), p.missing, self.selected.count, lang);
        if let Some(rows) = picked {
            super::select(doc, rows, additive);
        }
        if export {
            let chart = self.chart(doc, lang);
            super::save_chart(doc, "parallella_koordinater", chart);
        }
    }

    fn on_close(&mut self) {
        self.shown = false;
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if self.shown && self.vars.len() >= 2 {
            project.analyses.explore.parallel = Some(ParallelSettings {
                vars: self.vars.clone(),
                standardised: self.standardised,
            });
        }
        Ok(())
    }

    fn load_project(&mut self, _doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(s) = &project.analyses.explore.parallel else {
            return false;
        };
        self.vars = s.vars.clone();
        self.standardised = s.standardised;
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
