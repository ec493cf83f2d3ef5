//! The segregation panel: a group and a total (or several groups, optionally ordered), the
//! indices of the registry, a scale (aspatial, distances or k persons), a region field and a
//! null to test against; computed in the background (progress and cancel in the status bar);
//! results in a table with each index explained in Swedish or English, profiles over the scales
//! as a chart, and local or per-region results as map layers.

use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;

mod results;

use crate::analysis::segregation::{self as request, Request};
use crate::measures::segregation::{Compute, REGISTRY};
use crate::project::{Project, SegregationSettings};
pub use results::{over_years, profile};
use std::collections::BTreeSet;

/// The scale of the indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Aspatial,
    /// Neighbourhoods from a weights spec (queen, knn:8, …).
    Weights,
    Distances,
    Persons,
}

#[derive(Default)]
pub struct SegregationView {
    /// Several groups instead of a group and a total.
    pub multigroup: bool,
    pub group: String,
    pub total: String,
    /// Comma-separated group expressions.
    pub groups: String,
    pub ordered: bool,
    pub selected: BTreeSet<&'static str>,
    pub scale: Scale,
    /// Distances in metres or k persons, comma-separated.
    pub scales: String,
    /// The weights spec for the Weights scale.
    pub weights: String,
    pub region: Option<String>,
    pub null: Option<String>,
    pub permutations: usize,
    /// Compute for each of these years ("2020, 2021, …"; empty: as the columns name them).
    pub years: String,
    /// Add each index's 95 % bootstrap interval (drawn as a band over the years).
    pub ci: bool,
    /// Give each index its band over counts redrawn by this noise model (`poisson`, …).
    pub noise: Option<String>,
    /// The layer and the rows of the last run.
    pub results: Option<(usize, Vec<request::IndexResult>)>,
    /// Areas the last run left out for a missing count.
    pub excluded: Vec<usize>,
    pub error: Option<String>,
    /// The computation under way: the layer and the engine's outcome.
    pub job: Option<Job<(usize, request::Outcome)>>,
}

/// The label of the segregation job in the status bar.
const JOB_LABEL: &str = "segregation";

/// Which measures fit the form's input.
fn fits(form: &SegregationView, c: &Compute) -> bool {
    match c {
        Compute::Multi(_) | Compute::Local(_) => form.multigroup,
        Compute::Ordered(_) => form.multigroup && form.ordered,
        _ => !form.multigroup,
    }
}

/// A labelled text field: the label above, the field at most `width` wide, never wider than
/// the tile.
fn text_field(ui: &mut egui::Ui, label: &str, text: &mut String, width: f32) {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width.min(ui.available_width())))
        .labelled_by(l.id);
}

/// SCB's foreign-background group, the population and the Swedish-background group, by their
/// names as the GeoJSON has them (`utlandsk_bakgrund_2022`) or as Statistikdatabasen exports them
/// (`utländsk bakgrund totalt 2022`, `totalt totalt 2022`).
pub fn scb_groups(table: &crate::data::Table) -> (Option<String>, Option<String>, Option<String>) {
    let plain = |n: &str| {
        n.to_lowercase()
            .replace(['ä', 'å'], "a")
            .replace('ö', "o")
            .replace(' ', "_")
    };
    let find = |p: &str| {
        table
            .columns
            .iter()
            .map(|c| c.name.clone())
            .find(|n| plain(n).starts_with(p))
    };
    (
        find("utlandsk_bakgrund"),
        find("folkmangd_2022")
            .or(find("folkmangd"))
            .or(find("totalt_totalt")),
        find("svensk_bakgrund"),
    )
}

impl SegregationView {
    /// Guess a group and a total from SCB's column names.
    fn guess(&mut self, doc: &mut Document) {
        if !self.group.is_empty() || self.permutations > 0 {
            return;
        }
        let Some(l) = doc.active_layer() else { return };
        let pair = scb_groups(&l.table);
        let quoted = |n: &str| crate::data::expr::Expr::Column(n.to_string()).to_string();
        let f = &mut *self;
        if let (Some(g), Some(t), _) = &pair {
            f.group = g.clone();
            f.total = t.clone();
        }
        if let (Some(b), _, Some(a)) = &pair {
            f.groups = format!("{}, {}", quoted(a), quoted(b));
        }
        f.permutations = 999;
        f.scales = "500,1000,1500,2000,2500".into();
        f.weights = "queen".into();
        f.selected = [
            "dissim",
            "isolation",
            "spatial-dissim",
            "multi-dissim",
            "multi-info-theory",
        ]
        .into_iter()
        .collect();
    }

