//! The histogram view: any variable in k bins of equal width, or in the map's classes with
//! their colours; the selected areas' part of each bar drawn over it. Click a bar or brush
//! across bars to select their areas.

use super::{Brush, Brushed, Selected, Source, SELECTED};
use crate::analysis::explore::{histogram, histogram_by_classes, Histogram};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::view::View;
use crate::classify::{self, Scheme};
use crate::figure::chart::Chart;
use crate::project::{HistogramSettings, Project};
use egui::Color32;

/// What the bars show.
struct Model {
    source: Source,
    bins: usize,
    map_classes: bool,
    result: Result<(Histogram, Vec<[u8; 3]>), String>,
}

pub struct HistogramView {
    pub var: String,
    pub bins: usize,
    /// The map's classes (and colours) as bins.
    pub map_classes: bool,
    model: Option<Model>,
    selected: Selected,
    /// Per bin, how many of its areas are selected.
    pub selected_counts: Vec<usize>,
    brush: Brush,
    shown: bool,
    /// The plot's mapping between screen and values in the last frame (for tests).
    pub transform: Option<egui_plot::PlotTransform>,
}

impl Default for HistogramView {
    fn default() -> Self {
        HistogramView {
            var: String::new(),
            bins: 10,
            map_classes: false,
            model: None,
            selected: Selected::default(),
            selected_counts: Vec::new(),
            brush: Brush::default(),
            shown: false,
            transform: None,
        }
    }
}

impl HistogramView {
    /// The histogram drawn (after the view has been shown once with its variable).
    pub fn histogram(&self) -> Option<&Histogram> {
        self.model.as_ref()?.result.as_ref().ok().map(|r| &r.0)
    }

    fn variable(&self, doc: &Document) -> String {
        if self.map_classes {
            doc.style.variable.clone()
        } else {
            self.var.clone()
        }
    }

    /// Recompute the bins when the variable, the bins or the data changed; the selected
    /// counts when the selection changed.
    pub fn refresh(&mut self, doc: &Document) {
        let var = self.variable(doc);
        if var.is_empty() {
            self.model = None;
            return;
        }
        let Some(source) = Source::of(doc, std::slice::from_ref(&var), self.map_classes) else {
            return;
        };
        let stale = self.model.as_ref().is_none_or(|m| {
            m.source != source || m.bins != self.bins || m.map_classes != self.map_classes
        });
        if stale {
            let result = self.compute(doc, &var).map_err(|e| e.message);
            self.model = Some(Model {
                source,
                bins: self.bins,
                map_classes: self.map_classes,
                result,
            });
            self.selected = Selected::default();
        }
        if self.selected.sync(doc) || stale {
            self.selected_counts = self
                .histogram()
                .map(|h| h.selected_counts(&|i| self.selected.has(i)))
                .unwrap_or_default();
        }
    }

    fn compute(&self, doc: &Document, var: &str) -> crate::Result<(Histogram, Vec<[u8; 3]>)> {
        let v = super::values(doc, var)?;
        if !self.map_classes {
            return Ok((histogram(&v, self.bins)?, Vec::new()));
        }
        let s = &doc.style;
        if s.categorical {
            return Err(crate::Error::input(
                "the map shows categories, not classes of values: bins of equal width instead",
            ));
        }
        let bounds = crate::classify::style::parse_bounds(&s.bounds).unwrap_or_default();
        let c = classify::classify(&v, &Scheme::from_name(&s.scheme, s.k, s.hinge, &bounds)?)?;
        let class: Vec<Option<usize>> = v.iter().map(|x| classify::class_of(*x, &c.bins)).collect();
        let mut edges = vec![c.min];
        edges.extend(&c.bins);
        let colors = doc
            .rendered
            .as_ref()
            .map(|r| r.colors.clone())
            .unwrap_or_default();
        Ok((histogram_by_classes(&v, &class, edges)?, colors))
    }

    fn chart(&self, doc: &Document, lang: Lang) -> Option<Chart> {
        let (h, colors) = self.model.as_ref()?.result.as_ref().ok()?;
        let var = crate::data::labels::or_field(&self.variable(doc), lang, &doc.labels);
        Some(Chart::Histogram {
            title: if doc.title.is_empty() || !self.map_classes {
                var.clone()
            } else {
                doc.title.clone()
            },
            x_label: var,
            edges: h.edges.clone(),
            counts: h.counts.clone(),
            colors: colors.clone(),
            selected: self.selected_counts.clone(),
            note: crate::figure::chart::summary_note(
                h.counts.iter().sum(),
                h.missing,
                &doc.source,
                lang,
            ),
        })
    }
}

