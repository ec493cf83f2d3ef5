//! GeoPackage boundaries (how SCB ships DeSO and RegSO): the first feature table, its CRS from
//! `gpkg_spatial_ref_sys`, geometry blobs (GeoPackage header + WKB) and attribute columns.
//! The file is opened read-only.

use crate::data::crs::{Crs, WGS84};
use crate::data::formats::wkb;
use crate::data::layer::{Layer, RawFeature};
use crate::data::table::{Column, Table};
use crate::error::{Error, Place, Result};
use rusqlite::{types::ValueRef, Connection, OpenFlags};
use std::path::Path;

/// The most steps of SQLite's machine a read may take, in hundreds of thousands (5·10⁹ steps:
/// hundreds of times what 20 million features need).
const MAX_STEPS: u64 = 50_000;

/// The most features read from one table (a national grid at 100 m is under ten million).
pub const MAX_FEATURES: usize = 20_000_000;

/// Read the first feature table of a GeoPackage.
pub fn read(path: &Path) -> Result<Layer> {
    std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::in_file(path, format!("not a readable GeoPackage: {e}")))?;
    // A budget of work: every 100,000 steps of SQLite's machine the handler looks; a query that
    // runs on past the budget (a recursive view, a vast join), or a cancelled read, is stopped.
    let steps = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = steps.clone();
    db.progress_handler(
        100_000,
        Some(move || {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            n > MAX_STEPS || crate::work::stopping()
        }),
    );
    let sql_err = |e: rusqlite::Error| {
        if crate::work::stopping() {
            return Error::cancelled();
        }
        if steps.load(std::sync::atomic::Ordering::Relaxed) > MAX_STEPS {
            return Error::in_file(
                path,
                "reading the GeoPackage takes more work than any layer of areas needs (a recursive view or trigger?): not read",
            );
        }
        Error::in_file(path, format!("not a valid GeoPackage: {e}"))
    };
    // The metadata must be real tables too: a view there could be anything.
    for meta in ["gpkg_contents", "gpkg_geometry_columns"] {
        let kind: Option<String> = db
            .query_row(
                "SELECT type FROM sqlite_master WHERE name = ?1",
                [meta],
                |r| r.get(0),
            )
            .ok();
        if kind.as_deref() != Some("table") {
            return Err(Error::in_file(
                path,
                format!("not a GeoPackage: '{meta}' is missing or not a table"),
            ));
        }
    }
    let mut stmt = db
        .prepare(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c \
             JOIN gpkg_geometry_columns g ON g.table_name = c.table_name \
             WHERE c.data_type = 'features' ORDER BY c.table_name",
        )
        .map_err(sql_err)?;
    let listed: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(sql_err)?
        .collect::<std::result::Result<_, _>>()
        .map_err(sql_err)?;
    // Only real tables: a view listed as features may be anything, an endless recursive one
    // among them, and is never run.
    let mut warnings = Vec::new();
    let mut tables = Vec::new();
    for t in listed {
        let kind: Option<String> = db
            .query_row(
                "SELECT type FROM sqlite_master WHERE name = ?1",
                [&t.0],
                |r| r.get(0),
            )
            .ok();
        if kind.as_deref() == Some("table") {
            tables.push(t);
        } else {
            warnings.push(format!(
                "'{}' is listed as features but is not a table (a view?): not read",
                t.0
            ));
        }
    }
    let Some((table_name, geom_col, srs_id)) = tables.first().cloned() else {
        return Err(Error::in_file(
            path,
            "the GeoPackage has no feature table (only real tables are read, not views)",
        ));
    };
    if tables.len() > 1 {
        let others: Vec<&str> = tables[1..].iter().map(|t| t.0.as_str()).collect();
        warnings.push(format!(
            "read layer '{table_name}'; the file also has {}",
            others.join(", ")
        ));
    }
    let crs = srs(&db, srs_id).map_err(|e| e.with_file(path))?;
    // rusqlite panics on a column name that is not UTF-8 (found by fuzzing): look first.
    {
        let mut info = db
            .prepare(&format!(
                "PRAGMA table_info(\"{}\")",
                table_name.replace('"', "\"\"")
            ))
            .map_err(sql_err)?;
        let mut rows = info.query([]).map_err(sql_err)?;
        while let Some(row) = rows.next().map_err(sql_err)? {
            let name = row.get_ref(1).map_err(sql_err)?;
            let ok = match name {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).is_ok(),
                _ => true,
            };
            if !ok {
                return Err(Error::in_file(
                    path,
                    format!("a column name of layer '{table_name}' is not valid UTF-8 text"),
                ));
            }
        }
    }
    let mut stmt = db
        .prepare(&format!(
            "SELECT * FROM \"{}\"",
            table_name.replace('"', "\"\"")
        ))
        .map_err(sql_err)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let geom_idx = names
        .iter()
        .position(|n| *n == geom_col)
        .ok_or_else(|| Error::in_file(path, format!("geometry column '{geom_col}' is missing")))?;
    let pk = primary_key(&db, &table_name);
    let mut raw = Vec::new();
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); names.len()];
    let mut rows = stmt.query([]).map_err(sql_err)?;
    while let Some(row) = rows.next().map_err(sql_err)? {
        let feature = raw.len() + 1;
        if feature > MAX_FEATURES {
            return Err(Error::in_file(
                path,
                format!("layer '{table_name}' has more than {MAX_FEATURES} features: more than segatlas reads"),
            ));
        }
        crate::work::step(feature, || 0.05 + 0.25 * (feature as f32 / 1e6).min(1.0))?;
        for (i, col) in cells.iter_mut().enumerate() {
            if i == geom_idx {
                continue;
            }
            col.push(match row.get_ref(i).map_err(sql_err)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Num(v as f64),
                ValueRef::Real(v) => Cell::Num(v),
                ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => Cell::Null,
            });
        }
        let blob = match row.get_ref(geom_idx).map_err(sql_err)? {
            ValueRef::Blob(b) => Some(b),
            _ => None,
        };
        let (geometry, declared_type) = match blob {
            None => (None, "None"),
            Some(b) => match geometry_blob(b) {
                Ok(None) => (None, "None"),
                Ok(Some(body)) => {
                    let (g, t) = wkb::areal(body)
                        .map_err(|m| Error::in_file(path, m).at(Place::Feature(feature)))?;
                    (Some(g), t)
                }
                Err(m) => return Err(Error::in_file(path, m).at(Place::Feature(feature))),
            },
        };
        raw.push(RawFeature {
            geometry,
            declared_type,
        });
    }
    let columns = names
        .iter()
        .zip(cells)
        .enumerate()
        .filter(|(i, _)| *i != geom_idx && Some(names[*i].as_str()) != pk.as_deref())
        .map(|(_, (name, cells))| to_column(name, cells))
        .collect();
    let table = Table::new(columns).map_err(|e| e.with_file(path))?;
    Layer::build(path, table_name, crs, raw, table, warnings)
}

