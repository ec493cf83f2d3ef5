//! One change of a planning scenario: a polygon (drawn, typed as WKT or read from a file) with
//! the persons it adds — or removes, when negative — and who they are (the group's share, or
//! counts per group). The command line writes it as
//! `SHAPE:persons=N:share=S[:counts=A,B,…][:scenario=NAME][:v1=…:v2=…:v3=…]`.
//! Shapes are kept in the layer's working CRS (metres), where overlaps are measured.

use crate::data::crs::{Crs, Projector};
use crate::data::Layer;
use crate::error::{Error, Result};
use geo::{Coord, MapCoords, MultiPolygon};
use std::path::Path;

/// Who the persons of a change are.
#[derive(Debug, Clone, PartialEq)]
pub enum Composition {
    /// This share (0–1) of the persons belongs to the group.
    Share(f64),
    /// Persons per group, in the order of the request's groups.
    Counts(Vec<f64>),
}

/// One change: where, how many, who.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// How messages name it ("change 1", the file's name).
    pub label: String,
    /// The polygon in the layer's working CRS.
    pub shape: MultiPolygon<f64>,
    /// Persons added (negative: removed).
    pub persons: f64,
    pub composition: Composition,
    /// The area-type components' values among these persons (V1, V2, V3, in the units of the
    /// layer's component columns, e.g. percent); none keeps the area's own value.
    pub components: [Option<f64>; 3],
}

impl Change {
    /// Persons of the group (single-group requests).
    pub fn group_persons(&self) -> f64 {
        match &self.composition {
            Composition::Share(s) => self.persons * s,
            Composition::Counts(c) => c.first().copied().unwrap_or(0.0),
        }
    }
}

/// A change read from the command line, with the scenario it belongs to ("" when not named).
#[derive(Debug)]
pub struct Parsed {
    pub scenario: String,
    pub change: Change,
}

/// Parse `--change` text number `number` (1-based) for `layer`. WKT coordinates are in the
/// layer's own CRS; a file's in the file's CRS.
pub fn parse(text: &str, layer: &Layer, number: usize) -> Result<Parsed> {
    let at = |msg: String| Error::input(format!("--change {number} ('{}'): {msg}", short(text)));
    // key=value parts from the end; what precedes them is the shape (a path may hold ':').
    let parts: Vec<&str> = text.split(':').collect();
    let mut first_kv = parts.len();
    while first_kv > 1 && is_key_value(parts[first_kv - 1]) {
        first_kv -= 1;
    }
    let shape_text = parts[..first_kv].join(":");
    let shape_text = shape_text.trim();
    if shape_text.is_empty() {
        return Err(at("no polygon: give POLYGON((x y, …)) or a file".into()));
    }
    let mut persons = None;
    let mut share = None;
    let mut counts = None;
    let mut scenario = String::new();
    let mut components = [None; 3];
    for kv in &parts[first_kv..] {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let (k, v) = (k.trim(), v.trim());
        match k {
            "persons" => persons = Some(number_in(v, k).map_err(at)?),
            "share" => share = Some(share_in(v).map_err(at)?),
            "counts" => {
                counts = Some(
                    v.split(',')
                        .map(|c| number_in(c.trim(), k))
                        .collect::<std::result::Result<Vec<f64>, String>>()
                        .map_err(at)?,
                )
            }
            "scenario" => scenario = v.to_string(),
            "v1" | "v2" | "v3" => {
                let i = usize::from(k.as_bytes()[1] - b'1');
                components[i] = Some(number_in(v, k).map_err(at)?);
            }
            other => {
                return Err(at(format!(
                    "unknown part '{other}' (known: persons, share, counts, scenario, v1, v2, v3)"
                )))
            }
        }
    }
    let composition = match (share, &counts) {
        (Some(_), Some(_)) => return Err(at("give share= or counts=, not both".into())),
        (Some(s), None) => Composition::Share(s),
        (None, Some(c)) => {
            if c.iter().any(|x| *x < 0.0) {
                return Err(at(
                    "counts are persons per group and cannot be negative; a removal is persons=-N"
                        .into(),
                ));
            }
            Composition::Counts(c.clone())
        }
        (None, None) => {
            return Err(at(
                "say who the persons are: share=S (the group's share, 0–1 or a percentage) or counts=A,B,…".into(),
            ))
        }
    };
    let persons = match (persons, &composition) {
        (Some(p), Composition::Counts(c)) => {
            let sum: f64 = c.iter().sum();
            if (sum - p.abs()).abs() > 1e-9 * sum.max(1.0) {
                return Err(at(format!(
                    "the counts add up to {sum}, not to the {} persons",
                    p.abs()
                )));
            }
            p
        }
        (Some(p), _) => p,
        (None, Composition::Counts(c)) => c.iter().sum(),
        (None, _) => return Err(at("give the number of persons: persons=N".into())),
    };
    if persons == 0.0 {
        return Err(at("persons=0 changes nothing".into()));
    }
    if persons.abs() > 1e8 {
        return Err(at(format!(
            "{persons} persons is more than a plan can hold"
        )));
    }
    let shape = shape_of(shape_text, layer).map_err(|e| at(e.message))?;
    Ok(Parsed {
        scenario,
        change: Change {
            label: format!("change {number}"),
            shape,
            persons,
            composition,
            components,
        },
    })
}

