//! `segatlas transect PATH --id FIELD --line "x y, x y, …" [--line-crs EPSG:4326] [--var EXPR…]
//! [--json]`: the areas a line crosses in order along it, with the variables.

use super::input::LayerArgs;
use crate::analysis::transect::{crossings, length, parse_line, project_line};
use crate::data::crs::Crs;
use crate::data::expr::Expr;
use crate::error::Result;
use serde_json::{json, Map, Value};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The field that identifies the areas
    #[arg(long)]
    id: String,
    /// The line's points, "x y, x y, …" (longitude latitude by default)
    #[arg(long)]
    line: String,
    /// The CRS of the line's coordinates
    #[arg(long = "line-crs", default_value = "EPSG:4326")]
    line_crs: String,
    /// Variables to list along the line
    #[arg(long = "var")]
    vars: Vec<String>,
    /// Crossings shorter than this (metres) are dropped: slivers where neighbours overlap
    #[arg(long = "min-length", default_value_t = 1.0)]
    min_length: f64,
}

pub fn run(a: &Args) -> Result<i32> {
    let (layer, table) = a.input.load()?;
    let points = parse_line(&a.line)?;
    let line = project_line(&points, &Crs::from_name(&a.line_crs)?, &layer.working_crs)?;
    let area = layer.area_km2();
    let values: Vec<Vec<Option<f64>>> = a
        .vars
        .iter()
        .map(|v| Expr::values(v, &table, Some(&area)))
        .collect::<Result<_>>()
        .map_err(|e| a.input.err(e))?;
    let keys = table.require(&a.id).map_err(|e| a.input.err(e))?;
    let (name_field, _) = crate::data::table::identify_fields(&table);
    let names = name_field.as_deref().and_then(|f| table.column(f));
    let c = crossings(&layer.projected, &line, a.min_length);
    if a.input.json {
        let areas: Vec<Value> = c
            .iter()
            .map(|x| {
                let vals: Map<String, Value> = a
                    .vars
                    .iter()
                    .zip(&values)
                    .map(|(n, v)| (n.clone(), json!(v[x.row])))
                    .collect();
                json!({
                    "id": keys.key_at(x.row),
                    "name": names.and_then(|n| n.key_at(x.row)),
                    "from_m": x.from_m,
                    "to_m": x.to_m,
                    "values": vals,
                })
            })
            .collect();
        super::print_json(&json!({"length_m": length(&line), "areas": areas}));
    } else {
        for x in &c {
            let vals: Vec<String> = values
                .iter()
                .map(|v| v[x.row].map_or_else(|| "saknas".into(), |v| format!("{v:.1}")))
                .collect();
            println!(
                "{:>8.0}–{:<8.0} {} {} {}",
                x.from_m,
                x.to_m,
                keys.key_at(x.row).unwrap_or_default(),
                names.and_then(|n| n.key_at(x.row)).unwrap_or_default(),
                vals.join(" ")
            );
        }
    }
    Ok(0)
}
