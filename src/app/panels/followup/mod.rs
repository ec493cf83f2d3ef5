//! Follow-up in the app (*Analys → Följa upp*): a variable over its years — the transition matrix
//! of the areas' classes from the first year to the last, who moved up or down (a map of the
//! moves), each area's trend per year (a map in diverging colours, areas whose trend is not
//! significant pale) and the early warnings (significant trends toward low or high values, a
//! list whose rows select the area), and with SCB's three area-type components the type-to-type
//! matrices of areas and persons with the areas that moved toward types 1–2. The computation is [`crate::analysis::transitions`], as
//! `segatlas change`.

use crate::analysis::transitions::{
    run as follow, type_transitions, Request, Transitions, TypeTransitions,
};
use crate::analysis::years::years_of;
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;
use crate::classify::style::{LegendEntry, Rendered};
use crate::classify::Scheme;
use crate::data::expr::Expr;
use crate::project::{FollowUpSettings, Project};

mod results;

/// A result with the layer it belongs to.
pub struct FollowUpResult {
    pub layer: usize,
    pub var: String,
    pub alpha: f64,
    pub transitions: Transitions,
    pub ids: Vec<String>,
    /// SCB's area types of the first and the last year and the moves between them, when the
    /// three components were given (or why they could not be computed).
    pub types: Option<Result<TypeTransitions, String>>,
    /// Years whose columns were moved from another layer first.
    pub brought: Vec<crate::analysis::interpolate::BroughtYear>,
}

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowMap {
    Moves,
    Trend,
    /// Under noise: each area's share of draws moving as observed, in the stability bands.
    MoveStability,
}

/// The view: its form, result and job.
pub struct FollowUpView {
    pub var: String,
    /// The years, as typed ("2020, 2021, 2022, 2023").
    pub years: String,
    pub k: usize,
    /// Early warnings toward low (`Some(false)`) or high values.
    pub toward_high: Option<bool>,
    pub alpha: f64,
    pub map: FollowMap,
    /// SCB's three area-type components (as of one of the years; moved to each year) and the
    /// persons counted in the type-to-type matrix; empty components: no area types.
    pub type_components: [String; 3],
    pub type_persons: String,
    /// Redraw the counts by this noise model (`poisson`, …): how sure the moves and trends are.
    pub noise: Option<String>,
    /// Another open layer with the years this one lacks (the series on other boundaries):
    /// moved onto this layer's areas first.
    pub years_from: Option<usize>,
    pub result: Option<FollowUpResult>,
    pub job: Option<Job<FollowUpResult>>,
    pub error: Option<String>,
}

impl Default for FollowUpView {
    fn default() -> Self {
        FollowUpView {
            var: String::new(),
            years: String::new(),
            k: 5,
            toward_high: Some(false),
            alpha: 0.05,
            map: FollowMap::Moves,
            type_components: Default::default(),
            type_persons: String::new(),
            noise: None,
            years_from: None,
            result: None,
            job: None,
            error: None,
        }
    }
}

/// Moves: down purple, the same class pale, up orange (ColorBrewer PuOr, colour-blind safe).
const MOVES: [[u8; 3]; 3] = [[94, 60, 153], [247, 247, 247], [230, 97, 1]];
/// Trends that are not significant.
const NOT_SIGNIFICANT: [u8; 3] = [210, 210, 210];

/// The map of the moves between the first and the last year's classes.
pub fn moves_map(t: &Transitions, lang: Lang) -> Rendered {
    let class: Vec<Option<usize>> = t
        .areas
        .iter()
        .map(|a| {
            let (f, to) = (a.from_class?, a.to_class?);
            Some(match to.cmp(&f) {
                std::cmp::Ordering::Less => 0,
                std::cmp::Ordering::Equal => 1,
                std::cmp::Ordering::Greater => 2,
            })
        })
        .collect();
    let counts = [t.moved_down, t.stayed, t.moved_up];
    let labels = ["moved_down", "stayed", "moved_up"];
    Rendered {
        values: t
            .areas
            .iter()
            .map(|a| Some(a.to_class? as f64 - a.from_class? as f64))
            .collect(),
        missing: t.excluded.len(),
        class,
        colors: MOVES.to_vec(),
        legend: (0..3)
            .rev()
            .map(|c| LegendEntry {
                color: MOVES[c],
                label: lang.t(labels[c]).to_string(),
                count: counts[c],
            })
            .collect(),
        title: Some(format!(
            "{} {}–{}",
            lang.t("class_moves"),
            t.years[0],
            t.years[t.years.len() - 1]
        )),
    }
}

/// The map of how sure each area's move is: its share of draws moving as observed (up, down or
/// staying), in the four red–blue bands of every stability map.
pub fn move_stability_map(
    t: &Transitions,
    n: &crate::analysis::transitions::NoisyChange,
    lang: Lang,
) -> Rendered {
    crate::classify::stability::rendered(
        &n.move_stability,
        format!(
            "{} {}–{} · {}",
            lang.t("move_stability"),
            t.years[0],
            t.years[t.years.len() - 1],
            lang.t("move_stability_means")
        ),
    )
}

