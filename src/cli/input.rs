//! The options every command that reads a layer shares, defined once: the layer, statistics
//! joined onto it (`--stats`, `--key`), its CRS when the file declares none (`--crs`), a filter
//! (`--where`), what analyses do with missing values (`--missing`) and `--json`.

use crate::data::subset::Missing;
use crate::data::{self, expr::Expr, Dataset, Layer, Table};
use crate::error::{Error, Result};
use std::path::PathBuf;

#[derive(clap::Args, Clone, Debug)]
pub struct LayerArgs {
    /// A layer of areas (GeoJSON, GeoPackage, Shapefile, GeoParquet)
    pub path: PathBuf,
    /// Statistics to join onto the areas first (CSV, Excel, Parquet; SCB's exports)
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// The join key for --stats: FIELD, FIELD:TABLE_FIELD, or FIELD@YEAR for one file per year
    #[arg(long, alias = "join")]
    pub key: Option<String>,
    /// The CRS of a layer whose file declares none: EPSG:CODE, or `planar` for plain x/y
    /// coordinates (a legacy GeoJSON such as PySAL's Columbus)
    #[arg(long)]
    pub crs: Option<String>,
    /// Only the areas where this holds: FIELD=VALUE (kommun=0180) or an expression
    /// (folkmangd_2022 >= 1000, kommun == '0180' and lag_ekonomisk_standard_pct_2022 > 20)
    #[arg(long = "where")]
    pub filter: Option<String>,
    /// Areas missing a value an analysis needs: skip (left out and named in the result, as
    /// GeoDa) or error
    #[arg(long, default_value = "skip")]
    pub missing: String,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

impl LayerArgs {
    /// The layer and its attributes (statistics joined, `--where` applied). Join problems are
    /// reported on stderr: unmatched keys are never silent.
    pub fn load(&self) -> Result<(Layer, Table)> {
        self.filtered(data::open_layer_declared(&self.path)?)
    }

    /// A layer already read, prepared as [`LayerArgs::load`] prepares it.
    fn filtered(&self, layer: Layer) -> Result<(Layer, Table)> {
        let (layer, table) = self.prepared(layer)?;
        let rows = self
            .rows_where(&table, Some(&layer.area_km2()))
            .map_err(|e| e.with_file(&self.path))?;
        match rows {
            None => Ok((layer, table)),
            Some(rows) => {
                let sub = layer.subset(&rows);
                let t = table.take_rows(&rows.iter().map(|&r| Some(r)).collect::<Vec<_>>());
                Ok((sub, t))
            }
        }
    }

    /// The layer and its attributes without `--where` (for commands that apply it themselves).
    pub fn load_all(&self) -> Result<(Layer, Table)> {
        self.prepared(data::open_layer_declared(&self.path)?)
    }

    /// The layer with its CRS declared and the statistics joined.
    fn prepared(&self, mut layer: Layer) -> Result<(Layer, Table)> {
        if let Some(crs) = &self.crs {
            layer
                .assume_crs(data::crs::Crs::from_name(crs)?)
                .map_err(|e| e.with_file(&self.path))?;
        }
        let layer = layer.crs_checked()?;
        let table = self.join(&layer)?;
        Ok((layer, table))
    }

    /// A layer (with its area sizes) or a plain table, for commands that take either.
    pub fn load_any(&self) -> Result<(Option<Layer>, Table)> {
        match data::open_declared(&self.path)? {
            Dataset::Layer(l) => {
                let (l, t) = self.filtered(*l)?;
                Ok((Some(l), t))
            }
            Dataset::Table(t) => {
                if self.stats.is_some() {
                    return Err(self.err(Error::input(
                        "--stats joins statistics onto areas; this file is a table without geometry",
                    )));
                }
                let rows = self.rows_where(&t, None)?;
                let t = match rows {
                    Some(rows) => t.take_rows(&rows.into_iter().map(Some).collect::<Vec<_>>()),
                    None => t,
                };
                Ok((None, t))
            }
        }
    }

    /// A layer, or a table of areas without geometry (SCB's national DeSO table) as a layer whose
    /// areas have no places; the flag says which (true: a table).
    pub fn load_layer_or_table(&self) -> Result<(Layer, Table, bool)> {
        Ok(match self.load_any()? {
            (Some(layer), table) => (layer, table, false),
            (None, table) => (
                Layer::without_geometries(table.clone(), &self.path),
                table,
                true,
            ),
        })
    }

    /// What analyses do with missing values.
    pub fn missing(&self) -> Result<Missing> {
        Missing::from_name(&self.missing)
    }

    fn join(&self, layer: &Layer) -> Result<Table> {
        match (&self.stats, &self.key) {
            (Some(stats), Some(key)) => {
                let t = data::open_table(stats)?;
                let spec = data::join::KeySpec::parse(key);
                let joined = data::join::join(layer, &t, &spec).map_err(|e| e.with_file(stats))?;
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
                Ok(joined.table)
            }
            (Some(_), None) => Err(Error::input(
                "--stats needs --key FIELD[:TABLE_FIELD] (the field that links areas and rows)",
            )),
            (None, Some(_)) => Err(Error::input(
                "--key is the join key of --stats; give --stats too",
            )),
            (None, None) => Ok(layer.table.clone()),
        }
    }

    /// The rows `--where` keeps, or None without a filter.
    fn rows_where(&self, table: &Table, area: Option<&[f64]>) -> Result<Option<Vec<usize>>> {
        let Some(text) = &self.filter else {
            return Ok(None);
        };
        let rows = rows_where(text, table, area)?;
        if rows.is_empty() {
            return Err(Error::input(format!("--where '{text}': no area has it")));
        }
        Ok(Some(rows))
    }

    /// Tag an error with the layer's file.
    pub fn err(&self, e: Error) -> Error {
        e.with_file(&self.path)
    }
}

/// The rows where a filter holds: `FIELD=VALUE` (equality of the field's text, for codes such
/// as `kommun=0180`) or an expression that is true (non-zero) there.
pub fn rows_where(text: &str, table: &Table, area: Option<&[f64]>) -> Result<Vec<usize>> {
    if let Some((field, value)) = text.split_once('=') {
        let plain = !field.ends_with(['<', '>', '!', '=']) && !value.starts_with('=');
        if let (true, Some(col)) = (plain, table.column(field.trim())) {
            let value = value.trim().trim_matches('\'');
            return Ok((0..table.len())
                .filter(|&r| col.key_at(r).as_deref() == Some(value))
                .collect());
        }
    }
    let v = Expr::values(text, table, area)?;
    Ok(v.iter()
        .enumerate()
        .filter(|(_, x)| x.is_some_and(|x| x != 0.0))
        .map(|(r, _)| r)
        .collect())
}

/// A list of variables as typed (`A,B,C`), unless the whole text is one variable: SCB's column
/// names hold commas (`Medianvärde, tkr nettoinkomst totalt 2022`), and such a name (or an
/// expression using it) is one variable, not two.
pub fn variables(text: &str, table: &Table) -> Vec<String> {
    if Expr::for_table(text, table).is_ok() {
        vec![text.trim().to_string()]
    } else {
        crate::data::expr::split_list(text)
    }
}
