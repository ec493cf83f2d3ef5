//! Writing results: GeoJSON (areas with attributes) and CSV (attributes only).
//!
//! Saves are atomic (a temporary file beside the target, then a rename), and never replace a
//! file that was read as input.

use crate::data::crs::{Crs, WGS84};
use crate::data::table::{Table, Values};
use crate::error::{Error, Result};
use geo::MultiPolygon;
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Areas with attributes as GeoJSON, GeoPackage (layer `layer`) or CSV, chosen by the file's
/// extension; `what` names them in the error for another extension ("regions", "areas").
pub fn areas(
    out: &Path,
    layer: &str,
    what: &str,
    geoms: &[MultiPolygon<f64>],
    crs: Crs,
    table: &Table,
) -> Result<()> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "geojson" | "json" => atomic_write(out, &geojson_bytes(geoms, crs, table)?),
        "gpkg" => crate::data::formats::gpkg_write::write(out, layer, geoms, crs, table),
        "csv" => atomic_write(out, &csv_bytes(table)?),
        _ => Err(Error::output(
            out,
            format!("write {what} as .geojson, .gpkg or .csv"),
        )),
    }
}

/// Refuse to write over any of `inputs`.
pub fn check_not_input(out: &Path, inputs: &[&Path]) -> Result<()> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let target = canon(out);
    for i in inputs {
        if canon(i) == target {
            return Err(Error::in_file(
                out,
                "refusing to overwrite an input file; choose another output name",
            ));
        }
    }
    Ok(())
}

/// Write bytes to `path` atomically.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir: PathBuf = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: std::io::Error| Error::output(path, format!("cannot write: {e}"));
    let mut tmp = temp_file(&dir, "").map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    // An interrupted command leaves the old file (or none), never a result of stopped work.
    crate::work::check_interrupted()?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// A temporary file beside the target, created as an ordinary file is (0666 less the umask),
/// not 0600, so that the saved file has the permissions a person expects.
pub fn temp_file(dir: &Path, suffix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// The table as CSV text (UTF-8, comma, missing values empty).
pub fn csv_bytes(table: &Table) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::input(format!("cannot format CSV: {e}"));
    w.write_record(table.columns.iter().map(|c| c.name.as_str()))
        .map_err(err)?;
    for row in 0..table.len() {
        w.write_record(
            table
                .columns
                .iter()
                .map(|c| c.key_at(row).unwrap_or_default()),
        )
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| Error::input(format!("cannot format CSV: {e}")))
}

fn ring_coords(ls: &geo::LineString<f64>) -> Value {
    Value::Array(ls.0.iter().map(|c| json!([c.x, c.y])).collect())
}

fn geometry_json(g: &MultiPolygon<f64>) -> Value {
    if g.0.is_empty() {
        return Value::Null;
    }
    let polys: Vec<Value> =
        g.0.iter()
            .map(|p| {
                let mut rings = vec![ring_coords(p.exterior())];
                rings.extend(p.interiors().iter().map(ring_coords));
                Value::Array(rings)
            })
            .collect();
    if polys.len() == 1 {
        json!({"type": "Polygon", "coordinates": polys[0]})
    } else {
        json!({"type": "MultiPolygon", "coordinates": polys})
    }
}

/// Areas and attributes as GeoJSON; a known CRS is declared in a `crs` member (CRS84 for WGS 84)
/// so that the file reads back as it was.
pub fn geojson_bytes(geoms: &[MultiPolygon<f64>], crs: Crs, table: &Table) -> Result<Vec<u8>> {
    let features: Vec<Value> = geoms
        .iter()
        .enumerate()
        .map(|(row, g)| {
            let mut props = Map::new();
            for c in &table.columns {
                let v = match &c.values {
                    Values::Number(v) => v[row].map_or(Value::Null, |x| json!(x)),
                    Values::Text(v) => v[row].as_ref().map_or(Value::Null, |s| json!(s)),
                };
                props.insert(c.name.clone(), v);
            }
            json!({"type": "Feature", "properties": props, "geometry": geometry_json(g)})
        })
        .collect();
    let mut fc = json!({"type": "FeatureCollection", "features": features});
    let name = match crs {
        Crs::Epsg(WGS84) => Some("urn:ogc:def:crs:OGC:1.3:CRS84".to_string()),
        Crs::Epsg(code) => Some(format!("urn:ogc:def:crs:EPSG::{code}")),
        Crs::Planar => None,
    };
    if let Some(name) = name {
        fc["crs"] = json!({"type": "name", "properties": {"name": name}});
    }
    serde_json::to_vec(&fc).map_err(|e| Error::input(format!("cannot format GeoJSON: {e}")))
}

/// Make sure `folder` is a folder to write files into (created with its parents if needed):
/// a file of that name is refused in words, not as the system's "File exists".
pub fn output_folder(folder: &Path) -> Result<()> {
    if folder.exists() && !folder.is_dir() {
        return Err(Error::output(
            folder,
            "is a file, not a folder: the files go into a folder (--out FOLDER)",
        ));
    }
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, &e))
}