/// The map of the trends per year: significant ones in diverging colours, the rest pale.
pub fn trend_map(t: &Transitions, alpha: f64, lang: Lang) -> Rendered {
    let significant = |a: &crate::analysis::transitions::AreaChange| {
        a.trend
            .is_some_and(|t| t.p_value.is_some_and(|p| p < alpha))
    };
    let slopes: Vec<Option<f64>> = t
        .areas
        .iter()
        .map(|a| a.trend.filter(|_| significant(a)).map(|t| t.slope))
        .collect();
    let mut r = crate::classify::change::diverging(
        slopes,
        format!(
            "{} ({})",
            lang.t("trend_per_year"),
            lang.t("significant_only")
        ),
        lang,
    );
    let pale = r.colors.len();
    r.colors.push(NOT_SIGNIFICANT);
    let mut quiet = 0;
    for (i, a) in t.areas.iter().enumerate() {
        if a.trend.is_some() && !significant(a) {
            r.class[i] = Some(pale);
            r.values[i] = a.trend.map(|t| t.slope);
            quiet += 1;
        }
    }
    r.missing = r.class.iter().filter(|c| c.is_none()).count();
    r.legend.push(LegendEntry {
        color: NOT_SIGNIFICANT,
        label: format!(
            "{} (p ≥ {})",
            lang.t("not_significant"),
            lang.number(alpha, 3)
        ),
        count: quiet,
    });
    r
}

impl FollowUpView {
    /// Start from the map's variable when it has years.
    fn guess(&mut self, doc: &Document) {
        if !self.var.is_empty() {
            return;
        }
        let Some(l) = doc.active_layer() else { return };
        let base = crate::app::panels::years::base(doc);
        if let Ok(e) = Expr::for_table(&base, &l.table) {
            let ys = years_of(&e, &l.table);
            if ys.len() >= 2 {
                self.var = base;
                self.years = ys
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
    }

    /// Compute in the background.
    pub fn start(&mut self, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.layers.get(doc.active) else {
            return;
        };
        let Some(years) = crate::analysis::years::parse_years(&self.years) else {
            self.error = Some(lang.t("years_as_numbers").into());
            return;
        };
        let req = Request {
            var: self.var.trim().to_string(),
            years,
            scheme: Scheme::Quantiles { k: self.k },
            toward_high: self.toward_high,
            alpha: self.alpha,
            noise: self
                .noise
                .as_deref()
                .and_then(|n| crate::measures::uncertainty::Noise::parse(n).ok()),
            draws: crate::measures::uncertainty::DEFAULT_DRAWS,
            seed: crate::measures::autocorrelation::DEFAULT_SEED,
        };
        let (index, layer, table) = (doc.active, l.layer.clone(), l.table.clone());
        let other = self
            .years_from
            .filter(|&o| o != doc.active)
            .and_then(|o| doc.layers.get(o))
            .map(|o| (o.layer.clone(), o.table.clone()));
        let components = self.type_components.clone().map(|c| c.trim().to_string());
        let with_types = components.iter().all(|c| !c.is_empty());
        let persons = Some(self.type_persons.trim().to_string()).filter(|p| !p.is_empty());
        self.error = None;
        self.job = Some(Job::spawn(lang.t("tab_followup"), move |_| {
            // Years published on the other layer's boundaries, moved onto these areas first.
            let mut table = (*table).clone();
            let brought = match &other {
                Some((o, ot)) => {
                    let exprs: Vec<String> = std::iter::once(req.var.clone())
                        .chain(components.iter().filter(|c| !c.is_empty()).cloned())
                        .chain(persons.iter().cloned())
                        .collect();
                    crate::analysis::interpolate::bring_years(
                        &layer, &mut table, o, ot, &exprs, &req.years, None,
                    )?
                }
                None => Vec::new(),
            };
            let transitions = follow(&layer, &table, &req)?;
            let ids = crate::data::subset::ids_of(&table, &(0..table.len()).collect::<Vec<_>>());
            let years = [req.years[0], req.years[req.years.len() - 1]];
            let types = with_types.then(|| {
                type_transitions(&layer, &table, &components, None, persons.as_deref(), years)
                    .map_err(|e| e.to_string())
            });
            Ok(FollowUpResult {
                layer: index,
                var: req.var,
                alpha: req.alpha,
                transitions,
                ids,
                types,
                brought,
            })
        }));
    }

    /// Show the chosen map.
    fn show_map(&self, doc: &mut Document, lang: Lang) {
        let Some(r) = &self.result else { return };
        let rendered = match self.map {
            FollowMap::Moves => moves_map(&r.transitions, lang),
            FollowMap::Trend => trend_map(&r.transitions, r.alpha, lang),
            FollowMap::MoveStability => match &r.transitions.noisy {
                Some(n) => move_stability_map(&r.transitions, n, lang),
                None => moves_map(&r.transitions, lang),
            },
        };
        doc.active = r.layer;
        doc.show_rendered(rendered);
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.guess(doc);
        let Some(l) = doc.active_layer() else { return };
        let columns = crate::app::picker::numeric_columns(&l.table);
        ui.small(lang.t("followup_help"));
        crate::app::picker::variable_field(ui, lang.t("variable"), &mut self.var, &columns, lang);
        let label = ui.label(lang.t("years"));
        ui.text_edit_singleline(&mut self.years)
            .labelled_by(label.id);
        ui.horizontal(|ui| {
            let label = ui.label(lang.t("quantile_classes"));
            ui.add(egui::DragValue::new(&mut self.k).range(2..=10))
                .labelled_by(label.id);
        });
        egui::ComboBox::from_label(lang.t("early_warning"))
            .selected_text(match self.toward_high {
                None => lang.t("none"),
                Some(false) => lang.t("toward_low"),
                Some(true) => lang.t("toward_high"),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.toward_high, None, lang.t("none"));
                ui.selectable_value(&mut self.toward_high, Some(false), lang.t("toward_low"));
                ui.selectable_value(&mut self.toward_high, Some(true), lang.t("toward_high"));
            });
        egui::CollapsingHeader::new(lang.t("type_moves"))
            .id_salt("followup_types")
            .show(ui, |ui| {
                ui.small(lang.t("type_moves_help"));
                if ui.button(lang.t("propose_components")).clicked() {
                    let (c, w, _) = crate::app::panels::areatypes::guess(&l.table);
                    self.type_components = c;
                    self.type_persons = w;
                }
                for (k, key) in ["component_v1", "component_v2", "component_v3"]
                    .iter()
                    .enumerate()
                {
                    crate::app::picker::variable_field(
                        ui,
                        lang.t(key),
                        &mut self.type_components[k],
                        &columns,
                        lang,
                    );
                }
                crate::app::picker::variable_field(
                    ui,
                    lang.t("type_persons"),
                    &mut self.type_persons,
                    &columns,
                    lang,
                );
            });
        if doc.layers.len() > 1 {
            let shown = self
                .years_from
                .and_then(|o| doc.layers.get(o))
                .map_or_else(|| lang.t("none").to_string(), |l| l.name.clone());
            egui::ComboBox::from_label(lang.t("years_from"))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.years_from, None, lang.t("none"));
                    for (i, l) in doc.layers.iter().enumerate() {
                        if i != doc.active {
                            ui.selectable_value(&mut self.years_from, Some(i), l.name.clone());
                        }
                    }
                })
                .response
                .on_hover_text(lang.t("years_from_help"));
        }
        crate::app::picker::noise_choice(ui, &mut self.noise, lang);
        if ui
            .add_enabled(self.job.is_none(), egui::Button::new(lang.t("compute")))
            .clicked()
        {
            self.start(doc, lang);
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
    }
}

