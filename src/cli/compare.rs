//! `segatlas compare PATH --id FIELD --areas ID,ID,… --var EXPR [--var EXPR…]
//! [--reference FIELD…] [--json]`: areas (or groups of areas sharing a key) side by side with
//! the reference units they lie in and the whole layer, from summed counts.

use super::input::LayerArgs;
use crate::analysis::compare::{compare, Comparison};
use crate::data::table::identify_fields;
use crate::error::Result;
use serde_json::{json, Map, Value};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The field that identifies the areas; a value shared by several areas makes a group
    #[arg(long)]
    id: String,
    /// The areas (values of --key), comma-separated
    #[arg(long, value_delimiter = ',', required = true)]
    areas: Vec<String>,
    /// A variable: a column or an expression such as `sysselsatta_16_64_2022/befolkning_16_64_2022*100`
    #[arg(long = "var", required = true)]
    vars: Vec<String>,
    /// A field of larger units to compare with (e.g. kommun, lan_kod); may be repeated
    #[arg(long)]
    reference: Vec<String>,
}

fn object(names: &[String], values: &[Option<f64>]) -> Value {
    Value::Object(
        names
            .iter()
            .zip(values)
            .map(|(n, v)| (n.clone(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

pub fn run(a: &Args) -> Result<i32> {
    let (layer, table) = a.input.load()?;
    let area = layer.area_km2();
    let c = compare(&table, Some(&area), &a.id, &a.areas, &a.vars, &a.reference)
        .map_err(|e| a.input.err(e))?;
    let (name_field, _) = identify_fields(&table);
    let name_of = |u: &crate::analysis::compare::Unit| {
        name_field.as_ref().and_then(|f| {
            let col = table.column(f)?;
            let first = col.key_at(u.rows[0]);
            u.rows
                .iter()
                .all(|&r| col.key_at(r) == first)
                .then_some(first)?
        })
    };
    if a.input.json {
        super::print_json(&to_json(&c, &a.reference, &name_of));
    } else {
        print_text(&c, &name_of);
    }
    Ok(0)
}

fn to_json(
    c: &Comparison,
    reference_fields: &[String],
    name_of: &dyn Fn(&crate::analysis::compare::Unit) -> Option<String>,
) -> Value {
    let areas: Vec<Value> = c
        .units
        .iter()
        .map(|u| {
            let refs: Map<String, Value> = reference_fields
                .iter()
                .zip(&u.references)
                .map(|(f, v)| (f.clone(), json!(v)))
                .collect();
            json!({
                "id": u.id,
                "name": name_of(u),
                "areas": u.rows.len(),
                "values": object(&c.variables, &u.values),
                "ranks": Value::Object(c.variables.iter().zip(&u.ranks).map(|(n, r)| (n.clone(), json!(r))).collect()),
                "percentiles": object(&c.variables, &u.percentiles),
                "missing": Value::Object(c.variables.iter().zip(&u.missing).map(|(n, m)| (n.clone(), json!(m))).collect()),
                "reference": refs,
            })
        })
        .collect();
    let reference: Map<String, Value> = c
        .references
        .iter()
        .map(|r| (r.value.clone(), object(&c.variables, &r.values)))
        .collect();
    let not_aggregable: Vec<&String> = c
        .variables
        .iter()
        .zip(&c.aggregable)
        .filter(|(_, a)| !**a)
        .map(|(v, _)| v)
        .collect();
    json!({
        "areas": areas,
        "reference": reference,
        "layer": object(&c.variables, &c.layer),
        "not_aggregable": not_aggregable,
    })
}

fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "saknas".into(), |v| format!("{v:.2}"))
}

fn print_text(c: &Comparison, name_of: &dyn Fn(&crate::analysis::compare::Unit) -> Option<String>) {
    for (i, var) in c.variables.iter().enumerate() {
        let mark = if c.aggregable[i] {
            ""
        } else {
            "  (not aggregable: per area only)"
        };
        println!("{var}{mark}");
        for u in &c.units {
            let rank = u.ranks[i]
                .map(|r| format!("  rank {r}"))
                .unwrap_or_default();
            println!(
                "  {:<30} {:>12}{rank}",
                format!("{} {}", u.id, name_of(u).unwrap_or_default()),
                show(u.values[i])
            );
        }
        for r in &c.references {
            println!(
                "  {:<30} {:>12}",
                format!("{} = {}", r.field, r.value),
                show(r.values[i])
            );
        }
        println!("  {:<30} {:>12}", "all areas", show(c.layer[i]));
    }
}
