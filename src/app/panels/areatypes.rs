//! Socioeconomic area types in the app: three component variables (guessed from the layer's
//! columns, editable), SEI and types 1–5 by μ±σ (optionally population-weighted), a categorical
//! map with the five Swedish names, the agreement table against SCB's published types, and
//! threshold rules that select areas (shown on the map, exportable).

use crate::analysis::areatypes::{agreement, area_types, Agreement, AreaTypes};
use crate::analysis::rules::{Rule, Selection};
use crate::app::document::{Document, Export, SaveRequest};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::view::View;
use crate::data::expr::Expr;
use crate::data::table::{Column, Table};
use crate::project::{AreaTypeSettings, Project};

/// The column the computed types are written to (mapped with the type names).
pub const TYPE_COLUMN: &str = "omradestyp_beraknad";
pub const SEI_COLUMN: &str = "sei_beraknad";
/// Under noise: the share (%) of draws in which each area keeps its type.
pub const STABILITY_COLUMN: &str = "omradestyp_stabilitet";

#[derive(Default)]
pub struct AreaTypesView {
    pub components: [String; 3],
    pub weighted: bool,
    pub weight: String,
    pub published: Option<String>,
    pub result: Option<(AreaTypes, Option<Agreement>)>,
    pub rule: String,
    pub selection: Option<Selection>,
    pub error: Option<String>,
    /// The computation under way (its generation is the layer's index).
    pub job: Option<Job<Computed>>,
    /// Redraw the components' counts by this noise model (`poisson`, …): each area's stability.
    pub noise: Option<String>,
    /// With a noise model: the share of draws in which each area keeps its type.
    pub stability: Option<crate::analysis::areatypes::TypeStability>,
}

/// What the job gives: the types, their agreement with published ones, their stability.
type Computed = (
    AreaTypes,
    Option<Agreement>,
    Option<crate::analysis::areatypes::TypeStability>,
);

/// Guess the three components and the weight from column names (SCB's DeSO statistics).
pub fn guess(table: &Table) -> ([String; 3], String, Option<String>) {
    let find = |pred: &dyn Fn(&str) -> bool| {
        table
            .columns
            .iter()
            .map(|c| c.name.clone())
            .find(|n| pred(n))
    };
    let low = find(&|n| n.starts_with("lag_ekonomisk_standard")).unwrap_or_default();
    let education = match find(&|n| n.starts_with("utb_forgymnasial")) {
        Some(f) => {
            let year = f.rsplit('_').next().unwrap_or("");
            let parts: Vec<String> = table
                .columns
                .iter()
                .map(|c| c.name.clone())
                .filter(|n| n.starts_with("utb_") && n.ends_with(year))
                .collect();
            format!("{f}/({})*100", parts.join("+"))
        }
        None => String::new(),
    };
    let unemployed = match (
        find(&|n| n.starts_with("arbetslosa")),
        find(&|n| n.starts_with("befolkning_16_64")),
    ) {
        (Some(a), Some(b)) => format!("{a}/{b}*100"),
        _ => String::new(),
    };
    // The population of the components' year, else the latest.
    let year = crate::data::table::split_year(&low).map(|(_, y)| y);
    let mut populations: Vec<(i32, String)> = table
        .columns
        .iter()
        .filter(|c| c.name.starts_with("folkmangd"))
        .map(|c| (c.year().unwrap_or(0), c.name.clone()))
        .collect();
    populations.sort();
    let weight = populations
        .iter()
        .find(|(y, _)| Some(*y) == year)
        .or(populations.last())
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let published = find(&|n| n.contains("socioek"));
    ([low, education, unemployed], weight, published)
}

impl AreaTypesView {
    /// Start computing the types on the active layer in the background; [`View::poll`] adds them
    /// as columns and maps them.
    pub fn run(&mut self, doc: &mut Document, _lang: Lang) {
        let active = doc.active;
        let Some(l) = doc.layers.get(active) else {
            return;
        };
        let (layer, table) = (l.layer.clone(), l.table.clone());
        let (components, published) = (self.components.clone(), self.published.clone());
        let weight = self.weighted.then(|| self.weight.clone());
        let noise = self
            .noise
            .as_deref()
            .and_then(|n| crate::measures::uncertainty::Noise::parse(n).ok());
        self.error = None;
        self.job = Some(
            Job::spawn("area types", move |_| {
                let area = layer.area_km2();
                let eval = |e: &str| Expr::values(e, &table, Some(&area));
                let c = components
                    .iter()
                    .map(|c| eval(c))
                    .collect::<crate::Result<Vec<_>>>()?;
                let w = weight.as_deref().map(eval).transpose()?;
                let t = area_types([&c[0], &c[1], &c[2]], w.as_deref())?;
                let agree = published
                    .as_ref()
                    .and_then(|p| table.numbers(p).ok())
                    .map(|p| agreement(&t.types, p));
                let stability = match noise {
                    Some(model) => Some(crate::analysis::areatypes::type_stability(
                        &table,
                        &area,
                        [&components[0], &components[1], &components[2]],
                        w.as_deref(),
                        &t,
                        model,
                        crate::measures::uncertainty::DEFAULT_DRAWS,
                        crate::measures::autocorrelation::DEFAULT_SEED,
                    )?),
                    None => None,
                };
                Ok((t, agree, stability))
            })
            .with_generation(active as u64),
        );
    }