/// Whether a part of the text is `key=value` with a plain key.
fn is_key_value(part: &str) -> bool {
    part.split_once('=').is_some_and(|(k, _)| {
        let k = k.trim();
        !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The start of a long text, for messages.
fn short(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(60).collect::<String>())
    }
}

fn number_in(v: &str, key: &str) -> std::result::Result<f64, String> {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("{key}={v} is not a number")),
    }
}

/// A share as 0–1 or a percentage ("50%").
fn share_in(v: &str) -> std::result::Result<f64, String> {
    let (num, scale) = match v.strip_suffix('%') {
        Some(p) => (p.trim(), 100.0),
        None => (v, 1.0),
    };
    let s = number_in(num, "share")? / scale;
    if (0.0..=1.0).contains(&s) {
        Ok(s)
    } else {
        Err(format!("share={v} is not between 0 and 1 (or 0% and 100%)"))
    }
}

/// The polygon of WKT (in the layer's CRS) or of a file of polygons, in the working CRS.
fn shape_of(text: &str, layer: &Layer) -> Result<MultiPolygon<f64>> {
    // Well-known text is a word and a parenthesis (POLYGON((…)), or a word and EMPTY.
    let word: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = text.trim_start()[word.len()..].trim_start();
    let is_wkt = !word.is_empty() && (rest.starts_with('(') || rest.eq_ignore_ascii_case("empty"));
    let (shape, crs) = if is_wkt {
        (from_wkt(text)?, layer.crs)
    } else {
        let path = Path::new(text);
        let read = crate::data::open_layer(path)?;
        let polygons: Vec<geo::Polygon<f64>> =
            read.geometries.into_iter().flat_map(|m| m.0).collect();
        if polygons.is_empty() {
            return Err(Error::in_file(path, "holds no polygon"));
        }
        (MultiPolygon::new(polygons), read.crs)
    };
    if let Some(problem) = crate::data::validity::problem(&shape) {
        return Err(Error::input(format!("the polygon is not valid: {problem}")));
    }
    let working = to_working(&shape, crs, layer.working_crs)?;
    if geo::Area::unsigned_area(&working) <= 0.0 {
        return Err(Error::input("the polygon has no area"));
    }
    Ok(working)
}

/// A polygon or multipolygon from WKT.
pub fn from_wkt(text: &str) -> Result<MultiPolygon<f64>> {
    use std::str::FromStr;
    let wkt = wkt::Wkt::<f64>::from_str(text.trim())
        .map_err(|e| Error::input(format!("not well-known text: {e}")))?;
    let g = geo::Geometry::<f64>::try_from(wkt)
        .map_err(|e| Error::input(format!("not a polygon: {e}")))?;
    let m = match g {
        geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
        geo::Geometry::MultiPolygon(m) => m,
        other => {
            let kind = match other {
                geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_) => "point",
                geo::Geometry::Line(_)
                | geo::Geometry::LineString(_)
                | geo::Geometry::MultiLineString(_) => "line",
                _ => "collection of shapes",
            };
            return Err(Error::input(format!(
                "a change is a POLYGON or MULTIPOLYGON, not a {kind}"
            )));
        }
    };
    if m.0.is_empty() || m.0.iter().any(|p| p.exterior().0.len() < 4) {
        return Err(Error::input(
            "the polygon needs at least three corners (and the first again to close it)",
        ));
    }
    Ok(m)
}

/// A shape from `from` into the working CRS `to`.
pub fn to_working(shape: &MultiPolygon<f64>, from: Crs, to: Crs) -> Result<MultiPolygon<f64>> {
    let p = Projector::new(from, to)?;
    if p.is_identity() {
        return Ok(shape.clone());
    }
    let bad = std::cell::Cell::new(None);
    let out = shape.map_coords(|c| match p.project(c.x, c.y) {
        Some((x, y)) if x.is_finite() && y.is_finite() => Coord { x, y },
        _ => {
            bad.set(Some((c.x, c.y)));
            Coord { x: 0.0, y: 0.0 }
        }
    });
    match bad.get() {
        Some((x, y)) => Err(Error::input(format!(
            "the point ({x} {y}) cannot be projected from {}: are the coordinates in the layer's CRS?",
            from.label().unwrap_or_else(|| "planar".into())
        ))),
        None => Ok(out),
    }
}

