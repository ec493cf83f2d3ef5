//! Regionalisation in the app (*Analys → Regionindelning*): method, variables, floor and k; runs
//! as a job with progress and cancel; the regions become a field of the layer (usable as the
//! "by" of every other analysis), drawn as a categorical map with thick region borders over the
//! areas, with a table of regions (clicking one selects its areas) and exports.

use crate::analysis::regions::{run as regionalise, Outcome, Request};
use crate::app::document::{Document, Outlines};
use crate::app::i18n::Lang;
use crate::app::jobs::{self, Job, Running};
use crate::app::screen::{screen_ring, MapPainter};
use crate::app::view::View;
use crate::classify::style::Rendered;
use crate::data::subset::Missing;
use crate::data::table::{Column, Table};
use crate::project::{Project, RegionSettings};
use crate::regions::{Method, METHODS};
use crate::spatial::WeightsSpec;
use std::sync::Arc;

mod results;

use results::legend;

/// The regions of one run, with their outlines for the map.
pub struct RegionsResult {
    pub layer: usize,
    pub column: String,
    pub request: Request,
    pub outcome: Outcome,
    /// Each region's areas dissolved, in the working CRS (the map's world).
    pub outlines: Arc<Vec<geo::MultiPolygon<f64>>>,
    pub weights: String,
}

/// The view: its form, its result and its job.
/// Draws of the noise model in the app: each is a whole regionalisation.
pub const APP_DRAWS: usize = 99;

pub struct RegionsView {
    pub method: Method,
    pub vars: Vec<String>,
    pub standardise: bool,
    pub k: usize,
    pub use_floor: bool,
    pub floor_expr: String,
    pub floor_min: f64,
    pub min_areas: usize,
    pub seed: u64,
    /// Redraw the variables' counts by this noise model (`poisson`, …) and divide again:
    /// each area's stability.
    pub noise: Option<String>,
    pub result: Option<RegionsResult>,
    pub job: Option<Job<RegionsResult>>,
    pub error: Option<String>,
}

impl Default for RegionsView {
    fn default() -> Self {
        RegionsView {
            method: Method::Skater,
            vars: vec![String::new()],
            standardise: true,
            k: 10,
            use_floor: false,
            floor_expr: String::new(),
            // A district of 10,000 persons: enough for most published statistics.
            floor_min: 10_000.0,
            min_areas: 1,
            seed: crate::measures::autocorrelation::DEFAULT_SEED,
            noise: None,
            result: None,
            job: None,
            error: None,
        }
    }
}

/// Qualitative colours for regions (ColorBrewer's Set3); touching regions get different ones.
const COLOURS: [[u8; 3]; 12] = [
    [141, 211, 199],
    [255, 255, 179],
    [190, 186, 218],
    [251, 128, 114],
    [128, 177, 211],
    [253, 180, 98],
    [179, 222, 105],
    [252, 205, 229],
    [217, 217, 217],
    [188, 128, 189],
    [204, 235, 197],
    [255, 237, 111],
];

/// A colour per region, different from every touching region's where 12 colours allow
/// (greedy colouring, most-connected regions first, each taking the least used colour its
/// neighbours leave, so that the map shows as many colours as it can).
fn colouring(outcome: &Outcome) -> Vec<usize> {
    let count = outcome.summaries.len();
    let mut adj = vec![Vec::new(); count];
    for &(a, b) in &outcome.touching {
        adj[a - 1].push(b - 1);
        adj[b - 1].push(a - 1);
    }
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&r| (std::cmp::Reverse(adj[r].len()), r));
    let mut colour = vec![usize::MAX; count];
    let mut uses = [0usize; COLOURS.len()];
    for r in order {
        let taken: Vec<usize> = adj[r].iter().map(|&o| colour[o]).collect();
        let c = (0..COLOURS.len())
            .filter(|c| !taken.contains(c))
            .min_by_key(|&c| (uses[c], c))
            .unwrap_or(r % COLOURS.len());
        uses[c] += 1;
        colour[r] = c;
    }
    colour
}

/// Variables to start from on SCB's files: the median income, the share with low economic
/// standard and the foreign-background share, each of the latest year; and the population as
/// the floor's variable.
fn guess(table: &Table) -> (Vec<String>, String) {
    let of = |part: &str| -> Vec<(i32, String)> {
        let mut c: Vec<(i32, String)> = table
            .columns
            .iter()
            .filter(|c| {
                c.name.contains(part) && c.field_type() == crate::data::table::FieldType::Number
            })
            .map(|c| (c.year().unwrap_or(0), c.name.clone()))
            .collect();
        c.sort();
        c
    };
    let latest = |part: &str| of(part).pop().map(|(_, n)| n);
    let mut vars = Vec::new();
    vars.extend(latest("inkomst_median"));
    vars.extend(latest("lag_ekonomisk_standard"));
    let population = latest("folkmangd");
    // The foreign-background share over the population of the same year.
    if let Some((year, f)) = of("utlandsk_bakgrund").pop() {
        if let Some((_, p)) = of("folkmangd").into_iter().find(|(y, _)| *y == year) {
            vars.push(format!("{f}/{p}"));
        }
    }
    (vars, population.unwrap_or_default())
}

