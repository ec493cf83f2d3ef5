//! Spatial autocorrelation in the app: compute global Moran, LISA and Gi* for the map's
//! variable on the active layer's weights (in the background), then show the LISA cluster map,
//! the significance map or the Gi* hot/cold-spot map, and a Moran scatterplot linked to the map.

use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::style::{LegendEntry, Rendered};
use crate::app::view::View;
use crate::measures::autocorrelation::{
    lisa::Cluster, lisa::Lisa, moran::Moran, threshold, Correction,
};

/// What the map shows from the autocorrelation results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutocorrMap {
    /// The ordinary choropleth.
    Off,
    Clusters,
    Significance,
    HotSpots,
}

/// The results for one layer and variable.
pub struct AutocorrResult {
    pub layer: usize,
    pub variable: String,
    pub weights: String,
    pub moran: Moran,
    pub lisa: Lisa,
    pub clusters: Vec<Cluster>,
    pub gi_star: Vec<f64>,
    /// The areas computed on (the others lack a value), with the statistics' index k being
    /// area `subset.rows[k]`.
    pub subset: crate::data::subset::Subset,
    /// Kept areas without neighbours among the kept ones.
    pub islands: Vec<bool>,
}

/// The form's choices.
pub struct AutocorrForm {
    pub permutations: usize,
    pub alpha: f64,
    pub correction: Correction,
    pub map: AutocorrMap,
    pub show_scatter: bool,
}

impl Default for AutocorrForm {
    fn default() -> Self {
        AutocorrForm {
            permutations: 999,
            alpha: 0.05,
            correction: Correction::None,
            map: AutocorrMap::Clusters,
            show_scatter: true,
        }
    }
}

/// The autocorrelation view: its form, its last result and the computation under way.
#[derive(Default)]
pub struct AutocorrView {
    pub form: AutocorrForm,
    pub result: Option<AutocorrResult>,
    pub job: Option<Job<AutocorrResult>>,
    /// The Moran scatterplot's rectangle and axis extent in the last frame (for tests).
    pub scatter_rect: Option<(egui::Rect, f64)>,
}

/// A legend entry's label and colour.
type Entry = (String, [u8; 3]);

