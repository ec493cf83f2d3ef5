//! The scatter plot view: two variables, the least-squares line with its equation and
//! Pearson's r, and — when areas are selected — the line for the selection and for the rest
//! (as GeoDa). Brush a box or a lasso, or click a point, to select areas.

use super::{Brush, Selected, Source, POINT, SELECTED};
use crate::analysis::explore::{fit, fit_rows, scatter_pairs, Fit};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::view::View;
use crate::figure::chart::{line_text, summary_note, Chart};
use crate::project::{Project, ScatterSettings};
use egui::Color32;

struct Model {
    source: Source,
    /// (row, x, y) of the areas with both values.
    pairs: Vec<(usize, f64, f64)>,
    missing: usize,
    fit: Result<Fit, String>,
}

#[derive(Default)]
pub struct ScatterView {
    pub x: String,
    pub y: String,
    model: Option<Model>,
    selected: Selected,
    /// The lines for the selected areas and for the rest (when some are selected).
    pub split: Option<(Option<Fit>, Option<Fit>)>,
    brush: Brush,
    shown: bool,
    /// The plot's mapping between screen and values in the last frame (for tests).
    pub transform: Option<egui_plot::PlotTransform>,
}

impl ScatterView {
    /// The line through all the areas.
    pub fn fit(&self) -> Option<&Fit> {
        self.model.as_ref()?.fit.as_ref().ok()
    }

    /// The points drawn: (row, x, y).
    pub fn pairs(&self) -> &[(usize, f64, f64)] {
        self.model.as_ref().map_or(&[], |m| &m.pairs)
    }

    pub fn refresh(&mut self, doc: &Document) {
        if self.x.is_empty() || self.y.is_empty() {
            self.model = None;
            return;
        }
        let Some(source) = Source::of(doc, &[self.x.clone(), self.y.clone()], false) else {
            return;
        };
        let stale = self.model.as_ref().is_none_or(|m| m.source != source);
        if stale {
            self.model = Some(
                match (super::values(doc, &self.x), super::values(doc, &self.y)) {
                    (Ok(x), Ok(y)) => {
                        let (pairs, missing) = scatter_pairs(&x, &y);
                        let fit = fit(&pairs).map_err(|e| e.message);
                        Model {
                            source,
                            pairs,
                            missing,
                            fit,
                        }
                    }
                    (Err(e), _) | (_, Err(e)) => Model {
                        source,
                        pairs: Vec::new(),
                        missing: 0,
                        fit: Err(e.message),
                    },
                },
            );
            self.selected = Selected::default();
        }
        if self.selected.sync(doc) || stale {
            let m = self.model.as_ref().expect("made above");
            self.split = (self.selected.count > 0).then(|| {
                (
                    fit_rows(&m.pairs, &|i| self.selected.has(i)).ok(),
                    fit_rows(&m.pairs, &|i| !self.selected.has(i)).ok(),
                )
            });
        }
    }

    fn chart(&self, doc: &Document, lang: Lang) -> Option<Chart> {
        let m = self.model.as_ref()?;
        let f = m.fit.as_ref().ok()?;
        let named = |v: &str| crate::data::labels::or_field(v, lang, &doc.labels);
        Some(Chart::Scatter {
            title: format!("{} / {}", named(&self.y), named(&self.x)),
            x_label: named(&self.x),
            y_label: named(&self.y),
            points: m.pairs.iter().map(|p| (p.1, p.2)).collect(),
            line: Some((f.intercept, f.slope)),
            selected: m
                .pairs
                .iter()
                .enumerate()
                .filter(|(_, p)| self.selected.has(p.0))
                .map(|(k, _)| k)
                .collect(),
            selected_line: self.split.and_then(|s| s.0).map(|s| (s.intercept, s.slope)),
            note: format!(
                "{} · {}",
                line_text(f.intercept, f.slope, f.r, lang),
                summary_note(f.n, m.missing, &doc.source, lang)
            ),
        })
    }
}

fn line_points(f: &Fit, x0: f64, x1: f64) -> Vec<[f64; 2]> {
    vec![
        [x0, f.intercept + f.slope * x0],
        [x1, f.intercept + f.slope * x1],
    ]
}

