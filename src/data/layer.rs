//! The area model: a layer of polygons (one feature = one area) with its attribute table,
//! its declared CRS and a projected working geometry in metres for distances and areas.
//!
//! Readers hand a [`Layer::build`] the features as read; building projects them, checks
//! validity (reported, never fatal) and warns about data without a CRS.

use crate::data::crs::{Crs, Projector};
use crate::data::table::Table;
use crate::error::{Error, Result};
use geo::{Area, BoundingRect, Coord, LineString, MapCoords, MultiPolygon, Polygon};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Why an area is left out of spatial analyses, in the words of `excluded`'s reasons.
pub const NO_GEOMETRY: &str = "no geometry";

/// One feature as a reader found it.
pub struct RawFeature {
    /// `None` for a feature without geometry (null geometry): kept, reported as invalid.
    pub geometry: Option<MultiPolygon<f64>>,
    /// The geometry type as the file declares it (`Polygon`, `MultiPolygon`).
    pub declared_type: &'static str,
}

/// A geometry problem found while reading: reported, the feature is kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeometryProblem {
    /// Feature number counted from 1.
    pub feature: usize,
    pub problem: String,
}

/// A layer of areas.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Layer name (file stem, or the GeoPackage table).
    pub name: String,
    pub source: PathBuf,
    /// The CRS the file declares (planar when none).
    pub crs: Crs,
    /// The CRS was not declared but inferred (a GeoJSON without `crs` member in degrees is
    /// WGS 84 by RFC 7946); `--crs` may still say otherwise.
    pub crs_inferred: bool,
    /// The CRS of [`Layer::projected`]: metres.
    pub working_crs: Crs,
    /// Geometry in the file's CRS, as read.
    pub geometries: Vec<MultiPolygon<f64>>,
    /// Geometry in the working CRS, for distances, areas and neighbours.
    pub projected: Vec<MultiPolygon<f64>>,
    /// One row per feature.
    pub table: Table,
    pub geometry_types: BTreeSet<&'static str>,
    pub invalid: Vec<GeometryProblem>,
    /// Things a person should know about how the file was read.
    pub warnings: Vec<String>,
    /// Warnings about the CRS (none declared, points outside the projection).
    pub crs_warnings: Vec<String>,
    /// The declared CRS contradicts the coordinates (degrees labelled as metres, or metres
    /// labelled as degrees): what a person is told, naming the likely CRS. Such a layer is
    /// refused ([`Layer::crs_checked`]) unless `--crs` says what the numbers are.
    pub crs_conflict: Option<String>,
}

impl Layer {
    /// Assemble a layer: check sizes, project, validate.
    pub fn build(
        source: &Path,
        name: String,
        crs: Crs,
        features: Vec<RawFeature>,
        table: Table,
        warnings: Vec<String>,
    ) -> Result<Layer> {
        if !table.columns.is_empty() && table.len() != features.len() {
            return Err(Error::in_file(
                source,
                format!(
                    "{} features but {} attribute rows",
                    features.len(),
                    table.len()
                ),
            ));
        }
        let mut geometry_types = BTreeSet::new();
        let mut invalid = Vec::new();
        let mut geometries = Vec::with_capacity(features.len());
        let n = features.len().max(1);
        for (i, f) in features.into_iter().enumerate() {
            crate::work::step(i, || 0.3 + 0.2 * i as f32 / n as f32)?;
            geometry_types.insert(f.declared_type);
            match f.geometry {
                None => {
                    invalid.push(GeometryProblem {
                        feature: i + 1,
                        problem: NO_GEOMETRY.into(),
                    });
                    geometries.push(MultiPolygon::new(vec![]));
                }
                Some(g) => {
                    // Parts without an outline (`[]` coordinates, a ring of fewer than three
                    // points, a blank coordinate) are no area: an area of only such parts has
                    // no geometry, kept in the table and left out of every spatial analysis.
                    let usable = |p: &Polygon<f64>| {
                        p.exterior().0.len() >= 3
                            && p.exterior()
                                .0
                                .iter()
                                .all(|c| c.x.is_finite() && c.y.is_finite())
                    };
                    if !g.0.iter().any(usable) {
                        invalid.push(GeometryProblem {
                            feature: i + 1,
                            problem: NO_GEOMETRY.into(),
                        });
                        geometries.push(MultiPolygon::new(vec![]));
                        continue;
                    }
                    if let Some(problem) = problem_of(&g) {
                        invalid.push(GeometryProblem {
                            feature: i + 1,
                            problem,
                        });
                    }
                    // The parts without an outline are reported above and dropped: they have no
                    // area, and drawing or measuring them has nothing to go on.
                    let g = if g.0.iter().all(usable) {
                        g
                    } else {
                        MultiPolygon::new(g.0.into_iter().filter(usable).collect())
                    };
                    geometries.push(g);
                }
            }
        }
        let mut layer = Layer {
            name,
            source: source.to_path_buf(),
            crs: Crs::Planar,
            crs_inferred: false,
            working_crs: Crs::Planar,
            projected: Vec::new(),
            geometries,
            table,
            geometry_types,
            invalid,
            warnings,
            crs_warnings: Vec::new(),
            crs_conflict: None,
        };
        layer.apply_crs(crs)?;
        Ok(layer)
    }

