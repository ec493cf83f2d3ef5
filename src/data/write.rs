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
    crate::data::inputs::guard(out)?;
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

/// How many files this run has written (each whole): an interrupted command says how many
/// it wrote before it stopped.
static WRITTEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Count a file written whole.
pub fn count_written() {
    WRITTEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// The files this run has written whole so far.
pub fn written() -> usize {
    WRITTEN.load(std::sync::atomic::Ordering::SeqCst)
}

#[cfg(test)]
thread_local! {
    /// Tests make this thread's next write fail just before its rename, as an interruption does.
    static FAIL_BEFORE_RENAME: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The last moment a write can still stop and leave the old file: the command was interrupted
/// (or, in tests, a failure was asked for).
pub fn before_rename() -> Result<()> {
    #[cfg(test)]
    if FAIL_BEFORE_RENAME.with(|f| f.replace(false)) {
        return Err(Error::cancelled());
    }
    crate::work::check_interrupted()
}

/// Write bytes to `path` atomically.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::data::inputs::guard(path)?;
    let dir: PathBuf = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: std::io::Error| Error::output(path, format!("cannot write: {e}"));
    let mut tmp = temp_file(&dir, "").map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    // An interrupted command leaves the old file (or none), never a result of stopped work.
    before_rename()?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    count_written();
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

/// File names made from values (a municipality's code and name, a scenario's name) after their
/// characters were cleaned can fall together (`a/b` and `a_b`; `Plan` and `plan` on a file
/// system that ignores case): each later one gets `_2`, `_3`, … before its extension, so no file
/// is written over another. The names keep their order.
pub fn distinct_names(names: &[String]) -> Vec<String> {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    names
        .iter()
        .map(|name| {
            let (stem, ext) = match name.rfind('.') {
                Some(i) if i > 0 => (&name[..i], &name[i..]),
                _ => (name.as_str(), ""),
            };
            let mut candidate = name.clone();
            let mut k = 2;
            while !seen.insert(candidate.to_lowercase()) {
                candidate = format!("{stem}_{k}{ext}");
                k += 1;
            }
            candidate
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;
    use geo::polygon;

    /// Every output kind: a write that fails at its last moment keeps the old file byte for byte
    /// and leaves no temporary file beside it.
    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let square = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)];
        let geoms = vec![MultiPolygon::new(vec![square])];
        let table = Table::new(vec![Column::number("v", vec![Some(1.0)])]).unwrap();
        let fail_next = || FAIL_BEFORE_RENAME.with(|f| f.set(true));
        let old = b"the old file, kept byte for byte".to_vec();
        type Writer<'a> = Box<dyn Fn(&Path) -> Result<()> + 'a>;
        let kinds: Vec<(&str, Writer)> = vec![
            (
                "geojson",
                Box::new(|p: &Path| areas(p, "a", "areas", &geoms, Crs::Planar, &table)),
            ),
            (
                "gpkg",
                Box::new(|p: &Path| areas(p, "a", "areas", &geoms, Crs::Planar, &table)),
            ),
            (
                "csv",
                Box::new(|p: &Path| areas(p, "a", "areas", &geoms, Crs::Planar, &table)),
            ),
            ("svg", Box::new(|p: &Path| atomic_write(p, b"<svg/>"))),
            (
                "png",
                Box::new(|p: &Path| atomic_write(p, &[0x89, b'P', b'N', b'G'])),
            ),
            ("pdf", Box::new(|p: &Path| atomic_write(p, b"%PDF-1.7"))),
            (
                "segatlas.json",
                Box::new(|p: &Path| {
                    let project = crate::project::Project {
                        segatlas_project: 1,
                        layer: "layer.geojson".into(),
                        stats: None,
                        key: None,
                        more_stats: Vec::new(),
                        crs: None,
                        style: Default::default(),
                        figure: Default::default(),
                        selection: Vec::new(),
                        selection_key: None,
                        analyses: Default::default(),
                    };
                    project.save(p)
                }),
            ),
        ];
        for (ext, write) in &kinds {
            let path = dir.path().join(format!("out.{ext}"));
            std::fs::write(&path, &old).unwrap();
            fail_next();
            assert!(write(&path).is_err(), "{ext}: the write should fail");
            assert_eq!(std::fs::read(&path).unwrap(), old, "{ext}");
            let others: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name())
                .filter(|n| !n.to_string_lossy().starts_with("out."))
                .collect();
            assert!(others.is_empty(), "{ext}: left {others:?}");
            // Without the failure the same write replaces the file.
            write(&path).unwrap();
            assert_ne!(std::fs::read(&path).unwrap(), old, "{ext}");
        }
    }

    #[test]
    fn names_that_clean_to_one_file_get_distinct_files() {
        let names: Vec<String> = ["a_b.pdf", "a_b.pdf", "Plan.svg", "plan.svg", "x", "a_b.pdf"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            distinct_names(&names),
            [
                "a_b.pdf",
                "a_b_2.pdf",
                "Plan.svg",
                "plan_2.svg",
                "x",
                "a_b_3.pdf"
            ]
        );
    }
}
