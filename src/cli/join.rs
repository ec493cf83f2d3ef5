//! `segatlas join LAYER TABLE --key FIELD[:TABLE_FIELD] [--out FILE] [--json]`.

use crate::data::expr::Expr;
use crate::data::join::{self, KeySpec};
use crate::data::table::Column;
use crate::data::{self, write};
use crate::error::{Error, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The areas (GeoJSON, GeoPackage, Shapefile, GeoParquet)
    layer: PathBuf,
    /// The statistics (CSV, Excel, Parquet, or another layer's attributes)
    table: PathBuf,
    /// The layer's key field, optionally with the table's: `deso` or `deso:region`
    #[arg(long)]
    key: String,
    /// Write the joined areas: .geojson (with geometry) or .csv (attributes)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Add a computed column: `NAME=EXPRESSION` or just an expression, e.g.
    /// `andel_utl=utlandsk_bakgrund_2022/folkmangd_2022*100`, `area_km2`, `density(folkmangd_2022)`
    #[arg(long = "var", value_name = "NAME=EXPRESSION")]
    vars: Vec<String>,
    /// List the keys of table rows that matched no area
    #[arg(long)]
    list_unmatched_rows: bool,
    /// The CRS of a layer whose file declares none, e.g. EPSG:4326
    #[arg(long)]
    crs: Option<String>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(a: &Args) -> Result<i32> {
    let mut layer = data::open_layer_declared(&a.layer)?;
    super::assume_crs(&mut layer, a.crs.as_deref())?;
    let layer = layer.crs_checked()?;
    let table = data::open_table(&a.table)?;
    let mut joined =
        join::join(&layer, &table, &KeySpec::parse(&a.key)).map_err(|e| e.with_file(&a.table))?;
    let area = layer.area_km2();
    for v in &a.vars {
        let (name, text) = match v.split_once('=') {
            Some((n, e)) if !n.trim().is_empty() => (n.trim(), e),
            _ => (v.as_str(), v.as_str()),
        };
        let values = Expr::values(text, &joined.table, Some(&area))?;
        joined.table.push(Column::number(name, values));
    }
    let r = &joined.report;
    let duplicate = join::duplicate_error(&table, r, &join::table_keys(&table, r))
        .map(|e| e.with_file(&a.table));
    if duplicate.is_none() {
        if let Some(out) = &a.out {
            write::check_not_input(out, &[&a.layer, &a.table])?;
            let ext = out
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let bytes = match ext.as_str() {
                "geojson" | "json" => {
                    write::geojson_bytes(&layer.geometries, layer.crs, &joined.table)?
                }
                "csv" => write::csv_bytes(&joined.table)?,
                other => {
                    return Err(Error::output(
                        out,
                        format!("cannot write '.{other}' files; use .geojson or .csv"),
                    ))
                }
            };
            write::atomic_write(out, &bytes)?;
        }
    }
    if a.json {
        let mut v = serde_json::to_value(r).unwrap_or_default();
        if a.list_unmatched_rows {
            v["unmatched_row_keys"] = json!(r.unmatched_row_keys);
        }
        v["notes"] = json!(table.notes);
        if let Some(out) = &a.out {
            v["out"] = json!(duplicate.is_none().then_some(out));
        }
        super::print_json(&v);
    } else {
        println!(
            "joined {} on {} = {} ({:?}): {} of {} areas matched",
            a.table.display(),
            r.layer_field,
            r.table_field,
            r.key_kind,
            r.matched,
            layer.len()
        );
        if !r.unmatched_areas.is_empty() {
            let shown: Vec<&str> = r
                .unmatched_areas
                .iter()
                .take(20)
                .map(String::as_str)
                .collect();
            println!(
                "  areas without statistics ({}): {}",
                r.unmatched_areas.len(),
                shown.join(", ")
            );
        }
        println!("  table rows without an area: {}", r.unmatched_rows);
        if a.list_unmatched_rows {
            for k in &r.unmatched_row_keys {
                println!("    {k}");
            }
        }
        for note in &table.notes {
            println!("  note: {note}");
        }
    }
    match duplicate {
        Some(e) => Err(e),
        None => Ok(0),
    }
}
