//! The document's own background work — reading a file, opening a project, joining a table,
//! classifying a large layer, building or reading weights — and taking in what it hands back.

use super::{Document, LayerWeights, PendingJoin};
use crate::app::i18n::Lang;
use crate::app::jobs::Job;
use crate::app::map_layer::MapLayer;
use crate::app::style::{MapStyle, Rendered};
use crate::data::join::{self, JoinReport, KeySpec};
use crate::data::table::FieldType;
use crate::data::{self, Layer, Table};
use std::path::PathBuf;

/// What a finished loading job hands back.
pub enum Loaded {
    Layer(Box<MapLayer>),
    /// A table to join: opened, waiting for a key.
    Table(PathBuf, Table),
    Joined {
        layer: usize,
        table: Table,
        report: JoinReport,
        path: PathBuf,
        key: String,
    },
    /// A project: its layer with the statistics joined, its outline layer, the project, and
    /// warnings (missing statistics files).
    Project(
        Box<MapLayer>,
        Option<Box<MapLayer>>,
        Box<crate::project::Project>,
        Vec<String>,
    ),
    /// A layer's new colours, computed in the background.
    Styled(Rendered),
    /// Spatial weights for a layer.
    Weights(LayerWeights),
    /// An export written in the background (a PNG).
    Saved(PathBuf),
}

/// A file's name for a job's label.
fn file_label(path: &std::path::Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Open a file: a layer is read and prepared for drawing (read as planar x/y when `planar`);
/// a table is read for a join.
pub fn open(path: PathBuf, planar: bool) -> Job<Loaded> {
    Job::spawn(file_label(&path), move |p| {
        p.set_progress(0.05);
        match data::open_declared(&path)? {
            data::Dataset::Table(t) => Ok(Loaded::Table(path, t)),
            data::Dataset::Layer(mut l) => {
                if planar {
                    l.assume_crs(crate::data::crs::Crs::Planar)?;
                }
                let l = (*l).crs_checked()?;
                p.set_progress(0.6);
                crate::work::check(p)?;
                let table = l.table.clone();
                let name = l.name.clone();
                let layer = MapLayer::new(name, Some(path), l, table);
                // A cancel during the triangulation left some areas without triangles.
                crate::work::check(p)?;
                p.set_progress(1.0);
                Ok(Loaded::Layer(Box::new(layer)))
            }
        }
    })
}

/// Open a project: its layer, with its statistics joined, off the UI thread.
pub fn open_project(path: PathBuf) -> Job<Loaded> {
    Job::spawn(file_label(&path), move |p| {
        p.set_progress(0.05);
        let (project, mut warnings) = crate::project::Project::load(&path)?;
        p.set_progress(0.2);
        let (layer, table) = project.open()?;
        p.set_progress(0.6);
        let name = layer.name.clone();
        let mut m = MapLayer::new(name, Some(project.layer.clone()), layer, table);
        m.joins = project.joins();
        let overlay = match &project.figure.overlay {
            Some(path) => match crate::data::open_layer(path) {
                Ok(o) => {
                    let (name, table) = (o.name.clone(), o.table.clone());
                    Some(Box::new(MapLayer::new(name, Some(path.clone()), o, table)))
                }
                Err(e) => {
                    warnings.push(e.to_string());
                    None
                }
            },
            None => None,
        };
        p.set_progress(1.0);
        Ok(Loaded::Project(
            Box::new(m),
            overlay,
            Box::new(project),
            warnings,
        ))
    })
}

/// Join a table onto a copy of a layer's attributes.
pub fn join(
    index: usize,
    layer: std::sync::Arc<Layer>,
    attributes: std::sync::Arc<Table>,
    table: Table,
    path: PathBuf,
    key: String,
) -> Job<Loaded> {
    Job::spawn(format!("join {key}"), move |p| {
        p.set_progress(0.2);
        // The copy is made here, off the UI thread.
        let mut l = (*layer).clone();
        l.table = std::sync::Arc::unwrap_or_clone(attributes);
        let j = join::join(&l, &table, &KeySpec::parse(&key))?;
        p.set_progress(1.0);
        Ok(Loaded::Joined {
            layer: index,
            table: j.table,
            report: j.report,
            path,
            key,
        })
    })
}

/// Classify and colour a large layer's values off the UI thread.
pub fn restyle(style: MapStyle, values: Vec<Option<f64>>, lang: Lang) -> Job<Loaded> {
    Job::spawn(format!("{} ({})", style.scheme, style.variable), move |p| {
        p.set_progress(0.1);
        let r = crate::app::style::render_values(&style, values, lang)?;
        p.set_progress(1.0);
        Ok(Loaded::Styled(r))
    })
}

/// Build spatial weights for a layer off the UI thread.
pub fn weights(
    index: usize,
    layer: std::sync::Arc<Layer>,
    spec: crate::spatial::WeightsSpec,
    tolerance: f64,
    label: String,
) -> Job<Loaded> {
    Job::spawn(label.clone(), move |p| {
        p.set_progress(0.1);
        let weights = crate::spatial::build(&layer, &spec, tolerance)?;
        p.set_progress(1.0);
        Ok(Loaded::Weights(LayerWeights {
            layer: index,
            label,
            spec,
            tolerance,
            weights,
        }))
    })
}

/// Read a GAL/GWT file for a layer: ids matched to the layer's codes as the CLI does.
pub fn load_weights(index: usize, layer: std::sync::Arc<Layer>, path: PathBuf) -> Job<Loaded> {
    let label = file_label(&path);
    Job::spawn(label.clone(), move |_| {
        let w = crate::spatial::files::read_for_layer(&path, &layer.table)?;
        Ok(Loaded::Weights(LayerWeights {
            layer: index,
            label,
            spec: crate::spatial::WeightsSpec::File(path),
            tolerance: 0.0,
            weights: w,
        }))
    })
}

impl Document {
    /// Take in what a loading job handed back (`generation`: the state it started from).
    pub(super) fn take(&mut self, outcome: Loaded, generation: u64, lang: Lang) {
        match outcome {
            Loaded::Layer(l) => self.add_layer(*l, lang),
            Loaded::Table(path, table) => {
                let key = self
                    .active_layer()
                    .and_then(|l| l.code_field.clone())
                    .unwrap_or_default();
                self.pending_join = Some(PendingJoin { path, table, key });
            }
            Loaded::Joined {
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
                    l.table = std::sync::Arc::new(table);
                    l.join_reports.push(report);
                    l.joins.push((path, key));
                    if let (Some(v), true) = (first_new, layer == self.active) {
                        self.style.variable = v;
                        self.style.categorical = false;
                    }
                }
                self.restyle(lang);
            }
            Loaded::Project(layer, overlay, project, warnings) => {
                if let Some(o) = overlay {
                    self.layers.push(*o);
                    self.overlay = Some(self.layers.len() - 1);
                }
                self.open_project_layer(*layer, &project, lang);
                self.messages.extend(warnings);
                // The views take their settings next (the app hands them the project), then
                // the figure's style is applied.
                self.opened_project = Some(project);
            }
            Loaded::Weights(w) => self.weights = Some(w),
            Loaded::Saved(path) => self.saved = Some(path),
            // A restyle started before the latest change of style or data is stale.
            Loaded::Styled(r) if generation == self.generation => {
                self.rendered = Some(r);
                self.style_error = None;
            }
            Loaded::Styled(_) => {}
        }
    }
}