impl View for HistogramView {
    fn id(&self) -> &'static str {
        "histogram"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("histogram").into()
    }

    fn explore(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.shown = true;
        ui.checkbox(&mut self.map_classes, lang.t("map_classes_as_bins"));
        if !self.map_classes {
            super::variable(ui, lang.t("variable"), &mut self.var, doc, lang);
            ui.horizontal(|ui| {
                let label = ui.label(lang.t("bins"));
                ui.add(egui::DragValue::new(&mut self.bins).range(1..=200))
                    .labelled_by(label.id);
            });
        } else {
            ui.label(format!("{}: {}", lang.t("variable"), doc.style.variable));
        }
        self.refresh(doc);
        let Some(model) = &self.model else {
            ui.label(lang.t("choose_variable_hint"));
            return;
        };
        let (h, colors) = match &model.result {
            Ok(r) => r,
            Err(e) => {
                ui.colored_label(Color32::from_rgb(180, 40, 40), e);
                return;
            }
        };
        let hovered_bin = super::hovered(doc).and_then(|r| h.bin_of.get(r).copied().flatten());
        let mut bars = Vec::new();
        let mut marks = Vec::new();
        for (k, c) in h.counts.iter().enumerate() {
            let (a, b) = (h.edges[k], h.edges[k + 1]);
            let fill = colors.get(k).map_or(Color32::from_rgb(140, 160, 190), |c| {
                Color32::from_rgb(c[0], c[1], c[2])
            });
            let mut bar = egui_plot::Bar::new((a + b) / 2.0, *c as f64)
                .width(b - a)
                .fill(fill)
                .stroke(egui::Stroke::new(
                    if hovered_bin == Some(k) { 2.0 } else { 0.5 },
                    if hovered_bin == Some(k) {
                        Color32::BLACK
                    } else {
                        Color32::WHITE
                    },
                ));
            bar = bar.name(format!("{}–{}", lang.number(a, 2), lang.number(b, 2)));
            bars.push(bar);
            if let Some(&s) = self.selected_counts.get(k).filter(|s| **s > 0) {
                marks.push(
                    egui_plot::Bar::new((a + b) / 2.0, s as f64)
                        .width((b - a) * 0.6)
                        .fill(SELECTED),
                );
            }
        }
        let mut export = false;
        ui.horizontal(|ui| {
            self.brush.toggle(ui, lang);
            export = ui.button(lang.t("export_chart")).clicked();
        });
        let height = super::chart_height(ui, 28.0);
        let top = h.counts.iter().copied().max().unwrap_or(1) as f64 * 1.05;
        let bounds = [h.edges[0], h.edges[h.edges.len() - 1], 0.0, top];
        let response = super::plot("histogram-plot", height, bounds, lang)
            .x_axis_label(self.variable(doc))
            .y_axis_label(lang.t("number_of_areas"))
            .show(ui, |p| {
                p.bar_chart(egui_plot::BarChart::new("bins", bars).allow_hover(false));
                if !marks.is_empty() {
                    p.bar_chart(egui_plot::BarChart::new("selected", marks).allow_hover(false));
                }
            });
        response.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, lang.t("histogram"))
        });
        let t = response.transform;
        self.transform = Some(t);
        self.brush.paint(ui, &response.response, &t);
        let additive = super::additive(ui);
        let at = |pos: Option<egui::Pos2>| pos.map(|p| t.value_from_position(p).x);
        // Hover: the bar's range and count.
        if let Some(k) = at(response.response.hover_pos()).and_then(|x| h.bin_at(x)) {
            let text = format!(
                "{}–{}: {} {}",
                lang.number(h.edges[k], 2),
                lang.number(h.edges[k + 1], 2),
                lang.number(h.counts[k] as f64, 0),
                lang.t("areas_word")
            );
            response.response.clone().on_hover_text_at_pointer(text);
        }
        let mut picked: Option<Vec<usize>> = None;
        if response.response.clicked() {
            if let Some(k) = at(response.response.interact_pointer_pos()).and_then(|x| h.bin_at(x))
            {
                picked = Some(h.rows[k].clone());
            }
        }
        if let Some(b) = self.brush.follow(&response.response, &t) {
            let (x0, x1) = match &b {
                Brushed::Rect { x, .. } => *x,
                Brushed::Lasso(p) => p
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, c), q| {
                        (a.min(q[0]), c.max(q[0]))
                    }),
            };
            // Every bar the brush touches.
            picked = Some(
                (0..h.counts.len())
                    .filter(|&k| h.edges[k + 1] >= x0 && h.edges[k] <= x1)
                    .flat_map(|k| h.rows[k].iter().copied())
                    .collect(),
            );
        }
        let (n, missing, sel) = (h.counts.iter().sum(), h.missing, self.selected.count);
        super::counts_line(ui, n, missing, sel, lang);
        if let Some(rows) = picked {
            super::select(doc, rows, additive);
        }
        if export {
            let chart = self.chart(doc, lang);
            super::save_chart(doc, "histogram", chart);
        }
    }

    fn on_close(&mut self) {
        self.shown = false;
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if self.shown && (!self.var.is_empty() || self.map_classes) {
            project.analyses.explore.histogram = Some(HistogramSettings {
                var: self.var.clone(),
                bins: self.bins,
                map_classes: self.map_classes,
            });
        }
        Ok(())
    }

    fn load_project(&mut self, _doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(h) = &project.analyses.explore.histogram else {
            return false;
        };
        self.var = h.var.clone();
        self.bins = h.bins.max(1);
        self.map_classes = h.map_classes;
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