    /// Declare the CRS of a layer whose file declares none (`--crs EPSG:4326`). A file that
    /// declares another CRS is not overridden.
    pub fn assume_crs(&mut self, crs: Crs) -> Result<()> {
        // A declared CRS that the coordinates contradict is no declaration to keep.
        if self.crs_conflict.is_some() {
            self.crs_inferred = false;
            return self.apply_crs(crs);
        }
        if self.crs_inferred {
            self.crs_inferred = false;
            self.warnings
                .retain(|w| !w.starts_with(crate::data::crs::RFC7946_NOTE));
            return self.apply_crs(crs);
        }
        match self.crs {
            Crs::Planar => self.apply_crs(crs),
            declared if declared == crs => Ok(()),
            declared => Err(Error::in_file(
                &self.source,
                format!(
                    "the file declares {}; it cannot be read as {}",
                    declared.label().unwrap_or_default(),
                    crs.label().unwrap_or_else(|| "planar".into())
                ),
            )),
        }
    }

    /// Set the CRS and rebuild the projected working geometry.
    fn apply_crs(&mut self, crs: Crs) -> Result<()> {
        self.crs_warnings.clear();
        let bbox = bbox_of(&self.geometries);
        self.crs_conflict = bbox.and_then(|b| crs_conflict(crs, b));
        if self.crs_conflict.is_some() {
            // Nothing is projected from a CRS the numbers contradict.
            self.projected = self.geometries.clone();
            self.crs = crs;
            self.working_crs = Crs::Planar;
            return Ok(());
        }
        if crs == Crs::Planar {
            let mut w =
                "no coordinate reference system declared: coordinates are treated as planar"
                    .to_string();
            if bbox.is_some_and(|[a, b, c, d]| a >= -180.0 && c <= 180.0 && b >= -90.0 && d <= 90.0)
            {
                w.push_str(" (if they are longitude/latitude, declare it with --crs EPSG:4326)");
            }
            self.crs_warnings.push(w);
        }
        let working_crs = crs.working_for(bbox);
        let projector = Projector::new(crs, working_crs).map_err(|e| e.with_file(&self.source))?;
        let outside = std::cell::Cell::new(0usize);
        self.projected = if projector.is_identity() {
            self.geometries.clone()
        } else {
            self.geometries
                .iter()
                .map(|g| {
                    g.map_coords(|c| match projector.project(c.x, c.y) {
                        Some((x, y)) => Coord { x, y },
                        None => {
                            outside.set(outside.get() + 1);
                            Coord {
                                x: f64::NAN,
                                y: f64::NAN,
                            }
                        }
                    })
                })
                .collect()
        };
        if outside.get() > 0 {
            self.crs_warnings.push(format!(
                "{} points could not be projected to {}",
                outside.get(),
                working_crs.label().unwrap_or_default()
            ));
        }
        self.crs = crs;
        self.working_crs = working_crs;
        Ok(())
    }

    /// The layer, or the refusal of a declared CRS its coordinates contradict.
    pub fn crs_checked(self) -> Result<Layer> {
        match &self.crs_conflict {
            Some(why) => Err(Error::in_file(&self.source, why.clone())),
            None => Ok(self),
        }
    }

