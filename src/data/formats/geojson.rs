//! GeoJSON boundaries: FeatureCollection, Feature or bare geometry; the legacy `crs` member
//! (`urn:ogc:def:crs:EPSG::27572`, CRS84); RFC 7946 files without it are WGS 84.
//!
//! Syntax errors name line and column; a non-areal geometry names the feature.

use crate::data::crs::{Crs, WGS84};
use crate::data::layer::{polygon_from_rings, Layer, RawFeature};
use crate::data::table::{Column, Table};
use crate::error::{Error, Place, Result};
use geo::{Coord, MultiPolygon};
use geojson::{GeoJson, GeometryValue, JsonObject, JsonValue};
use std::path::Path;

/// Read a GeoJSON file of polygons.
pub fn read(path: &Path) -> Result<Layer> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    parse(path, &bytes)
}

/// Parse GeoJSON bytes read from `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Layer> {
    // A UTF-8 byte-order mark (as Windows tools write) is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::in_file(path, "the file is empty"));
    }
    let gj: GeoJson = serde_json::from_slice(bytes).map_err(|e| {
        let err = Error::in_file(path, format!("not valid GeoJSON: {}", strip_position(&e)));
        // The geojson crate's own errors (a member of the wrong kind) carry no position.
        if e.line() == 0 {
            err
        } else {
            err.at(Place::Line {
                line: e.line(),
                column: Some(e.column().to_string()),
            })
        }
    })?;
    let (features, foreign) = match gj {
        GeoJson::FeatureCollection(fc) => (fc.features, fc.foreign_members),
        GeoJson::Feature(f) => (vec![f], None),
        GeoJson::Geometry(g) => (vec![geojson::Feature::from(g)], None),
    };
    let declared = match foreign.as_ref().and_then(|m| m.get("crs")) {
        Some(member) => Some(crs_member(member).map_err(|e| e.with_file(path))?),
        None => None,
    };
    let mut raw = Vec::with_capacity(features.len());
    let mut props: Vec<Option<JsonObject>> = Vec::with_capacity(features.len());
    let n = features.len().max(1);
    for (i, f) in features.into_iter().enumerate() {
        crate::work::step(i, || 0.1 + 0.2 * i as f32 / n as f32)?;
        let (geometry, declared_type) = match f.geometry {
            None => (None, "None"),
            Some(g) => {
                let (mp, t) = areal(g.value)
                    .map_err(|m| Error::in_file(path, m).at(Place::Feature(i + 1)))?;
                (Some(mp), t)
            }
        };
        raw.push(RawFeature {
            geometry,
            declared_type,
        });
        props.push(f.properties);
    }
    let table = properties_table(&props);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    let mut inferred = false;
    let crs = match declared {
        Some(crs) => crs,
        None => {
            // RFC 7946: a GeoJSON's coordinates are WGS 84 longitude/latitude. Coordinates
            // outside ±180/±90 cannot be degrees: such a legacy file is planar (or projected).
            let bbox = crate::data::layer::bbox_of(
                &raw.iter()
                    .filter_map(|f| f.geometry.clone())
                    .collect::<Vec<_>>(),
            );
            if bbox.is_some_and(within_degrees) {
                warnings.push(format!(
                    "{}: coordinates within ±180/±90 read as WGS 84 longitude/latitude (RFC 7946); \
                     a legacy file in plain x/y is declared with --crs planar",
                    crate::data::crs::RFC7946_NOTE
                ));
                inferred = true;
                Crs::Epsg(WGS84)
            } else {
                Crs::Planar
            }
        }
    };
    let mut layer = Layer::build(path, name, crs, raw, table, warnings)?;
    layer.crs_inferred = inferred;
    Ok(layer)
}

/// Can a bounding box be longitude/latitude in degrees?
fn within_degrees([minx, miny, maxx, maxy]: [f64; 4]) -> bool {
    minx >= -180.0 && maxx <= 180.0 && miny >= -90.0 && maxy <= 90.0
}

