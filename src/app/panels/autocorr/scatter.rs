//! The Moran scatterplot, linked to the map: click or drag a box to select areas.

use super::{color, AutocorrView};
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;

impl AutocorrView {
    /// The Moran scatterplot: standardised value against its spatial lag, points coloured by
    /// cluster; click or drag a box to select areas (shift adds), selected areas are ringed.
    pub(super) fn scatter(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(r) = self.result.as_ref().filter(|r| r.layer == doc.active) else {
            return;
        };
        let (z, lag, clusters) = (&r.lisa.z, &r.lisa.lag, &r.clusters);
        let rows = &r.subset.rows;
        let slope = r.moran.i;
        let selection = &doc.selection;
        let mut plot: Option<(egui::Rect, f64)> = None;
        let mut picked: Option<(Vec<usize>, bool)> = None;
        let mut export = false;
        ui.vertical(|ui| {
            export = ui.small_button(lang.t("export_chart")).clicked();
            // As large as the tile shows without scrolling, within reason.
            let room = ui.clip_rect().bottom() - ui.cursor().top() - 8.0;
            let side = ui.available_width().min(room).clamp(160.0, 520.0);
            let (rect, response) =
                ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::click_and_drag());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Canvas, true, lang.t("moran_scatter"))
            });
            let m = z.iter().chain(lag).fold(1.0f64, |a, v| a.max(v.abs())) * 1.05;
            let to = |x: f64, y: f64| {
                egui::pos2(
                    rect.center().x + (x / m) as f32 * rect.width() / 2.0,
                    rect.center().y - (y / m) as f32 * rect.height() / 2.0,
                )
            };
            let p = ui.painter_at(rect);
            p.rect_filled(rect, 0.0, egui::Color32::from_gray(250));
            let axis = egui::Stroke::new(1.0, egui::Color32::GRAY);
            p.line_segment([to(-m, 0.0), to(m, 0.0)], axis);
            p.line_segment([to(0.0, -m), to(0.0, m)], axis);
            p.line_segment(
                [to(-m, -m * slope), to(m, m * slope)],
                egui::Stroke::new(1.5, egui::Color32::from_rgb(120, 0, 120)),
            );
            for k in 0..z.len() {
                let c = to(z[k], lag[k]);
                p.circle_filled(c, 2.5, color(clusters[k].color()));
                if selection.contains(&rows[k]) {
                    p.circle_stroke(
                        c,
                        5.0,
                        egui::Stroke::new(2.0, egui::Color32::from_rgb(0, 160, 220)),
                    );
                }
            }
            // Axis values: the same ticks on both axes (z and its lag share one scale).
            let tick_font = egui::FontId::proportional(10.0);
            for t in ticks(m) {
                let (x, y) = (to(t, 0.0), to(0.0, t));
                p.line_segment([x - egui::vec2(0.0, 3.0), x + egui::vec2(0.0, 3.0)], axis);
                p.line_segment([y - egui::vec2(3.0, 0.0), y + egui::vec2(3.0, 0.0)], axis);
                if t != 0.0 {
                    let text = lang.number(t, 1);
                    p.text(
                        egui::pos2(x.x, rect.bottom() - 14.0),
                        egui::Align2::CENTER_BOTTOM,
                        &text,
                        tick_font.clone(),
                        egui::Color32::DARK_GRAY,
                    );
                    p.text(
                        egui::pos2(rect.left() + 4.0, y.y),
                        egui::Align2::LEFT_CENTER,
                        &text,
                        tick_font.clone(),
                        egui::Color32::DARK_GRAY,
                    );
                }
            }
            p.text(
                rect.right_bottom() - egui::vec2(4.0, 4.0),
                egui::Align2::RIGHT_BOTTOM,
                "z",
                egui::FontId::proportional(11.0),
                egui::Color32::DARK_GRAY,
            );
            p.text(
                rect.left_top() + egui::vec2(4.0, 4.0),
                egui::Align2::LEFT_TOP,
                "W z",
                egui::FontId::proportional(11.0),
                egui::Color32::DARK_GRAY,
            );
            plot = Some((rect, m));
            let shift = ui.input(|i| i.modifiers.shift || i.modifiers.command);
            if response.clicked() {
                if let Some(pos) = response.interact_pointer_pos() {
                    let nearest = (0..z.len()).min_by(|&a, &b| {
                        to(z[a], lag[a])
                            .distance(pos)
                            .total_cmp(&to(z[b], lag[b]).distance(pos))
                    });
                    if let Some(k) = nearest.filter(|&k| to(z[k], lag[k]).distance(pos) < 8.0) {
                        picked = Some((vec![k], shift));
                    }
                }
            }
            let start_id = ui.scope_id().with("scatter_drag_start");
            if response.drag_started() {
                if let Some(p) = response.interact_pointer_pos() {
                    ui.ctx().data_mut(|d| d.insert_temp(start_id, p));
                }
            }
            if response.drag_stopped() {
                let start: Option<egui::Pos2> = ui.ctx().data(|d| d.get_temp(start_id));
                if let (Some(end), Some(start)) = (response.interact_pointer_pos(), start) {
                    let b = egui::Rect::from_two_pos(start, end);
                    let inside: Vec<usize> = (0..z.len())
                        .filter(|&k| b.contains(to(z[k], lag[k])))
                        .collect();
                    if !inside.is_empty() {
                        picked = Some((inside, shift));
                    }
                }
            }
        });
        if export {
            let chart = crate::figure::chart::Chart::Scatter {
                title: format!("Moran I = {}", lang.number(slope, 4)),
                x_label: format!("z ({})", r.label),
                y_label: format!("W z ({})", r.weights),
                points: z.iter().copied().zip(lag.iter().copied()).collect(),
                line: Some((0.0, slope)),
                selected: Vec::new(),
                selected_line: None,
                note: String::new(),
            };
            doc.save_request = Some(SaveRequest {
                name: "moran.svg".into(),
                export: Export::Chart(chart),
            });
        }
        if plot.is_some() {
            self.scatter_rect = plot;
        }
        if let Some((areas, additive)) = picked {
            if !additive {
                doc.selection.clear();
            }
            let rows = self
                .result
                .as_ref()
                .map(|r| r.subset.rows.clone())
                .unwrap_or_default();
            for k in areas {
                if let Some(&a) = rows.get(k) {
                    doc.selection.insert(a);
                }
            }
        }
    }
}

/// The axis values of the Moran scatterplot over −m…m: whole numbers (halves below 2, every
/// second number from 8).
pub fn ticks(m: f64) -> Vec<f64> {
    if !(m.is_finite() && m > 0.0) {
        return Vec::new();
    }
    let step = if m < 2.0 {
        0.5
    } else if m < 8.0 {
        1.0
    } else {
        (m / 4.0).round().max(2.0)
    };
    let n = (m / step).floor() as i64;
    (-n..=n).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn the_moran_scatterplot_has_axis_values_over_its_range() {
        assert_eq!(ticks(3.4), [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(1.2), [-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert_eq!(
            ticks(12.0),
            [-12.0, -9.0, -6.0, -3.0, 0.0, 3.0, 6.0, 9.0, 12.0]
        );
        assert!(ticks(f64::NAN).is_empty());
    }
}