    /// The same layer with only these features (in this order), e.g. the areas of a region.
    pub fn subset(&self, rows: &[usize]) -> Layer {
        let keep: std::collections::HashMap<usize, usize> =
            rows.iter().enumerate().map(|(k, &r)| (r, k + 1)).collect();
        Layer {
            name: self.name.clone(),
            source: self.source.clone(),
            crs: self.crs,
            crs_inferred: self.crs_inferred,
            working_crs: self.working_crs,
            geometries: rows.iter().map(|&r| self.geometries[r].clone()).collect(),
            projected: rows.iter().map(|&r| self.projected[r].clone()).collect(),
            table: self
                .table
                .take_rows(&rows.iter().map(|&r| Some(r)).collect::<Vec<_>>()),
            geometry_types: self.geometry_types.clone(),
            invalid: self
                .invalid
                .iter()
                .filter_map(|p| {
                    keep.get(&(p.feature - 1)).map(|&f| GeometryProblem {
                        feature: f,
                        problem: p.problem.clone(),
                    })
                })
                .collect(),
            warnings: self.warnings.clone(),
            crs_warnings: self.crs_warnings.clone(),
            crs_conflict: self.crs_conflict.clone(),
        }
    }

    /// Everything a person should know about this layer: reader notes and CRS warnings.
    pub fn all_warnings(&self) -> Vec<String> {
        self.warnings
            .iter()
            .chain(&self.crs_warnings)
            .cloned()
            .collect()
    }

    /// Whether area `row` has a geometry to measure (a feature with a null or empty geometry,
    /// or one whose points could not be projected, has none): such areas keep their rows and
    /// are left out, by name, of everything that needs a place.
    pub fn has_geometry(&self, row: usize) -> bool {
        self.projected.get(row).is_some_and(|g| {
            !g.0.is_empty()
                && g.0.iter().all(|p| {
                    p.exterior()
                        .0
                        .iter()
                        .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
                        .all(|c| c.x.is_finite() && c.y.is_finite())
                })
        })
    }

    /// The rows without a geometry to measure (see [`Layer::has_geometry`]).
    pub fn without_geometry(&self) -> Vec<usize> {
        (0..self.len()).filter(|&r| !self.has_geometry(r)).collect()
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.geometries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.geometries.is_empty()
    }

    /// Bounding box `[minx, miny, maxx, maxy]` in the file's CRS.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        bbox_of(&self.geometries)
    }

    /// Area of each feature in km² (from the projected geometry; planar data in its own units²·10⁻⁶).
    /// A table as areas without geometry (a report from SCB's national table): each row an area
    /// on no map, left out of the spatial indices. Projected as SWEREF 99 TM, as Sweden's maps.
    pub fn without_geometries(table: Table, source: &Path) -> Layer {
        let n = table.len();
        let empty = vec![MultiPolygon::<f64>(Vec::new()); n];
        Layer {
            name: source
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
            source: source.to_path_buf(),
            crs: Crs::Epsg(3006),
            crs_inferred: false,
            working_crs: Crs::Epsg(3006),
            geometries: empty.clone(),
            projected: empty,
            table,
            geometry_types: BTreeSet::new(),
            invalid: Vec::new(),
            warnings: Vec::new(),
            crs_warnings: Vec::new(),
            crs_conflict: None,
        }
    }

    pub fn area_km2(&self) -> Vec<f64> {
        self.projected
            .iter()
            .map(|g| g.unsigned_area() / 1.0e6)
            .collect()
    }
}

