//! `segatlas index PATH [--stats TABLE --key K] (--group EXPR --total EXPR | --groups A,B,C)
//! --index NAME[,NAME…]|all [--distance M,…] [--population-k K,…] [--by FIELD] [--tolerance M]
//! [--json]`: segregation indices from the registry, aspatial or on neighbourhood counts at
//! several scales, for the whole layer or for every region of a grouping field (`--by kommun`).
//! The computation is the engine's [`crate::measures::segregation::request`].

use crate::data;
use crate::error::{Error, Result};
use crate::measures::segregation::request::{self, Request};
use crate::measures::segregation::{measure, REGISTRY};
use crate::spatial;
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
    /// Spatial versions on weights: each area's counts plus its neighbours' weighted counts
    /// (queen, rook, knn:K, band:METRES, kernel:FUNCTION:K), rounded as PySAL unless --unrounded
    #[arg(long)]
    weights: Option<String>,
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
    let req = Request {
        group: a.group.clone(),
        total: a.total.clone(),
        groups: a.groups.clone(),
        ordered: a.ordered,
        names,
        distance: a.distance.clone(),
        population_k: a.population_k.clone(),
        weights: a.weights.clone(),
        unrounded: a.unrounded,
        seed: a.seed,
        null: a.null.clone(),
        permutations: a.permutations,
        by: a.by.clone(),
        decompose: a.decompose,
        tolerance: tol,
    };
    let start = Instant::now();
    let results = if a.years.is_empty() {
        request::run(&layer, &table, &req).map_err(|e| e.with_file(&a.path))?
    } else {
        let mut out = Vec::new();
        for &y in &a.years {
            let moved = req.in_year(&table, y).map_err(|e| e.with_file(&a.path))?;
            for mut v in request::run(&layer, &table, &moved)? {
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