    /// Start the computation in the background.
    pub fn start(&mut self, doc: &mut Document) {
        let Some(l) = doc.active_layer() else { return };
        let f = &self;
        let numbers = |t: &str| -> Vec<f64> {
            t.split([',', ';', ' '])
                .filter_map(|v| v.trim().parse::<f64>().ok())
                .collect()
        };
        let names: Vec<&'static str> = REGISTRY
            .iter()
            .filter(|m| f.selected.contains(m.name) && fits(f, &m.compute))
            .map(|m| m.name)
            .collect();
        if names.is_empty() {
            self.error = Some("choose at least one index".into());
            return;
        }
        let req = Request {
            group: (!f.multigroup).then(|| f.group.clone()),
            total: (!f.multigroup).then(|| f.total.clone()),
            groups: if f.multigroup {
                crate::data::expr::split_list(&f.groups)
            } else {
                Vec::new()
            },
            ordered: f.ordered,
            names,
            distance: if f.scale == Scale::Distances {
                let mut d = numbers(&f.scales);
                d.insert(0, 0.0);
                d
            } else {
                Vec::new()
            },
            population_k: if f.scale == Scale::Persons {
                numbers(&f.scales)
            } else {
                Vec::new()
            },
            weights: (f.scale == Scale::Weights).then(|| f.weights.clone()),
            unrounded: false,
            seed: crate::measures::segregation::corrected::DEFAULT_SEED,
            null: f.null.clone(),
            permutations: f.permutations.max(1),
            ci: f.ci.then_some(0.95),
            by: f.region.clone(),
            // With regions and groups, Theil's M split between and within them (as the CLI's
            // --decompose).
            decompose: f.region.is_some() && f.multigroup,
            tolerance: crate::spatial::default_tolerance(&l.layer),
            missing: crate::data::subset::Missing::Skip,
            noise: f
                .noise
                .as_deref()
                .and_then(|n| crate::measures::uncertainty::Noise::parse(n).ok()),
            draws: crate::measures::uncertainty::DEFAULT_DRAWS,
        };
        let Some(years) = crate::analysis::years::parse_years(&f.years) else {
            self.error = Some(format!("{}: {}", JOB_LABEL, f.years));
            return;
        };
        let (index, layer, table) = (doc.active, l.layer.clone(), l.table.clone());
        self.error = None;
        self.job = Some(Job::spawn(JOB_LABEL, move |p| {
            p.set_progress(0.05);
            if years.is_empty() {
                let o = request::run(&layer, &table, &req)?;
                p.set_progress(1.0);
                return Ok((index, o));
            }
            // Each year in turn, the year-bearing columns moved to it (as `index --years`).
            let mut out = request::Outcome::default();
            for (k, &y) in years.iter().enumerate() {
                crate::work::check(p)?;
                let o = request::run(&layer, &table, &req.in_year(&table, y)?)?;
                out.excluded.extend(o.excluded);
                out.results.extend(o.results.into_iter().map(|mut r| {
                    r.year = Some(y);
                    r
                }));
                p.set_progress((k + 1) as f32 / years.len() as f32);
            }
            out.excluded.sort_unstable();
            out.excluded.dedup();
            Ok((index, out))
        }));
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.guess(doc);
        let Some(l) = doc.active_layer() else { return };
        let regions = super::compare::grouping_fields(&l.table);
        let columns = crate::app::picker::numeric_columns(&l.table);
        let f = &mut *self;
        ui.horizontal(|ui| {
            ui.radio_value(&mut f.multigroup, false, lang.t("one_group"));
            ui.radio_value(&mut f.multigroup, true, lang.t("several_groups"));
        });
        if f.multigroup {
            text_field(ui, lang.t("groups"), &mut f.groups, 420.0);
            // A picked column is added to the list, quoted when its name needs it.
            let mut add = String::new();
            if crate::app::picker::column_list(ui, lang.t("add_group"), &mut add, &columns, lang) {
                let quoted = crate::data::expr::Expr::Column(add).to_string();
                if f.groups.trim().is_empty() {
                    f.groups = quoted;
                } else {
                    f.groups = format!("{}, {quoted}", f.groups.trim_end_matches([',', ' ']));
                }
            }
            ui.checkbox(&mut f.ordered, lang.t("ordered_groups"));
        } else {
            crate::app::picker::variable_field(ui, lang.t("group"), &mut f.group, &columns, lang);
            crate::app::picker::variable_field(ui, lang.t("total"), &mut f.total, &columns, lang);
        }
        egui::CollapsingHeader::new(lang.t("indices"))
            .default_open(false)
            .show(ui, |ui| {
                let fitting: Vec<_> = REGISTRY.iter().filter(|m| fits(f, &m.compute)).collect();
                for m in fitting {
                    let mut on = f.selected.contains(m.name);
                    let text = match lang {
                        Lang::Sv => m.sv,
                        Lang::En => m.en,
                    };
                    let label = format!("{} ({})", m.title(lang), m.name);
                    if ui.checkbox(&mut on, label).on_hover_text(text).changed() {
                        if on {
                            f.selected.insert(m.name);
                        } else {
                            f.selected.remove(m.name);
                        }
                    }
                }
            });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t("scale"));
            ui.radio_value(&mut f.scale, Scale::Aspatial, lang.t("aspatial"));
            ui.radio_value(&mut f.scale, Scale::Weights, lang.t("scale_weights"));
            ui.radio_value(&mut f.scale, Scale::Distances, lang.t("distances_m"));
            ui.radio_value(&mut f.scale, Scale::Persons, lang.t("k_persons"));
        });
        match f.scale {
            Scale::Aspatial => {}
            Scale::Weights => text_field(ui, lang.t("weights_spec"), &mut f.weights, 200.0),
            _ => text_field(ui, lang.t("scales"), &mut f.scales, 260.0),
        }
        let mut region = f.region.clone();
        egui::ComboBox::from_label(lang.t("per_region"))
            .selected_text(region.clone().unwrap_or_else(|| lang.t("none").into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut region, None, lang.t("none"));
                for g in &regions {
                    ui.selectable_value(&mut region, Some(g.clone()), g);
                }
            });
        f.region = region;
        let mut null = f.null.clone();
        egui::ComboBox::from_label(lang.t("test_null"))
            .selected_text(null.clone().unwrap_or_else(|| lang.t("none").into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut null, None, lang.t("none"));
                for n in crate::measures::segregation::inference::Null::NAMES {
                    ui.selectable_value(&mut null, Some(n.to_string()), n);
                }
            });
        f.null = null;
        text_field(ui, lang.t("index_years"), &mut f.years, 260.0);
        ui.checkbox(&mut f.ci, lang.t("bootstrap_interval"))
            .on_hover_text(lang.t("bootstrap_interval_help"));
        crate::app::picker::noise_choice(ui, &mut f.noise, lang);
        let running = self.job.is_some();
        if ui
            .add_enabled(!running, egui::Button::new(lang.t("compute_indices")))
            .clicked()
        {
            self.start(doc);
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
        self.results(ui, doc, lang);
    }
}