/// Each area's share of `DEFAULT_DRAWS` noisy draws of the counts in which it keeps the class the
/// style gives it (the same scheme and number of classes on every draw), as the stability map;
/// its title says how many areas keep their class in at least 90 % of the draws.
pub fn class_stability(
    style: MapStyle,
    layer: std::sync::Arc<Layer>,
    table: std::sync::Arc<Table>,
    noise: crate::measures::uncertainty::Noise,
    labels: crate::data::labels::Labels,
    lang: Lang,
) -> Job<Loaded> {
    use crate::classify::{class_of, classify, stability, style as cs};
    Job::spawn(lang.t("lisa_stability").to_string(), move |p| {
        if style.categorical {
            return Err(crate::Error::input(lang.t("stability_not_categorical")));
        }
        let area = layer.area_km2();
        let values = crate::data::expr::Expr::values(&style.variable, &table, Some(&area))?;
        let scheme = cs::scheme_for(&style, cs::distinct_values(&values))?;
        let bins = classify(&values, &scheme)?.bins;
        let observed: Vec<Option<usize>> = values.iter().map(|v| class_of(*v, &bins)).collect();
        let var = crate::analysis::noisy::NoisyVariable::new(&style.variable, &table)?;
        p.set_progress(0.05);
        let s = crate::analysis::noisy::class_stability(
            &var,
            &table,
            Some(&area),
            &scheme,
            &observed,
            noise,
            crate::measures::uncertainty::DEFAULT_DRAWS,
            crate::measures::autocorrelation::DEFAULT_SEED,
        )?;
        p.set_progress(1.0);
        let known = s.summary.stable + s.summary.unstable;
        let title = format!(
            "{} · {} · {} / {} {} ({}, {} {})",
            lang.t("lisa_stability"),
            crate::data::labels::or_field(&style.variable, lang, &labels),
            lang.number(s.summary.stable as f64, 0),
            lang.number(known as f64, 0),
            lang.t("stable_areas"),
            crate::app::picker::noise_text(&noise.name(), lang),
            s.summary.draws,
            lang.t("draws"),
        );
        Ok(Loaded::Styled(stability::rendered(&s.stability, title)))
    })
}
