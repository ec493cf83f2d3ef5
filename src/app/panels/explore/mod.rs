//! The exploratory views linked to the map: histogram, box plot, scatter plot, parallel
//! coordinates, the bivariate map and maps side by side. They share one selection and one
//! hovered area with the map, the table and each other — brush in any of them and the areas
//! light up everywhere. Their numbers are the engine's ([`crate::analysis::explore`], the same
//! as `segatlas chart`); what they share is here: reading variables off the active layer,
//! following the selection, brushing, hovering and exporting.

pub mod bivariate;
pub mod boxplot;
pub mod histogram;
pub mod maps;
pub mod parallel;
pub mod scatter;

use crate::app::document::Document;
use crate::app::i18n::Lang;
use egui::Color32;
use egui_plot::PlotTransform;
use std::collections::BTreeSet;

/// The selection's colour in every view (as on the map).
pub const SELECTED: Color32 = Color32::from_rgb(0, 160, 220);
/// Areas not selected.
pub const POINT: Color32 = Color32::from_rgb(90, 120, 160);

/// What a view's numbers were computed from; they are recomputed only when this changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    layer: usize,
    areas: usize,
    columns: usize,
    joins: usize,
    generation: u64,
    vars: Vec<String>,
}

impl Source {
    /// The active layer and these variables; `styled` when the numbers follow the map's
    /// colours too (a restyle counts as a change).
    pub fn of(doc: &Document, vars: &[String], styled: bool) -> Option<Source> {
        let l = doc.active_layer()?;
        Some(Source {
            layer: doc.active,
            areas: l.len(),
            columns: l.table.columns.len(),
            joins: l.joins.len(),
            generation: if styled { doc.generation } else { 0 },
            vars: vars.to_vec(),
        })
    }
}

/// A variable's values on the active layer (a column or an expression).
pub fn values(doc: &Document, expr: &str) -> crate::Result<Vec<Option<f64>>> {
    let l = doc
        .active_layer()
        .ok_or_else(|| crate::Error::input("there is no layer"))?;
    let area = l.layer.area_km2();
    crate::data::expr::Expr::values(expr, &l.table, Some(&area))
}

/// The selection as a mask over the active layer's areas, rebuilt only when it changed.
#[derive(Debug, Default)]
pub struct Selected {
    last: BTreeSet<usize>,
    pub mask: Vec<bool>,
    pub count: usize,
}

impl Selected {
    /// Follow the document's selection; true when it changed since the last call.
    pub fn sync(&mut self, doc: &Document) -> bool {
        let n = doc.active_layer().map_or(0, |l| l.len());
        if self.mask.len() == n && self.last == doc.selection {
            return false;
        }
        self.last = doc.selection.clone();
        self.mask = vec![false; n];
        for &i in doc.selection.iter().filter(|i| **i < n) {
            self.mask[i] = true;
        }
        self.count = self.mask.iter().filter(|m| **m).count();
        true
    }

    pub fn has(&self, row: usize) -> bool {
        self.mask.get(row).copied().unwrap_or(false)
    }
}

/// Select these areas: instead of the selection, or added to it (shift or ctrl held).
pub fn select(doc: &mut Document, rows: impl IntoIterator<Item = usize>, additive: bool) {
    if !additive {
        doc.selection.clear();
    }
    doc.selection.extend(rows);
}

/// Whether shift or ctrl/cmd is held (brushing adds to the selection).
pub fn additive(ui: &egui::Ui) -> bool {
    ui.input(|i| i.modifiers.shift || i.modifiers.command)
}

/// A finished brush, in the plot's coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Brushed {
    Rect { x: (f64, f64), y: (f64, f64) },
    Lasso(Vec<[f64; 2]>),
}

impl Brushed {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        match self {
            Brushed::Rect {
                x: (x0, x1),
                y: (y0, y1),
            } => x >= *x0 && x <= *x1 && y >= *y0 && y <= *y1,
            Brushed::Lasso(path) => inside(path, x, y),
        }
    }
}

