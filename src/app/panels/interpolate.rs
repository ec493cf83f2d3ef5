//! *Överför till andra gränser / Move to other boundaries*: the active layer's counts and rates
//! moved onto another open layer's areas (the police's areas, a grid, DeSO of another year) by
//! [`crate::analysis::interpolate`], the same engine as `segatlas interpolate`. Counts are
//! proposed as extensive, percentages and medians as intensive (a median cannot be moved
//! exactly: said beside the field); the result is a new layer — the targets with the moved
//! variables — ready for every analysis and the report, and a summary of what moved.

use crate::analysis::interpolate::{self, Outcome, Request, Weigh};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::map_layer::MapLayer;
use crate::app::view::View;

#[derive(Default)]
pub struct InterpolateView {
    /// The layer the variables come from (the active one when the view opens) and the layer they
    /// go to (indices into the document's layers).
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// Counts, comma-separated (columns or expressions).
    pub extensive: String,
    /// Rates, percentages, medians, comma-separated.
    pub intensive: String,
    /// Weigh each overlap by this field of the targets instead of its area.
    pub weights_by: Option<String>,
    pub allocate_total: bool,
    /// The source layer the fields were proposed for.
    proposed_for: Option<usize>,
    pub job: Option<Job<(MapLayer, Outcome)>>,
    pub outcome: Option<Outcome>,
    /// The name of the layer the last move made.
    pub made: Option<String>,
    pub error: Option<String>,
}

/// Whether a column is a rate, percentage, median or mean by its name.
fn is_rate(name: &str) -> bool {
    let n = name.to_lowercase();
    ["pct", "andel", "median", "medel", "mean"]
        .iter()
        .any(|w| n.contains(w))
}

impl InterpolateView {
    /// Propose the source layer's counts and rates (once per source), and a target.
    fn propose(&mut self, doc: &Document) {
        if self.source.is_none_or(|s| s >= doc.layers.len()) {
            self.source = Some(doc.active);
        }
        let source = self.source.unwrap_or(doc.active);
        if self.proposed_for == Some(source) {
            return;
        }
        self.proposed_for = Some(source);
        let Some(l) = doc.layers.get(source) else {
            return;
        };
        let names: Vec<&str> = l.table.columns.iter().map(|c| c.name.as_str()).collect();
        // The map's variable first when it is one of them; a few, to be edited.
        // Of one year: the map's variable's, else the year most counts have.
        let year_of = |n: &str| l.table.column(n).and_then(|c| c.year());
        let mut years: std::collections::BTreeMap<i32, usize> = Default::default();
        for n in names.iter().filter(|n| interpolate::is_count(&l.table, n)) {
            if let Some(y) = year_of(n) {
                *years.entry(y).or_default() += 1;
            }
        }
        let year = year_of(&doc.style.variable).or_else(|| {
            years
                .iter()
                .max_by_key(|(y, c)| (**c, **y))
                .map(|(y, _)| *y)
        });
        let of_year = |n: &&str| year.is_none() || year_of(n) == year;
        let mut counts: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| interpolate::is_count(&l.table, n))
            .filter(of_year)
            .collect();
        counts.sort_by_key(|n| (!n.starts_with("folkmangd"), !n.contains("bakgrund")));
        let rates: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| is_rate(n))
            .filter(of_year)
            .collect();
        self.extensive = counts.into_iter().take(3).collect::<Vec<_>>().join(", ");
        self.intensive = rates.into_iter().take(2).collect::<Vec<_>>().join(", ");
        if self
            .target
            .is_none_or(|t| t == source || t >= doc.layers.len())
        {
            self.target = (0..doc.layers.len()).find(|&i| i != source);
        }
    }

    /// Move the variables in the background; the new layer is added when it ends.
    pub fn run(&mut self, doc: &Document, lang: Lang) {
        self.error = None;
        let (Some(src), Some(t)) = (
            self.source.and_then(|s| doc.layers.get(s)),
            self.target
                .filter(|t| Some(*t) != self.source)
                .and_then(|t| doc.layers.get(t)),
        ) else {
            self.error = Some(lang.t("interpolate_needs_two").into());
            return;
        };
        let split = |s: &str| crate::data::expr::split_list(s);
        let (extensive, intensive) = (split(&self.extensive), split(&self.intensive));
        let (source, sources) = (src.layer.clone(), src.table.clone());
        let (target, targets) = (t.layer.clone(), t.table.clone());
        let name = format!("{} ← {}", t.name, src.name);
        let (weights_by, allocate_total) = (self.weights_by.clone(), self.allocate_total);
        self.job = Some(Job::spawn(lang.t("tab_interpolate"), move |p| {
            let req = Request {
                extensive,
                intensive,
                weigh: weights_by
                    .as_deref()
                    .map_or(Weigh::Area, Weigh::TargetField),
                allocate_total,
                link: None,
            };
            let o = interpolate::run(&source, &sources, &target, &targets, &req)?;
            p.set_progress(0.6);
            let mut table = (*targets).clone();
            for c in &o.columns {
                table.push(c.clone());
            }
            let layer = MapLayer::new(name, None, (*target).clone(), table);
            p.set_progress(1.0);
            Ok((layer, o))
        }));
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        self.propose(doc);
        let source = self.source.unwrap_or(doc.active);
        let Some(src) = doc.layers.get(source) else {
            return;
        };
        egui::ComboBox::from_label(lang.t("move_from"))
            .selected_text(src.name.clone())
            .show_ui(ui, |ui| {
                for (i, l) in doc.layers.iter().enumerate() {
                    ui.selectable_value(
                        &mut self.source,
                        Some(i),
                        format!("{} ({})", l.name, l.len()),
                    );
                }
            });
        let shown = self
            .target
            .and_then(|t| doc.layers.get(t))
            .map_or_else(|| lang.t("choose").to_string(), |l| l.name.clone());
        egui::ComboBox::from_label(lang.t("move_to"))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (i, l) in doc.layers.iter().enumerate() {
                    if i != source {
                        ui.selectable_value(
                            &mut self.target,
                            Some(i),
                            format!("{} ({})", l.name, l.len()),
                        );
                    }
                }
            });
        if doc.layers.len() < 2 {
            ui.small(lang.t("interpolate_needs_two"));
        }
        let label = ui.label(lang.t("extensive_vars"));
        ui.add(egui::TextEdit::singleline(&mut self.extensive).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        let label = ui.label(lang.t("intensive_vars"));
        ui.add(egui::TextEdit::singleline(&mut self.intensive).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if crate::data::expr::split_list(&self.intensive)
            .iter()
            .any(|v| interpolate::not_exact(v))
        {
            ui.colored_label(
                egui::Color32::from_rgb(150, 90, 0),
                lang.t("median_not_exact"),
            );
        }
        let target_fields: Vec<String> = self
            .target
            .and_then(|t| doc.layers.get(t))
            .map(|l| crate::app::picker::numeric_columns(&l.table))
            .unwrap_or_default();
        egui::ComboBox::from_label(lang.t("weigh_by"))
            .selected_text(
                self.weights_by
                    .clone()
                    .unwrap_or_else(|| lang.t("by_area").to_string()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.weights_by, None, lang.t("by_area"));
                for f in &target_fields {
                    ui.selectable_value(&mut self.weights_by, Some(f.clone()), f);
                }
            });
        ui.checkbox(&mut self.allocate_total, lang.t("allocate_total"))
            .on_hover_text(lang.t("allocate_total_help"));
        if ui.button(lang.t("move_now")).clicked() {
            self.run(doc, lang);
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
        if let Some(o) = &self.outcome {
            ui.separator();
            if let Some(name) = &self.made {
                ui.strong(format!("{}: {name}", lang.t("new_layer")));
            }
            summary(ui, o, lang);
        }
    }
}

