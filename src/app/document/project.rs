//! The document as a project (`*.segatlas.json`) and back: the active layer with its joins, the
//! map's style, title and source line and the selection (by the layer's code field). Each view
//! keeps its own settings (its `save_project`); the views' settings
//! are applied between [`Document::open_project_layer`] and [`Document::apply_project_figure`].

use super::Document;
use crate::app::i18n::Lang;
use crate::app::map_layer::MapLayer;
use crate::data::crs::{Crs, Projector};
use crate::error::{Error, Result};
use crate::project::{Analyses, FigureSettings, JoinSpec, Project};

impl Document {
    /// The session as a project (paths as they are; `Project::save` makes them relative).
    pub fn to_project(&self, lang: Lang) -> Result<Project> {
        let l = self
            .active_layer()
            .ok_or_else(|| Error::input("there is no layer to save"))?;
        let layer = l.source.clone().ok_or_else(|| {
            Error::input("the built-in default map cannot be saved as a project: open a file first")
        })?;
        let mut joins = l.joins.iter();
        let first = joins.next();
        let selection_key = l.code_field.clone();
        let selection = match &selection_key {
            Some(_) => self
                .selection
                .iter()
                .filter_map(|&i| l.code_of(i))
                .collect(),
            None => Vec::new(),
        };
        Ok(Project {
            segatlas_project: 1,
            layer,
            stats: first.map(|j| j.0.clone()),
            key: first.map(|j| j.1.clone()),
            more_stats: joins
                .map(|(path, key)| JoinSpec {
                    path: path.clone(),
                    key: key.clone(),
                })
                .collect(),
            crs: None,
            style: self.style.clone(),
            figure: FigureSettings {
                title: self.title.clone(),
                subtitle: self.subtitle.clone(),
                source: self.source.clone(),
                overlay: self
                    .overlay
                    .filter(|o| *o != self.active)
                    .and_then(|o| self.layers.get(o))
                    .and_then(|o| o.source.clone()),
                labels: if self.style.labels {
                    l.name_field.clone()
                } else {
                    None
                },
                size: (!self.figure_size.trim().is_empty()).then(|| self.figure_size.clone()),
                margin_mm: (self.margin_mm > 0.0).then_some(self.margin_mm),
                variable_labels: self.labels.clone(),
                legend_at: self.places[0].name().into(),
                scale_at: self.places[1].name().into(),
                north_at: self.places[2].name().into(),
                layout: if self.layout.is_empty() {
                    "slide".into()
                } else {
                    self.layout.clone()
                },
                lang: match lang {
                    Lang::Sv => "sv".into(),
                    Lang::En => "en".into(),
                },
            },
            selection,
            selection_key,
            analyses: Analyses::default(),
        })
    }

    /// The first half of opening a project: its layer, and its selection.
    pub fn open_project_layer(&mut self, layer: MapLayer, p: &Project, lang: Lang) {
        self.add_layer(layer, lang);
        if let (Some(key), Some(l)) = (&p.selection_key, self.active_layer()) {
            if let Some(col) = l.table.column(key) {
                let wanted: std::collections::HashSet<&str> =
                    p.selection.iter().map(String::as_str).collect();
                self.selection = (0..l.len())
                    .filter(|&r| col.key_at(r).is_some_and(|k| wanted.contains(k.as_str())))
                    .collect();
            }
        }
    }

    /// The second half, after the views took their settings: the style and the figure.
    pub fn apply_project_figure(&mut self, p: &Project, lang: Lang) {
        self.style = p.style.clone();
        self.title = p.figure.title.clone();
        self.subtitle = p.figure.subtitle.clone();
        self.source = p.figure.source.clone();
        self.labels = p.figure.variable_labels.clone();
        self.layout = p.figure.layout.clone();
        self.figure_size = p.figure.size.clone().unwrap_or_default();
        self.margin_mm = p
            .figure
            .margin_mm
            .filter(|m| m.is_finite() && *m > 0.0)
            .unwrap_or(0.0);
        for (k, name) in [&p.figure.legend_at, &p.figure.scale_at, &p.figure.north_at]
            .into_iter()
            .enumerate()
        {
            self.places[k] = crate::figure::Place::from_name(name).unwrap_or_default();
        }
        self.restyle(lang);
    }
}

/// A line's points from working coordinates back to "lon lat, …" (WGS 84).
pub fn line_in_wgs84(points: &[[f64; 2]], from: &Crs) -> Result<String> {
    let p = Projector::new(*from, Crs::Epsg(4326))?;
    let parts: Vec<String> = points
        .iter()
        .map(|[x, y]| {
            p.project(*x, *y)
                .map(|(a, b)| format!("{a:.6} {b:.6}"))
                .ok_or_else(|| Error::input("the transect cannot be written in WGS 84"))
        })
        .collect::<Result<_>>()?;
    Ok(parts.join(", "))
}
