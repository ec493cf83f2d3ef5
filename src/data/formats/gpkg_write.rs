//! Writing a layer as a GeoPackage (one feature table, MultiPolygon geometry as GeoPackage
//! binary: the `GP` header and little-endian WKB), so that SCB's own format comes back out.
//! The file is built beside the target and renamed into place: the save is atomic.

use crate::data::crs::Crs;
use crate::data::table::{Table, Values};
use crate::error::{Error, Result};
use geo::MultiPolygon;
use rusqlite::{params_from_iter, types::Value as Sql, Connection};
use std::path::{Path, PathBuf};

/// Write areas and their attributes to `path` as table `name`.
pub fn write(
    path: &Path,
    name: &str,
    geoms: &[MultiPolygon<f64>],
    crs: Crs,
    table: &Table,
) -> Result<()> {
    let dir: PathBuf = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::data::inputs::guard(path)?;
    let fail = |e: String| Error::output(path, format!("cannot write the GeoPackage: {e}"));
    let tmp = crate::data::write::temp_file(&dir, ".gpkg").map_err(|e| fail(e.to_string()))?;
    {
        let db = Connection::open(tmp.path()).map_err(|e| fail(e.to_string()))?;
        fill(&db, name, geoms, crs, table).map_err(|e| fail(e.to_string()))?;
    }
    crate::data::write::before_rename()?;
    tmp.persist(path).map_err(|e| fail(e.error.to_string()))?;
    crate::data::write::count_written();
    Ok(())
}

/// The table's field names as SQLite can hold them beside `fid` and `geom`: names are equal
/// in SQLite when they differ only in case, so a field called `fid` or `GEOM`, or a second
/// `Namn` beside `namn`, gets `_2`, `_3`, … (the values are all kept).
pub fn field_names(table: &Table) -> Vec<String> {
    let mut used: std::collections::HashSet<String> = ["fid".to_string(), "geom".to_string()]
        .into_iter()
        .collect();
    table
        .columns
        .iter()
        .map(|c| {
            let mut name = c.name.clone();
            let mut k = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!("{}_{k}", c.name);
                k += 1;
            }
            name
        })
        .collect()
}

fn fill(
    db: &Connection,
    name: &str,
    geoms: &[MultiPolygon<f64>],
    crs: Crs,
    table: &Table,
) -> rusqlite::Result<()> {
    let srs_id: i64 = match crs {
        Crs::Epsg(c) => c.into(),
        Crs::Planar => -1,
    };
    db.execute_batch(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10400;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL
           DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE,
           max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
           m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));",
    )?;
    if let Crs::Epsg(code) = crs {
        db.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, 'EPSG', ?2, 'undefined', NULL)",
            rusqlite::params![format!("EPSG:{code}"), srs_id],
        )?;
    }
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut cols = vec![
        "fid INTEGER PRIMARY KEY AUTOINCREMENT".to_string(),
        "geom MULTIPOLYGON".into(),
    ];
    let fields = field_names(table);
    for (c, field) in table.columns.iter().zip(&fields) {
        let ty = match c.values {
            Values::Number(_) => "REAL",
            Values::Text(_) => "TEXT",
        };
        cols.push(format!("{} {ty}", q(field)));
    }
    db.execute(
        &format!("CREATE TABLE {} ({})", q(name), cols.join(", ")),
        [],
    )?;
    let bbox = crate::data::layer::bbox_of(geoms).unwrap_or([0.0; 4]);
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id)
         VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![name, bbox[0], bbox[1], bbox[2], bbox[3], srs_id],
    )?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'MULTIPOLYGON', ?2, 0, 0)",
        rusqlite::params![name, srs_id],
    )?;
    let names: Vec<String> = fields.iter().map(|f| q(f)).collect();
    let marks: Vec<String> = (0..=table.columns.len())
        .map(|i| format!("?{}", i + 1))
        .collect();
    let sql = format!(
        "INSERT INTO {} (geom{}{}) VALUES ({})",
        q(name),
        if names.is_empty() { "" } else { ", " },
        names.join(", "),
        marks.join(", ")
    );
    db.execute_batch("BEGIN")?;
    {
        let mut stmt = db.prepare(&sql)?;
        for (row, g) in geoms.iter().enumerate() {
            let mut values = vec![Sql::Blob(blob(g, srs_id as i32))];
            for c in &table.columns {
                values.push(match &c.values {
                    Values::Number(v) => v[row].map_or(Sql::Null, Sql::Real),
                    Values::Text(v) => v[row].clone().map_or(Sql::Null, Sql::Text),
                });
            }
            stmt.execute(params_from_iter(values))?;
        }
    }
    db.execute_batch("COMMIT")
}

/// A GeoPackage binary geometry: header (no envelope) and little-endian WKB MultiPolygon.
fn blob(g: &MultiPolygon<f64>, srs_id: i32) -> Vec<u8> {
    let mut b = Vec::with_capacity(64);
    b.extend_from_slice(b"GP");
    b.push(0); // version
    b.push(0b0000_0001); // little endian, no envelope, not empty
    b.extend_from_slice(&srs_id.to_le_bytes());
    b.push(1);
    b.extend_from_slice(&6u32.to_le_bytes());
    b.extend_from_slice(&(g.0.len() as u32).to_le_bytes());
    for p in &g.0 {
        b.push(1);
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&(1 + p.interiors().len() as u32).to_le_bytes());
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            b.extend_from_slice(&(ring.0.len() as u32).to_le_bytes());
            for c in &ring.0 {
                b.extend_from_slice(&c.x.to_le_bytes());
                b.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;
    use geo::polygon;

    #[test]
    fn written_geopackage_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("regions.gpkg");
        let a = polygon![(x: 670_000., y: 6_580_000.), (x: 671_000., y: 6_580_000.), (x: 671_000., y: 6_581_000.)];
        let geoms = vec![MultiPolygon::new(vec![a])];
        let t = Table::new(vec![
            Column::text("kommun", vec![Some("0180".into())]),
            Column::number("dissim, 2022", vec![Some(0.37)]),
        ])
        .unwrap();
        write(&path, "regions", &geoms, Crs::Epsg(3006), &t).unwrap();
        let l = crate::data::formats::gpkg::read(&path).unwrap();
        assert_eq!(l.crs, Crs::Epsg(3006));
        assert_eq!(l.geometries, geoms);
        assert_eq!(
            l.table.column("kommun").unwrap().key_at(0).as_deref(),
            Some("0180")
        );
        assert_eq!(l.table.numbers("dissim, 2022").unwrap(), &[Some(0.37)]);
    }

    #[test]
    fn fields_named_fid_or_equal_but_for_case_are_kept_under_distinct_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("areas.gpkg");
        let a = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.)];
        let t = Table::new(vec![
            Column::number("fid", vec![Some(7.0)]),
            Column::text("Namn", vec![Some("A".into())]),
            Column::text("namn", vec![Some("B".into())]),
            Column::number("GEOM", vec![Some(1.0)]),
        ])
        .unwrap();
        assert_eq!(field_names(&t), ["fid_2", "Namn", "namn_2", "GEOM_2"]);
        write(
            &path,
            "areas",
            &[MultiPolygon::new(vec![a])],
            Crs::Planar,
            &t,
        )
        .unwrap();
        let l = crate::data::formats::gpkg::read(&path).unwrap();
        assert_eq!(l.table.numbers("fid_2").unwrap(), &[Some(7.0)]);
        assert_eq!(
            l.table.column("namn_2").unwrap().key_at(0).as_deref(),
            Some("B")
        );
    }
}