impl View for ScatterView {
    fn id(&self) -> &'static str {
        "scatter"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("scatter_plot").into()
    }

    fn explore(&self) -> bool {
        true
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.shown = true;
        super::variable(ui, lang.t("x_variable"), &mut self.x, doc, lang);
        super::variable(ui, lang.t("y_variable"), &mut self.y, doc, lang);
        self.refresh(doc);
        let Some(m) = &self.model else {
            ui.label(lang.t("choose_variable_hint"));
            return;
        };
        let f = match &m.fit {
            Ok(f) => *f,
            Err(e) => {
                ui.colored_label(Color32::from_rgb(180, 40, 40), e);
                return;
            }
        };
        let mut export = false;
        ui.horizontal(|ui| {
            self.brush.toggle(ui, lang);
            export = ui.button(lang.t("export_chart")).clicked();
        });
        let (x0, x1) = m
            .pairs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.1), b.max(p.1))
            });
        let mut plain = Vec::with_capacity(m.pairs.len());
        let mut chosen = Vec::new();
        for p in &m.pairs {
            if self.selected.has(p.0) {
                chosen.push([p.1, p.2]);
            } else {
                plain.push([p.1, p.2]);
            }
        }
        let hovered = super::hovered(doc)
            .and_then(|r| m.pairs.iter().find(|p| p.0 == r))
            .map(|p| [p.1, p.2]);
        let height = super::chart_height(ui, 70.0);
        let (y0, y1) = m
            .pairs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.2), b.max(p.2))
            });
        let split = self.split;
        let response = super::plot("scatter-plot", height, [x0, x1, y0, y1], lang)
            .x_axis_label(crate::figure::chart::shorten(
                &crate::data::labels::or_field(&self.x, lang, &doc.labels),
                60,
            ))
            .y_axis_label(crate::figure::chart::shorten(
                &crate::data::labels::or_field(&self.y, lang, &doc.labels),
                40,
            ))
            .show(ui, |p| {
                p.points(
                    egui_plot::Points::new("areas", plain)
                        .color(POINT.gamma_multiply(0.7))
                        .radius(2.0),
                );
                p.line(
                    egui_plot::Line::new("fit", line_points(&f, x0, x1))
                        .color(Color32::from_rgb(192, 57, 43))
                        .width(2.0),
                );
                if !chosen.is_empty() {
                    p.points(
                        egui_plot::Points::new("selected", chosen)
                            .color(SELECTED)
                            .radius(3.0),
                    );
                }
                if let Some((sel, rest)) = split {
                    if let Some(s) = sel {
                        p.line(
                            egui_plot::Line::new("fit selected", line_points(&s, x0, x1))
                                .color(SELECTED)
                                .style(egui_plot::LineStyle::dashed_loose())
                                .width(2.0),
                        );
                    }
                    if let Some(r) = rest {
                        p.line(
                            egui_plot::Line::new("fit rest", line_points(&r, x0, x1))
                                .color(Color32::GRAY)
                                .style(egui_plot::LineStyle::dashed_loose())
                                .width(1.5),
                        );
                    }
                }
                if let Some(h) = hovered {
                    p.points(
                        egui_plot::Points::new("hovered", vec![h])
                            .color(Color32::BLACK)
                            .filled(false)
                            .radius(6.0),
                    );
                }
            });
        response.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, lang.t("scatter_plot"))
        });
        let t = response.transform;
        self.transform = Some(t);
        self.brush.paint(ui, &response.response, &t);
        let additive = super::additive(ui);
        let under = super::nearest(&response.response, &t, m.pairs.iter().copied());
        let mut picked: Option<Vec<usize>> = None;
        if let Some(row) = under {
            let p = m.pairs.iter().find(|p| p.0 == row).copied();
            if let Some((_, x, y)) = p {
                let detail = format!("x = {} · y = {}", lang.number(x, 2), lang.number(y, 2));
                super::hover(doc, &response.response, row, detail);
            }
            if response.response.clicked() {
                picked = Some(vec![row]);
            }
        }
        if let Some(b) = self.brush.follow(&response.response, &t) {
            picked = Some(
                m.pairs
                    .iter()
                    .filter(|p| b.contains(p.1, p.2))
                    .map(|p| p.0)
                    .collect(),
            );
        }
        ui.label(line_text(f.intercept, f.slope, f.r, lang));
        if let Some((sel, rest)) = self.split {
            let part = |name: &str, f: Option<Fit>| match f {
                Some(f) => format!(
                    "{name}: {} (n = {})",
                    line_text(f.intercept, f.slope, f.r, lang),
                    f.n
                ),
                None => format!("{name}: {}", lang.t("too_few_for_line")),
            };
            ui.colored_label(SELECTED, part(lang.t("selection"), sel));
            ui.label(part(lang.t("the_rest"), rest));
        }
        super::counts_line(ui, f.n, m.missing, self.selected.count, lang);
        if let Some(rows) = picked {
            if !rows.is_empty() || !additive {
                super::select(doc, rows, additive);
            }
        }
        if export {
            let chart = self.chart(doc, lang);
            super::save_chart(doc, "spridningsdiagram", chart);
        }
    }

    fn on_close(&mut self) {
        self.shown = false;
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if self.shown && !self.x.is_empty() && !self.y.is_empty() {
            project.analyses.explore.scatter = Some(ScatterSettings {
                x: self.x.clone(),
                y: self.y.clone(),
            });
        }
        Ok(())
    }

    fn load_project(&mut self, _doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(s) = &project.analyses.explore.scatter else {
            return false;
        };
        self.x = s.x.clone();
        self.y = s.y.clone();
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