fn color(c: [u8; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(c[0], c[1], c[2])
}

/// The map's colours and legend for an autocorrelation map.
pub fn rendered(r: &AutocorrResult, form: &AutocorrForm, lang: Lang) -> Option<Rendered> {
    let no_neighbours = &r.islands;
    let n = r.lisa.i.len();
    let cut = threshold(&r.lisa.p_sim, form.alpha, form.correction);
    let (entries, class): (Vec<Entry>, Vec<Option<usize>>) = match form.map {
        AutocorrMap::Off => return None,
        AutocorrMap::Clusters => {
            let order = [
                Cluster::HH,
                Cluster::LL,
                Cluster::LH,
                Cluster::HL,
                Cluster::NotSignificant,
                Cluster::NoNeighbours,
            ];
            let clusters: Vec<Cluster> = (0..n)
                .map(|k| {
                    if no_neighbours[k] {
                        Cluster::NoNeighbours
                    } else {
                        r.clusters[k]
                    }
                })
                .collect();
            (
                order
                    .iter()
                    .map(|c| {
                        let label = match c {
                            Cluster::HH => lang.t("hh"),
                            Cluster::LL => lang.t("ll"),
                            Cluster::LH => lang.t("lh"),
                            Cluster::HL => lang.t("hl"),
                            Cluster::NotSignificant => lang.t("not_significant"),
                            Cluster::NoNeighbours => lang.t("no_neighbours"),
                        };
                        (label.to_string(), c.color())
                    })
                    .collect(),
                clusters
                    .iter()
                    .map(|c| order.iter().position(|o| o == c))
                    .collect(),
            )
        }
        AutocorrMap::Significance => {
            let levels = [0.001, 0.01, 0.05];
            let colors = [[0, 80, 0], [0, 160, 0], [140, 220, 140], [238, 238, 238]];
            let mut entries: Vec<Entry> = levels
                .iter()
                .zip(colors)
                .map(|(l, c)| (format!("p ≤ {}", lang.number(*l, 3)), c))
                .collect();
            entries.push((lang.t("not_significant").into(), colors[3]));
            let class = (0..n)
                .map(|k| {
                    let p = r.lisa.p_sim.get(k).copied().unwrap_or(1.0);
                    Some(if p > cut {
                        3
                    } else {
                        levels.iter().position(|l| p <= *l).unwrap_or(3)
                    })
                })
                .collect();
            (entries, class)
        }
        AutocorrMap::HotSpots => {
            let bands = [
                (2.58, [215, 48, 39], "hot99"),
                (1.96, [252, 141, 89], "hot95"),
                (-1.96, [238, 238, 238], "not_significant"),
                (-2.58, [145, 191, 219], "cold95"),
                (f64::NEG_INFINITY, [69, 117, 180], "cold99"),
            ];
            (
                bands
                    .iter()
                    .map(|(_, c, k)| (lang.t(k).to_string(), *c))
                    .collect(),
                r.gi_star
                    .iter()
                    .map(|z| bands.iter().position(|(lo, _, _)| *z >= *lo))
                    .collect(),
            )
        }
    };
    let legend = entries
        .iter()
        .enumerate()
        .map(|(i, (label, c))| LegendEntry {
            color: *c,
            label: label.clone(),
            count: class.iter().filter(|k| **k == Some(i)).count(),
        })
        .collect();
    // Left-out areas are drawn as saknas.
    Some(Rendered {
        values: r.subset.expand(&r.lisa.i),
        class: r
            .subset
            .expand(&class)
            .into_iter()
            .map(Option::flatten)
            .collect(),
        colors: entries.iter().map(|e| e.1).collect(),
        legend,
        missing: r.subset.excluded.len(),
    })
}

impl AutocorrView {
    /// The form and the global result.
    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let form = &mut self.form;
        egui::ComboBox::from_label(lang.t("permutations"))
            .selected_text(form.permutations.to_string())
            .show_ui(ui, |ui| {
                for p in [99, 999, 9999] {
                    ui.selectable_value(&mut form.permutations, p, p.to_string());
                }
            });
        egui::ComboBox::from_label(lang.t("significance"))
            .selected_text(format!("{}", form.alpha))
            .show_ui(ui, |ui| {
                for a in [0.05, 0.01, 0.001] {
                    ui.selectable_value(&mut form.alpha, a, format!("{a}"));
                }
            });
        egui::ComboBox::from_label(lang.t("correction"))
            .selected_text(match form.correction {
                Correction::None => lang.t("none"),
                Correction::Fdr => "FDR",
                Correction::Bonferroni => "Bonferroni",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.correction, Correction::None, lang.t("none"));
                ui.selectable_value(&mut form.correction, Correction::Fdr, "FDR");
                ui.selectable_value(&mut form.correction, Correction::Bonferroni, "Bonferroni");
            });
        let before = form.map;
        egui::ComboBox::from_label(lang.t("autocorr_map"))
            .selected_text(match form.map {
                AutocorrMap::Off => lang.t("choropleth"),
                AutocorrMap::Clusters => lang.t("lisa_clusters"),
                AutocorrMap::Significance => lang.t("lisa_significance"),
                AutocorrMap::HotSpots => lang.t("hot_spots"),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.map, AutocorrMap::Off, lang.t("choropleth"));
                ui.selectable_value(
                    &mut form.map,
                    AutocorrMap::Clusters,
                    lang.t("lisa_clusters"),
                );
                ui.selectable_value(
                    &mut form.map,
                    AutocorrMap::Significance,
                    lang.t("lisa_significance"),
                );
                ui.selectable_value(&mut form.map, AutocorrMap::HotSpots, lang.t("hot_spots"));
            });
        ui.checkbox(&mut form.show_scatter, lang.t("moran_scatter"));
        let changed = form.map != before;
        if ui
            .add_enabled(
                self.job.is_none(),
                egui::Button::new(lang.t("compute_autocorr")),
            )
            .clicked()
        {
            self.start(doc);
        }
        if let Some(r) = self.result.as_ref().filter(|r| r.layer == doc.active) {
            ui.label(format!("{} · {}", r.variable, r.weights));
            ui.label(format!(
                "Moran's I = {} (z = {}, p = {})",
                lang.number(r.moran.i, 4),
                lang.number(r.moran.z_rand, 2),
                lang.number(r.moran.p_sim.unwrap_or(r.moran.p_rand), 4)
            ));
            if !r.subset.excluded.is_empty() {
                ui.colored_label(
                    egui::Color32::from_rgb(150, 90, 0),
                    format!("{} {}", r.subset.excluded.len(), lang.t("excluded_areas")),
                );
            }
            let islands = r.islands.iter().filter(|i| **i).count();
            if islands > 0 && !r.subset.excluded.is_empty() {
                ui.small(format!("{islands} {}", lang.t("islands_after")));
            }
        }
        if changed {
            self.apply_map(doc, lang);
        }
    }

    /// The Moran scatterplot: standardised value against its spatial lag, points coloured by
    /// cluster; click or drag a box to select areas (shift adds), selected areas are ringed.
    fn scatter(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
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
                x_label: format!("z ({})", r.variable),
                y_label: format!("W z ({})", r.weights),
                points: z.iter().copied().zip(lag.iter().copied()).collect(),
                line: Some((0.0, slope)),
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

impl AutocorrView {
    /// Start computing Moran, LISA and Gi* of the map's variable on the active layer, on its
    /// weights (queen contiguity when it has none). Areas without a value are left out and
    /// the weights rebuilt on the others (a left-out neighbour is no neighbour).
    pub fn start(&mut self, doc: &mut Document) {
        let Some(l) = doc.layers.get(doc.active) else {
            return;
        };
        let values = match crate::app::style::values_of(&doc.style, l) {
            Ok(v) => v,
            Err(e) => {
                doc.messages.push(e.to_string());
                return;
            }
        };
        let variable = doc.style.variable.clone();
        let subset = match crate::data::subset::Subset::complete(
            l.len(),
            None,
            &[(variable.as_str(), values.as_slice())],
            crate::data::subset::Missing::Skip,
        )
        .and_then(|s| s.nonempty(&[variable.as_str()]))
        {
            Ok(s) => s,
            Err(e) => {
                doc.messages.push(e.to_string());
                return;
            }
        };
        let weights = doc
            .weights
            .as_ref()
            .filter(|w| w.layer == doc.active)
            .map(|w| (w.label.clone(), w.weights.clone()));
        let f = &self.form;
        let (index, layer) = (doc.active, l.layer.clone());
        let (permutations, alpha, correction) = (f.permutations, f.alpha, f.correction);
        let y = subset.values(&values);
        self.job = Some(Job::spawn(format!("LISA {variable}"), move |p| {
            compute(
                index,
                &layer,
                weights,
                variable,
                y,
                subset,
                (permutations, alpha, correction),
                p,
            )
        }));
    }

    /// Show the autocorrelation map chosen in the form (or go back to the choropleth).
    pub fn apply_map(&mut self, doc: &mut Document, lang: Lang) {
        let current = self
            .result
            .as_ref()
            .filter(|r| r.layer == doc.active && r.variable == doc.style.variable);
        match (current, self.form.map) {
            (Some(r), map) if map != AutocorrMap::Off => {
                if let Some(rendered) = rendered(r, &self.form, lang) {
                    doc.show_rendered(rendered);
                }
            }
            _ => doc.restyle(lang),
        }
    }
}

/// Moran, LISA and Gi* (the job's work, off the UI thread). Without weights, queen contiguity
/// with the layer's default tolerance.
#[allow(clippy::too_many_arguments)]
fn compute(
    index: usize,
    layer: &crate::data::Layer,
    weights: Option<(String, crate::spatial::weights::Weights)>,
    variable: String,
    y: Vec<f64>,
    subset: crate::data::subset::Subset,
    (permutations, alpha, correction): (usize, f64, Correction),
    p: &crate::work::Control,
) -> crate::Result<AutocorrResult> {
    use crate::measures::autocorrelation::{getis_ord, lisa, moran, with_self, DEFAULT_SEED};
    use crate::spatial::weights::Transform;
    let tol = crate::spatial::default_tolerance(layer);
    let kept = || subset.take(&layer.projected);
    let (label, w) = match weights {
        Some(w) if subset.excluded.is_empty() => w,
        Some((label, w)) => match crate::spatial::WeightsSpec::parse(&label) {
            Ok(spec) => {
                let rebuilt = crate::spatial::build_for(&kept(), &spec, tol)?;
                (label, rebuilt)
            }
            // Weights read from a file: the kept areas' rows and columns.
            Err(_) => (label, w.subset(&subset.rows)),
        },
        None => (
            "queen".to_string(),
            crate::spatial::build_for(&kept(), &crate::spatial::WeightsSpec::Queen, tol)?,
        ),
    };
    crate::work::check(p)?;
    p.set_progress(0.2);
    let wr = w.transformed(Transform::Row);
    let m = moran::moran_controlled(&y, &wr, permutations, DEFAULT_SEED, p);
    crate::work::check(p)?;
    p.set_progress(0.4);
    let l = lisa::local_moran_controlled(&y, &wr, permutations, DEFAULT_SEED, p);
    crate::work::check(p)?;
    p.set_progress(0.9);
    let clusters = l.clusters(&wr, alpha, correction);
    let gi_star = getis_ord::gi_star(&y, &with_self(&w.transformed(Transform::Binary)));
    let islands = (0..w.n).map(|i| w.cardinality(i) == 0).collect();
    p.set_progress(1.0);
    Ok(AutocorrResult {
        layer: index,
        variable,
        weights: label,
        moran: m,
        lisa: l,
        clusters,
        gi_star,
        subset,
        islands,
    })
}

impl View for AutocorrView {
    fn id(&self) -> &'static str {
        "autocorr"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_autocorr").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.form(ui, doc, lang);
            if self.form.show_scatter {
                ui.separator();
                self.scatter(ui, doc, lang);
            }
        });
    }

    fn poll(&mut self, doc: &mut Document, lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok(r)) => {
                self.result = Some(r);
                self.apply_map(doc, lang);
                true
            }
            Some(Err(e)) => {
                doc.messages.push(e.to_string());
                true
            }
            None => false,
        }
    }

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
