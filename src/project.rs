//! A saved session as readable JSON (`*.segatlas.json`): the layer and the statistics joined onto
//! it (paths relative to the project file), the map's styling (derived variables are expressions
//! in it), the figure's settings, the selection and the analyses' settings (compare, area types,
//! threshold rule, transect). It drives `segatlas render` so that next year's figure is the same
//! command on new data, and opens in the app.

use crate::classify::style::MapStyle;
use crate::data::write::atomic_write;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The figure settings of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureSettings {
    pub title: String,
    pub subtitle: String,
    pub source: String,
    pub layout: String,
    pub size: Option<String>,
    pub lang: String,
    /// Outlines of another layer over the map, relative to the project file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<PathBuf>,
    /// A field to label the areas with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<String>,
    /// A white print margin on every side of the page, in millimetres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_mm: Option<f64>,
    /// Where the legend, the scale bar and the north arrow go (`auto`, `right`, `top-left`, …).
    #[serde(skip_serializing_if = "is_auto")]
    pub legend_at: String,
    #[serde(skip_serializing_if = "is_auto")]
    pub scale_at: String,
    #[serde(skip_serializing_if = "is_auto")]
    pub north_at: String,
    /// A person's own labels of fields (the legend's title, charts, reports).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub variable_labels: crate::data::labels::Labels,
}

fn is_auto(place: &str) -> bool {
    place == "auto"
}

impl Default for FigureSettings {
    fn default() -> Self {
        FigureSettings {
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
            layout: "slide".into(),
            size: None,
            lang: "sv".into(),
            overlay: None,
            labels: None,
            margin_mm: None,
            legend_at: "auto".into(),
            scale_at: "auto".into(),
            north_at: "auto".into(),
            variable_labels: Default::default(),
        }
    }
}

/// A further table joined onto the layer (after `stats`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinSpec {
    pub path: PathBuf,
    pub key: String,
}

/// Settings of the compare view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareSettings {
    pub variables: Vec<String>,
    pub references: Vec<String>,
    pub group_by: Option<String>,
}

/// Settings of the socioeconomic area types.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AreaTypeSettings {
    pub components: Vec<String>,
    pub weight: Option<String>,
    pub published: Option<String>,
}

/// Settings of the segregation panel: the variables chosen and where to compute.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SegregationSettings {
    pub group: String,
    pub total: String,
    /// The groups, each a column or an expression.
    pub groups: Vec<String>,
    pub multigroup: bool,
    pub indices: Vec<String>,
    pub by: Option<String>,
    /// Computed for each of these years.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<i32>,
    /// With a bootstrap interval at this level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<f64>,
    /// With a band over counts redrawn by this noise model (`poisson`, `round:5`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise: Option<String>,
}

/// Settings of a regionalisation (see `segatlas regions`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionSettings {
    pub method: String,
    pub vars: Vec<String>,
    pub standardise: bool,
    pub k: Option<usize>,
    /// `EXPR>=N`.
    pub floor: Option<String>,
    pub min_areas: usize,
    pub seed: u64,
}

/// A planning scenario: the request and its changes as `segatlas scenario --change` writes them
/// (WKT in the layer's own CRS, `scenario=` naming the plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioSettings {
    pub group: String,
    pub total: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub indices: Vec<String>,
    #[serde(default)]
    pub as_new_area: bool,
    /// SCB's area-type components V1, V2, V3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    pub changes: Vec<String>,
}

/// The analyses of a session, as settings that recompute them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Analyses {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare: Option<CompareSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_types: Option<AreaTypeSettings>,
    /// A threshold rule (see `segatlas select`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A transect line, "lon lat, lon lat, …" in WGS 84.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transect: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segregation: Option<SegregationSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<RegionSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followup: Option<FollowUpSettings>,
    /// The exploratory views open when the project was saved, with their variables.
    #[serde(skip_serializing_if = "ExploreSettings::is_empty")]
    pub explore: ExploreSettings,
}

