//! `segatlas neighbourhoods PATH --population COL [--groups A,B] --k 200,1600,12800,51200
//! [--x COL --y COL] [--out FILE.csv] [--json]`: population-scale ("individualised")
//! neighbourhoods around every unit of a layer (its centroids) or a table of points.

use super::input::LayerArgs;
use crate::data::expr::Expr;
use crate::data::table::{Column, Table};
use crate::data::write::{atomic_write, check_not_input, csv_bytes};
use crate::error::{Error, Result};
use crate::spatial::{neighbourhoods, points};
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// A layer (area centroids are used) or a table of points with coordinate columns
    #[command(flatten)]
    input: LayerArgs,
    /// The population of each unit: a column or an expression
    #[arg(long)]
    population: String,
    /// Group counts to sum in each neighbourhood (columns or expressions), comma-separated
    #[arg(long, value_delimiter = ',')]
    groups: Vec<String>,
    /// Population sizes k, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "200,1600,12800,51200")]
    k: Vec<f64>,
    /// For a table: the x column (projected, metres)
    #[arg(long)]
    x: Option<String>,
    /// For a table: the y column (projected, metres)
    #[arg(long)]
    y: Option<String>,
    /// Write one row per unit and k: persons, group counts and shares, radius (CSV)
    #[arg(long)]
    out: Option<PathBuf>,
}

fn numbers(t: &Table, expr: &str, area: Option<&[f64]>) -> Result<Vec<Option<f64>>> {
    Expr::values(expr, t, area)
}

pub fn run(a: &Args) -> Result<i32> {
    let (table, pts, area) = match a.input.load_any()? {
        (Some(l), t) => {
            let pts = points::centroids(&l.projected);
            let area = l.area_km2();
            (t, pts, Some(area))
        }
        (None, t) => {
            let (Some(x), Some(y)) = (&a.x, &a.y) else {
                return Err(Error::in_file(
                    &a.input.path,
                    "a table needs --x and --y coordinate columns",
                ));
            };
            let (xs, ys) = (t.numbers(x)?, t.numbers(y)?);
            let pts = xs
                .iter()
                .zip(ys)
                .map(|(x, y)| [x.unwrap_or(f64::NAN), y.unwrap_or(f64::NAN)])
                .collect();
            (t, pts, None)
        }
    };
    let err = |e: Error| e.with_file(&a.input.path);
    let population = numbers(&table, &a.population, area.as_deref()).map_err(err)?;
    let groups: Vec<Vec<Option<f64>>> = a
        .groups
        .iter()
        .map(|g| numbers(&table, g, area.as_deref()))
        .collect::<Result<_>>()
        .map_err(err)?;
    let group_refs: Vec<&[Option<f64>]> = groups.iter().map(Vec::as_slice).collect();
    let start = Instant::now();
    let result = neighbourhoods::population_neighbourhoods(&pts, &population, &group_refs, &a.k)?;
    let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut ks = a.k.clone();
    ks.sort_by(f64::total_cmp);
    let missing = population.iter().filter(|p| p.is_none()).count();
    let summary: Vec<serde_json::Value> = ks
        .iter()
        .enumerate()
        .map(|(ki, k)| {
            let n = result.len().max(1) as f64;
            let mean_radius = result.iter().map(|r| r[ki].radius).sum::<f64>() / n;
            let mean_persons = result.iter().map(|r| r[ki].persons).sum::<f64>() / n;
            let shares: Vec<f64> = (0..groups.len())
                .map(|g| {
                    result.iter().map(|r| r[ki].groups[g] / r[ki].persons.max(1e-12)).sum::<f64>() / n
                })
                .collect();
            json!({"k": k, "mean_radius": mean_radius, "mean_persons": mean_persons, "mean_shares": shares})
        })
        .collect();
    if let Some(out) = &a.out {
        check_not_input(out, &[&a.input.path])?;
        let rows = result.len() * ks.len();
        let mut unit = Vec::with_capacity(rows);
        let (mut kcol, mut persons, mut radius, mut units) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut gcols: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(rows); groups.len()];
        let mut scols: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(rows); groups.len()];
        for (i, r) in result.iter().enumerate() {
            for (ki, nb) in r.iter().enumerate() {
                unit.push(Some(i as f64));
                kcol.push(Some(ks[ki]));
                persons.push(Some(nb.persons));
                radius.push(Some(nb.radius));
                units.push(Some(nb.units as f64));
                for g in 0..groups.len() {
                    gcols[g].push(Some(nb.groups[g]));
                    scols[g].push((nb.persons > 0.0).then(|| nb.groups[g] / nb.persons));
                }
            }
        }
        let mut cols = vec![
            Column::number("unit", unit),
            Column::number("k", kcol),
            Column::number("persons", persons),
            Column::number("units", units),
            Column::number("radius_m", radius),
        ];
        for (g, name) in a.groups.iter().enumerate() {
            cols.push(Column::number(name.clone(), std::mem::take(&mut gcols[g])));
            cols.push(Column::number(
                format!("share {name}"),
                std::mem::take(&mut scols[g]),
            ));
        }
        atomic_write(out, &csv_bytes(&Table::new(cols)?)?)?;
    }
    crate::work::check_interrupted()?;
    if a.input.json {
        super::print_json(&json!({
            "n": result.len(),
            "missing_population": missing,
            "k": summary,
            "elapsed_ms": elapsed_ms,
        }));
    } else {
        for s in &summary {
            println!(
                "k = {}: mean radius {:.0} m, mean persons {:.0}",
                s["k"],
                s["mean_radius"].as_f64().unwrap_or(0.0),
                s["mean_persons"].as_f64().unwrap_or(0.0)
            );
        }
    }
    Ok(0)
}