impl RegionsView {
    /// The request the form describes.
    fn request(&self) -> Request {
        let mut r = Request::new(
            self.method,
            self.vars
                .iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
        );
        r.standardise = self.standardise;
        r.k = self.method.info().needs_k.then_some(self.k);
        r.floor = (self.use_floor && !self.floor_expr.trim().is_empty())
            .then(|| format!("{}>={}", self.floor_expr.trim(), self.floor_min));
        r.min_areas = self.min_areas.max(1);
        r.seed = self.seed;
        r.noise = self
            .noise
            .as_deref()
            .and_then(|n| crate::measures::uncertainty::Noise::parse(n).ok());
        // Each draw is a whole division: 99 in the app (the CLI's --draws for more).
        r.draws = APP_DRAWS;
        r
    }

    /// Start dividing the active layer (on its weights, queen contiguity when it has none).
    pub fn start(&mut self, doc: &mut Document) {
        let Some(l) = doc.layers.get(doc.active) else {
            return;
        };
        let mut req = self.request();
        let (label, given) = match doc.weights.as_ref().filter(|w| w.layer == doc.active) {
            Some(w) => (w.label.clone(), Some(Arc::new(w.weights.clone()))),
            None => ("queen".to_string(), None),
        };
        req.given = given;
        req.weights = WeightsSpec::Queen;
        req.tolerance = crate::spatial::default_tolerance(&l.layer);
        let (index, layer, table) = (doc.active, l.layer.clone(), l.table.clone());
        let column = format!("region_{}", self.method.info().name);
        self.error = None;
        self.job = Some(Job::spawn(
            format!("{} {}", "Regionindelning", self.method.info().name),
            move |p| {
                let outcome = regionalise(&layer, &table, &req, Missing::Skip)?;
                crate::work::check(p)?;
                p.set_progress(0.9);
                let groups: Vec<Vec<usize>> =
                    outcome.summaries.iter().map(|s| s.rows.clone()).collect();
                let outlines = crate::spatial::dissolve::dissolve(&layer.projected, &groups);
                Ok(RegionsResult {
                    layer: index,
                    column,
                    request: req,
                    outcome,
                    outlines: Arc::new(outlines),
                    weights: label,
                })
            },
        ));
    }

    /// Put the regions on the layer as a field and map them.
    fn apply(&mut self, doc: &mut Document, lang: Lang) {
        let Some(r) = self.result.as_ref() else {
            return;
        };
        let Some(layer) = doc.layers.get_mut(r.layer) else {
            return;
        };
        layer.set_column(Column::number(
            r.column.clone(),
            r.outcome
                .labels
                .iter()
                .map(|l| l.map(|l| l as f64))
                .collect(),
        ));
        let colour = colouring(&r.outcome);
        let rendered = Rendered {
            values: r
                .outcome
                .labels
                .iter()
                .map(|l| l.map(|l| l as f64))
                .collect(),
            class: r.outcome.labels.iter().map(|l| l.map(|l| l - 1)).collect(),
            colors: colour.iter().map(|&c| COLOURS[c]).collect(),
            legend: legend(r, &colour, lang),
            missing: r.outcome.subset.excluded.len(),
            title: Some(format!(
                "{} · {} · {} {}",
                lang.t("tab_regions"),
                r.request.method.info().name,
                r.outcome.regions.count,
                lang.t("regions_found")
            )),
        };
        doc.active = r.layer;
        doc.style.variable = r.column.clone();
        doc.outlines = Some(Outlines {
            layer: r.layer,
            variable: r.column.clone(),
            shapes: r.outlines.clone(),
        });
        doc.show_rendered(rendered);
    }

