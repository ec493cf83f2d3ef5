//! Background work (reading files, joining, preparing meshes) off the UI thread, with progress
//! and cancel. A job reports through a channel; the UI polls it each frame and never waits.

use super::map_layer::MapLayer;
use crate::data::join::{self, JoinReport, KeySpec};
use crate::data::{self, Layer, Table};
use crate::error::Error;
use crate::work::Control;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, TryRecvError};

/// What a finished job hands back.
pub enum Outcome {
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
    /// A project: its layer with the statistics joined, the project, and warnings (missing
    /// statistics files).
    Project(
        Box<MapLayer>,
        Option<Box<MapLayer>>,
        Box<crate::project::Project>,
        Vec<String>,
    ),
    /// A layer's new colours, computed in the background.
    Styled(super::style::Rendered),
    /// Autocorrelation results for a layer.
    Autocorr(Box<super::panels::autocorr::AutocorrResult>),
    /// Spatial weights for a layer.
    Weights {
        layer: usize,
        label: String,
        weights: crate::spatial::weights::Weights,
    },
    /// Segregation indices computed for a layer (rows of the CLI's JSON schema).
    /// Rows of results and the areas left out for a missing count.
    Segregation(usize, Vec<serde_json::Value>, Vec<usize>),
    Failed(Error),
}

/// A job under way.
pub struct Job {
    pub label: String,
    control: Control,
    rx: Receiver<Outcome>,
}

/// What the worker reports progress to and checks for a cancel: the engine's [`Control`], so
/// the engine calls it makes stop when the person cancels.
pub type Progress = Control;

impl Job {
    /// Run `work` on a new thread.
    pub fn spawn(label: String, work: impl FnOnce(&Progress) -> Outcome + Send + 'static) -> Job {
        let (tx, rx) = channel();
        let control = Control::new();
        let handle = control.clone();
        std::thread::spawn(move || {
            let out = work(&handle);
            if !handle.is_cancelled() {
                let _ = tx.send(out);
            }
        });
        Job { label, control, rx }
    }

    /// Fraction done, 0–1.
    pub fn progress(&self) -> f32 {
        self.control.progress()
    }

    /// Stop the work: the engine checks the flag and returns early; the result is dropped.
    pub fn cancel(&self) {
        self.control.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }

    /// The outcome, once there is one.
    pub fn poll(&self) -> Option<Outcome> {
        match self.rx.try_recv() {
            Ok(o) => Some(o),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Outcome::Failed(Error::input(
                "the background work stopped unexpectedly",
            ))),
        }
    }
}

/// Open a file: a layer is read and prepared for drawing (read as planar x/y when `planar`);
/// a table is read for a join.
pub fn open(path: PathBuf, planar: bool) -> Job {
    let label = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Job::spawn(label, move |p| {
        p.set_progress(0.05);
        match data::open(&path) {
            Err(e) => Outcome::Failed(e),
            Ok(data::Dataset::Table(t)) => Outcome::Table(path, t),
            Ok(data::Dataset::Layer(mut l)) => {
                if planar {
                    if let Err(e) = l.assume_crs(crate::data::crs::Crs::Planar) {
                        return Outcome::Failed(e);
                    }
                }
                p.set_progress(0.6);
                if p.is_cancelled() {
                    return Outcome::Failed(Error::input("cancelled"));
                }
                let table = l.table.clone();
                let name = l.name.clone();
                let layer = MapLayer::new(name, Some(path), *l, table);
                p.set_progress(1.0);
                Outcome::Layer(Box::new(layer))
            }
        }
    })
}

/// Open a project: its layer, with its statistics joined, off the UI thread.
pub fn open_project(path: PathBuf) -> Job {
    let label = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Job::spawn(label, move |p| {
        p.set_progress(0.05);
        let (project, warnings) = match crate::project::Project::load(&path) {
            Ok(x) => x,
            Err(e) => return Outcome::Failed(e),
        };
        p.set_progress(0.2);
        let (layer, table) = match project.open() {
            Ok(x) => x,
            Err(e) => return Outcome::Failed(e),
        };
        p.set_progress(0.6);
        let name = layer.name.clone();
        let mut m = MapLayer::new(name, Some(project.layer.clone()), layer, table);
        m.joins = project.joins();
        let mut warnings = warnings;
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
        Outcome::Project(Box::new(m), overlay, Box::new(project), warnings)
    })
}

