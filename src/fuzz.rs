//! Fuzz targets: for each reader and parser, a function that takes any bytes, reads them as the
//! reader would read a file, and throws the result away — an error is fine, a panic, abort or
//! hang is a finding. `fuzz/` runs these under AFL++ (`cargo afl`), and the test suite replays
//! every target over its seeds and the inputs kept in `fuzz/regressions`, so a fixed crash
//! stays fixed. Readers that take a path get the bytes in a temporary file of the right
//! extension.

use crate::data::{self, expr::Expr, table::Column, table::Table};
use std::path::Path;

/// The targets, as `fuzz/` and the replay test name them.
pub const TARGETS: &[&str] = &[
    "geojson",
    "gpkg",
    "shapefile",
    "geoparquet",
    "csv",
    "xlsx",
    "gal",
    "gwt",
    "project",
    "expr",
    "analyses",
];

/// Read `bytes` as `target` reads a file. Unknown targets do nothing.
pub fn run(target: &str, bytes: &[u8]) {
    match target {
        "geojson" => {
            let _ = data::formats::geojson::parse(Path::new("fuzz.geojson"), bytes);
        }
        "csv" => {
            let _ = data::formats::csv::parse(Path::new("fuzz.csv"), bytes);
        }
        "geoparquet" => {
            let _ = data::formats::parquet::parse(Path::new("fuzz.parquet"), bytes.to_vec());
        }
        "expr" => expression(bytes),
        "analyses" => analyses(bytes),
        "shapefile" => {
            // The first 4 bytes give the length of the .shp; the rest after it is the .dbf.
            let (shp, dbf) = split(bytes);
            with_files(&[("fuzz.shp", shp), ("fuzz.dbf", dbf)], |p| {
                let _ = data::open_layer(p);
            });
        }
        "gpkg" => with_files(&[("fuzz.gpkg", bytes)], |p| {
            let _ = data::open_layer(p);
        }),
        "xlsx" => with_files(&[("fuzz.xlsx", bytes)], |p| {
            let _ = data::open_table(p);
        }),
        "gal" | "gwt" => {
            let name = format!("fuzz.{target}");
            with_files(&[(&name, bytes)], |p| {
                let _ = crate::spatial::files::read(p);
            })
        }
        "project" => with_files(&[("fuzz.segatlas.json", bytes)], |p| {
            let _ = crate::project::Project::load(p);
        }),
        _ => {}
    }
}

/// A `.shp` and a `.dbf` in one input (see [`run`]), and the reverse for seeds.
fn split(bytes: &[u8]) -> (&[u8], &[u8]) {
    if bytes.len() < 4 {
        return (bytes, &[]);
    }
    let n = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let rest = &bytes[4..];
    rest.split_at(n.min(rest.len()))
}

/// One input holding a `.shp` and its `.dbf`, as the shapefile target reads it.
pub fn shapefile_input(shp: &[u8], dbf: &[u8]) -> Vec<u8> {
    let mut v = (shp.len() as u32).to_le_bytes().to_vec();
    v.extend_from_slice(shp);
    v.extend_from_slice(dbf);
    v
}

/// The bytes as a GeoJSON layer (planar), then every analysis on it: weights of each kind,
/// the whole index catalogue on its first two numeric fields as group and total (and at a
/// distance, on weights and as multigroup counts), Moran's I, regions, area types and every
/// classification scheme. Refusals are fine; a panic, abort or hang is a finding.
fn analyses(bytes: &[u8]) {
    use crate::spatial::WeightsSpec;
    let Ok(mut layer) = data::formats::geojson::parse(Path::new("fuzz.geojson"), bytes) else {
        return;
    };
    if layer.len() > 2_000 || layer.assume_crs(data::crs::Crs::Planar).is_err() {
        return;
    }
    let table = layer.table.clone();
    let numeric: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.field_type() == data::table::FieldType::Number)
        .map(|c| c.name.clone())
        .collect();
    let rows: Vec<usize> = (0..layer.len())
        .filter(|&r| layer.has_geometry(r))
        .collect();
    for spec in [
        WeightsSpec::Queen,
        WeightsSpec::Rook,
        WeightsSpec::Knn(2),
        WeightsSpec::Band(1.5, None),
    ] {
        if let Ok(w) = crate::spatial::build_rows(&layer, &rows, &spec, 0.0) {
            let y: Vec<f64> = (0..rows.len()).map(|i| i as f64).collect();
            let _ = crate::measures::autocorrelation::moran::moran(&y, &w, 9, 1);
        }
    }
    let [g, t, ..] = numeric.as_slice() else {
        return;
    };
    let base = crate::analysis::segregation::Request {
        group: Some(g.clone()),
        total: Some(t.clone()),
        names: crate::measures::segregation::REGISTRY
            .iter()
            .map(|m| m.name)
            .collect(),
        permutations: 9,
        ..Default::default()
    };
    for req in [
        base.clone(),
        crate::analysis::segregation::Request {
            distance: vec![0.0, 2.0],
            names: vec!["dissim", "isolation"],
            ..base.clone()
        },
        crate::analysis::segregation::Request {
            weights: Some("queen".into()),
            names: vec!["dissim"],
            ..base.clone()
        },
        crate::analysis::segregation::Request {
            group: None,
            total: None,
            groups: vec![g.clone(), t.clone()],
            ..base.clone()
        },
    ] {
        let _ = crate::analysis::segregation::run(&layer, &table, &req);
    }
    let mut r =
        crate::analysis::regions::Request::new(crate::regions::Method::Skater, vec![g.clone()]);
    r.k = Some(2);
    r.tolerance = 0.0;
    let _ = crate::analysis::regions::run(&layer, &table, &r, data::subset::Missing::Skip);
    let col = |n: &String| {
        table
            .numbers(n)
            .map(<[Option<f64>]>::to_vec)
            .unwrap_or_default()
    };
    let (a, b) = (col(g), col(t));
    let _ = crate::analysis::areatypes::area_types([&a, &b, &a], Some(&b));
    for name in crate::classify::Scheme::NAMES {
        if let Ok(s) = crate::classify::Scheme::from_name(name, 3, 1.5, &[]) {
            let _ = crate::classify::classify(&a, &s);
        }
    }
}

/// The bytes as an expression, parsed and evaluated on a small table.
fn expression(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(table) = Table::new(vec![
        Column::number("a", vec![Some(1.0), None, Some(-2.5)]),
        Column::number("folkmangd_2022", vec![Some(100.0), Some(0.0), Some(3.0)]),
        Column::text(
            "kommun",
            vec![Some("0180".into()), None, Some("0114".into())],
        ),
    ]) else {
        return;
    };
    if let Ok(e) = Expr::parse(text) {
        let _ = e.evaluate(&table, Some(&[1.0, 2.0, 0.0]));
    }
}

/// Write the files into a fresh temporary folder and call `f` with the first one's path.
fn with_files(files: &[(&str, &[u8])], f: impl FnOnce(&Path)) {
    let Ok(dir) = tempfile::tempdir() else { return };
    for (name, bytes) in files {
        if std::fs::write(dir.path().join(name), bytes).is_err() {
            return;
        }
    }
    f(&dir.path().join(files[0].0));
}