/// A shape from the working CRS `from` back to `to` (for saving drawn polygons as WGS 84).
pub fn to_wkt(shape: &MultiPolygon<f64>, from: Crs, to: Crs) -> Result<String> {
    let back = to_working(shape, from, to)?;
    let ring = |r: &geo::LineString<f64>| -> String {
        let pts: Vec<String> = r.0.iter().map(|c| format!("{} {}", c.x, c.y)).collect();
        format!("({})", pts.join(", "))
    };
    let polys: Vec<String> = back
        .0
        .iter()
        .map(|p| {
            let rings: Vec<String> = std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(ring)
                .collect();
            format!("({})", rings.join(", "))
        })
        .collect();
    Ok(if polys.len() == 1 {
        format!("POLYGON{}", polys[0])
    } else {
        format!("MULTIPOLYGON({})", polys.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planar_layer() -> Layer {
        let sq = |x: f64| {
            geo::MultiPolygon::new(vec![geo::Polygon::new(
                geo::LineString::from(vec![
                    (x, 0.0),
                    (x + 10.0, 0.0),
                    (x + 10.0, 10.0),
                    (x, 10.0),
                    (x, 0.0),
                ]),
                vec![],
            )])
        };
        let features = (0..2)
            .map(|i| crate::data::layer::RawFeature {
                geometry: Some(sq(i as f64 * 10.0)),
                declared_type: "Polygon",
            })
            .collect();
        Layer::build(
            Path::new("test.geojson"),
            "test".into(),
            Crs::Planar,
            features,
            crate::data::Table::default(),
            vec![],
        )
        .unwrap()
    }

    #[test]
    fn parses_shape_persons_share_and_scenario() {
        let l = planar_layer();
        let p = parse(
            "POLYGON((1 1, 4 1, 4 4, 1 4, 1 1)):persons=1000:share=50%:scenario=Plan A",
            &l,
            1,
        )
        .unwrap();
        assert_eq!(p.scenario, "Plan A");
        assert_eq!(p.change.persons, 1000.0);
        assert_eq!(p.change.composition, Composition::Share(0.5));
        assert_eq!(p.change.group_persons(), 500.0);
        let c = parse("POLYGON((1 1, 4 1, 4 4, 1 4, 1 1)):counts=10,20,30", &l, 2).unwrap();
        assert_eq!(c.change.persons, 60.0);
        // Counts from shares carry rounding: their sum may miss the persons by a relative 1e-9.
        let r = parse(
            "POLYGON((1 1, 4 1, 4 4, 1 4, 1 1)):persons=3000000:counts=1000000.0001,2000000",
            &l,
            3,
        )
        .unwrap();
        assert_eq!(r.change.persons, 3000000.0);
    }

    #[test]
    fn refuses_what_a_change_cannot_be() {
        let l = planar_layer();
        let sq = "POLYGON((1 1, 4 1, 4 4, 1 4, 1 1))";
        for (text, says) in [
            (format!("{sq}:persons=10"), "say who the persons are"),
            (format!("{sq}:share=0.5"), "give the number of persons"),
            (format!("{sq}:persons=10:share=2"), "not between 0 and 1"),
            (format!("{sq}:persons=NaN:share=0.5"), "is not a number"),
            (format!("{sq}:persons=0:share=0.5"), "changes nothing"),
            (format!("{sq}:persons=10:counts=4,5"), "add up to 9"),
            (
                format!("{sq}:persons=10:colour=red"),
                "unknown part 'colour'",
            ),
            ("POINT(1 1):persons=10:share=0.5".into(), "not a point"),
            (
                "POLYGON((1 1, 4 1, 1 1)):persons=10:share=0.5".into(),
                "three corners",
            ),
            (
                "POLYGON((1 1, 4 1:persons=10:share=0.5".into(),
                "well-known text",
            ),
        ] {
            let e = parse(&text, &l, 3)
                .err()
                .unwrap_or_else(|| panic!("{text}"));
            assert!(e.message.contains(says), "{text}: {}", e.message);
            assert!(e.message.starts_with("--change 3"), "{}", e.message);
        }
    }

    #[test]
    fn a_file_of_polygons_is_one_change_in_its_own_crs() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("plan:A.geojson");
        std::fs::write(
            &f,
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1,1],[4,1],[4,4],[1,4],[1,1]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[12,1],[14,1],[14,3],[12,3],[12,1]]]}}]}"#,
        )
        .unwrap();
        // A ':' in the path is part of the path, not a key.
        let text = format!("{}:persons=90:share=0.5", f.display());
        let p = parse(&text, &planar_layer(), 1).unwrap();
        assert_eq!(p.change.shape.0.len(), 2);
        let missing = format!(
            "{}:persons=90:share=0.5",
            dir.path().join("none.geojson").display()
        );
        let e = parse(&missing, &planar_layer(), 2).unwrap_err();
        assert!(e.message.contains("none.geojson"), "{}", e.message);
    }

    #[test]
    fn wkt_round_trips_through_the_working_crs() {
        let m = from_wkt("POLYGON((18 59.3, 18.01 59.3, 18.01 59.31, 18 59.3))").unwrap();
        let w = to_working(&m, Crs::Epsg(4326), Crs::Epsg(3006)).unwrap();
        assert!(w.0[0].exterior().0[0].x > 600_000.0);
        let back = to_wkt(&w, Crs::Epsg(3006), Crs::Epsg(4326)).unwrap();
        let again = from_wkt(&back).unwrap();
        let (a, b) = (m.0[0].exterior().0[1], again.0[0].exterior().0[1]);
        assert!(
            (a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9,
            "{back}"
        );
    }
}
