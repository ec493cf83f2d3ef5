//! The input shared by the compare-and-follow-up commands: a layer, optionally with statistics
//! joined onto it, and its CRS when the file declares none.

use crate::data::{self, Layer, Table};
use crate::error::{Error, Result};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct LayerInput {
    /// A layer of areas
    pub path: PathBuf,
    /// Statistics to join onto the areas first
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// The join key for --stats: FIELD or FIELD:TABLE_FIELD
    #[arg(long = "join")]
    pub join: Option<String>,
    /// The CRS of a layer whose file declares none, e.g. EPSG:4326
    #[arg(long)]
    pub crs: Option<String>,
}

impl LayerInput {
    /// The layer and its attributes (with the statistics joined). Join problems are reported on
    /// stderr: unmatched keys are never silent.
    pub fn load(&self) -> Result<(Layer, Table)> {
        let mut layer = data::open_layer(&self.path)?;
        super::assume_crs(&mut layer, self.crs.as_deref())?;
        let table = match (&self.stats, &self.join) {
            (Some(stats), Some(key)) => {
                let t = data::open_table(stats)?;
                let spec = data::join::KeySpec::parse(key);
                let joined = data::join::join(&layer, &t, &spec).map_err(|e| e.with_file(stats))?;
                let r = &joined.report;
                if !r.unmatched_areas.is_empty() || r.unmatched_rows > 0 {
                    eprintln!(
                        "segatlas: join of {}: {} areas matched, {} areas without statistics, {} rows without an area",
                        stats.display(),
                        r.matched,
                        r.unmatched_areas.len(),
                        r.unmatched_rows
                    );
                }
                joined.table
            }
            (Some(_), None) => {
                return Err(Error::input("--stats needs --join FIELD[:TABLE_FIELD]"))
            }
            _ => layer.table.clone(),
        };
        Ok((layer, table))
    }

    /// Tag an error with the layer's file.
    pub fn err(&self, e: Error) -> Error {
        e.with_file(&self.path)
    }
}