/// serde_json appends " at line L column C"; we report the place separately.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The legacy GeoJSON 2008 `crs` member: `{"type":"name","properties":{"name":"…"}}`.
fn crs_member(member: &JsonValue) -> Result<Crs> {
    let name = member
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(JsonValue::as_str);
    match name {
        Some(n) => Crs::from_name(n),
        None if member.is_null() => Ok(Crs::Epsg(WGS84)),
        None => Err(Error::input(
            "the 'crs' member has no name (expected {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:…\"}})",
        )),
    }
}

/// The largest coordinate accepted: projected data are within 10⁸ m of their origin, degrees
/// within 180; anything larger is a broken file, not a place.
const MAX_COORDINATE: f64 = 1e9;

/// A position as a coordinate: at least two finite numbers of a sensible size.
fn coord(p: &geojson::Position) -> std::result::Result<Coord<f64>, String> {
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(format!(
            "a position has {} number{}; positions are [x, y] (longitude, latitude)",
            s.len(),
            if s.len() == 1 { "" } else { "s" }
        ));
    }
    let (x, y) = (s[0], s[1]);
    if !x.is_finite() || !y.is_finite() || x.abs() > MAX_COORDINATE || y.abs() > MAX_COORDINATE {
        return Err(format!(
            "the position [{x}, {y}] is not a coordinate on Earth"
        ));
    }
    Ok(Coord { x, y })
}

fn polygon(rings: &[Vec<geojson::Position>]) -> std::result::Result<geo::Polygon<f64>, String> {
    Ok(polygon_from_rings(
        rings
            .iter()
            .map(|r| {
                r.iter()
                    .map(coord)
                    .collect::<std::result::Result<Vec<_>, _>>()
            })
            .collect::<std::result::Result<Vec<_>, _>>()?,
    ))
}

/// A Polygon or MultiPolygon as a MultiPolygon; anything else is refused with its type.
fn areal(value: GeometryValue) -> std::result::Result<(MultiPolygon<f64>, &'static str), String> {
    match value {
        GeometryValue::Polygon { coordinates } => {
            Ok((MultiPolygon::new(vec![polygon(&coordinates)?]), "Polygon"))
        }
        GeometryValue::MultiPolygon { coordinates } => Ok((
            MultiPolygon::new(
                coordinates
                    .iter()
                    .map(|p| polygon(p))
                    .collect::<std::result::Result<_, _>>()?,
            ),
            "MultiPolygon",
        )),
        other => Err(format!(
            "geometry is a {}; segatlas maps areas, so every feature must be a Polygon or MultiPolygon",
            other.type_name()
        )),
    }
}

