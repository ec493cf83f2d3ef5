//! One reader per file format. Each turns a file into a [`crate::data::Layer`] or a
//! [`crate::data::Table`] and reports problems with the file and place; none writes anything.

pub mod csv;
pub mod geojson;
pub mod gpkg;
pub mod parquet;
pub mod shapefile;
pub mod wkb;
pub mod xlsx;
