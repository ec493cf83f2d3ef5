//! The app's session as a project (`*.segatlas.json`) and back: the active layer with its joins,
//! the map's style, title and source line, the selection (by the layer's code field) and the
//! settings of compare, area types, the threshold rule and the transect, which are recomputed
//! when the project opens.

use super::i18n::Lang;
use super::map_layer::MapLayer;
use super::panels;
use super::workspace::Workspace;
use crate::data::crs::{Crs, Projector};
use crate::error::{Error, Result};
use crate::project::{
    Analyses, AreaTypeSettings, CompareSettings, FigureSettings, JoinSpec, Project,
};

impl Workspace {
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
        let compare = (!self.compare.variables.is_empty()).then(|| CompareSettings {
            variables: self.compare.variables.clone(),
            references: self.compare.references.clone(),
            group_by: self.compare.group_by.clone(),
        });
        let area_types = self.areatypes.result.as_ref().map(|_| AreaTypeSettings {
            components: self.areatypes.components.to_vec(),
            weight: self
                .areatypes
                .weighted
                .then(|| self.areatypes.weight.clone()),
            published: self.areatypes.published.clone(),
        });
        let f = &self.segregation;
        let segregation = (!f.group.is_empty() || !f.groups.is_empty()).then(|| {
            crate::project::SegregationSettings {
                group: f.group.clone(),
                total: f.total.clone(),
                groups: crate::data::expr::split_list(&f.groups),
                multigroup: f.multigroup,
                indices: f.selected.iter().map(|s| s.to_string()).collect(),
                by: f.region.clone(),
            }
        });
        let transect = if self.transect.points.len() >= 2 && self.transect.layer == self.active {
            Some(line_in_wgs84(&self.transect.points, &l.layer.working_crs)?)
        } else {
            None
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
                layout: if self.layout.is_empty() {
                    "slide".into()
                } else {
                    self.layout.clone()
                },
                lang: match lang {
                    Lang::Sv => "sv".into(),
                    Lang::En => "en".into(),
                },
                ..FigureSettings::default()
            },
            selection,
            selection_key,
            analyses: Analyses {
                compare,
                area_types,
                rule: (!self.areatypes.rule.is_empty()).then(|| self.areatypes.rule.clone()),
                transect,
                segregation,
            },
        })
    }

    /// Show an opened project: its layer, style, figure settings, selection and analyses.
    pub fn apply_project(&mut self, layer: MapLayer, p: &Project, lang: Lang) {
        self.add_layer(layer, lang);
        if let Some(a) = &p.analyses.area_types {
            for (i, c) in a.components.iter().take(3).enumerate() {
                self.areatypes.components[i] = c.clone();
            }
            self.areatypes.weighted = a.weight.is_some();
            self.areatypes.weight = a.weight.clone().unwrap_or_default();
            self.areatypes.published = a.published.clone();
            panels::areatypes::run(self, lang);
        }
        if let Some(r) = &p.analyses.rule {
            self.areatypes.rule = r.clone();
        }
        if let Some(sg) = &p.analyses.segregation {
            let f = &mut self.segregation;
            f.group = sg.group.clone();
            f.total = sg.total.clone();
            // Each group as written in the list (names with commas are quoted there).
            f.groups = sg.groups.join(", ");
            f.multigroup = sg.multigroup;
            f.region = sg.by.clone();
            f.selected = crate::measures::segregation::REGISTRY
                .iter()
                .filter(|m| sg.indices.iter().any(|i| i == m.name))
                .map(|m| m.name)
                .collect();
            // Kept as chosen: the panel's guesses do not overwrite them.
            f.permutations = f.permutations.max(999);
        }
        self.style = p.style.clone();
        self.title = p.figure.title.clone();
        self.source = p.figure.source.clone();
        self.layout = p.figure.layout.clone();
        self.figure_size = p.figure.size.clone().unwrap_or_default();
        if let (Some(key), Some(l)) = (&p.selection_key, self.active_layer()) {
            if let Some(col) = l.table.column(key) {
                let wanted: std::collections::HashSet<&str> =
                    p.selection.iter().map(String::as_str).collect();
                self.selection = (0..l.len())
                    .filter(|&r| col.key_at(r).is_some_and(|k| wanted.contains(k.as_str())))
                    .collect();
            }
        }
        if let Some(c) = &p.analyses.compare {
            self.compare.variables = c.variables.clone();
            self.compare.references = c.references.clone();
            self.compare.group_by = c.group_by.clone();
            if !self.selection.is_empty() {
                panels::compare::run(self);
                self.compare.open = true;
            }
        }
        if let Some(t) = &p.analyses.transect {
            self.transect.coords = t.clone();
            panels::transect::use_coordinates(self);
            panels::transect::zoom_to_line(self);
            self.transect.open = true;
        }
        self.restyle(lang);
    }
}

/// A line's points from working coordinates back to "lon lat, …" (WGS 84).
fn line_in_wgs84(points: &[[f64; 2]], from: &Crs) -> Result<String> {
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