/// Feature properties as columns, in order of first appearance. JSON numbers make number
/// columns; strings stay text (so codes like `0180` keep their zero); null is missing.
fn properties_table(props: &[Option<JsonObject>]) -> Table {
    let mut names: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in props.iter().flatten() {
        for k in p.keys() {
            if seen.insert(k.as_str()) {
                names.push(k);
            }
        }
    }
    let columns = names
        .into_iter()
        .map(|name| {
            let vals: Vec<Option<&JsonValue>> = props
                .iter()
                .map(|p| {
                    p.as_ref()
                        .and_then(|p| p.get(name))
                        .filter(|v| !v.is_null())
                })
                .collect();
            if vals.iter().flatten().all(|v| v.is_number()) {
                Column::number(
                    name,
                    vals.iter().map(|v| v.and_then(JsonValue::as_f64)).collect(),
                )
            } else {
                Column::text(
                    name,
                    vals.iter()
                        .map(|v| {
                            v.map(|v| match v {
                                JsonValue::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                        })
                        .collect(),
                )
            }
        })
        .collect();
    // Every column has one value per feature, so this cannot fail.
    Table::new(columns).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Layer> {
        parse(Path::new("test.geojson"), s.as_bytes())
    }

    #[test]
    fn polygon_with_hole_and_text_codes() {
        let l = parse_str(
            r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3006"}},
            "features":[{"type":"Feature","properties":{"kommun":"0180","n":5,"x":null},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]]]}}]}"#,
        )
        .unwrap();
        assert_eq!(l.crs, Crs::Epsg(3006));
        assert_eq!(l.geometries[0].0[0].interiors().len(), 1);
        assert_eq!(
            l.table.column("kommun").unwrap().key_at(0).as_deref(),
            Some("0180")
        );
        assert_eq!(l.table.numbers("n").unwrap(), &[Some(5.0)]);
        assert_eq!(l.area_km2()[0], 96.0 / 1e6);
    }

    #[test]
    fn without_crs_member_degrees_are_wgs84_anywhere_else_planar() {
        let poly = |x: f64, y: f64, d: f64| {
            format!(
                r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{y}]]]}}"#,
                x + d,
                x + d,
                y + d
            )
        };
        let sweden = parse_str(&poly(18.0, 59.3, 0.1)).unwrap();
        assert_eq!(sweden.crs, Crs::Epsg(4326));
        assert_eq!(sweden.working_crs, Crs::Epsg(3006));
        // Sacramento's degrees are WGS 84 too (RFC 7946), projected to their UTM zone.
        let sacramento = parse_str(&poly(-121.5, 38.5, 0.1)).unwrap();
        assert_eq!(sacramento.crs, Crs::Epsg(4326));
        assert_eq!(sacramento.working_crs, Crs::Epsg(32610));
        assert!(sacramento.crs_inferred);
        assert!(
            sacramento.all_warnings()[0].contains("RFC 7946"),
            "{:?}",
            sacramento.all_warnings()
        );
        // A legacy planar file within ±180/±90 (Columbus) is declared planar by the person.
        let mut columbus = parse_str(&poly(8.0, 12.0, 0.5)).unwrap();
        assert_eq!(columbus.crs, Crs::Epsg(4326));
        columbus
            .assume_crs(Crs::from_name("planar").unwrap())
            .unwrap();
        assert_eq!(
            (columbus.crs, columbus.working_crs),
            (Crs::Planar, Crs::Planar)
        );
        assert!(!columbus
            .all_warnings()
            .iter()
            .any(|w| w.contains("RFC 7946")));
        assert_eq!(columbus.area_km2()[0], 0.125 / 1e6);
        // Outside ±180/±90 the coordinates cannot be degrees: planar.
        let projected = parse_str(&poly(674_000.0, 6_580_000.0, 100.0)).unwrap();
        assert_eq!(projected.crs, Crs::Planar);
        assert!(!projected.crs_inferred);
    }

    #[test]
    fn a_byte_order_mark_is_read_past_and_a_null_features_member_is_named_without_a_false_place() {
        let l =
            parse_str("\u{feff}{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}");
        assert_eq!(l.unwrap().len(), 1);
        let e = parse_str("{\"type\":\"FeatureCollection\",\"features\":null}").unwrap_err();
        assert!(e.message.contains("features"), "{e}");
        assert_eq!(e.place, None, "{e}");
    }

    #[test]
    fn broken_positions_are_refused_with_the_feature() {
        let fc = |coords: &str| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}}},{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[{coords}]]}}}}]}}"#
            )
        };
        for (coords, said) in [
            ("[0],[1,0],[1,1],[0]", "a position has 1 number"),
            ("[0,0],[1e308,0],[1,1],[0,0]", "not a coordinate on Earth"),
        ] {
            let e = parse_str(&fc(coords)).unwrap_err();
            assert!(e.message.contains(said), "{e}");
            assert_eq!(e.place, Some(Place::Feature(2)), "{e}");
        }
    }

    #[test]
    fn truncated_file_names_line_and_column() {
        let e =
            parse_str("{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":").unwrap_err();
        assert_eq!(
            e.place,
            Some(Place::Line {
                line: 2,
                column: Some("20".into())
            })
        );
        assert!(
            e.to_string()
                .starts_with("test.geojson: line 2, column 20: not valid GeoJSON"),
            "{e}"
        );
    }

    #[test]
    fn empty_file_is_refused() {
        assert!(parse_str("  \n").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn points_are_refused_naming_the_feature() {
        let e = parse_str(
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.place, Some(Place::Feature(2)));
        assert!(e.message.contains("Point"));
    }
}