/// Point in polygon (even–odd rule).
fn inside(path: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut c = false;
    let n = path.len();
    for i in 0..n {
        let (a, b) = (path[i], path[(i + n - 1) % n]);
        if (a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0] {
            c = !c;
        }
    }
    c
}

/// Box or lasso brushing with the primary button over a plot.
#[derive(Debug, Default)]
pub struct Brush {
    pub lasso: bool,
    path: Vec<[f64; 2]>,
}

impl Brush {
    /// Follow a drag over the plot; the finished brush when the button is released.
    pub fn follow(&mut self, response: &egui::Response, t: &PlotTransform) -> Option<Brushed> {
        // Where the pointer is (on the frame the button is released, its last position).
        let at = response
            .interact_pointer_pos()
            .or_else(|| response.ctx.input(|i| i.pointer.latest_pos()))
            .map(|p| t.value_from_position(p))
            .map(|p| [p.x, p.y]);
        if response.drag_started() {
            // From where the button went down (a drag starts only after the pointer moved).
            let origin = response
                .ctx
                .input(|i| i.pointer.press_origin())
                .map(|p| t.value_from_position(p))
                .map(|p| [p.x, p.y]);
            self.path = origin.or(at).into_iter().collect();
            if let (Some(o), Some(a)) = (origin, at) {
                if o != a {
                    self.path.push(a);
                }
            }
        } else if response.dragged() {
            if let Some(p) = at {
                if self.lasso || self.path.len() < 2 {
                    self.path.push(p);
                } else {
                    self.path[1] = p;
                }
            }
        }
        if response.drag_stopped() && self.path.len() >= 2 {
            let path = std::mem::take(&mut self.path);
            return Some(if self.lasso && path.len() >= 3 {
                Brushed::Lasso(path)
            } else {
                let (a, b) = (path[0], path[path.len() - 1]);
                Brushed::Rect {
                    x: (a[0].min(b[0]), a[0].max(b[0])),
                    y: (a[1].min(b[1]), a[1].max(b[1])),
                }
            });
        }
        if response.drag_stopped() {
            self.path.clear();
        }
        None
    }

    /// Draw the brush being dragged over the plot (on the screen, so that it never changes
    /// the plot's bounds while brushing).
    pub fn paint(&self, ui: &egui::Ui, response: &egui::Response, t: &PlotTransform) {
        if self.path.len() < 2 {
            return;
        }
        let pts: Vec<[f64; 2]> = if self.lasso {
            self.path.clone()
        } else {
            let (a, b) = (self.path[0], self.path[self.path.len() - 1]);
            vec![a, [b[0], a[1]], b, [a[0], b[1]]]
        };
        let screen: Vec<egui::Pos2> = pts
            .iter()
            .map(|p| t.position_from_point(&egui_plot::PlotPoint::new(p[0], p[1])))
            .collect();
        let painter = ui.painter_at(response.rect);
        painter.add(egui::Shape::convex_polygon(
            if self.lasso {
                Vec::new()
            } else {
                screen.clone()
            },
            SELECTED.gamma_multiply(0.12),
            egui::Stroke::NONE,
        ));
        let mut closed = screen;
        if let Some(first) = closed.first().copied() {
            closed.push(first);
        }
        painter.add(egui::Shape::line(closed, egui::Stroke::new(1.0, SELECTED)));
    }

    /// The choice between a box and a lasso.
    pub fn toggle(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.label(lang.t("brush"));
        ui.selectable_value(&mut self.lasso, false, lang.t("brush_box"));
        ui.selectable_value(&mut self.lasso, true, lang.t("brush_lasso"));
    }
}

/// A linked chart's plot over fixed data bounds (x0, x1, y0, y1; brushing and the selection's
/// lines never move them): the primary button brushes, the middle button pans, the wheel or a
/// right-button box zooms, a double-click shows everything again.
pub fn plot(id: &str, height: f32, bounds: [f64; 4], lang: Lang) -> egui_plot::Plot<'static> {
    let [x0, x1, y0, y1] = bounds;
    // Axis values in the UI's number format ("1 234,5"), as precise as the grid's step.
    let format = move |mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>| {
        axis_value(lang, mark.value, mark.step_size)
    };
    let (px, py) = (((x1 - x0) * 0.03).max(1e-9), ((y1 - y0) * 0.04).max(1e-9));
    egui_plot::Plot::new(id.to_string())
        .height(height)
        .auto_bounds(false)
        .default_x_bounds(x0 - px, x1 + px)
        .default_y_bounds(y0 - py, y1 + py)
        .pan_pointer_button(egui::PointerButton::Middle)
        .allow_drag(false)
        .show_crosshair(false)
        .label_formatter(|_| None)
        .x_axis_formatter(format)
        .y_axis_formatter(format)
}

