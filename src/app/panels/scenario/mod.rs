//! Planning scenarios in the app (*Analys → Scenario*): draw a polygon on the map (click its
//! corners, then *Klar*), say how many persons it adds or removes and the group's share among
//! them, collect changes into plans (plan A, plan B, …) and press *Beräkna*: a background job
//! computes the indices before and after every plan side by side, the areas that receive persons
//! and the area types that would change; the map shows a plan's change in the group's share (or
//! in a local index) in diverging colours. The computation is [`crate::analysis::scenario`].

mod form;
mod results;

use crate::analysis::scenario::{
    self, change, Change, Composition, Outcome, Request, Scenario, DEFAULT_INDICES,
};
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::screen::MapPainter;
use crate::app::view::View;
use crate::data::table::{Column, Table};
use crate::project::{Project, ScenarioSettings};

/// The plans' outlines on the map (the scenario's own colour, not a class colour).
const PLAN: egui::Color32 = egui::Color32::from_rgb(20, 20, 20);
const DRAWING: egui::Color32 = egui::Color32::from_rgb(227, 45, 34);

/// Results computed so far (each result's number).
static NUMBER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A result with what it was computed on.
pub struct ScenarioResult {
    pub layer: usize,
    pub request: Request,
    pub outcome: Outcome,
    /// The areas' codes, for tables.
    pub ids: Vec<String>,
    /// The plans as computed (edits after the computation do not change the result).
    pub plans: Vec<Scenario>,
    /// Counts the results, so that a figure of this one is drawn once.
    pub number: u64,
}

/// The view: its form, its plans, its result and its job.
pub struct ScenarioView {
    pub group: String,
    pub total: String,
    /// Per region of this field too ("" for none).
    pub by: String,
    pub indices: Vec<&'static str>,
    pub as_new_area: bool,
    pub use_types: bool,
    pub types: [String; 3],
    pub plans: Vec<Scenario>,
    /// The plan new changes go to.
    pub current: usize,
    /// Persons of the next change (negative removes).
    pub persons: f64,
    /// The group's share among them, percent.
    pub share_pct: f64,
    pub drawing: bool,
    /// The polygon being drawn, in the active layer's working coordinates.
    pub points: Vec<[f64; 2]>,
    pub layer: usize,
    /// What the map shows: 0 the group's share, k the k-th local index.
    pub map_choice: usize,
    /// The plan the map shows.
    pub map_plan: usize,
    /// Compare each change with the before-value's 95 % bootstrap interval.
    pub noise: bool,
    /// Show every region in the table, not only those the plans change.
    pub all_regions: bool,
    /// The area-type components (V1, V2, V3, percent) among the next change's persons, when given.
    pub set_components: bool,
    pub components: [f64; 3],
    pub result: Option<ScenarioResult>,
    pub job: Option<Job<ScenarioResult>>,
    pub error: Option<String>,
}

impl Default for ScenarioView {
    fn default() -> Self {
        ScenarioView {
            group: String::new(),
            total: String::new(),
            by: String::new(),
            indices: DEFAULT_INDICES.to_vec(),
            as_new_area: false,
            use_types: false,
            types: Default::default(),
            plans: vec![Scenario {
                name: "Plan A".into(),
                changes: Vec::new(),
            }],
            current: 0,
            persons: 1000.0,
            share_pct: 50.0,
            drawing: false,
            points: Vec::new(),
            layer: 0,
            map_choice: 0,
            map_plan: 0,
            all_regions: false,
            noise: true,
            set_components: false,
            components: [0.0; 3],
            result: None,
            job: None,
            error: None,
        }
    }
}

impl ScenarioView {
    /// Start from SCB's names: foreign background of the population, per municipality.
    fn guess(&mut self, table: &Table) {
        if !self.group.is_empty() {
            return;
        }
        let (g, t, _) = crate::app::panels::segregation::scb_groups(table);
        self.group = g.unwrap_or_default();
        self.total = t.unwrap_or_default();
        if table.column("kommun").is_some() {
            self.by = "kommun".into();
        }
        let (types, _, _) = crate::app::panels::areatypes::guess(table);
        self.use_types = types.iter().all(|t| !t.is_empty());
        self.types = types;
    }

    /// The request the form describes.
    fn request(&self, tolerance: f64) -> Request {
        Request {
            group: Some(self.group.trim().to_string()),
            total: Some(self.total.trim().to_string()),
            names: self.indices.clone(),
            by: (!self.by.trim().is_empty()).then(|| self.by.trim().to_string()),
            as_new_area: self.as_new_area,
            types: self.use_types.then(|| self.types.clone()),
            tolerance,
            seed: crate::measures::segregation::corrected::DEFAULT_SEED,
            ci: self.noise.then_some(0.95),
            replicates: 999,
            ..Default::default()
        }
    }

