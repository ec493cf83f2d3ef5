//! A layer as the map draws it: the engine's layer and attribute table, plus what drawing needs
//! and is built once — triangle meshes (holes included), outlines, bounding boxes for culling and
//! hit tests, label points, and the fields that name and identify each area.

use crate::data::join::JoinReport;
use crate::data::{Layer, Table};
use geo::{BoundingRect, Contains, InteriorPoint, TriangulateEarcut};
use std::path::PathBuf;

/// Triangles and outline rings of one area, in projected coordinates.
#[derive(Default)]
pub struct AreaMesh {
    pub vertices: Vec<[f64; 2]>,
    pub indices: Vec<u32>,
    pub outlines: Vec<Vec<[f64; 2]>>,
}

pub struct MapLayer {
    pub name: String,
    pub source: Option<PathBuf>,
    /// The areas, shared with the background jobs that read them (no copy per job).
    pub layer: std::sync::Arc<Layer>,
    /// The layer's attributes with joined statistics.
    pub table: std::sync::Arc<Table>,
    pub meshes: Vec<AreaMesh>,
    /// Projected bounding box of each area `[minx, miny, maxx, maxy]`.
    pub bboxes: Vec<[f64; 4]>,
    pub extent: [f64; 4],
    /// A point inside each area, for labels.
    pub label_points: Vec<Option<[f64; 2]>>,
    pub name_field: Option<String>,
    pub code_field: Option<String>,
    /// Whether the areas have names of their own (a municipality's); else they are called by
    /// their code and `detail_field`, the finest name they lie in (a DeSO by its RegSO).
    pub own_names: bool,
    pub detail_field: Option<String>,
    pub join_reports: Vec<JoinReport>,
    /// The layer's own map style, kept while another layer is active (None: never shown
    /// with one yet).
    pub style: Option<crate::classify::style::MapStyle>,
    /// The tables joined onto the layer, in order, with their keys (saved in projects).
    pub joins: Vec<(PathBuf, String)>,
    /// Sizes of all meshes together, to allocate a frame's mesh once.
    pub total_vertices: usize,
    pub total_indices: usize,
}

impl MapLayer {
    /// Put a computed column into the table, in place of one of the same name. The table is
    /// shared with running jobs: it is copied only when one still reads it.
    pub fn set_column(&mut self, column: crate::data::table::Column) {
        let t = std::sync::Arc::make_mut(&mut self.table);
        if let Some(i) = t.index_of(&column.name) {
            t.columns.remove(i);
        }
        t.push(column);
    }

    /// Prepare a layer for drawing (triangulation is the expensive part: done once, here).
    pub fn new(name: String, source: Option<PathBuf>, layer: Layer, table: Table) -> MapLayer {
        // On the thread pool, under the loading job's control (a cancelled load skips the rest).
        let meshes: Vec<AreaMesh> = crate::work::parallel_over(&layer.projected, tessellate);
        let total_vertices = meshes.iter().map(|m| m.vertices.len()).sum();
        let total_indices = meshes.iter().map(|m| m.indices.len()).sum();
        let bboxes = layer
            .projected
            .iter()
            .map(|g| {
                g.bounding_rect().map_or([f64::NAN; 4], |r| {
                    [r.min().x, r.min().y, r.max().x, r.max().y]
                })
            })
            .collect();
        let extent = crate::data::layer::bbox_of(&layer.projected).unwrap_or([0.0, 0.0, 1.0, 1.0]);
        let label_points = layer
            .projected
            .iter()
            .map(|g| g.interior_point().map(|p| [p.x(), p.y()]))
            .collect();
        let (name_field, code_field) = crate::data::table::identify_fields(&table);
        let (name_field, own_names, detail_field) = own_names(&table, name_field, &code_field);
        MapLayer {
            name,
            source,
            layer: std::sync::Arc::new(layer),
            table: std::sync::Arc::new(table),
            meshes,
            bboxes,
            extent,
            label_points,
            name_field,
            code_field,
            own_names,
            detail_field,
            join_reports: Vec::new(),
            style: None,
            joins: Vec::new(),
            total_vertices,
            total_indices,
        }
    }

    pub fn len(&self) -> usize {
        self.meshes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.meshes.is_empty()
    }

    /// The area's name (or code, or number) for people.
    /// An area by its own name when areas have one, else by its code and the finest name it lies
    /// in ("0180C3420 Södra Stationsområdet": a DeSO by its RegSO, never only its municipality's
    /// name), else by its number.
    pub fn label_of(&self, i: usize) -> String {
        let get = |f: &Option<String>| {
            f.as_ref()
                .and_then(|f| self.table.column(f))
                .and_then(|c| c.key_at(i))
        };
        if self.own_names {
            if let Some(n) = get(&self.name_field) {
                return n;
            }
        }
        match (get(&self.code_field), get(&self.detail_field)) {
            (Some(c), Some(d)) => format!("{c} {d}"),
            (Some(c), None) => c,
            (None, _) => get(&self.name_field).unwrap_or_else(|| format!("#{}", i + 1)),
        }
    }

    /// The label with the code after it when the label does not already hold it (tooltips).
    pub fn label_and_code(&self, i: usize) -> String {
        let label = self.label_of(i);
        match self.code_of(i) {
            Some(c) if !label.contains(&c) => format!("{label} ({c})"),
            _ => label,
        }
    }

