//! `--years-from LAYER [--years-link FILE]` of `change` and `index --years`: a series whose later
//! (or earlier) years were published on other boundaries — DeSO 2025 beside DeSO 2018 — has
//! those years' columns moved onto this layer's areas first
//! ([`crate::analysis::interpolate::bring_years`]), and the output says which years were moved
//! and how.

use crate::analysis::interpolate::{bring_years, BroughtYear};
use crate::data::{self, Layer, Table};
use crate::error::Result;
use std::path::PathBuf;

#[derive(clap::Args, Clone, Default)]
pub struct YearsFrom {
    /// A layer with the years this one lacks (the same series on other boundaries): their
    /// columns are moved onto this layer's areas first (counts by area, rates as area-weighted
    /// means), and the output says so
    #[arg(long)]
    pub years_from: Option<PathBuf>,
    /// With --years-from: SCB's link table between its areas and these; areas it puts wholly in
    /// one of these are moved whole
    #[arg(long, requires = "years_from")]
    pub years_link: Option<PathBuf>,
}

impl YearsFrom {
    /// Move the missing years of `exprs` onto `layer` (added to `table`), each said on stderr
    /// when `say`; nothing without --years-from.
    pub fn bring(
        &self,
        layer: &Layer,
        table: &mut Table,
        exprs: &[String],
        years: &[i32],
        say: bool,
    ) -> Result<Vec<BroughtYear>> {
        let Some(path) = &self.years_from else {
            return Ok(Vec::new());
        };
        let other = data::open_layer_declared(path)?.crs_checked()?;
        let link = self
            .years_link
            .as_ref()
            .map(|p| data::open_table(p).map_err(|e| e.with_file(p)))
            .transpose()?;
        let brought = bring_years(
            layer,
            table,
            &other,
            &other.table,
            exprs,
            years,
            link.as_ref(),
        )?;
        if say {
            tell(&brought);
        }
        Ok(brought)
    }

    /// The files read, so that no output replaces them.
    pub fn inputs(&self) -> Vec<&std::path::Path> {
        self.years_from
            .iter()
            .chain(&self.years_link)
            .map(PathBuf::as_path)
            .collect()
    }
}

/// One line per moved year, for the terminal.
fn tell(brought: &[BroughtYear]) {
    for b in brought {
        let cols: Vec<&str> = b
            .extensive
            .iter()
            .chain(&b.intensive)
            .map(String::as_str)
            .collect();
        eprintln!(
            "segatlas: {} moved from {} onto these areas ({}): {}",
            b.year,
            b.from,
            b.method,
            cols.join(", ")
        );
    }
}
