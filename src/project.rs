//! A saved session as readable JSON (`*.segatlas.json`): the layer and the statistics joined onto
//! it (paths relative to the project file), the map's styling and the figure's settings. It drives
//! `segatlas render` so that next year's figure is the same command on new data.

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
        }
    }
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
    pub crs: Option<String>,
    pub style: MapStyle,
    pub figure: FigureSettings,
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
        let text = serde_json::to_string_pretty(&p)
            .map_err(|e| Error::output(path, format!("cannot write the project: {e}")))?;
        atomic_write(path, text.as_bytes())
    }

    /// Open a project; input paths come back relative to the current directory, and a missing
    /// input file is named.
    pub fn load(path: &Path) -> Result<Project> {
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
        p.stats = p.stats.map(|s| dir.join(s));
        for input in std::iter::once(&p.layer).chain(p.stats.iter()) {
            if !input.exists() {
                return Err(Error::in_file(
                    path,
                    format!("the project's input file {} is missing", input.display()),
                ));
            }
        }
        Ok(p)
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
            style: MapStyle {
                variable: "x".into(),
                ..MapStyle::default()
            },
            figure: FigureSettings {
                title: "T".into(),
                ..FigureSettings::default()
            },
        };
        let file = dir.path().join("maps").join("p.segatlas.json");
        std::fs::create_dir(dir.path().join("maps")).unwrap();
        p.save(&file).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\"../data/areas.geojson\""), "{text}");
        let back = Project::load(&file).unwrap();
        assert_eq!(
            std::fs::canonicalize(&back.layer).unwrap(),
            std::fs::canonicalize(&layer).unwrap()
        );
        assert_eq!(back.style, p.style);
        std::fs::remove_file(&layer).unwrap();
        let e = Project::load(&file).unwrap_err();
        assert!(e.to_string().contains("areas.geojson is missing"), "{e}");
        assert!(is_project(&file));
    }
}
