//! `segatlas index PATH [--stats TABLE --key K] (--group EXPR --total EXPR | --groups A,B,C)
//! --index NAME[,NAME…]|all [--distance M,…] [--population-k K,…] [--by FIELD] [--tolerance M]
//! [--json]`: segregation indices from the registry, aspatial or on neighbourhood counts at
//! several scales, for the whole layer or for every region of a grouping field (`--by kommun`).

use crate::data::{self, expr::Expr, Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::inference::{self, Null, Sample};
use crate::measures::segregation::multi::multi_divergence;
use crate::measures::segregation::places::{evaluate, Places, Value as Measured};
use crate::measures::segregation::spatial::egohood_counts;
use crate::measures::segregation::{
    measure, multi::Groups, single::SingleGroup, Compute, REGISTRY,
};
use crate::spatial::{self, neighbourhoods};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Clone)]
pub struct Args {
    /// A layer of areas
    path: PathBuf,
    /// Statistics to join onto the areas first
    #[arg(long)]
    stats: Option<PathBuf>,
    /// The join key for --stats: FIELD or FIELD:TABLE_FIELD
    #[arg(long)]
    key: Option<String>,
    /// The group (single-group indices): a column or an expression
    #[arg(long)]
    group: Option<String>,
    /// The total (single-group indices)
    #[arg(long)]
    total: Option<String>,
    /// The groups (multigroup and local indices), comma-separated; their sum is the total
    #[arg(long, value_delimiter = ',')]
    groups: Vec<String>,
    /// The --groups are ordered categories, lowest first (income classes, education levels): adds
    /// the ordinal indices
    #[arg(long)]
    ordered: bool,
    /// Index names, comma-separated, or `all`
    #[arg(long, value_delimiter = ',', default_value = "all")]
    index: Vec<String>,
    /// Spatial versions over distances in metres (PySAL's kernel egohoods; 0 = aspatial):
    /// a multiscalar profile
    #[arg(long, value_delimiter = ',')]
    distance: Vec<f64>,
    /// Population-scale versions: each area's neighbourhood of the nearest k persons
    #[arg(long = "population-k", value_delimiter = ',')]
    population_k: Vec<f64>,
    /// Do not round egohood counts to integers (PySAL rounds)
    #[arg(long)]
    unrounded: bool,
    /// Compute for every region of this field (e.g. kommun), each on its own areas
    #[arg(long)]
    by: Option<String>,
    /// With --by and --groups: Theil's M split exactly into between-region and within-region parts
    #[arg(long)]
    decompose: bool,
    /// Seed of the simulation-based indices (modified-dissim, modified-gini,
    /// bias-corrected-dissim): the same seed gives the same value on any number of threads
    #[arg(long, default_value_t = crate::measures::segregation::corrected::DEFAULT_SEED)]
    seed: u64,
    /// Test each index against a null: systematic, evenness, bootstrap, geographic-permutation or
    /// person-permutation (adds p_value, two-tailed as PySAL)
    #[arg(long)]
    null: Option<String>,
    /// Simulations for --null
    #[arg(long, default_value_t = 999)]
    permutations: usize,
    /// Compute for each of these years: year-bearing columns in --group/--total/--groups
    /// (`folkmangd_2022`, `"Antal totalt 2020"`) are moved to each year in turn
    #[arg(long, value_delimiter = ',')]
    years: Vec<i32>,
    /// Snapping tolerance for contiguity (default: 25 m projected, 0 planar)
    #[arg(long)]
    tolerance: Option<f64>,
    /// The CRS of a layer whose file declares none
    #[arg(long)]
    crs: Option<String>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

/// Turns counts per area into counts per neighbourhood at one scale.
type Smoother = Box<dyn Fn(&[f64]) -> Vec<f64>>;

fn column(t: &Table, expr: &str, area: &[f64]) -> Result<Vec<f64>> {
    let v = Expr::parse(expr)?.evaluate(t, Some(area))?;
    let missing = v.iter().filter(|x| x.is_none()).count();
    if missing > 0 {
        return Err(Error::input(format!(
            "'{expr}' is missing (saknas) in {missing} areas"
        )));
    }
    Ok(v.into_iter().map(|x| x.unwrap_or(0.0)).collect())
}

/// The indices for a set of areas (`rows`) of the layer.
fn compute(
    layer: &Layer,
    table: &Table,
    rows: &[usize],
    a: &Args,
    names: &[&'static str],
    tol: f64,
) -> Result<Vec<Value>> {
    let area_all = layer.area_km2();
    let sub = table.take_rows(&rows.iter().map(|&r| Some(r)).collect::<Vec<_>>());
    let area: Vec<f64> = rows.iter().map(|&r| area_all[r]).collect();
    let geoms: Vec<geo::MultiPolygon<f64>> =
        rows.iter().map(|&r| layer.projected[r].clone()).collect();
    let single = match (&a.group, &a.total) {
        (Some(g), Some(t)) => Some((column(&sub, g, &area)?, column(&sub, t, &area)?)),
        _ => None,
    };
    let groups = if a.groups.is_empty() {
        None
    } else {
        let cols: Vec<Vec<f64>> = a
            .groups
            .iter()
            .map(|g| column(&sub, g, &area))
            .collect::<Result<_>>()?;
        Some(Groups {
            counts: (0..rows.len())
                .map(|i| cols.iter().map(|c| c[i]).collect())
                .collect(),
        })
    };
    // Areas in the working CRS's units² (m² for projected data, the file's own units for planar
    // data, as PySAL computes them).
    let own_area: Vec<f64> = area.iter().map(|a| a * 1.0e6).collect();
    let mut out = Vec::new();
    // Spatial and population-scale versions: the aspatial indices on neighbourhood counts.
    if !a.distance.is_empty() || !a.population_k.is_empty() {
        let pts = crate::spatial::points::centroids(&geoms);
        let mut scales: Vec<(String, f64, Smoother)> = Vec::new();
        for &d in &a.distance {
            let (pts, round) = (pts.clone(), !a.unrounded);
            scales.push((
                "distance".into(),
                d,
                Box::new(move |v: &[f64]| egohood_counts(&pts, v, d, round)),
            ));
        }
        if !a.population_k.is_empty() {
            let pop: Vec<Option<f64>> = match (&single, &groups) {
                (Some((_, t)), _) => t.iter().map(|v| Some(*v)).collect(),
                (_, Some(g)) => g.counts.iter().map(|r| Some(r.iter().sum())).collect(),
                _ => Vec::new(),
            };
            for &k in &a.population_k {
                let (pts, pop) = (pts.clone(), pop.clone());
                scales.push((
                    "k".into(),
                    k,
                    Box::new(move |v: &[f64]| {
                        let vo: Vec<Option<f64>> = v.iter().map(|x| Some(*x)).collect();
                        neighbourhoods::population_neighbourhoods(&pts, &pop, &[&vo], &[k])
                            .map(|r| r.iter().map(|n| n[0].groups[0]).collect())
                            .unwrap_or_default()
                    }),
                ));
            }
        }
        for (what, scale, smooth) in &scales {
            let s_single = single.as_ref().map(|(x, t)| (smooth(x), smooth(t)));
            let s_groups = groups.as_ref().map(|g| {
                let k = g.k();
                let cols: Vec<Vec<f64>> = (0..k)
                    .map(|c| smooth(&g.counts.iter().map(|r| r[c]).collect::<Vec<_>>()))
                    .collect();
                Groups {
                    counts: (0..rows.len())
                        .map(|i| cols.iter().map(|c| c[i]).collect())
                        .collect(),
                }
            });
            for &name in names {
                let Some(m) = measure(name) else { continue };
                let value = match (&m.compute, &s_single, &s_groups) {
                    (Compute::Single(f), Some((x, t)), _) => f(&SingleGroup { x, t, area: None }),
                    (Compute::SingleSeeded(f), Some((x, t)), _) => {
                        f(&SingleGroup { x, t, area: None }, a.seed)
                    }
                    (Compute::Multi(f), _, Some(g)) => f(g),
                    (Compute::Ordered(f), _, Some(g)) if a.ordered => f(g),
                    _ => continue,
                };
                out.push(json!({"index": name, "value": value, what.as_str(): scale}));
            }
        }
        return Ok(out);
    }
    let places = Places::new(&geoms, own_area, tol);
    let null = a.null.as_deref().map(Null::from_name).transpose()?;
    // Counts per unit and group, for the tests.
    let counts: Vec<Vec<f64>> = match (&single, &groups) {
        (Some((x, t)), _) => x.iter().zip(t).map(|(x, t)| vec![*x, t - x]).collect(),
        (_, Some(g)) => g.counts.clone(),
        _ => Vec::new(),
    };
    for &name in names {
        let Some(m) = measure(name) else { continue };
        if matches!(m.compute, Compute::Ordered(_)) && !a.ordered {
            continue;
        }
        let sg = single.as_ref().map(|(x, t)| (x.as_slice(), t.as_slice()));
        let Some(value) = evaluate(m, &places, sg, groups.as_ref(), a.seed) else {
            continue;
        };
        let mut v = match &value {
            Measured::Number(n) => json!({"index": name, "value": n}),
            Measured::PerArea(list) => json!({"index": name, "value": list}),
        };
        if let (Some(null), Some(_)) = (null, value.number()) {
            places.prepare(m);
            let is_single = single.is_some();
            let t = inference::test(null, &counts, a.permutations, a.seed, &|s: &Sample| {
                let sub;
                let at = match &s.rows {
                    Some(rows) => {
                        sub = places.subset(rows);
                        &sub
                    }
                    None => &places,
                };
                if is_single {
                    let (x, t) = s.single();
                    evaluate(m, at, Some((&x, &t)), None, a.seed)?.number()
                } else {
                    let g = Groups {
                        counts: s.counts.clone(),
                    };
                    evaluate(m, at, None, Some(&g), a.seed)?.number()
                }
            })?;
            v["p_value"] = json!(t.p_value);
            v["null"] = json!(null_name(null));
            v["null_mean"] = json!(t.mean_simulated());
            v["permutations"] = json!(t.simulated.len());
        }
        out.push(v);
    }
    Ok(out)
}

pub fn run(a: &Args) -> Result<i32> {
    let mut layer = data::open_layer(&a.path)?;
    super::assume_crs(&mut layer, a.crs.as_deref())?;
    let table = super::attributes(&layer, a.stats.as_deref(), a.key.as_deref())?;
    if a.group.is_some() != a.total.is_some() {
        return Err(Error::input("give both --group and --total"));
    }
    if a.group.is_none() && a.groups.is_empty() {
        return Err(Error::input("give --group and --total, or --groups"));
    }
    let names: Vec<&'static str> = if a.index.iter().any(|n| n == "all") {
        REGISTRY.iter().map(|m| m.name).collect()
    } else {
        a.index
            .iter()
            .map(|n| {
                measure(n).map(|m| m.name).ok_or_else(|| {
                    Error::input(format!(
                        "unknown index '{n}' (known: {})",
                        REGISTRY
                            .iter()
                            .map(|m| m.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?
    };
    let tol = a
        .tolerance
        .unwrap_or_else(|| spatial::default_tolerance(&layer));
    let start = Instant::now();
    let results = if a.years.is_empty() {
        results(&layer, &table, a, &names, tol)?
    } else {
        let mut out = Vec::new();
        for &y in &a.years {
            let moved = in_year(a, &table, y).map_err(|e| e.with_file(&a.path))?;
            for mut v in results(&layer, &table, &moved, &names, tol)? {
                v["year"] = json!(y);
                out.push(v);
            }
        }
        out
    };
    let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
    if a.json {
        super::print_json(&json!({"results": results, "elapsed_ms": elapsed_ms}));
    } else {
        for r in &results {
            let mut prefix = r
                .get("year")
                .and_then(Value::as_i64)
                .map(|y| format!("{y} "))
                .unwrap_or_default();
            if let Some(s) = r.get("region").and_then(Value::as_str) {
                prefix.push_str(&format!("{s}: "));
            }
            match r["value"].as_f64() {
                Some(v) => println!(
                    "{prefix}{} = {v:.4}",
                    r["index"].as_str().unwrap_or_default()
                ),
                None => println!(
                    "{prefix}{} = (per area, see --json)",
                    r["index"].as_str().unwrap_or_default()
                ),
            }
        }
    }
    Ok(0)
}

/// The arguments with every variable moved to `year`.
fn in_year(a: &Args, table: &Table, year: i32) -> Result<Args> {
    let mv = |e: &String| -> Result<String> {
        let expr = Expr::parse(e)?;
        crate::analysis::years::move_to_year(&expr, table, year)
            .map(|m| m.to_string())
            .ok_or_else(|| Error::input(format!("'{e}' has no columns for {year}")))
    };
    let mut b = a.clone();
    b.group = a.group.as_ref().map(mv).transpose()?;
    b.total = a.total.as_ref().map(mv).transpose()?;
    b.groups = a.groups.iter().map(mv).collect::<Result<_>>()?;
    Ok(b)
}

/// The results for the whole layer or per region, with the decomposition when asked.
fn results(
    layer: &Layer,
    table: &Table,
    a: &Args,
    names: &[&'static str],
    tol: f64,
) -> Result<Vec<Value>> {
    let mut results = Vec::new();
    match &a.by {
        None => {
            results = compute(
                layer,
                table,
                &(0..layer.len()).collect::<Vec<_>>(),
                a,
                names,
                tol,
            )?
        }
        Some(field) => {
            let col = table.require(field).map_err(|e| e.with_file(&a.path))?;
            let mut regions: Vec<String> = (0..table.len()).filter_map(|r| col.key_at(r)).collect();
            regions.sort();
            regions.dedup();
            for region in regions {
                let rows: Vec<usize> = (0..table.len())
                    .filter(|&r| col.key_at(r).as_deref() == Some(region.as_str()))
                    .collect();
                for mut v in compute(layer, table, &rows, a, names, tol)? {
                    v["region"] = json!(region);
                    results.push(v);
                }
            }
        }
    }
    if a.decompose {
        results.extend(decompose(layer, table, a)?);
    }
    Ok(results)
}

/// Theil's M of the whole layer = M between regions (regions as units) + Σ_r (T_r/T)·M_r.
fn decompose(layer: &Layer, table: &Table, a: &Args) -> Result<Vec<Value>> {
    let (Some(field), false) = (&a.by, a.groups.is_empty()) else {
        return Err(Error::input("--decompose needs --by FIELD and --groups"));
    };
    let area = layer.area_km2();
    let cols: Vec<Vec<f64>> = a
        .groups
        .iter()
        .map(|g| column(table, g, &area))
        .collect::<Result<_>>()?;
    let counts: Vec<Vec<f64>> = (0..table.len())
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect();
    let key = table.require(field)?;
    let mut regions: Vec<String> = (0..table.len()).filter_map(|r| key.key_at(r)).collect();
    regions.sort();
    regions.dedup();
    let total = multi_divergence(&Groups {
        counts: counts.clone(),
    });
    let grand: f64 = counts.iter().flatten().sum();
    let (mut region_counts, mut within) = (Vec::new(), 0.0);
    for r in &regions {
        let rows: Vec<Vec<f64>> = (0..table.len())
            .filter(|&i| key.key_at(i).as_deref() == Some(r.as_str()))
            .map(|i| counts[i].clone())
            .collect();
        let sum: Vec<f64> = (0..cols.len())
            .map(|k| rows.iter().map(|row| row[k]).sum())
            .collect();
        within += sum.iter().sum::<f64>() / grand * multi_divergence(&Groups { counts: rows });
        region_counts.push(sum);
    }
    let between = multi_divergence(&Groups {
        counts: region_counts,
    });
    Ok(vec![
        json!({"index": "multi-divergence", "component": "total", "value": total}),
        json!({"index": "multi-divergence", "component": "between", "value": between}),
        json!({"index": "multi-divergence", "component": "within", "value": within}),
    ])
}

fn null_name(n: Null) -> &'static str {
    Null::NAMES[[
        Null::Systematic,
        Null::Evenness,
        Null::Bootstrap,
        Null::GeographicPermutation,
        Null::PersonPermutation,
    ]
    .iter()
    .position(|x| *x == n)
    .unwrap_or(0)]
}