    /// Close the polygon being drawn into a change of the current plan.
    pub fn finish_polygon(&mut self, lang: Lang) {
        if self.points.len() < 3 {
            self.error = Some(lang.t("polygon_needs_three").into());
            return;
        }
        let mut ring: Vec<(f64, f64)> = self.points.iter().map(|p| (p[0], p[1])).collect();
        ring.push(ring[0]);
        let shape = geo::MultiPolygon::new(vec![geo::Polygon::new(ring.into(), vec![])]);
        if let Some(problem) = crate::data::validity::problem(&shape) {
            self.error = Some(format!("{}: {problem}", lang.t("polygon_invalid")));
            return;
        }
        self.add_change(shape, lang);
        self.points.clear();
        self.drawing = false;
    }

    /// Add a change with the form's persons and share to the current plan.
    pub fn add_change(&mut self, shape: geo::MultiPolygon<f64>, lang: Lang) {
        let at = self.current.min(self.plans.len() - 1);
        let plan = &mut self.plans[at];
        plan.changes.push(Change {
            label: format!("{} {}", lang.t("one_change"), plan.changes.len() + 1),
            shape,
            persons: self.persons,
            composition: Composition::Share((self.share_pct / 100.0).clamp(0.0, 1.0)),
            components: if self.use_types && self.set_components {
                self.components.map(Some)
            } else {
                [None; 3]
            },
        });
        self.error = None;
    }

    /// Compute every plan in the background.
    pub fn start(&mut self, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.layers.get(doc.active) else {
            return;
        };
        if self.group.trim().is_empty() || self.total.trim().is_empty() {
            self.error = Some(lang.t("scenario_needs_group").into());
            return;
        }
        let req = self.request(crate::spatial::default_tolerance(&l.layer));
        let plans: Vec<Scenario> = self
            .plans
            .iter()
            .filter(|p| !p.changes.is_empty())
            .cloned()
            .collect();
        if plans.is_empty() {
            self.error = Some(lang.t("scenario_needs_change").into());
            return;
        }
        let (index, layer, table) = (doc.active, l.layer.clone(), l.table.clone());
        self.error = None;
        self.job = Some(Job::spawn(lang.t("tab_scenario"), move |_| {
            let outcome = scenario::run(&layer, &table, &req, &plans)?;
            let number = NUMBER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let ids = crate::data::subset::ids_of(&table, &(0..layer.len()).collect::<Vec<_>>());
            Ok(ScenarioResult {
                plans,
                number,
                layer: index,
                request: req,
                outcome,
                ids,
            })
        }));
    }

    /// The names of what the map can show: the group's share, then each local index.
    fn map_options(&self, lang: Lang) -> Vec<String> {
        let mut v = vec![lang.t("group_share_change").to_string()];
        if let Some(r) = &self.result {
            if let Some(s) = r.outcome.scenarios.first() {
                v.extend(s.local.iter().map(|l| l.index.to_string()));
            }
        }
        v
    }

    /// Map the chosen plan's change.
    fn show_map(&mut self, doc: &mut Document, lang: Lang) {
        let Some(r) = self.result.as_ref() else {
            return;
        };
        let Some(s) = r.outcome.scenarios.get(self.map_plan) else {
            return;
        };
        let n = doc.layers.get(r.layer).map_or(0, |l| l.layer.len());
        let diff = |b: &[Option<f64>], a: &[Option<f64>], scale: f64| -> Vec<Option<f64>> {
            (0..n)
                .map(|i| {
                    let (b, a) = (b.get(i).copied().flatten()?, a.get(i).copied().flatten()?);
                    Some((a - b) * scale)
                })
                .collect()
        };
        let (values, what, unit) = match self.map_choice {
            0 => match s.shares() {
                Some((b, a)) => (
                    diff(&b, &a, 100.0),
                    format!(
                        "{} ({})",
                        lang.t("group_share_change"),
                        lang.t("percentage_points")
                    ),
                    format!("{} ({})", self.group, lang.t("percentage_points")),
                ),
                None => return,
            },
            k => match s.local.get(k - 1) {
                Some(l) => (
                    diff(&l.before, &l.after, 1.0),
                    format!("{} ({})", l.index, lang.t("after_minus_before")),
                    format!("{} ({})", l.index, lang.t("after_minus_before")),
                ),
                None => return,
            },
        };
        let column = format!("{} · {what}", s.name);
        let title = format!("{} · {unit}", s.name);
        // The change is a field of the layer (the inspector and the table show it, a figure names it).
        let Some(l) = doc.layers.get_mut(r.layer) else {
            return;
        };
        l.set_column(Column::number(column.clone(), values.clone()));
        doc.active = r.layer;
        doc.style.variable = column;
        doc.show_rendered(crate::classify::change::diverging(values, title, lang));
    }
}