impl View for FollowUpView {
    fn id(&self) -> &'static str {
        "followup"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_followup").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.form(ui, doc, lang);
            self.results(ui, doc, lang);
        });
    }

    fn poll(&mut self, doc: &mut Document, lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok(r)) => {
                self.result = Some(r);
                self.show_map(doc, lang);
                true
            }
            Some(Err(e)) => {
                self.error = Some(e.to_string());
                true
            }
            None => false,
        }
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        let Some(years) = crate::analysis::years::parse_years(&self.years) else {
            return Ok(());
        };
        if self.result.is_none() {
            return Ok(());
        }
        project.analyses.followup = Some(FollowUpSettings {
            var: self.var.clone(),
            years,
            k: self.k,
            toward: self
                .toward_high
                .map(|h| if h { "high" } else { "low" }.to_string()),
            alpha: self.alpha,
            types: if self.type_components.iter().all(|c| !c.trim().is_empty()) {
                self.type_components.to_vec()
            } else {
                Vec::new()
            },
            persons: Some(self.type_persons.clone()).filter(|p| !p.trim().is_empty()),
        });
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, lang: Lang) -> bool {
        let Some(f) = &project.analyses.followup else {
            return false;
        };
        self.var = f.var.clone();
        self.years = f
            .years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        self.k = f.k.clamp(2, 10);
        self.toward_high = match f.toward.as_deref() {
            Some("high") => Some(true),
            Some("low") => Some(false),
            _ => None,
        };
        self.alpha = if f.alpha > 0.0 && f.alpha < 1.0 {
            f.alpha
        } else {
            0.05
        };
        self.type_components = Default::default();
        for (i, c) in f.types.iter().take(3).enumerate() {
            self.type_components[i] = c.clone();
        }
        self.type_persons = f.persons.clone().unwrap_or_default();
        self.start(doc, lang);
        true
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
