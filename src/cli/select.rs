//! `segatlas select PATH --id FIELD --rule "EXPR >= mean + 1 sd and …" [--out FILE.csv|.geojson]
//! [--json]`: the areas meeting threshold rules (e.g. the 2022 state-grant rule).

use super::input::LayerArgs;
use crate::analysis::rules::Rule;
use crate::data::write::{atomic_write, check_not_input, csv_bytes, geojson_bytes};
use crate::error::Result;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The field that identifies the areas
    #[arg(long)]
    id: String,
    /// Conditions joined by `and`: VARIABLE (>=|>|<=|<|=) (NUMBER | mean [± K sd])
    #[arg(long)]
    rule: String,
    /// Write the selected areas: .csv (attributes) or .geojson (with geometry)
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(a: &Args) -> Result<i32> {
    let (layer, table) = a.input.load()?;
    let rule = Rule::parse(&a.rule)?;
    let area = layer.area_km2();
    let s = rule
        .select(&table, Some(&area))
        .map_err(|e| a.input.err(e))?;
    let keys = table.require(&a.id).map_err(|e| a.input.err(e))?;
    let ids: Vec<Option<String>> = s.selected.iter().map(|&r| keys.key_at(r)).collect();
    if let Some(out) = &a.out {
        check_not_input(out, &[&a.input.path])?;
        let rows: Vec<Option<usize>> = s.selected.iter().map(|&r| Some(r)).collect();
        let sub = table.take_rows(&rows);
        let bytes = if out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("geojson"))
        {
            let geoms: Vec<_> = s
                .selected
                .iter()
                .map(|&r| layer.geometries[r].clone())
                .collect();
            geojson_bytes(&geoms, layer.crs, &sub)?
        } else {
            csv_bytes(&sub)?
        };
        atomic_write(out, &bytes)?;
    }
    if a.input.json {
        let conditions: Vec<_> = rule
            .conditions
            .iter()
            .zip(&s.thresholds)
            .map(|(c, (t, m, sd, n))| {
                json!({"condition": c.text, "threshold": t, "mean": m, "sd": sd, "areas": n})
            })
            .collect();
        super::print_json(&json!({
            "selected": ids,
            "count": ids.len(),
            "missing": s.missing,
            "conditions": conditions,
        }));
    } else {
        for (c, (t, _, _, n)) in rule.conditions.iter().zip(&s.thresholds) {
            println!("{}: threshold {t:.3}, {n} areas", c.text);
        }
        println!(
            "selected {} areas ({} missing a value):",
            ids.len(),
            s.missing
        );
        for id in ids.iter().flatten() {
            println!("  {id}");
        }
    }
    Ok(0)
}
