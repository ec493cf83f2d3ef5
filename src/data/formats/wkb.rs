//! Well-Known Binary geometries (inside GeoPackage blobs and GeoParquet columns) as areas,
//! read with the `wkb` crate. Anything but Polygon/MultiPolygon is refused with its type.

use geo::{Geometry, MultiPolygon};
use geo_traits::to_geo::ToGeoGeometry;

/// Decode WKB into a MultiPolygon and the declared type name.
pub fn areal(bytes: &[u8]) -> Result<(MultiPolygon<f64>, &'static str), String> {
    let wkb = wkb::reader::read_wkb(bytes).map_err(|e| format!("invalid WKB geometry: {e}"))?;
    match wkb.try_to_geometry() {
        Some(Geometry::Polygon(p)) => Ok((MultiPolygon::new(vec![p]), "Polygon")),
        Some(Geometry::MultiPolygon(mp)) => Ok((mp, "MultiPolygon")),
        Some(other) => Err(format!(
            "geometry is a {}; segatlas maps areas, so every feature must be a Polygon or MultiPolygon",
            type_name(&other)
        )),
        None => Err("the geometry cannot be read (empty point or unsupported type)".into()),
    }
}

fn type_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) => "Line",
        Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_and_point() {
        // Little-endian WKB polygon with one ring of 4 points (a triangle).
        let mut b = vec![1u8, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0];
        for (x, y) in [(0.0f64, 0.0f64), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)] {
            b.extend_from_slice(&x.to_le_bytes());
            b.extend_from_slice(&y.to_le_bytes());
        }
        let (mp, t) = areal(&b).unwrap();
        assert_eq!((mp.0.len(), t), (1, "Polygon"));
        let mut p = vec![1u8, 1, 0, 0, 0];
        p.extend_from_slice(&1.0f64.to_le_bytes());
        p.extend_from_slice(&2.0f64.to_le_bytes());
        assert!(areal(&p).unwrap_err().contains("Point"));
        assert!(areal(&[1, 3]).is_err());
    }
}
