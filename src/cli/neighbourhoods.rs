//! `segatlas neighbourhoods PATH --population COL [--groups A,B] --k 200,1600,12800,51200
//! [--x COL --y COL] [--out FILE.csv] [--json]`: population-scale ("individualised")
//! neighbourhoods around every unit of a layer (its centroids) or a table of points.

use super::input::LayerArgs;
use crate::data::expr::Expr;
use crate::data::subset::ids_of;
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

/// Points in `crs` moved to its working CRS in metres; a point that cannot be projected (or
/// outside ±180/±90 for degrees) becomes no place (NaN), left out by name like a blank one.
fn projected_points(pts: Vec<[f64; 2]>, crs: crate::data::crs::Crs) -> Result<Vec<[f64; 2]>> {
    use crate::data::crs::Projector;
    let finite = pts.iter().filter(|p| p[0].is_finite() && p[1].is_finite());
    let bbox = finite.fold(None, |acc: Option<[f64; 4]>, p| {
        Some(match acc {
            None => [p[0], p[1], p[0], p[1]],
            Some([a, b, c, d]) => [a.min(p[0]), b.min(p[1]), c.max(p[0]), d.max(p[1])],
        })
    });
    if let (true, Some([a, b, c, d])) = (crs.is_geographic(), bbox) {
        if a < -180.0 || c > 180.0 || b < -90.0 || d > 90.0 {
            return Err(Error::input(format!(
                "--crs {} says longitude/latitude, but the coordinates reach x {c}, y {d}: give the CRS the numbers are in",
                crs.label().unwrap_or_default()
            )));
        }
    }
    let working = crs.working_for(bbox);
    let projector = Projector::new(crs, working)?;
    Ok(pts
        .into_iter()
        .map(|[x, y]| {
            projector
                .project(x, y)
                .map_or([f64::NAN, f64::NAN], |(x, y)| [x, y])
        })
        .collect())
}

pub fn run(a: &Args) -> Result<i32> {
    let loaded = a.input.load_any()?;
    let layer_read = loaded.0.is_some();
    let (table, pts, area) = match loaded {
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
            let mut pts: Vec<[f64; 2]> = xs
                .iter()
                .zip(ys)
                .map(|(x, y)| [x.unwrap_or(f64::NAN), y.unwrap_or(f64::NAN)])
                .collect();
            // --crs says what the coordinates are: longitude/latitude are projected to metres
            // (SWEREF 99 TM in Sweden, else the UTM zone) before distances are taken.
            if let Some(name) = &a.input.crs {
                pts = projected_points(pts, crate::data::crs::Crs::from_name(name)?)
                    .map_err(|e| e.with_file(&a.input.path))?;
            }
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
    // Units without a place (no geometry, a blank coordinate) are left out by name; the others'
    // counts are checked as every command checks counts.
    let placed: Vec<usize> = (0..pts.len())
        .filter(|&i| pts[i][0].is_finite() && pts[i][1].is_finite())
        .collect();
    let no_place: Vec<usize> = (0..pts.len())
        .filter(|i| placed.binary_search(i).is_err())
        .collect();
    {
        let present: Vec<usize> = placed
            .iter()
            .copied()
            .filter(|&i| population[i].is_some() && groups.iter().all(|g| g[i].is_some()))
            .collect();
        let pop: Vec<f64> = present
            .iter()
            .map(|&i| population[i].unwrap_or(0.0))
            .collect();
        let gv: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| present.iter().map(|&i| g[i].unwrap_or(0.0)).collect())
            .collect();
        let mut named: Vec<(&str, &[f64])> = vec![(a.population.as_str(), pop.as_slice())];
        named.extend(
            a.groups
                .iter()
                .zip(&gv)
                .map(|(n, v)| (n.as_str(), v.as_slice())),
        );
        let parts: Vec<(usize, usize)> = (1..named.len()).map(|g| (g, 0)).collect();
        crate::data::counts::check(&table, &present, &named, &parts).map_err(err)?;
    }
    let take = |v: &[Option<f64>]| -> Vec<Option<f64>> { placed.iter().map(|&i| v[i]).collect() };
    let population = take(&population);
    let groups: Vec<Vec<Option<f64>>> = groups.iter().map(|g| take(g)).collect();
    let pts: Vec<[f64; 2]> = placed.iter().map(|&i| pts[i]).collect();
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
                unit.push(Some(placed[i] as f64));
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
            "excluded": ids_of(&table, &no_place),
            "excluded_reasons": no_place.iter().zip(ids_of(&table, &no_place)).map(|(_, id)| json!({"id": id, "reason": if layer_read { crate::data::layer::NO_GEOMETRY } else { "no coordinates" }})).collect::<Vec<_>>(),
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
