//! Coordinate reference systems: recognising what a file declares (GeoJSON `crs` member, CRS84,
//! `.prj` WKT, GeoPackage and GeoParquet metadata), choosing a working projection in metres, and
//! projecting coordinates with the pure-Rust `proj4rs` and its EPSG definitions.
//!
//! Data in Sweden works in SWEREF 99 TM (EPSG:3006); other geographic data in its UTM zone;
//! projected data as it is; data without a CRS is planar and says so.

use crate::error::{Error, Result};
use proj4rs::Proj;

/// SWEREF 99 TM, Sweden's national grid.
pub const SWEREF99TM: u32 = 3006;
/// WGS 84 longitude/latitude (also what CRS84 and GeoJSON mean).
pub const WGS84: u32 = 4326;

/// How the note on a GeoJSON read as WGS 84 by RFC 7946 begins (dropped when `--crs` overrides).
pub const RFC7946_NOTE: &str = "no 'crs' member";

/// The coordinate reference system of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// An EPSG code that the projection library knows.
    Epsg(u32),
    /// No CRS declared (or one we cannot recognise): coordinates are treated as planar.
    Planar,
}

impl Crs {
    /// `EPSG:3006`, or `None` for planar data.
    pub fn label(&self) -> Option<String> {
        match self {
            Crs::Epsg(code) => Some(format!("EPSG:{code}")),
            Crs::Planar => None,
        }
    }

    /// Recognise a CRS name: `EPSG:3006`, `urn:ogc:def:crs:EPSG::27572`, `OGC:CRS84`, …
    pub fn from_name(name: &str) -> Result<Crs> {
        let n = name.trim();
        let upper = n.to_ascii_uppercase();
        if upper == "PLANAR" || upper == "NONE" {
            return Ok(Crs::Planar);
        }
        if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
            return Ok(Crs::Epsg(WGS84));
        }
        if upper.contains("EPSG") {
            let digits: String = upper
                .rsplit(|c: char| !c.is_ascii_digit())
                .find(|s| !s.is_empty())
                .unwrap_or_default()
                .to_string();
            if let Ok(code) = digits.parse::<u32>() {
                return Crs::from_epsg(code);
            }
        }
        Err(Error::input(format!(
            "unrecognised coordinate reference system '{n}' (EPSG:CODE, or planar)"
        )))
    }

    /// An EPSG code, checked against the projection library's definitions.
    pub fn from_epsg(code: u32) -> Result<Crs> {
        proj_for(code)?;
        Ok(Crs::Epsg(code))
    }

    /// Recognise the CRS of OGC WKT (a shapefile's `.prj`): its EPSG authority, or well-known names.
    pub fn from_wkt(wkt: &str) -> Result<Crs> {
        // The CRS's own AUTHORITY is the last one in WKT1.
        if let Some(pos) = wkt.rfind("AUTHORITY[\"EPSG\"") {
            let rest = &wkt[pos..];
            let code: String = rest
                .split(',')
                .nth(1)
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if let Ok(code) = code.parse::<u32>() {
                return Crs::from_epsg(code);
            }
        }
        let name = wkt_name(wkt).to_ascii_uppercase().replace([' ', '-'], "_");
        let known = [
            ("SWEREF99_TM", SWEREF99TM),
            ("SWEREF_99_TM", SWEREF99TM),
            ("GCS_WGS_1984", WGS84),
            ("WGS_84", WGS84),
            ("WGS84", WGS84),
            ("RT90_2.5_GON_V", 3021),
            ("RT90_25_GON_V", 3021),
            ("NTF_(PARIS)_/_LAMBERT_ZONE_II", 27572),
            ("NTF_PARIS_LAMBERT_ZONE_II", 27572),
            ("ETRS89_/_UTM_ZONE_33N", 25833),
            ("ETRS_1989_UTM_ZONE_33N", 25833),
        ];
        if let Some((_, code)) = known.iter().find(|(n, _)| *n == name) {
            return Crs::from_epsg(*code);
        }
        if let Some(zone) = name.strip_prefix("SWEREF99_") {
            // SWEREF 99 local zones: 12 00 → EPSG:3007 … 23 15 → EPSG:3018.
            let zones = [
                "1200", "1330", "1500", "1630", "1800", "1415", "1545", "1715", "1845", "2015",
                "2145", "2315",
            ];
            let zone = zone.replace('_', "");
            if let Some(i) = zones.iter().position(|z| *z == zone) {
                return Crs::from_epsg(3007 + i as u32);
            }
        }
        Err(Error::input(format!(
            "unrecognised coordinate reference system '{}'",
            wkt_name(wkt)
        )))
    }

    /// Is this longitude/latitude (degrees)?
    pub fn is_geographic(&self) -> bool {
        match self {
            Crs::Epsg(code) => proj_for(*code).map(|p| p.is_latlong()).unwrap_or(false),
            Crs::Planar => false,
        }
    }

    /// The working CRS in metres for data in this CRS with this bounding box (in this CRS):
    /// SWEREF 99 TM in Sweden, otherwise the UTM zone; projected and planar data stay as they are.
    pub fn working_for(&self, bbox: Option<[f64; 4]>) -> Crs {
        if !self.is_geographic() {
            return *self;
        }
        let Some([minx, miny, maxx, maxy]) = bbox else {
            return Crs::Epsg(SWEREF99TM);
        };
        let (lon, lat) = ((minx + maxx) / 2.0, (miny + maxy) / 2.0);
        let in_sweden = minx >= 10.0 && maxx <= 24.5 && miny >= 55.0 && maxy <= 69.5;
        if in_sweden {
            return Crs::Epsg(SWEREF99TM);
        }
        let zone = (((lon + 180.0) / 6.0).floor() as i64).clamp(0, 59) as u32 + 1;
        Crs::Epsg(if lat >= 0.0 {
            32600 + zone
        } else {
            32700 + zone
        })
    }
}