impl View for ScenarioView {
    fn id(&self) -> &'static str {
        "scenario"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_scenario").into()
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
                // The map shows the plan being edited.
                let editing = self.plans.get(self.current).map(|p| p.name.clone());
                self.map_plan = r
                    .outcome
                    .scenarios
                    .iter()
                    .position(|s| Some(&s.name) == editing.as_ref())
                    .unwrap_or(0);
                // The report (Arkiv → Rapport…) can show the plans on a page.
                doc.plans = r.plans.clone();
                self.result = Some(r);
                self.map_choice = 0;
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

    fn running(&self) -> Vec<&dyn Running> {
        self.job.iter().map(|j| j as &dyn Running).collect()
    }

    fn paint_map(&self, doc: &Document, map: &MapPainter) {
        if self.layer != doc.active && !self.points.is_empty() {
            return;
        }
        let ring = |pts: &[[f64; 2]]| -> Vec<egui::Pos2> {
            pts.iter().map(|p| map.to_screen(*p)).collect()
        };
        for (i, plan) in self.plans.iter().enumerate() {
            let width = if i == self.current { 2.5 } else { 1.2 };
            for c in &plan.changes {
                for p in &c.shape.0 {
                    let pts: Vec<[f64; 2]> = p.exterior().0.iter().map(|c| [c.x, c.y]).collect();
                    map.painter.add(egui::Shape::closed_line(
                        ring(&pts),
                        egui::Stroke::new(width, PLAN),
                    ));
                }
            }
        }
        if !self.points.is_empty() {
            let pts = ring(&self.points);
            let stroke = egui::Stroke::new(2.5, DRAWING);
            map.painter.add(if pts.len() >= 3 {
                egui::Shape::closed_line(pts.clone(), stroke)
            } else {
                egui::Shape::line(pts.clone(), stroke)
            });
            for p in pts {
                map.painter.circle_filled(p, 4.0, DRAWING);
            }
        }
    }

    fn map_click(&mut self, doc: &mut Document, world: [f64; 2]) -> bool {
        if self.drawing {
            if self.layer != doc.active {
                self.points.clear();
                self.layer = doc.active;
            }
            self.points.push(world);
        }
        self.drawing
    }

    fn map_double_click(&mut self, _doc: &mut Document, _world: [f64; 2]) -> bool {
        self.drawing
    }

    fn on_close(&mut self) {
        self.drawing = false;
    }

    fn save_project(&self, doc: &Document, project: &mut Project) -> crate::Result<()> {
        let Some(l) = doc
            .layers
            .get(self.layer.min(doc.layers.len().saturating_sub(1)))
        else {
            return Ok(());
        };
        let mut changes = Vec::new();
        for plan in &self.plans {
            for c in &plan.changes {
                let wkt = change::to_wkt(&c.shape, l.layer.working_crs, l.layer.crs)?;
                let who = match &c.composition {
                    Composition::Share(s) => format!("share={s}"),
                    Composition::Counts(k) => format!(
                        "counts={}",
                        k.iter()
                            .map(|x| x.to_string())
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                };
                changes.push(format!(
                    "{wkt}:persons={}:{who}:scenario={}",
                    c.persons, plan.name
                ));
            }
        }
        if changes.is_empty() {
            return Ok(());
        }
        project.analyses.scenario = Some(ScenarioSettings {
            group: self.group.clone(),
            total: self.total.clone(),
            by: (!self.by.is_empty()).then(|| self.by.clone()),
            indices: self.indices.iter().map(|s| s.to_string()).collect(),
            as_new_area: self.as_new_area,
            types: self.use_types.then(|| self.types.to_vec()),
            changes,
        });
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, lang: Lang) -> bool {
        let Some(s) = &project.analyses.scenario else {
            return false;
        };
        let Some(l) = doc.active_layer() else {
            return false;
        };
        match scenario::from_texts(&s.changes, &l.layer) {
            Ok(plans) => self.plans = plans,
            Err(e) => {
                self.error = Some(e.to_string());
                return true;
            }
        }
        self.group = s.group.clone();
        self.total = s.total.clone();
        self.by = s.by.clone().unwrap_or_default();
        self.indices = s
            .indices
            .iter()
            .filter_map(|n| crate::measures::segregation::measure(n).map(|m| m.name))
            .collect();
        self.as_new_area = s.as_new_area;
        if let Some([a, b, c]) = s.types.as_deref() {
            self.use_types = true;
            self.types = [a.clone(), b.clone(), c.clone()];
        }
        self.layer = doc.active;
        self.current = 0;
        self.start(doc, lang);
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
