//! `segatlas difference PATH --group EXPR --total EXPR --index NAME (--group2 EXPR [--total2 EXPR]
//! | --path2 PATH2) [--where FILTER] [--where2 FILTER] [--test random-label|composition]
//! [--permutations N] [--seed S] [--decompose] [--json]`: is an index different between two
//! samples — two years or groups (`--group2`), two regions (`--where kommun=0180 --where2
//! kommun=0127`) or two files — and how much of the difference is spatial, how much attribute.

use super::input::{rows_where, LayerArgs};
use crate::data::subset::{Missing, Subset};
use crate::data::{self, expr::Expr, Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::inference::{self, TwoSample};
use crate::measures::segregation::places::{evaluate, Places};
use crate::measures::segregation::{measure, Compute};
use crate::spatial;
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
}

/// One sample: its places and counts, and the areas left out for a missing value.
struct Side {
    excluded: Vec<String>,
    geoms: Vec<geo::MultiPolygon<f64>>,
    area: Vec<f64>,
    x: Vec<f64>,
    t: Vec<f64>,
}

fn side(
    layer: &Layer,
    table: &Table,
    group: &str,
    total: &str,
    filter: Option<&str>,
    missing: Missing,
) -> Result<Side> {
    let km2 = layer.area_km2();
    let rows: Vec<usize> = match filter {
        None => (0..layer.len()).collect(),
        Some(f) => {
            let rows = rows_where(f, table, Some(&km2))?;
            if rows.is_empty() {
                return Err(Error::input(format!("no area has {f}")));
            }
            rows
        }
    };
    let (x, t) = (
        Expr::values(group, table, Some(&km2))?,
        Expr::values(total, table, Some(&km2))?,
    );
    let s = Subset::complete(
        layer.len(),
        Some(&rows),
        &[(group, &x), (total, &t)],
        missing,
    )?
    .nonempty(&[group, total])?;
    Ok(Side {
        excluded: s.excluded_ids(table),
        geoms: s.take(&layer.projected),
        area: s.rows.iter().map(|&r| km2[r] * 1e6).collect(),
        x: s.values(&x),
        t: s.values(&t),
    })
}

pub fn run(a: &Args) -> Result<i32> {
    let m =
        measure(&a.index).ok_or_else(|| Error::input(format!("unknown index '{}'", a.index)))?;
    let kind = TwoSample::from_name(&a.test)?;
    super::check::permutations(a.permutations)?;
    let single_valued = matches!(
        m.compute,
        Compute::Single(_)
            | Compute::SingleSeeded(_)
            | Compute::SingleArea(_)
            | Compute::SingleContiguity(_)
            | Compute::SingleBoundary(_)
            | Compute::SingleShape(_)
            | Compute::SinglePlaces(_)
            | Compute::SingleProximity(_)
    );
    if !single_valued {
        return Err(Error::input(format!(
            "'{}' is not a single-group index with one value; two-sample tests compare those",
            a.index
        )));
    }
    if kind == TwoSample::RandomLabel
        && !matches!(m.compute, Compute::Single(_) | Compute::SingleSeeded(_))
    {
        return Err(Error::input(format!(
            "random-label pools the units of both samples, so it needs an aspatial index; '{}' depends on the places (use --test composition)",
            a.index
        )));
    }
    let (layer1, table1) = a.input.load_all()?;
    let missing = a.input.missing()?;
    let path = &a.input.path;
    let s1 = side(
        &layer1,
        &table1,
        &a.group,
        &a.total,
        a.input.filter.as_deref(),
        missing,
    )
    .map_err(|e| e.with_file(path))?;
    let group2 = a.group2.as_deref().unwrap_or(&a.group);
    let total2 = a.total2.as_deref().unwrap_or(&a.total);
    let s2 = match &a.path2 {
        Some(p2) => {
            let mut l2 = data::open_layer(p2)?;
            if let Some(crs) = &a.input.crs {
                l2.assume_crs(data::crs::Crs::from_name(crs)?)?;
            }
            let t2 = l2.table.clone();
            side(&l2, &t2, group2, total2, a.where2.as_deref(), missing)
                .map_err(|e| e.with_file(p2))?
        }
        None => {
            if a.group2.is_none() && a.total2.is_none() && a.where2.is_none() {
                return Err(Error::input(
                    "give the second sample: --group2 (another year or group), --where2 (another region) or --path2",
                ));
            }
            side(
                &layer1,
                &table1,
                group2,
                total2,
                a.where2.as_deref(),
                missing,
            )
            .map_err(|e| e.with_file(path))?
        }
    };
    let tol = spatial::default_tolerance(&layer1);
    let p1 = Places::new(&s1.geoms, s1.area.clone(), tol);
    let p2 = Places::new(&s2.geoms, s2.area.clone(), tol);
    p1.prepare(m);
    p2.prepare(m);
    let none = Places::new(&[], Vec::new(), tol);
    let seed = a.seed;
    let index = |side: u8, x: &[f64], t: &[f64]| -> f64 {
        let at = match side {
            1 => &p1,
            2 => &p2,
            _ => &none,
        };
        evaluate(m, at, Some((x, t)), None, seed)
            .and_then(|v| v.number())
            .unwrap_or(f64::NAN)
    };
    let start = Instant::now();
    let pair = inference::Pair {
        x1: &s1.x,
        t1: &s1.t,
        x2: &s2.x,
        t2: &s2.t,
    };
    let test = inference::two_sample_test(kind, &pair, a.permutations, seed, &index)?;
    let (v1, v2) = (index(1, &s1.x, &s1.t), index(2, &s2.x, &s2.t));
    let mut out = json!({
        "index": m.name,
        "value_1": v1,
        "value_2": v2,
        "difference": v1 - v2,
        "test": a.test,
        "p_value": test.p_value,
        "null_mean": test.mean_simulated(),
        "permutations": test.simulated.len(),
        "excluded_1": s1.excluded,
        "excluded_2": s2.excluded,
    });
    if a.decompose {
        let (s, at) = inference::decompose(&pair, &index);
        out["spatial_component"] = json!(s);
        out["attribute_component"] = json!(at);
    }
    out["elapsed_ms"] = json!(start.elapsed().as_secs_f64() * 1000.0);
    crate::work::check_interrupted()?;
    if a.input.json {
        super::print_json(&out);
    } else {
        println!(
            "{}: {:.4} − {:.4} = {:.4}, p = {:.4} ({}, {} simulations)",
            m.name,
            v1,
            v2,
            v1 - v2,
            test.p_value,
            a.test,
            test.simulated.len()
        );
        if a.decompose {
            println!(
                "spatial component {:.4}, attribute component {:.4}",
                out["spatial_component"].as_f64().unwrap_or(f64::NAN),
                out["attribute_component"].as_f64().unwrap_or(f64::NAN)
            );
        }
    }
    Ok(0)
}