#[derive(Clone)]
enum Cell {
    Null,
    Num(f64),
    Text(String),
}

fn to_column(name: &str, cells: Vec<Cell>) -> Column {
    if cells.iter().all(|c| !matches!(c, Cell::Text(_))) {
        Column::number(
            name,
            cells
                .into_iter()
                .map(|c| match c {
                    Cell::Num(v) => Some(v),
                    _ => None,
                })
                .collect(),
        )
    } else {
        Column::text(
            name,
            cells
                .into_iter()
                .map(|c| match c {
                    Cell::Num(v) => Some(crate::data::table::format_number(v)),
                    Cell::Text(t) => Some(t),
                    Cell::Null => None,
                })
                .collect(),
        )
    }
}

/// The integer primary key (`fid`): an identifier of the row, not an attribute.
fn primary_key(db: &Connection, table: &str) -> Option<String> {
    let mut stmt = db
        .prepare(&format!(
            "PRAGMA table_info(\"{}\")",
            table.replace('"', "\"\"")
        ))
        .ok()?;
    let cols: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(5)?)))
        .ok()?
        .filter_map(|r| r.ok())
        .collect();
    cols.into_iter().find(|(_, pk)| *pk == 1).map(|(n, _)| n)
}

/// The CRS of an `srs_id`: its EPSG code; -1 (undefined Cartesian) is planar, 0 is geographic.
fn srs(db: &Connection, srs_id: i64) -> Result<Crs> {
    let row: Option<(String, i64)> = db
        .query_row(
            "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    match (srs_id, row) {
        (-1, _) => Ok(Crs::Planar),
        (0, _) => Ok(Crs::Epsg(WGS84)),
        (_, Some((org, code))) if org.eq_ignore_ascii_case("EPSG") => Crs::from_epsg(code as u32),
        (_, _) => Crs::from_epsg(srs_id as u32),
    }
}

/// The WKB inside a GeoPackage geometry blob, or `None` for an empty geometry.
fn geometry_blob(b: &[u8]) -> std::result::Result<Option<&[u8]>, String> {
    if b.len() < 8 || &b[0..2] != b"GP" {
        return Err("geometry is not a GeoPackage binary geometry (no 'GP' header)".into());
    }
    let flags = b[3];
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(format!("invalid envelope code {other} in geometry header")),
    };
    if flags & 0b1_0000 != 0 {
        return Ok(None);
    }
    b.get(8 + envelope..)
        .filter(|body| !body.is_empty())
        .map(Some)
        .ok_or_else(|| "geometry blob is truncated".into())
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_column_name_that_is_not_utf8_is_an_error_not_a_panic() {
        use crate::data::table::{Column, Table};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.gpkg");
        let square = geo::MultiPolygon::new(vec![geo::Polygon::new(
            geo::LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
            vec![],
        )]);
        let t = Table::new(vec![Column::number("befolkning", vec![Some(1.0)])]).unwrap();
        crate::data::formats::gpkg_write::write(&p, "areas", &[square], Crs::Epsg(3006), &t)
            .unwrap();
        assert!(read(&p).is_ok());
        // Rename the column to the byte 0xFF through the schema (rusqlite panicked on it).
        let db = rusqlite::Connection::open(&p).unwrap();
        db.execute_batch(
            "PRAGMA writable_schema = ON; \
             UPDATE sqlite_master SET sql = replace(sql, '\"befolkning\"', '\"' || CAST(X'FF' AS TEXT) || '\"') WHERE name = 'areas'; \
             PRAGMA writable_schema = OFF;",
        )
        .unwrap();
        drop(db);
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("not valid UTF-8"), "{e}");
    }

    use super::*;

    #[test]
    fn header_with_envelope_is_skipped() {
        let mut b = vec![b'G', b'P', 0, 0b0000_0011];
        b.extend_from_slice(&3006i32.to_le_bytes());
        b.extend(std::iter::repeat_n(0u8, 32));
        b.extend_from_slice(&[1, 3, 0, 0, 0]);
        assert_eq!(geometry_blob(&b).unwrap().unwrap(), &[1, 3, 0, 0, 0]);
        assert!(geometry_blob(b"XX000000").is_err());
        let empty = [b'G', b'P', 0, 0b0001_0000, 0, 0, 0, 0];
        assert_eq!(geometry_blob(&empty).unwrap(), None);
    }
}