    fn form(&mut self, ui: &mut egui::Ui, doc: &mut Document, lang: Lang) {
        let Some(l) = doc.active_layer() else { return };
        let columns = crate::app::picker::numeric_columns(&l.table);
        if self.vars.iter().all(|v| v.trim().is_empty()) && self.floor_expr.is_empty() {
            let (vars, population) = guess(&l.table);
            if !vars.is_empty() {
                self.vars = vars;
            }
            self.floor_expr = population;
        }
        ui.small(lang.t("regions_help"));
        let before = self.method;
        egui::ComboBox::from_label(lang.t("region_method"))
            .selected_text(if lang.is_swedish() {
                self.method.info().label_sv
            } else {
                self.method.info().label_en
            })
            .show_ui(ui, |ui| {
                for m in METHODS {
                    let label = if lang.is_swedish() {
                        m.label_sv
                    } else {
                        m.label_en
                    };
                    ui.selectable_value(&mut self.method, m.method, label)
                        .on_hover_text(m.about);
                }
            });
        // max-p is defined by its floor: choosing it turns the floor on.
        if self.method != before && self.method == Method::MaxP {
            self.use_floor = true;
        }
        ui.label(lang.t("region_vars"));
        let mut remove = None;
        for (i, v) in self.vars.iter_mut().enumerate() {
            ui.horizontal_wrapped(|ui| {
                crate::app::picker::variable_field(
                    ui,
                    &format!("{} {}", lang.t("variable"), i + 1),
                    v,
                    &columns,
                    lang,
                );
                if ui.small_button(lang.t("remove")).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.vars.remove(i);
        }
        if ui.button(lang.t("add_variable")).clicked() {
            self.vars.push(String::new());
        }
        ui.checkbox(&mut self.standardise, lang.t("standardise"));
        let info = self.method.info();
        if info.needs_k {
            ui.horizontal(|ui| {
                let label = ui.label(lang.t("region_count"));
                ui.add(egui::DragValue::new(&mut self.k).range(1..=10_000))
                    .labelled_by(label.id);
            });
        }
        if info.takes_floor {
            ui.checkbox(&mut self.use_floor, lang.t("use_floor"));
            if self.use_floor {
                crate::app::picker::variable_field(
                    ui,
                    lang.t("floor_variable"),
                    &mut self.floor_expr,
                    &columns,
                    lang,
                );
                ui.horizontal(|ui| {
                    let label = ui.label(lang.t("floor_min"));
                    ui.add(
                        egui::DragValue::new(&mut self.floor_min)
                            .range(0.0..=1e12)
                            .speed(100.0),
                    )
                    .labelled_by(label.id);
                });
            }
            ui.horizontal(|ui| {
                let label = ui.label(lang.t("min_areas"));
                ui.add(egui::DragValue::new(&mut self.min_areas).range(1..=100_000))
                    .labelled_by(label.id);
            });
        }
        if info.seeded {
            ui.horizontal(|ui| {
                let label = ui.label(lang.t("seed"));
                ui.add(egui::DragValue::new(&mut self.seed))
                    .labelled_by(label.id);
            });
        }
        let weights = doc
            .weights
            .as_ref()
            .filter(|w| w.layer == doc.active)
            .map_or_else(|| "queen".to_string(), |w| w.label.clone());
        ui.small(format!("{}: {weights}", lang.t("weights_used")));
        crate::app::picker::noise_choice(ui, &mut self.noise, lang);
        if ui
            .add_enabled(self.job.is_none(), egui::Button::new(lang.t("run_regions")))
            .clicked()
        {
            self.start(doc);
        }
        if let Some(e) = &self.error {
            ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
        }
    }
}

impl View for RegionsView {
    fn id(&self) -> &'static str {
        "regions"
    }

    fn title(&self, lang: Lang) -> String {
        lang.t("tab_regions").into()
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
                self.apply(doc, lang);
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
        let Some(outlines) = doc.current_outlines() else {
            return;
        };
        let stroke = egui::Stroke::new(2.0, egui::Color32::from_rgb(40, 40, 40));
        for mp in outlines {
            for poly in &mp.0 {
                let ring: Vec<[f64; 2]> = poly.exterior().0.iter().map(|c| [c.x, c.y]).collect();
                map.painter.add(egui::Shape::line(
                    screen_ring(map.view, map.rect, &ring, 0.7),
                    stroke,
                ));
            }
        }
    }

    fn save_project(&self, _doc: &Document, project: &mut Project) -> crate::Result<()> {
        if let Some(r) = &self.result {
            let q = &r.request;
            project.analyses.regions = Some(RegionSettings {
                method: q.method.info().name.to_string(),
                vars: q.vars.clone(),
                standardise: q.standardise,
                k: q.k,
                floor: q.floor.clone(),
                min_areas: q.min_areas,
                seed: q.seed,
            });
        }
        Ok(())
    }

    fn load_project(&mut self, doc: &mut Document, project: &Project, _lang: Lang) -> bool {
        let Some(s) = &project.analyses.regions else {
            return false;
        };
        let Ok(method) = Method::from_name(&s.method) else {
            return false;
        };
        self.method = method;
        self.vars = s.vars.clone();
        self.standardise = s.standardise;
        if let Some(k) = s.k {
            self.k = k;
        }
        self.use_floor = false;
        if let Some(f) = &s.floor {
            if let Ok((expr, min)) = crate::analysis::regions::parse_floor(f) {
                self.use_floor = true;
                self.floor_expr = expr;
                self.floor_min = min;
            }
        }
        self.min_areas = s.min_areas.max(1);
        self.seed = s.seed;
        self.start(doc);
        true
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