    /// Take the finished types: columns on the layer they were computed for, mapped.
    fn finish(
        &mut self,
        doc: &mut Document,
        lang: Lang,
        active: usize,
        t: AreaTypes,
        agree: Option<Agreement>,
    ) {
        let Some(layer) = doc.layers.get_mut(active) else {
            return;
        };
        layer.set_column(Column::number(
            TYPE_COLUMN,
            t.types.iter().map(|x| x.map(f64::from)).collect(),
        ));
        layer.set_column(Column::number(SEI_COLUMN, t.sei.clone()));
        self.result = Some((t, agree));
        self.error = None;
        if doc.active == active {
            doc.style.variable = TYPE_COLUMN.into();
            doc.style.categorical = true;
            doc.restyle(lang);
        }
    }

    /// Apply the rule: the areas meeting it become the map's selection.
    pub fn select(&mut self, doc: &mut Document) {
        let Some(l) = doc.active_layer() else { return };
        let area = l.layer.area_km2();
        match Rule::parse(&self.rule).and_then(|r| r.select(&l.table, Some(&area))) {
            Ok(s) => {
                doc.selection = s.selected.iter().copied().collect();
                self.selection = Some(s);
                self.error = None;
            }
            Err(e) => {
                self.selection = None;
                self.error = Some(e.message);
            }
        }
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.active_layer() else { return };
        let numeric_fields: Vec<String> = l
            .table
            .columns
            .iter()
            .filter(|c| c.field_type() == crate::data::table::FieldType::Number)
            .map(|c| c.name.clone())
            .collect();
        let guessed = self
            .components
            .iter()
            .all(String::is_empty)
            .then(|| guess(&l.table));
        if let Some((c, w, p)) = guessed {
            self.components = c;
            self.weight = w;
            self.published = p;
        }
        ui.small(lang.t("area_types_help"));
        let columns = doc
            .active_layer()
            .map(|l| crate::app::picker::numeric_columns(&l.table))
            .unwrap_or_default();
        for (i, key) in ["component_v1", "component_v2", "component_v3"]
            .iter()
            .enumerate()
        {
            crate::app::picker::variable_field(
                ui,
                lang.t(key),
                &mut self.components[i],
                &columns,
                lang,
            );
        }
        ui.checkbox(&mut self.weighted, lang.t("weighted_by"));
        if self.weighted {
            crate::app::picker::variable_field(
                ui,
                lang.t("weight"),
                &mut self.weight,
                &columns,
                lang,
            );
        }
        let mut published = self.published.clone();
        egui::ComboBox::from_label(lang.t("published_types"))
            .selected_text(published.clone().unwrap_or_else(|| lang.t("none").into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut published, None, lang.t("none"));
                for f in &numeric_fields {
                    ui.selectable_value(&mut published, Some(f.clone()), f);
                }
            });
        self.published = published;
        crate::app::picker::noise_choice(ui, &mut self.noise, lang);
        if ui.button(lang.t("compute_types")).clicked() {
            self.run(doc, lang);
        }
        if let Some(n) = self.stability.as_ref().filter(|_| self.result.is_some()) {
            let s = &n.summary;
            ui.label(format!(
                "{} / {} {}",
                lang.number(s.stable as f64, 0),
                lang.number((s.stable + s.unstable) as f64, 0),
                lang.t("keep_type")
            ))
            .on_hover_text(format!(
                "{} ({} {}): {}",
                lang.t("uncertainty_interval"),
                s.draws,
                lang.t("draws"),
                n.redrawn.join(", ")
            ));
            // The stability map: each area's share of draws keeping its type, in the red–blue
            // bands of every stability map (≥ 90 %, 75–90 %, 50–75 %, < 50 %); the shares stay
            // in the layer's column for the table and exports.
            // One under the other: side by side the second ran out of a narrow tile.
            if ui.button(lang.t("show_type_stability")).clicked() {
                doc.show_rendered(crate::classify::stability::rendered(
                    &n.stability,
                    lang.t("type_stability_title").to_string(),
                ));
            }
            if ui.button(lang.t("show_types")).clicked() {
                doc.style.variable = TYPE_COLUMN.into();
                doc.style.categorical = true;
                doc.restyle(lang);
            }
        }
        if let Some((t, agree)) = &self.result {
            ui.label(format!(
                "SEI: μ = {}, σ = {}{}",
                lang.number(t.mean, 3),
                lang.number(t.sd, 3),
                if t.weighted {
                    format!(" ({})", lang.t("weighted"))
                } else {
                    String::new()
                }
            ));
            egui::Grid::new("type_counts").striped(true).show(ui, |ui| {
                for (i, n) in t.counts.iter().enumerate() {
                    let name =
                        crate::classify::categories::area_type_name(i as i64 + 1, lang == Lang::Sv)
                            .unwrap_or("");
                    // The count first: a long type name runs out of a narrow tile.
                    ui.label(n.to_string());
                    ui.label(format!("{} {name}", i + 1));
                    ui.end_row();
                }
                ui.label(t.types.iter().filter(|x| x.is_none()).count().to_string());
                ui.label(lang.t("missing"));
                ui.end_row();
            });
            if let Some(g) = agree {
                ui.separator();
                ui.strong(format!(
                    "{}: {} / {} ({} %)",
                    lang.t("agreement"),
                    g.agree,
                    g.both,
                    lang.number(g.agree as f64 / g.both.max(1) as f64 * 100.0, 1)
                ));
                egui::Grid::new("agreement_table")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label(lang.t("computed_vs_published"));
                        for p in 1..=5 {
                            ui.strong(p.to_string());
                        }
                        ui.end_row();
                        for (c, row) in g.table.iter().enumerate() {
                            ui.strong((c + 1).to_string());
                            for n in row {
                                ui.label(n.to_string());
                            }
                            ui.end_row();
                        }
                    });
            }
        }
        ui.separator();
        ui.strong(lang.t("threshold_rule"));
        if self.rule.is_empty() {
            self.rule = format!(
                "{} >= mean + 1 sd",
                if self.result.is_some() {
                    SEI_COLUMN
                } else {
                    "folkmangd_2022"
                }
            );
        }
        let label = ui.label(lang.t("rule"));
        ui.add(egui::TextEdit::singleline(&mut self.rule).desired_width(ui.available_width()))
            .labelled_by(label.id);
        // A column picked from the list goes into the rule, quoted when its name needs it.
        let columns = doc
            .active_layer()
            .map(|l| crate::app::picker::numeric_columns(&l.table))
            .unwrap_or_default();
        let mut add = String::new();
        if crate::app::picker::column_list(ui, lang.t("add_to_rule"), &mut add, &columns, lang) {
            let name = crate::data::expr::Expr::Column(add).to_string();
            let rule = self.rule.trim_end();
            self.rule = if rule.is_empty() {
                format!("{name} >= mean + 1 sd")
            } else {
                format!("{rule} and {name} >= mean + 1 sd")
            };
        }
        ui.small(lang.t("rule_help"));
        ui.horizontal(|ui| {
            if ui.button(lang.t("select_by_rule")).clicked() {
                self.select(doc);
            }
            if self.selection.is_some() && ui.button(lang.t("export_selection")).clicked() {
                if let Some(l) = doc.active_layer() {
                    let rows: Vec<Option<usize>> = doc.selection.iter().map(|&r| Some(r)).collect();
                    doc.save_request = Some(SaveRequest {
                        name: "urval.csv".into(),
                        export: Export::Table(l.table.take_rows(&rows)),
                    });
                }
            }
        });
        if let Some(s) = &self.selection {
            ui.label(format!(
                "{}: {} ({} {})",
                lang.t("selected_areas"),
                s.selected.len(),
                s.missing,
                lang.t("missing_values")
            ));
            for (i, (t, _, _, n)) in s.thresholds.iter().enumerate() {
                ui.small(format!(
                    "{}: {} {} → {n}",
                    i + 1,
                    lang.t("threshold"),
                    lang.number(*t, 3)
                ));
            }
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
    }
}

