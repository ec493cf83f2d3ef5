//! `segatlas change PATH [--stats T --key K] --var EXPR --years Y1,…,Yn [--scheme S --k K]
//! [--toward low|high --alpha A] [--noise MODEL [--draws N]] [--out FILE] [--json]`: follow-up of a variable over years —
//! each area's class in the first and the last year (each year classified on its own), the
//! transition matrix, who moved up and down, each area's trend (slope per year, its standard
//! error and p-value with at least three years) and early warnings (significant trends in the
//! watched direction); with `--types`, SCB's area types of the first and the last year and the
//! type-to-type matrix of areas and of persons. The computation is
//! [`crate::analysis::transitions`].

use super::input::LayerArgs;
use crate::analysis::transitions::{run as follow, type_transitions, Request, Transitions};
use crate::classify::Scheme;
use crate::data::subset::ids_of;
use crate::data::table::{identify_fields, Column, Table};
use crate::data::write::check_not_input;
use crate::error::{Error, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The variable in any of its years: a column or an expression (its year-bearing columns are
    /// moved to each year)
    #[arg(long)]
    var: String,
    /// Two or more years, rising
    #[arg(long, value_delimiter = ',', required = true)]
    years: Vec<i32>,
    /// How each year is classified: quantiles, equal-interval, fisher-jenks, …
    #[arg(long, default_value = "quantiles")]
    scheme: String,
    /// Number of classes (2–10)
    #[arg(long, default_value_t = 5)]
    k: usize,
    /// The box-plot hinge (1.5 or 3)
    #[arg(long, default_value_t = 1.5)]
    hinge: f64,
    /// Class bounds for user-defined, comma-separated
    #[arg(long, value_delimiter = ',')]
    bins: Vec<f64>,
    /// Early warning: list the areas whose trend is significantly toward low or high values
    #[arg(long)]
    toward: Option<String>,
    /// Significance level of the early warnings
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Write the areas with their values per year, classes, move and trend (.geojson, .gpkg, .csv)
    #[arg(long)]
    out: Option<PathBuf>,
    /// SCB's area-type components V1,V2,V3 (naming any year): the type-to-type matrix between the
    /// first and the last year, each year typed on its own μ and σ
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// With --types: weight μ and σ by this (e.g. the population), moved to each year
    #[arg(long)]
    type_weight: Option<String>,
    /// With --types: also count the persons moving between types (e.g. folkmangd_2022; the last
    /// year's value)
    #[arg(long)]
    persons: Option<String>,
    #[command(flatten)]
    years_from: super::years_from::YearsFrom,
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
    /// Seed of --noise's draws (the same results on any number of threads)
    #[arg(long, default_value_t = crate::measures::autocorrelation::DEFAULT_SEED)]
    seed: u64,
}

pub fn run(a: &Args) -> Result<i32> {
    let scheme = Scheme::from_name(&a.scheme, a.k, a.hinge, &a.bins)?;
    let toward_high = match a.toward.as_deref() {
        None => None,
        Some("low") => Some(false),
        Some("high") => Some(true),
        Some(other) => return Err(Error::input(format!("--toward {other}: say low or high"))),
    };
    let alpha = super::check::alpha(a.alpha)?;
    let (layer, mut table) = a.input.load()?;
    if let Some(out) = &a.out {
        let mut inputs = vec![a.input.path.as_path()];
        inputs.extend(a.years_from.inputs());
        check_not_input(out, &inputs)?;
    }
    // Years published on other boundaries are moved onto these areas first.
    let exprs: Vec<String> = std::iter::once(a.var.clone())
        .chain(a.types.iter().cloned())
        .chain(a.type_weight.iter().cloned())
        .chain(a.persons.iter().cloned())
        .collect();
    let brought = a
        .years_from
        .bring(&layer, &mut table, &exprs, &a.years, !a.input.json)
        .map_err(|e| a.input.err(e))?;
    let noise = a.noise.model()?;
    let req = Request {
        var: a.var.clone(),
        years: a.years.clone(),
        scheme,
        toward_high,
        alpha,
        noise: noise.map(|n| n.0),
        draws: noise.map_or(0, |n| n.1),
        seed: a.seed,
    };
    let o = follow(&layer, &table, &req).map_err(|e| a.input.err(e))?;
    let types = match a.types.as_slice() {
        [] => None,
        [v1, v2, v3] => {
            let years = [a.years[0], a.years[a.years.len() - 1]];
            let comps = [v1.clone(), v2.clone(), v3.clone()];
            Some(
                type_transitions(
                    &layer,
                    &table,
                    &comps,
                    a.type_weight.as_deref(),
                    a.persons.as_deref(),
                    years,
                )
                .map_err(|e| a.input.err(e))?,
            )
        }
        other => {
            return Err(Error::input(format!(
                "--types needs the three components V1,V2,V3; got {}",
                other.len()
            )))
        }
    };
    let ids = ids_of(&table, &(0..table.len()).collect::<Vec<_>>());
    if let Some(out) = &a.out {
        write_areas(out, &layer, &table, &o, &a.years)?;
    }
    if a.input.json {
        let areas: Vec<_> = o
            .areas
            .iter()
            .map(|x| {
                json!({
                    "id": ids[x.row],
                    "from_class": x.from_class,
                    "to_class": x.to_class,
                    "values": x.values,
                    "slope": x.trend.map(|t| t.slope),
                    "se": x.trend.and_then(|t| t.se),
                    "p_value": x.trend.and_then(|t| t.p_value),
                    "move_stability": o.noisy.as_ref().and_then(|n| {
                        n.move_stability.get(x.row).filter(|s| s.is_finite())
                    }),
                    "slope_band": o.noisy.as_ref().and_then(|n| n.slope[x.row].clone()),
                })
            })
            .collect();
        let uncertainty = o.noisy.as_ref().map(|n| {
            json!({
                "model": n.model.name(),
                "draws": n.draws,
                "moved_up": n.moved_up,
                "moved_down": n.moved_down,
                "stayed": n.stayed,
                "stable_moves": n.move_stability.iter().filter(|s| **s >= crate::measures::uncertainty::STABLE).count(),
                "threshold": crate::measures::uncertainty::STABLE,
                "warning_stability": o.warnings.iter().zip(&n.warning_stability)
                    .map(|(&r, s)| json!({"id": ids[r], "stability": s}))
                    .collect::<Vec<_>>(),
            })
        });
        let type_json = types.as_ref().map(|t| {
            json!({
                "years": t.years,
                "areas": t.areas,
                "persons": t.persons,
                "moved": (0..t.from.len())
                    .filter(|&i| t.from[i].is_some() && t.to[i].is_some() && t.from[i] != t.to[i])
                    .map(|i| json!({"id": ids[i], "from": t.from[i], "to": t.to[i]}))
                    .collect::<Vec<_>>(),
            })
        });
        super::print_json(&json!({
            "type_transitions": type_json,
            "var": a.var,
            "years": o.years,
            "scheme": req.scheme.name(),
            "bins": o.bins,
            "transitions": o.matrix,
            "moved_up": o.moved_up,
            "moved_down": o.moved_down,
            "stayed": o.stayed,
            "areas": areas,
            "excluded": o.excluded.iter().map(|&r| ids[r].clone()).collect::<Vec<_>>(),
            "warnings": o.warnings.iter().map(|&r| ids[r].clone()).collect::<Vec<_>>(),
            "uncertainty": uncertainty,
            "moved_years": brought,
        }));
    } else {
        print_text(&o, &ids, a);
        if let Some(t) = &types {
            println!(
                "area types {} → {} (rows: {}):",
                t.years[0], t.years[1], t.years[0]
            );
            for (i, row) in t.areas.iter().enumerate() {
                let cells: Vec<String> = row.iter().map(|c| format!("{c:>5}")).collect();
                println!("  {:<6}{}", i + 1, cells.join(" "));
            }
        }
    }
    Ok(0)
}

fn print_text(o: &Transitions, ids: &[String], a: &Args) {
    let (first, last) = (o.years[0], o.years[o.years.len() - 1]);
    println!(
        "{} {first} → {last} ({} classes each year)",
        a.var,
        o.bins[0].len()
    );
    println!("  rows: class {first}; columns: class {last}");
    for (i, row) in o.matrix.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|c| format!("{c:>5}")).collect();
        println!("  {:<6}{}", i + 1, cells.join(" "));
    }
    println!(
        "  moved up {}, down {}, stayed {}",
        o.moved_up, o.moved_down, o.stayed
    );
    if let Some(n) = &o.noisy {
        let b = |b: &Option<crate::measures::uncertainty::Band>| {
            b.as_ref()
                .map_or("–".into(), |b| format!("{:.0}–{:.0}", b.low, b.high))
        };
        println!(
            "  over {} draws of {} (95 %): up {}, down {}, stayed {}; {} areas move as observed in at least 90 % of the draws",
            n.draws,
            n.model.name(),
            b(&n.moved_up),
            b(&n.moved_down),
            b(&n.stayed),
            n.move_stability
                .iter()
                .filter(|s| **s >= crate::measures::uncertainty::STABLE)
                .count()
        );
    }
    if !o.excluded.is_empty() {
        eprintln!(
            "segatlas: {} areas without a value in {first} or {last} (saknas) are in no transition",
            o.excluded.len()
        );
    }
    if a.toward.is_some() {
        let list: Vec<&str> = o.warnings.iter().map(|&r| ids[r].as_str()).collect();
        println!(
            "  early warnings ({} areas, trend toward {} at p < {}): {}",
            list.len(),
            a.toward.as_deref().unwrap_or_default(),
            a.alpha,
            list.join(", ")
        );
    }
}