impl View for SegregationView {
    fn id(&self) -> &'static str {
        "segregation"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("segregation").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| self.form(ui, doc, lang));
    }

    fn poll(&mut self, _doc: &mut Document, _lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok((layer, o))) => {
                self.results = Some((layer, o.results));
                self.excluded = o.excluded;
                true
            }
            Some(Err(e)) => {
                self.error = Some(e.to_string());
                true
            }
            None => false,
        }
    }

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if !self.group.is_empty() || !self.groups.is_empty() {
            project.analyses.segregation = Some(SegregationSettings {
                group: self.group.clone(),
                total: self.total.clone(),
                groups: crate::data::expr::split_list(&self.groups),
                multigroup: self.multigroup,
                indices: self.selected.iter().map(|s| s.to_string()).collect(),
                by: self.region.clone(),
                years: self
                    .years
                    .split([',', ';', ' '])
                    .filter_map(|s| s.trim().parse().ok())
                    .collect(),
                ci: self.ci.then_some(0.95),
                noise: self.noise.clone(),
            });
        }
        Ok(())
    }

    fn load_project(&mut self, _doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(sg) = &project.analyses.segregation else {
            return false;
        };
        self.group = sg.group.clone();
        self.total = sg.total.clone();
        // Each group as written in the list (names with commas are quoted there).
        self.groups = sg.groups.join(", ");
        self.multigroup = sg.multigroup;
        self.region = sg.by.clone();
        self.years = sg
            .years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        self.ci = sg.ci.is_some();
        self.noise = sg.noise.clone();
        self.selected = REGISTRY
            .iter()
            .filter(|m| sg.indices.iter().any(|i| i == m.name))
            .map(|m| m.name)
            .collect();
        // Kept as chosen: the panel's guesses do not overwrite them.
        self.permutations = self.permutations.max(999);
        false
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