impl View for AreaTypesView {
    fn id(&self) -> &'static str {
        "area_types"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("area_types").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| self.form(ui, doc, lang));
    }

    fn poll(&mut self, doc: &mut Document, lang: Lang) -> bool {
        let active = self.job.as_ref().map_or(0, |j| j.generation as usize);
        match jobs::take(&mut self.job) {
            Some(Ok((t, agree, stability))) => {
                if let (Some(st), Some(layer)) = (&stability, doc.layers.get_mut(active)) {
                    layer.set_column(Column::number(
                        STABILITY_COLUMN,
                        st.stability
                            .iter()
                            .map(|s| s.is_finite().then_some(s * 100.0))
                            .collect(),
                    ));
                }
                self.stability = stability;
                self.finish(doc, lang, active, t, agree);
                true
            }
            Some(Err(e)) => {
                self.result = None;
                self.error = Some(e.message);
                true
            }
            None => false,
        }
    }

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if self.result.is_some() {
            project.analyses.area_types = Some(AreaTypeSettings {
                components: self.components.to_vec(),
                weight: self.weighted.then(|| self.weight.clone()),
                published: self.published.clone(),
            });
        }
        if !self.rule.is_empty() {
            project.analyses.rule = Some(self.rule.clone());
        }
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, lang: Lang) -> bool {
        if let Some(r) = &project.analyses.rule {
            self.rule = r.clone();
        }
        let Some(a) = &project.analyses.area_types else {
            return false;
        };
        for (i, c) in a.components.iter().take(3).enumerate() {
            self.components[i] = c.clone();
        }
        self.weighted = a.weight.is_some();
        self.weight = a.weight.clone().unwrap_or_default();
        self.published = a.published.clone();
        self.run(doc, lang);
        false
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