/// The name of the outermost WKT object: `PROJCS["SWEREF99_TM",…]` → `SWEREF99_TM`.
fn wkt_name(wkt: &str) -> &str {
    wkt.split('"').nth(1).unwrap_or(wkt)
}

fn proj_for(code: u32) -> Result<Proj> {
    let short = u16::try_from(code).map_err(|_| {
        Error::input(format!(
            "EPSG:{code} is not known to the projection library"
        ))
    })?;
    Proj::from_epsg_code(short).map_err(|_| {
        Error::input(format!(
            "EPSG:{code} is not known to the projection library"
        ))
    })
}

/// Projects coordinates from one CRS to another. Planar to planar is the identity.
pub struct Projector {
    route: Option<(Proj, Proj)>,
    src_deg: bool,
    dst_deg: bool,
}

impl Projector {
    pub fn new(src: Crs, dst: Crs) -> Result<Projector> {
        match (src, dst) {
            (Crs::Epsg(a), Crs::Epsg(b)) if a != b => {
                let (p, q) = (proj_for(a)?, proj_for(b)?);
                Ok(Projector {
                    src_deg: p.is_latlong(),
                    dst_deg: q.is_latlong(),
                    route: Some((p, q)),
                })
            }
            _ => Ok(Projector {
                route: None,
                src_deg: false,
                dst_deg: false,
            }),
        }
    }

    /// Does this projector change coordinates at all?
    pub fn is_identity(&self) -> bool {
        self.route.is_none()
    }

    /// Project one point; `None` when it lies outside the projection's domain.
    pub fn project(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let Some((src, dst)) = &self.route else {
            return Some((x, y));
        };
        let (mut x, mut y) = (x, y);
        if self.src_deg {
            x = x.to_radians();
            y = y.to_radians();
        }
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(src, dst, &mut p).ok()?;
        let (mut x, mut y) = (p.0, p.1);
        if self.dst_deg {
            x = x.to_degrees();
            y = y.to_degrees();
        }
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_names() {
        assert_eq!(
            Crs::from_name("urn:ogc:def:crs:OGC:1.3:CRS84").unwrap(),
            Crs::Epsg(4326)
        );
        assert_eq!(
            Crs::from_name("urn:ogc:def:crs:EPSG::27572").unwrap(),
            Crs::Epsg(27572)
        );
        assert_eq!(Crs::from_name("EPSG:3006").unwrap(), Crs::Epsg(3006));
        assert!(Crs::from_name("EPSG:999999").is_err());
        assert!(Crs::from_name("my own grid").is_err());
    }

    #[test]
    fn recognises_esri_prj_without_authority() {
        let prj = r#"PROJCS["SWEREF99_TM",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]"#;
        assert_eq!(Crs::from_wkt(prj).unwrap(), Crs::Epsg(3006));
        assert_eq!(
            Crs::from_wkt(r#"PROJCS["SWEREF99 15 00",GEOGCS[]]"#).unwrap(),
            Crs::Epsg(3009)
        );
    }

    #[test]
    fn wgs84_to_sweref99tm_matches_published_point() {
        // Stockholm, Sergels torg. Reference: PROJ 9 via pyproj, EPSG:4326 -> EPSG:3006.
        let p = Projector::new(Crs::Epsg(4326), Crs::Epsg(3006)).unwrap();
        let (e, n) = p.project(18.0686, 59.3326).unwrap();
        assert!((e - 674_554.934).abs() < 0.01, "{e}");
        assert!((n - 6_581_110.231).abs() < 0.01, "{n}");
        let back = Projector::new(Crs::Epsg(3006), Crs::Epsg(4326)).unwrap();
        let (lon, lat) = back.project(e, n).unwrap();
        assert!((lon - 18.0686).abs() < 1e-8 && (lat - 59.3326).abs() < 1e-8);
    }

    #[test]
    fn utm_zone_matches_proj() {
        // Reference: PROJ 9 via pyproj, EPSG:4326 -> EPSG:32610.
        let p = Projector::new(Crs::Epsg(4326), Crs::Epsg(32610)).unwrap();
        let (e, n) = p.project(-121.5, 38.5).unwrap();
        assert!((e - 630_800.207).abs() < 0.01 && (n - 4_262_359.415).abs() < 0.01);
    }

    #[test]
    fn working_crs_is_sweref_in_sweden_utm_elsewhere() {
        let wgs = Crs::Epsg(4326);
        assert_eq!(
            wgs.working_for(Some([17.5, 58.8, 19.5, 60.3])),
            Crs::Epsg(3006)
        );
        assert_eq!(
            wgs.working_for(Some([-121.9, 38.0, -120.0, 39.3])),
            Crs::Epsg(32610)
        );
        assert_eq!(Crs::Epsg(27572).working_for(None), Crs::Epsg(27572));
        assert_eq!(Crs::Planar.working_for(None), Crs::Planar);
    }
}