/// The areas with their values per year, classes (1-based), move and trend.
fn write_areas(
    out: &std::path::Path,
    layer: &crate::data::Layer,
    table: &Table,
    o: &Transitions,
    years: &[i32],
) -> Result<()> {
    let (name, code) = identify_fields(table);
    let mut cols: Vec<Column> = [code, name]
        .into_iter()
        .flatten()
        .filter_map(|f| table.column(&f).cloned())
        .collect();
    for (k, y) in years.iter().enumerate() {
        cols.push(Column::number(
            format!("value_{y}"),
            o.areas.iter().map(|a| a.values[k]).collect(),
        ));
    }
    let class = |c: Option<usize>| c.map(|c| (c + 1) as f64);
    cols.push(Column::number(
        "from_class",
        o.areas.iter().map(|a| class(a.from_class)).collect(),
    ));
    cols.push(Column::number(
        "to_class",
        o.areas.iter().map(|a| class(a.to_class)).collect(),
    ));
    cols.push(Column::number(
        "move",
        o.areas
            .iter()
            .map(|a| Some(a.to_class? as f64 - a.from_class? as f64))
            .collect(),
    ));
    cols.push(Column::number(
        "slope",
        o.areas.iter().map(|a| a.trend.map(|t| t.slope)).collect(),
    ));
    cols.push(Column::number(
        "se",
        o.areas.iter().map(|a| a.trend.and_then(|t| t.se)).collect(),
    ));
    cols.push(Column::number(
        "p_value",
        o.areas
            .iter()
            .map(|a| a.trend.and_then(|t| t.p_value))
            .collect(),
    ));
    let warned: std::collections::HashSet<usize> = o.warnings.iter().copied().collect();
    cols.push(Column::number(
        "warning",
        (0..o.areas.len())
            .map(|r| Some(if warned.contains(&r) { 1.0 } else { 0.0 }))
            .collect(),
    ));
    crate::data::write::areas(
        out,
        &layer.name,
        "areas",
        &layer.geometries,
        layer.crs,
        &Table::new(cols)?,
    )
}
