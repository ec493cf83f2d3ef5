//! `segatlas difference PATH --group EXPR --total EXPR --index NAME (--group2 EXPR [--total2 EXPR]
//! | --path2 PATH2) [--where FILTER] [--where2 FILTER] [--test random-label|composition]
//! [--permutations N] [--seed S] [--decompose] [--elbers] [--json]`: is an index different between two
//! samples — two years or groups (`--group2`), two regions (`--where kommun=0180 --where2
//! kommun=0127`) or two files — and how much of the difference is spatial, how much attribute;
//! with `--elbers`, how much of the change in Theil's M is the margins and how much structure.

use super::input::{rows_where, LayerArgs};
use crate::analysis::difference::{comparable, run as compare, Request, Sample};
use crate::data::{self, Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::inference::TwoSample;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// The first sample's layer and its options (--where selects the first sample's areas)
    #[command(flatten)]
    input: LayerArgs,
    /// The group of the first sample
    #[arg(long)]
    group: String,
    /// The total of the first sample
    #[arg(long)]
    total: String,
    /// The second sample's group (another year or group on the same layer)
    #[arg(long)]
    group2: Option<String>,
    /// The second sample's total (default: --total)
    #[arg(long)]
    total2: Option<String>,
    /// The second sample's layer (default: the first)
    #[arg(long)]
    path2: Option<PathBuf>,
    /// Only the areas where FIELD = VALUE in the second sample
    #[arg(long)]
    where2: Option<String>,
    /// A single-group index of the registry
    #[arg(long, default_value = "dissim")]
    index: String,
    /// random-label (aspatial indices) or composition
    #[arg(long, default_value = "composition")]
    test: String,
    #[arg(long, default_value_t = 999)]
    permutations: usize,
    #[arg(long, default_value_t = crate::measures::segregation::corrected::DEFAULT_SEED)]
    seed: u64,
    /// Split the difference into a spatial and an attribute component (Shapley)
    #[arg(long)]
    decompose: bool,
    /// Also split the change in Theil's M (the group against the rest) into its unit-marginal,
    /// group-marginal and structural parts (Elbers' Shapley decomposition); two years of one
    /// layer (--group2/--total2)
    #[arg(long)]
    elbers: bool,
}

pub fn run(a: &Args) -> Result<i32> {
    let test = TwoSample::from_name(&a.test)?;
    super::check::permutations(a.permutations)?;
    comparable(&a.index, test)?;
    let (layer1, table1) = a.input.load_all()?;
    let missing = a.input.missing()?;
    let path = &a.input.path;
    let rows = |filter: Option<&str>, layer: &Layer, table: &Table| -> Result<Option<Vec<usize>>> {
        let Some(f) = filter else { return Ok(None) };
        let rows = rows_where(f, table, Some(&layer.area_km2()))?;
        if rows.is_empty() {
            return Err(Error::input(format!("no area has {f}")));
        }
        Ok(Some(rows))
    };
    let rows1 = rows(a.input.filter.as_deref(), &layer1, &table1).map_err(|e| e.with_file(path))?;
    let group2 = a.group2.as_deref().unwrap_or(&a.group);
    let total2 = a.total2.as_deref().unwrap_or(&a.total);
    let second = match &a.path2 {
        Some(p2) => {
            let mut l2 = data::open_layer_declared(p2)?;
            if let Some(crs) = &a.input.crs {
                l2.assume_crs(data::crs::Crs::from_name(crs)?)?;
            }
            let l2 = l2.crs_checked()?;
            let t2 = l2.table.clone();
            Some((l2, t2))
        }
        None => {
            if a.group2.is_none() && a.total2.is_none() && a.where2.is_none() {
                return Err(Error::input(
                    "give the second sample: --group2 (another year or group), --where2 (another region) or --path2",
                ));
            }
            None
        }
    };
    let (layer2, table2, path2) = match &second {
        Some((l, t)) => (l, t, a.path2.as_deref().unwrap_or(path)),
        None => (&layer1, &table1, path.as_path()),
    };
    let rows2 = rows(a.where2.as_deref(), layer2, table2).map_err(|e| e.with_file(path2))?;
    let s1 = Sample {
        layer: &layer1,
        table: &table1,
        group: a.group.clone(),
        total: a.total.clone(),
        rows: rows1,
    };
    let s2 = Sample {
        layer: layer2,
        table: table2,
        group: group2.to_string(),
        total: total2.to_string(),
        rows: rows2,
    };
    let req = Request {
        index: a.index.clone(),
        test,
        permutations: a.permutations,
        seed: a.seed,
        decompose: a.decompose,
        missing,
    };
    let start = Instant::now();
    let o = compare(&s1, &s2, &req).map_err(|e| e.with_file(path))?;
    let elbers = if a.elbers {
        Some(crate::analysis::difference::elbers(&s1, &s2).map_err(|e| e.with_file(path))?)
    } else {
        None
    };
    let mut out = json!({
        "index": o.index,
        "value_1": o.value_1,
        "value_2": o.value_2,
        "difference": o.value_1 - o.value_2,
        "test": a.test,
        "p_value": o.p_value,
        "null_mean": o.null_mean,
        "permutations": o.permutations,
        "excluded_1": o.excluded_1,
        "excluded_2": o.excluded_2,
    });
    if let Some((spatial, attribute)) = o.components {
        out["spatial_component"] = json!(spatial);
        out["attribute_component"] = json!(attribute);
    }
    if let Some(e) = &elbers {
        out["elbers"] = serde_json::to_value(e).unwrap_or_default();
    }
    out["elapsed_ms"] = json!(start.elapsed().as_secs_f64() * 1000.0);
    crate::work::check_interrupted()?;
    if a.input.json {
        super::print_json(&out);
    } else {
        println!(
            "{}: {:.4} − {:.4} = {:.4}, p = {:.4} ({}, {} simulations)",
            o.index,
            o.value_1,
            o.value_2,
            o.value_1 - o.value_2,
            o.p_value,
            a.test,
            o.permutations
        );
        if let Some((spatial, attribute)) = o.components {
            println!("spatial component {spatial:.4}, attribute component {attribute:.4}");
        }
        if let Some(e) = &elbers {
            let p = &e.parts;
            println!(
                "Theil's M {:.4} → {:.4} ({:+.4}): unit marginal {:+.4}, group marginal {:+.4}, structural {:+.4} ({} areas, {} left out)",
                p.m_1,
                p.m_2,
                p.difference,
                p.unit_marginal,
                p.group_marginal,
                p.structural,
                e.areas,
                e.left_out.len()
            );
        }
    }
    Ok(0)
}
