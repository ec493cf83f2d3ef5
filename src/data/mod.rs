//! The area model and everything that reads it: layers of areas, tables of statistics,
//! coordinate reference systems, SCB's conventions, joins and variables.
//!
//! Nothing here knows about the user interface.

pub mod bundled;
pub mod cell;
pub mod counts;
pub mod crs;
pub mod expr;
pub mod formats;
pub mod inputs;
pub mod join;
pub mod labels;
pub mod layer;
pub mod read_note;
pub mod scb;
pub mod subset;
pub mod table;
pub mod validity;
pub mod write;

pub use layer::Layer;
pub use table::Table;

use crate::error::{Error, Result};
use std::path::Path;

/// What a file holds: areas with attributes, or a table of statistics.
pub enum Dataset {
    Layer(Box<Layer>),
    Table(Table),
}

/// The lower-case extension of a path.
fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Open any supported file, deciding by its extension; a layer whose declared CRS its
/// coordinates contradict is refused (see [`open_declared`]).
pub fn open(path: &Path) -> Result<Dataset> {
    match open_declared(path)? {
        Dataset::Layer(l) => Ok(Dataset::Layer(Box::new((*l).crs_checked()?))),
        t => Ok(t),
    }
}

/// [`open`] without refusing a contradicted CRS, for callers that may still set `--crs` and
/// then call [`Layer::crs_checked`].
pub fn open_declared(path: &Path) -> Result<Dataset> {
    inputs::register(path);
    match extension(path).as_str() {
        "geojson" | "json" | "gpkg" | "shp" => {
            open_layer(path).map(|l| Dataset::Layer(Box::new(l)))
        }
        "parquet" | "geoparquet" => match formats::parquet::read(path)? {
            formats::parquet::Parquet::Layer(l) => Ok(Dataset::Layer(l)),
            formats::parquet::Parquet::Table(t) => Ok(Dataset::Table(scb::tidy(t))),
        },
        _ => open_table(path).map(Dataset::Table),
    }
}

/// Open a file of area boundaries; a declared CRS its coordinates contradict is refused.
pub fn open_layer(path: &Path) -> Result<Layer> {
    open_layer_declared(path)?.crs_checked()
}

/// [`open_layer`] without refusing a contradicted CRS (`--crs` may still say what it is).
pub fn open_layer_declared(path: &Path) -> Result<Layer> {
    inputs::register(path);
    match extension(path).as_str() {
        "geojson" | "json" => formats::geojson::read(path),
        "gpkg" => formats::gpkg::read(path),
        "shp" => formats::shapefile::read(path),
        "parquet" | "geoparquet" => match formats::parquet::read(path)? {
            formats::parquet::Parquet::Layer(l) => Ok(*l),
            formats::parquet::Parquet::Table(_) => Err(Error::in_file(
                path,
                "this Parquet file has no geometry (no GeoParquet 'geo' metadata)",
            )),
        },
        other => Err(Error::in_file(
            path,
            format!(
                "unsupported boundary format '.{other}' (use GeoJSON, GeoPackage, Shapefile or GeoParquet)"
            ),
        )),
    }
}

/// Open a file of statistics (CSV, Excel, Parquet), with SCB's labels split and long tables pivoted.
pub fn open_table(path: &Path) -> Result<Table> {
    inputs::register(path);
    let table = match extension(path).as_str() {
        "csv" | "tsv" | "txt" => formats::csv::read(path)?,
        "xlsx" | "xlsm" | "xls" | "ods" => formats::xlsx::read(path)?,
        "parquet" => match formats::parquet::read(path)? {
            formats::parquet::Parquet::Table(t) => t,
            formats::parquet::Parquet::Layer(l) => l.table,
        },
        "geojson" | "json" | "gpkg" | "shp" => open_layer(path)?.table,
        "" => {
            return Err(Error::in_file(
                path,
                "the file name has no extension: name a table .csv, .xlsx or .parquet",
            ))
        }
        other => {
            return Err(Error::in_file(
                path,
                format!("unsupported table format '.{other}' (use CSV, Excel .xlsx or Parquet)"),
            ))
        }
    };
    Ok(scb::tidy(table))
}