/// Settings of the follow-up view (see `segatlas change`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpSettings {
    pub var: String,
    pub years: Vec<i32>,
    pub k: usize,
    /// Early warnings toward `low` or `high` values (none when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toward: Option<String>,
    pub alpha: f64,
    /// SCB's three area-type components and the persons of the type matrix, when given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons: Option<String>,
}

/// The exploratory views (see `segatlas chart`): each present when its view was open.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExploreSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub histogram: Option<HistogramSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boxplot: Option<BoxPlotSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scatter: Option<ScatterSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<ParallelSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bivariate: Option<BivariateSettings>,
    /// Maps side by side: one variable per map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maps: Option<MapsSettings>,
}

impl ExploreSettings {
    pub fn is_empty(&self) -> bool {
        *self == ExploreSettings::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramSettings {
    pub var: String,
    pub bins: usize,
    /// The map's classes as bins instead of equal widths.
    #[serde(default)]
    pub map_classes: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxPlotSettings {
    pub vars: Vec<String>,
    pub hinge: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScatterSettings {
    pub x: String,
    pub y: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParallelSettings {
    pub vars: Vec<String>,
    pub standardised: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BivariateSettings {
    pub x: String,
    pub y: String,
    pub palette: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapsSettings {
    pub vars: Vec<String>,
    /// One classification over all the maps (then and now on one legend).
    pub shared_classes: bool,
}

/// A project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub segatlas_project: u32,
    /// The layer of areas, relative to the project file.
    pub layer: PathBuf,
    /// Statistics joined onto the layer, relative to the project file, and the key.
    pub stats: Option<PathBuf>,
    pub key: Option<String>,
    /// More statistics joined after `stats`, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_stats: Vec<JoinSpec>,
    pub crs: Option<String>,
    pub style: MapStyle,
    pub figure: FigureSettings,
    /// Selected areas, as values of `selection_key`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selection: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_key: Option<String>,
    #[serde(default)]
    pub analyses: Analyses,
}

/// Does this path name a project file?
pub fn is_project(path: &Path) -> bool {
    path.to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".segatlas.json")
}

/// `target` as seen from the directory `base` (falls back to the absolute path).
fn relative(target: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (t, b) = (abs(target), abs(base));
    let (tc, bc): (Vec<_>, Vec<_>) = (t.components().collect(), b.components().collect());
    let common = tc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return t;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c);
    }
    out
}

impl Project {
    /// Save atomically; input paths are stored relative to the project file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut p = self.clone();
        p.layer = relative(&self.layer, dir);
        p.stats = self.stats.as_ref().map(|s| relative(s, dir));
        for j in &mut p.more_stats {
            j.path = relative(&j.path, dir);
        }
        p.figure.overlay = self.figure.overlay.as_ref().map(|o| relative(o, dir));
        let text = serde_json::to_string_pretty(&p)
            .map_err(|e| Error::output(path, format!("cannot write the project: {e}")))?;
        atomic_write(path, text.as_bytes())
    }

    /// Open a project; input paths come back relative to the current directory. A missing
    /// layer is an error; missing statistics are left out, each named in the warnings, and the
    /// rest loads.
    pub fn load(path: &Path) -> Result<(Project, Vec<String>)> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        let mut p: Project = serde_json::from_str(&text).map_err(|e| {
            Error::in_file(path, format!("not a segatlas project: {e}")).at(
                crate::error::Place::Line {
                    line: e.line(),
                    column: Some(e.column().to_string()),
                },
            )
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        p.layer = dir.join(&p.layer);
        if !p.layer.exists() {
            return Err(Error::in_file(
                path,
                format!("the project's layer {} is missing", p.layer.display()),
            ));
        }
        let mut warnings = Vec::new();
        let mut missing = |f: &Path| {
            let there = f.exists();
            if !there {
                warnings.push(format!(
                    "{}: the input file {} is missing; the project opened without it",
                    path.display(),
                    f.display()
                ));
            }
            there
        };
        p.stats = p.stats.map(|s| dir.join(s)).filter(|s| missing(s));
        p.figure.overlay = p
            .figure
            .overlay
            .take()
            .map(|o| dir.join(o))
            .filter(|o| missing(o));
        if p.stats.is_none() {
            p.key = None;
        }
        p.more_stats = std::mem::take(&mut p.more_stats)
            .into_iter()
            .map(|j| JoinSpec {
                path: dir.join(j.path),
                key: j.key,
            })
            .filter(|j| missing(&j.path))
            .collect();
        Ok((p, warnings))
    }

    /// The joins of the project in order: (file, key).
    pub fn joins(&self) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        if let (Some(s), Some(k)) = (&self.stats, &self.key) {
            out.push((s.clone(), k.clone()));
        }
        out.extend(
            self.more_stats
                .iter()
                .map(|j| (j.path.clone(), j.key.clone())),
        );
        out
    }

    /// Open the project's layer (with its CRS) and join its statistics onto it.
    pub fn open(&self) -> Result<(crate::data::Layer, crate::data::Table)> {
        let mut layer = crate::data::open_layer_declared(&self.layer)?;
        if let Some(c) = &self.crs {
            layer.assume_crs(crate::data::crs::Crs::from_name(c)?)?;
        }
        let layer = layer.crs_checked()?;
        let mut table = layer.table.clone();
        for (path, key) in self.joins() {
            let t = crate::data::open_table(&path)?;
            let mut l = layer.clone();
            l.table = table;
            table = crate::data::join::join(&l, &t, &crate::data::join::KeySpec::parse(&key))
                .map_err(|e| e.with_file(&path))?
                .table;
        }
        Ok((layer, table))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_relative_paths_and_missing_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let layer = data.join("areas.geojson");
        std::fs::write(&layer, "{}").unwrap();
        let p = Project {
            segatlas_project: 1,
            layer: layer.clone(),
            stats: None,
            key: None,
            crs: None,
            more_stats: vec![JoinSpec {
                path: data.join("gone.csv"),
                key: "k".into(),
            }],
            style: MapStyle {
                variable: "x".into(),
                ..MapStyle::default()
            },
            figure: FigureSettings {
                title: "T".into(),
                ..FigureSettings::default()
            },
            selection: vec!["0127".into()],
            selection_key: Some("kod".into()),
            analyses: Analyses {
                transect: Some("18 59, 17.8 59.2".into()),
                ..Analyses::default()
            },
        };
        let file = dir.path().join("maps").join("p.segatlas.json");
        std::fs::create_dir(dir.path().join("maps")).unwrap();
        p.save(&file).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\"../data/areas.geojson\""), "{text}");
        assert!(text.contains("\"../data/gone.csv\""), "{text}");
        let (back, warnings) = Project::load(&file).unwrap();
        // The missing statistics are named and left out; the rest loads.
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("gone.csv is missing"), "{warnings:?}");
        assert!(back.more_stats.is_empty());
        assert_eq!(back.selection, p.selection);
        assert_eq!(back.analyses, p.analyses);
        assert_eq!(
            std::fs::canonicalize(&back.layer).unwrap(),
            std::fs::canonicalize(&layer).unwrap()
        );
        assert_eq!(back.style, p.style);
        std::fs::remove_file(&layer).unwrap();
        let e = Project::load(&file).unwrap_err();
        assert!(e.to_string().contains("areas.geojson is missing"), "{e}");
        // Projects written before selections and analyses existed still open.
        let old = r#"{"segatlas_project": 1, "layer": "x.geojson", "stats": null, "key": null, "crs": null,
            "style": {"variable": "v"}, "figure": {}}"#;
        assert!(serde_json::from_str::<Project>(old).is_ok());
        assert!(is_project(&file));
    }
}
