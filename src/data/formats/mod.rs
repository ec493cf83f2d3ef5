//! One reader per file format. Each turns a file into a [`crate::data::Layer`] or a
//! [`crate::data::Table`] and reports problems with the file and place. Only `gpkg_write`
//! writes (GeoPackage output, atomically); the readers never touch their input.

pub mod csv;
pub mod geojson;
pub mod gpkg;
pub mod gpkg_write;
pub mod parquet;
mod parquet_footer;
pub mod shapefile;
pub mod wkb;
pub mod xlsx;