    /// The area's code, when the layer has a code field.
    pub fn code_of(&self, i: usize) -> Option<String> {
        self.code_field
            .as_ref()
            .and_then(|f| self.table.column(f))
            .and_then(|c| c.key_at(i))
    }

    /// The area under a projected point.
    pub fn area_at(&self, x: f64, y: f64) -> Option<usize> {
        let p = geo::Point::new(x, y);
        (0..self.len()).find(|&i| {
            let [a, b, c, d] = self.bboxes[i];
            x >= a && x <= c && y >= b && y <= d && self.layer.projected[i].contains(&p)
        })
    }

    /// Areas whose name, code or any other name field (`regsonamn`, `desonamn`, `kommunnamn`:
    /// Rinkeby, Fittja, Tensta) contains `query` (case-insensitive), names starting with it first.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let names: Vec<&crate::data::table::Column> = self
            .table
            .columns
            .iter()
            .filter(|c| {
                let n = c.name.to_lowercase();
                c.field_type() == crate::data::table::FieldType::Text
                    && (n.contains("namn") || n.contains("name"))
            })
            .collect();
        let mut hits: Vec<(bool, usize)> = (0..self.len())
            .filter_map(|i| {
                let mut texts = vec![
                    self.label_of(i).to_lowercase(),
                    self.code_of(i).unwrap_or_default().to_lowercase(),
                ];
                texts.extend(
                    names
                        .iter()
                        .filter_map(|c| c.key_at(i))
                        .map(|t| t.to_lowercase()),
                );
                texts
                    .iter()
                    .any(|t| t.contains(&q))
                    .then_some((!texts.iter().any(|t| t.starts_with(&q)), i))
            })
            .collect();
        hits.sort();
        hits.into_iter().map(|(_, i)| i).collect()
    }

    /// The bounding box of some areas.
    pub fn extent_of(&self, areas: impl Iterator<Item = usize>) -> Option<[f64; 4]> {
        let mut acc: Option<[f64; 4]> = None;
        for i in areas {
            let b = self.bboxes[i];
            if b.iter().any(|v| !v.is_finite()) {
                continue;
            }
            acc = Some(match acc {
                None => b,
                Some(a) => [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ],
            });
        }
        acc
    }
}

fn tessellate(g: &geo::MultiPolygon<f64>) -> AreaMesh {
    let mut mesh = AreaMesh {
        vertices: Vec::new(),
        indices: Vec::new(),
        outlines: Vec::new(),
    };
    for p in &g.0 {
        let raw = p.earcut_triangles_raw();
        let base = mesh.vertices.len() as u32;
        mesh.vertices.extend(raw.vertices);
        mesh.indices
            .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            mesh.outlines
                .push(ring.0.iter().map(|c| [c.x, c.y]).collect());
        }
    }
    mesh
}

/// Whether the areas have names of their own: the name field (or the wordiest text field) names
/// at least 90 % of the areas apart. Returns the name field, whether its names are the areas'
/// own, and otherwise the finest name field (the one with the most distinct names) to call an
/// area by beside its code.
fn own_names(
    table: &Table,
    name_field: Option<String>,
    code_field: &Option<String>,
) -> (Option<String>, bool, Option<String>) {
    let distinct = |c: &crate::data::table::Column| -> (usize, usize) {
        let mut seen = std::collections::HashSet::new();
        let mut n = 0;
        for r in 0..table.len() {
            if let Some(k) = c.key_at(r) {
                n += 1;
                seen.insert(k);
            }
        }
        (seen.len(), n)
    };
    let own = |(d, n): (usize, usize)| n > 0 && d * 10 >= n * 9;
    if let Some(c) = name_field.as_deref().and_then(|f| table.column(f)) {
        if own(distinct(c)) {
            return (name_field, true, None);
        }
    }
    // The wordiest text field: names, not codes.
    let wordy = |c: &&crate::data::table::Column| {
        c.field_type() == crate::data::table::FieldType::Text
            && Some(&c.name) != code_field.as_ref()
            && (0..table.len())
                .filter_map(|r| c.key_at(r))
                .take(50)
                .all(|s| {
                    s.chars().any(char::is_alphabetic) && !s.chars().any(|ch| ch.is_ascii_digit())
                })
    };
    let finest = table
        .columns
        .iter()
        .filter(wordy)
        .map(|c| (distinct(c), c.name.clone()))
        .filter(|((d, _), _)| *d > 1)
        .max_by_key(|((d, _), _)| *d);
    match finest {
        Some((counts, f)) if own(counts) => (Some(f), true, None),
        Some((_, f)) => (name_field, false, Some(f)),
        None => (name_field, code_field.is_none(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_finds_regso_names_not_only_codes_and_municipalities() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/stockholm/deso2018_scb2022.geojson");
        let layer = crate::data::open_layer(&path).unwrap();
        let table = layer.table.clone();
        let m = MapLayer::new("deso".into(), None, layer, table);
        for name in ["Rinkeby", "fittja", "Tensta"] {
            let hits = m.search(name);
            assert!(!hits.is_empty(), "{name}");
            let col = m.table.column("regsonamn").unwrap();
            assert!(hits.iter().all(|&i| {
                col.key_at(i)
                    .unwrap_or_default()
                    .to_lowercase()
                    .contains(&name.to_lowercase())
                    || m.label_of(i).to_lowercase().contains(&name.to_lowercase())
            }));
        }
        assert!(m.search("Botkyrka").len() > 10);
    }
}
