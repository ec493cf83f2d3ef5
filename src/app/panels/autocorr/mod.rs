//! Spatial autocorrelation in the app: compute global Moran, LISA and Gi* for the map's
//! variable on the active layer's weights (in the background), then show the LISA cluster map,
//! the significance map or the Gi* hot/cold-spot map, and a Moran scatterplot linked to the map.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;

mod compute;
mod scatter;

use crate::measures::autocorrelation::{lisa::Cluster, lisa::Lisa, moran::Moran, Correction};
pub use compute::rendered;
use compute::{compute, AppWeights};

/// What the map shows from the autocorrelation results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutocorrMap {
    /// The ordinary choropleth.
    Off,
    Clusters,
    Significance,
    HotSpots,
    /// The share of noisy draws in which each area keeps its LISA class.
    Stability,
}

/// The results for one layer and variable.
pub struct AutocorrResult {
    pub layer: usize,
    pub variable: String,
    /// What the variable is called: its label (SCB's dictionary or the person's own), else the
    /// field, for the legend, the panel and the scatter plot.
    pub label: String,
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
    /// With a noise model: Moran's I over the draws, and the share of draws in which each kept
    /// area keeps its LISA class.
    pub noisy: Option<NoisyResult>,
}

/// What the draws of a noise model gave.
pub struct NoisyResult {
    pub moran: Option<crate::measures::uncertainty::Band>,
    pub stability: Vec<f64>,
    pub summary: crate::measures::uncertainty::Stability,
}

/// The form's choices.
pub struct AutocorrForm {
    pub permutations: usize,
    pub alpha: f64,
    pub correction: Correction,
    pub map: AutocorrMap,
    pub show_scatter: bool,
    /// Redraw the counts by this noise model (`poisson`, …): Moran's band and LISA stability.
    pub noise: Option<String>,
}

impl Default for AutocorrForm {
    fn default() -> Self {
        AutocorrForm {
            permutations: 999,
            alpha: 0.05,
            correction: Correction::None,
            map: AutocorrMap::Clusters,
            show_scatter: true,
            noise: None,
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

/// An engine colour for egui.
fn color(c: [u8; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(c[0], c[1], c[2])
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
            .selected_text(lang.number(form.alpha, 3))
            .show_ui(ui, |ui| {
                for a in [0.05, 0.01, 0.001] {
                    ui.selectable_value(&mut form.alpha, a, lang.number(a, 3));
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
                AutocorrMap::Stability => lang.t("lisa_stability"),
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
                if form.noise.is_some() {
                    ui.selectable_value(
                        &mut form.map,
                        AutocorrMap::Stability,
                        lang.t("lisa_stability"),
                    );
                }
            });
        ui.checkbox(&mut form.show_scatter, lang.t("moran_scatter"));
        crate::app::picker::noise_choice(ui, &mut form.noise, lang);
        let changed = form.map != before;
        if ui
            .add_enabled(
                self.job.is_none(),
                egui::Button::new(lang.t("compute_autocorr")),
            )
            .clicked()
        {
            self.start(doc, lang);
        }
        if let Some(r) = self.result.as_ref().filter(|r| r.layer == doc.active) {
            ui.label(format!("{} · {}", r.label, r.weights));
            ui.label(format!(
                "Moran's I = {} (z = {}, {})",
                lang.number(r.moran.i, 4),
                lang.number(r.moran.z_rand, 2),
                match r.moran.p_sim {
                    Some(p) => lang.p_value(p, r.moran.permutations),
                    None => lang.p_value(r.moran.p_rand, 0),
                }
            ));
            if let Some(n) = &r.noisy {
                if let Some(b) = &n.moran {
                    ui.label(format!(
                        "{}: {}–{} ({}, {} {})",
                        lang.t("uncertainty_interval"),
                        lang.number(b.low, 4),
                        lang.number(b.high, 4),
                        b.model,
                        b.draws,
                        lang.t("draws")
                    ));
                }
                let s = &n.summary;
                ui.label(format!(
                    "{} / {} {}",
                    lang.number(s.stable as f64, 0),
                    lang.number((s.stable + s.unstable) as f64, 0),
                    lang.t("stable_areas")
                ));
            }
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
}

impl AutocorrView {
    /// Start computing Moran, LISA and Gi* of the map's variable on the active layer, on its
    /// weights (queen contiguity when it has none). Areas without a value are left out and
    /// the weights rebuilt on the others (a left-out neighbour is no neighbour).
    pub fn start(&mut self, doc: &mut Document, lang: Lang) {
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
        let label = crate::data::labels::or_field(&variable, lang, &doc.labels);
        // Areas without a geometry are left out too, unless the weights come from a file.
        let from_file = doc.weights.as_ref().is_some_and(|w| {
            w.layer == doc.active && matches!(w.spec, crate::spatial::WeightsSpec::File(_))
        });
        let subset = match crate::data::subset::Subset::complete(
            l.len(),
            None,
            &[(variable.as_str(), values.as_slice())],
            crate::data::subset::Missing::Skip,
        )
        .map(|s| {
            if from_file {
                s
            } else {
                s.with_geometry(&l.layer)
            }
        })
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
            .map(|w| AppWeights {
                label: w.label.clone(),
                spec: w.spec.clone(),
                tolerance: w.tolerance,
                weights: w.weights.clone(),
            });
        let f = &self.form;
        let (index, layer) = (doc.active, l.layer.clone());
        let (permutations, alpha, correction) = (f.permutations, f.alpha, f.correction);
        let y = subset.values(&values);
        // With a noise model: the variable's counts, redrawn in the job.
        let noisy = match f
            .noise
            .as_deref()
            .map(crate::measures::uncertainty::Noise::parse)
        {
            None => None,
            Some(Err(e)) => {
                doc.messages.push(e.to_string());
                return;
            }
            Some(Ok(model)) => {
                match crate::analysis::noisy::NoisyVariable::new(&variable, &l.table) {
                    Ok(v) => Some((model, v, l.table.clone())),
                    Err(e) => {
                        doc.messages.push(format!("{variable}: {e}"));
                        return;
                    }
                }
            }
        };
        self.job = Some(Job::spawn(format!("LISA {variable}"), move |p| {
            compute(
                index,
                &layer,
                weights,
                variable,
                y,
                subset,
                (permutations, alpha, correction),
                noisy,
                lang,
                p,
            )
            .map(|r| AutocorrResult { label, ..r })
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