/// What moved, what was kept and what was lost, in words.
fn summary(ui: &mut egui::Ui, o: &Outcome, lang: Lang) {
    for t in &o.totals {
        ui.label(format!(
            "{}: {} {} → {}",
            t.variable,
            lang.t("total"),
            lang.number(t.before, 0),
            lang.number(t.after, 0)
        ));
    }
    ui.label(format!(
        "{} % {}",
        lang.number(o.uncovered_share * 100.0, 1),
        lang.t("uncovered_share")
    ));
    if o.overlap_share > 0.001 {
        ui.label(format!(
            "{} % {}",
            lang.number(o.overlap_share * 100.0, 2),
            lang.t("overlap_share")
        ));
    }
    if !o.empty_targets.is_empty() {
        ui.label(format!(
            "{} {}: {}",
            o.empty_targets.len(),
            lang.t("empty_targets"),
            shortened(&o.empty_targets)
        ));
    }
    for m in &o.missing {
        ui.colored_label(
            egui::Color32::from_rgb(150, 90, 0),
            format!(
                "{}: {} {} ({})",
                m.variable,
                m.sources.len(),
                lang.t("sources_missing"),
                shortened(&m.sources)
            ),
        );
    }
    if !o.no_geometry.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(150, 90, 0),
            format!(
                "{} {}: {}",
                o.no_geometry.len(),
                lang.t("no_geometry_sources"),
                shortened(&o.no_geometry)
            ),
        );
    }
    if !o.by_area_instead.is_empty() {
        ui.label(format!(
            "{} {}",
            o.by_area_instead.len(),
            lang.t("by_area_instead")
        ));
    }
    if let Some(r) = &o.reprojected {
        ui.small(r);
    }
}

/// The first names of a long list.
fn shortened(ids: &[String]) -> String {
    if ids.len() <= 6 {
        ids.join(", ")
    } else {
        format!("{}, … (+{})", ids[..6].join(", "), ids.len() - 6)
    }
}

impl View for InterpolateView {
    fn id(&self) -> &'static str {
        "interpolate"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_interpolate").into()
    }

    fn ui(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        egui::ScrollArea::vertical().show(ui, |ui| self.form(ui, doc, lang));
    }

    fn poll(&mut self, doc: &mut Document, lang: Lang) -> bool {
        match jobs::take(&mut self.job) {
            Some(Ok((layer, o))) => {
                self.made = Some(layer.name.clone());
                doc.add_layer(layer, lang);
                // The new layer shows the first variable moved.
                if let Some(first) = o.columns.first() {
                    doc.style.variable = first.name.clone();
                    doc.style.categorical = false;
                    doc.restyle(lang);
                }
                self.outcome = Some(o);
                true
            }
            Some(Err(e)) => {
                self.error = Some(e.message);
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