/// Join a table onto a copy of a layer's attributes.
pub fn join(
    index: usize,
    layer: Layer,
    attributes: Table,
    table: Table,
    path: PathBuf,
    key: String,
) -> Job {
    Job::spawn(format!("join {key}"), move |p| {
        p.set_progress(0.2);
        let mut l = layer;
        l.table = attributes;
        match join::join(&l, &table, &KeySpec::parse(&key)) {
            Ok(j) => {
                p.set_progress(1.0);
                Outcome::Joined {
                    layer: index,
                    table: j.table,
                    report: j.report,
                    path,
                    key,
                }
            }
            Err(e) => Outcome::Failed(e),
        }
    })
}

/// Classify and colour a large layer's values off the UI thread.
pub fn restyle(
    style: super::style::MapStyle,
    values: Vec<Option<f64>>,
    lang: super::i18n::Lang,
) -> Job {
    Job::spawn(format!("{} ({})", style.scheme, style.variable), move |p| {
        p.set_progress(0.1);
        match super::style::render_values(&style, values, lang) {
            Ok(r) => {
                p.set_progress(1.0);
                Outcome::Styled(r)
            }
            Err(e) => Outcome::Failed(e),
        }
    })
}

/// Build spatial weights for a layer off the UI thread.
pub fn weights(
    index: usize,
    layer: Layer,
    spec: crate::spatial::WeightsSpec,
    tolerance: f64,
    label: String,
) -> Job {
    Job::spawn(label.clone(), move |p| {
        p.set_progress(0.1);
        match crate::spatial::build(&layer, &spec, tolerance) {
            Ok(weights) => {
                p.set_progress(1.0);
                Outcome::Weights {
                    layer: index,
                    label,
                    weights,
                }
            }
            Err(e) => Outcome::Failed(e),
        }
    })
}

/// Read a GAL/GWT file for a layer of `n` areas.
pub fn load_weights(index: usize, n: usize, path: PathBuf) -> Job {
    let label = path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    Job::spawn(label.clone(), move |_| {
        match crate::spatial::files::read(&path) {
            Ok(w) if w.n == n => Outcome::Weights {
                layer: index,
                label,
                weights: w,
            },
            Ok(w) => Outcome::Failed(Error::in_file(
                &path,
                format!("the weights are for {} units; the layer has {n}", w.n),
            )),
            Err(e) => Outcome::Failed(e),
        }
    })
}

/// Moran, LISA and Gi* for a layer's variable, off the UI thread. Without weights for the layer,
/// queen contiguity with the default tolerance is built first.
#[allow(clippy::too_many_arguments)]
pub fn autocorr(
    index: usize,
    layer: Layer,
    weights: Option<(String, crate::spatial::weights::Weights)>,
    variable: String,
    y: Vec<f64>,
    subset: crate::data::subset::Subset,
    permutations: usize,
    alpha: f64,
    correction: crate::measures::autocorrelation::Correction,
) -> Job {
    use crate::measures::autocorrelation::{getis_ord, lisa, moran, with_self, DEFAULT_SEED};
    use crate::spatial::weights::Transform;
    Job::spawn(format!("LISA {variable}"), move |p| {
        let tol = crate::spatial::default_tolerance(&layer);
        let (label, w) = match weights {
            Some(w) if subset.excluded.is_empty() => w,
            Some((label, w)) => match crate::spatial::WeightsSpec::parse(&label) {
                Ok(spec) => {
                    match crate::spatial::build_for(&subset.take(&layer.projected), &spec, tol) {
                        Ok(rebuilt) => (label, rebuilt),
                        Err(e) => return Outcome::Failed(e),
                    }
                }
                // Weights read from a file: the kept areas' rows and columns.
                Err(_) => (label, w.subset(&subset.rows)),
            },
            None => {
                match crate::spatial::build_for(
                    &subset.take(&layer.projected),
                    &crate::spatial::WeightsSpec::Queen,
                    tol,
                ) {
                    Ok(w) => ("queen".to_string(), w),
                    Err(e) => return Outcome::Failed(e),
                }
            }
        };
        p.set_progress(0.2);
        let wr = w.transformed(Transform::Row);
        let m = moran::moran_controlled(&y, &wr, permutations, DEFAULT_SEED, p);
        p.set_progress(0.4);
        let l = lisa::local_moran_controlled(&y, &wr, permutations, DEFAULT_SEED, p);
        p.set_progress(0.9);
        let clusters = l.clusters(&wr, alpha, correction);
        let gi_star = getis_ord::gi_star(&y, &with_self(&w.transformed(Transform::Binary)));
        let islands = (0..w.n).map(|i| w.cardinality(i) == 0).collect();
        p.set_progress(1.0);
        Outcome::Autocorr(Box::new(super::panels::autocorr::AutocorrResult {
            layer: index,
            variable,
            weights: label,
            moran: m,
            lisa: l,
            clusters,
            gi_star,
            subset,
            islands,
        }))
    })
}
