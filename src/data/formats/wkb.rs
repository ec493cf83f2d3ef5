//! Well-Known Binary geometries (inside GeoPackage blobs and GeoParquet columns) as areas,
//! read with the `wkb` crate. Anything but Polygon/MultiPolygon is refused with its type.

use geo::{Geometry, MultiPolygon};
use geo_traits::to_geo::ToGeoGeometry;

/// Decode WKB into a MultiPolygon and the declared type name.
pub fn areal(bytes: &[u8]) -> Result<(MultiPolygon<f64>, &'static str), String> {
    // The `wkb` crate panics on a buffer that ends early (found by fuzzing): measure first.
    end_of(bytes, 0, 0)?;
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

/// Where the WKB geometry starting at `at` ends, checked against the buffer at every step
/// (ISO and extended WKB; Z and M; an SRID), or why it cannot be read.
fn end_of(b: &[u8], at: usize, depth: usize) -> Result<usize, String> {
    let short = || "invalid WKB geometry: it ends early".to_string();
    if depth > 32 {
        return Err("invalid WKB geometry: nested too deep".into());
    }
    let le = match b.get(at) {
        Some(0) => false,
        Some(1) => true,
        Some(_) => return Err("invalid WKB geometry: unknown byte order".into()),
        None => return Err(short()),
    };
    let u32_at = |pos: usize| -> Result<usize, String> {
        let w: [u8; 4] = b
            .get(pos..pos + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(short)?;
        Ok(if le {
            u32::from_le_bytes(w)
        } else {
            u32::from_be_bytes(w)
        } as usize)
    };
    let raw = u32_at(at + 1)?;
    let mut pos = at + 5;
    let t = raw & 0x0fff_ffff;
    let (base, iso) = (t % 1000, t / 1000);
    let z = raw & 0x8000_0000 != 0 || iso == 1 || iso == 3;
    let m = raw & 0x4000_0000 != 0 || iso == 2 || iso == 3;
    if raw & 0x2000_0000 != 0 {
        pos += 4;
    }
    let coord = 8 * (2 + usize::from(z) + usize::from(m));
    let points = |pos: usize| -> Result<usize, String> {
        let n = u32_at(pos)?;
        n.checked_mul(coord)
            .and_then(|len| (pos + 4).checked_add(len))
            .filter(|end| *end <= b.len())
            .ok_or_else(short)
    };
    let end = match base {
        1 => pos + coord,
        2 => points(pos)?,
        3 => {
            let rings = u32_at(pos)?;
            pos += 4;
            if rings > (b.len() - pos.min(b.len())) / 4 {
                return Err(short());
            }
            for _ in 0..rings {
                pos = points(pos)?;
            }
            pos
        }
        4..=7 => {
            let parts = u32_at(pos)?;
            pos += 4;
            if parts > (b.len() - pos.min(b.len())) / 5 {
                return Err(short());
            }
            for _ in 0..parts {
                pos = end_of(b, pos, depth + 1)?;
            }
            pos
        }
        other => return Err(format!("unsupported WKB geometry type {other}")),
    };
    if end > b.len() {
        return Err(short());
    }
    Ok(end)
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
        // Cut short anywhere, or with counts larger than the buffer: an error, never a panic
        // (the `wkb` crate's reader panicked; found by fuzzing the GeoPackage reader).
        for cut in 0..b.len() {
            assert!(areal(&b[..cut]).is_err(), "{cut}");
        }
        let mut huge = b.clone();
        huge[9..13].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(areal(&huge).unwrap_err().contains("ends early"));
        let mut point = vec![1u8, 1, 0, 0, 0];
        point.extend_from_slice(&[0; 12]);
        assert!(areal(&point).unwrap_err().contains("ends early"));
    }
}