/// An axis value in the UI's number format, with as many decimals as the grid's step needs.
pub fn axis_value(lang: Lang, value: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10().floor()).clamp(0.0, 6.0) as usize
    } else {
        2
    };
    lang.number(value, decimals)
}

/// How tall a chart may be: the tile's room below the controls.
pub fn chart_height(ui: &egui::Ui, below: f32) -> f32 {
    (ui.clip_rect().bottom() - ui.cursor().top() - below).clamp(180.0, 900.0)
}

/// The area nearest the pointer among `points` (row, x, y), within 8 points on screen.
pub fn nearest(
    response: &egui::Response,
    t: &PlotTransform,
    points: impl Iterator<Item = (usize, f64, f64)>,
) -> Option<usize> {
    let at = response.hover_pos().or(response.interact_pointer_pos())?;
    let mut best: Option<(usize, f32)> = None;
    for (row, x, y) in points {
        let d = t
            .position_from_point(&egui_plot::PlotPoint::new(x, y))
            .distance(at);
        if d < 8.0 && best.is_none_or(|(_, b)| d < b) {
            best = Some((row, d));
        }
    }
    best.map(|b| b.0)
}

/// An area's name and code, as the map's tooltip writes it.
pub fn area_label(doc: &Document, row: usize) -> String {
    doc.active_layer()
        .map_or_else(String::new, |l| l.label_and_code(row))
}

/// The area hovered in another view or on the map (to mark it here).
pub fn hovered(doc: &Document) -> Option<usize> {
    doc.hovered.or(doc.view_hover)
}

/// Hovering an area in a view: the map and the other views mark it; the name shows here.
pub fn hover(doc: &mut Document, response: &egui::Response, row: usize, detail: String) {
    doc.view_hover_next = Some(row);
    let text = format!("{}\n{detail}", area_label(doc, row));
    response.clone().on_hover_text_at_pointer(text);
}

/// Ask the app to save a view's chart (SVG, PNG or PDF by the file name chosen).
pub fn save_chart(doc: &mut Document, name: &str, chart: Option<crate::figure::chart::Chart>) {
    if let Some(chart) = chart {
        doc.save_request = Some(crate::app::document::SaveRequest {
            name: format!("{name}.svg"),
            export: crate::app::document::Export::Chart(chart),
        });
    }
}

/// A short line under a chart: the count, what is missing, and the selection.
pub fn counts_line(ui: &mut egui::Ui, n: usize, missing: usize, selected: usize, lang: Lang) {
    let mut text = crate::figure::chart::summary_note(n, missing, "", lang);
    if selected > 0 {
        text.push_str(&format!(
            " · {} {}",
            lang.number(selected as f64, 0),
            lang.t("selected_lower")
        ));
    }
    ui.small(text);
}

/// A variable: the column list and an expression field, as everywhere in the app.
pub fn variable(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    doc: &Document,
    lang: Lang,
) -> bool {
    let columns = doc
        .active_layer()
        .map(|l| crate::app::picker::numeric_columns(&l.table))
        .unwrap_or_default();
    crate::app::picker::variable_field(ui, label, text, &columns, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lasso_contains_points_inside_its_path() {
        let tri = Brushed::Lasso(vec![[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]]);
        assert!(tri.contains(1.0, 1.0));
        assert!(!tri.contains(3.0, 3.0));
        let r = Brushed::Rect {
            x: (0.0, 1.0),
            y: (0.0, 2.0),
        };
        assert!(r.contains(1.0, 2.0) && !r.contains(1.1, 0.0));
    }
}