/// What is wrong when the declared CRS contradicts the coordinates' bounding box: degrees
/// that reach past ±180/±90, or a projected CRS (metres) whose coordinates all lie within a
/// few hundred units of the origin as longitude/latitude do, and span less than 25 units (a
/// layer of areas narrower than 25 m is no map). Names the likely CRS.
fn crs_conflict(crs: Crs, [minx, miny, maxx, maxy]: [f64; 4]) -> Option<String> {
    let label = crs.label()?;
    let in_degrees = minx >= -180.0 && maxx <= 180.0 && miny >= -90.0 && maxy <= 90.0;
    if crs.is_geographic() && !in_degrees {
        let sweref =
            minx >= 100_000.0 && maxx <= 1_100_000.0 && miny >= 6_000_000.0 && maxy <= 7_800_000.0;
        let likely = if sweref {
            "SWEREF 99 TM (EPSG:3006)".to_string()
        } else {
            "a projected CRS in metres".to_string()
        };
        let flag = if sweref { "EPSG:3006" } else { "EPSG:CODE" };
        return Some(format!(
            "the file declares {label} (longitude/latitude in degrees) but its coordinates reach x {maxx:.0}, y {maxy:.0}, beyond ±180/±90: they look like {likely}; give --crs {flag} to read them so"
        ));
    }
    // In metres a whole layer narrower than the 25 m contiguity tolerance is no map of areas;
    // in degrees it is a region of a few hundred kilometres.
    let tiny = maxx - minx < 25.0 && maxy - miny < 25.0 && maxx - minx > 0.0;
    if !crs.is_geographic() && in_degrees && tiny {
        let likely_sweden = minx >= 10.0 && maxx <= 24.5 && miny >= 55.0 && maxy <= 69.5;
        return Some(format!(
            "the file declares {label} (metres) but every coordinate lies within −180…180 and −90…90{}: they look like longitude/latitude; give --crs EPSG:4326 to read them so",
            if likely_sweden { " (in Sweden, as degrees)" } else { "" }
        ));
    }
    None
}

/// The first validity problem of a geometry, in words.
fn problem_of(g: &MultiPolygon<f64>) -> Option<String> {
    if g.0.is_empty() {
        return Some("empty geometry".into());
    }
    if g.0.iter().any(|p| p.exterior().0.is_empty()) {
        return Some("empty polygon part".into());
    }
    crate::data::validity::problem(g)
}

/// Bounding box of many geometries.
pub fn bbox_of(geoms: &[MultiPolygon<f64>]) -> Option<[f64; 4]> {
    let mut acc: Option<[f64; 4]> = None;
    for r in geoms.iter().filter_map(|g| g.bounding_rect()) {
        let (lo, hi) = (r.min(), r.max());
        if !(lo.x.is_finite() && lo.y.is_finite() && hi.x.is_finite() && hi.y.is_finite()) {
            continue;
        }
        acc = Some(match acc {
            None => [lo.x, lo.y, hi.x, hi.y],
            Some([a, b, c, d]) => [a.min(lo.x), b.min(lo.y), c.max(hi.x), d.max(hi.y)],
        });
    }
    acc
}

/// A polygon from rings of coordinate pairs: the first ring is the exterior, the rest holes.
pub fn polygon_from_rings(rings: Vec<Vec<Coord<f64>>>) -> Polygon<f64> {
    let mut it = rings.into_iter().map(LineString::new);
    let exterior = it.next().unwrap_or_else(|| LineString::new(vec![]));
    Polygon::new(exterior, it.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x, y: 0.0), (x: x + 1000.0, y: 0.0), (x: x + 1000.0, y: 1000.0), (x: x, y: 1000.0)
        ]])
    }

    #[test]
    fn planar_layer_warns_and_measures_area() {
        let feats = vec![
            RawFeature {
                geometry: Some(square(0.0)),
                declared_type: "Polygon",
            },
            RawFeature {
                geometry: None,
                declared_type: "Polygon",
            },
        ];
        let l = Layer::build(
            Path::new("t.geojson"),
            "t".into(),
            Crs::Planar,
            feats,
            Table::default(),
            vec![],
        )
        .unwrap();
        assert_eq!(l.area_km2()[0], 1.0);
        assert_eq!(l.invalid.len(), 1);
        assert_eq!(l.invalid[0].feature, 2);
        assert!(l.all_warnings()[0].contains("planar"));
    }

    #[test]
    fn self_intersection_is_reported() {
        let bow = MultiPolygon::new(vec![polygon![
            (x: 0.0, y: 0.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0), (x: 0.0, y: 1.0)
        ]]);
        assert!(problem_of(&bow).unwrap().contains("self-intersection"));
        assert_eq!(problem_of(&square(0.0)), None);
    }
}
