//! `segatlas index PATH [--stats TABLE --key K] (--group EXPR --total EXPR | --groups A,B,C)
//! --index NAME[,NAME…]|all [--distance M,…] [--population-k K,…] [--by FIELD] [--tolerance M]
//! [--noise MODEL [--draws N]] [--out REGIONS.geojson|.gpkg|.csv] [--missing skip|error] [--json]`: segregation indices from the registry, aspatial or on neighbourhood counts at
//! several scales, for the whole layer or for every region of a grouping field (`--by kommun`).
//! The computation is the engine's [`crate::analysis::segregation`]. Areas missing a
//! count are left out and listed (`excluded`); with `--by`, `--out` writes the regions
//! (dissolved from the areas) with every index as a field.

use super::input::LayerArgs;
use crate::analysis::segregation::{self as request, IndexResult, IndexValue, Request, Scale};
use crate::data::subset::ids_of;
use crate::data::table::{Column, Table};
use crate::data::write::check_not_input;
use crate::error::{Error, Result};
use crate::spatial;
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Clone)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The group (single-group indices): a column or an expression
    #[arg(long)]
    group: Option<String>,
    /// The total (single-group indices)
    #[arg(long)]
    total: Option<String>,
    /// The groups (multigroup and local indices), comma-separated (a name with a comma in
    /// double quotes); their sum is the total
    #[arg(long)]
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
    /// Simulations for --null, and bootstrap replicates for --ci
    #[arg(long, default_value_t = 999)]
    permutations: usize,
    /// A bootstrap interval at this level (e.g. 0.95): the areas resampled with replacement
    /// (seeded by --seed: the same interval on any number of threads), adds ci_low and ci_high
    #[arg(long)]
    ci: Option<f64>,
    /// Compute for each of these years: year-bearing columns in --group/--total/--groups
    /// (`folkmangd_2022`, `"Antal totalt 2020"`) are moved to each year in turn
    #[arg(long, value_delimiter = ',')]
    years: Vec<i32>,
    #[command(flatten)]
    years_from: super::years_from::YearsFrom,
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
    /// Snapping tolerance for contiguity (default: 25 m projected, 0 planar)
    #[arg(long)]
    tolerance: Option<f64>,
    /// With --by: write the regions (the areas dissolved per region) with every index as a field:
    /// GeoJSON, GeoPackage or CSV
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(a: &Args) -> Result<i32> {
    // A layer, or a table of areas without geometry (SCB's national DeSO table): then the
    // aspatial indices.
    let (layer, mut table, placeless) = a.input.load_layer_or_table()?;
    // Years published on other boundaries are moved onto these areas first.
    let exprs: Vec<String> = a
        .group
        .iter()
        .chain(&a.total)
        .cloned()
        .chain(
            a.groups
                .iter()
                .flat_map(|g| crate::data::expr::split_list(g)),
        )
        .collect();
    let brought = a
        .years_from
        .bring(&layer, &mut table, &exprs, &a.years, !a.input.json)
        .map_err(|e| a.input.err(e))?;
    if a.out.is_some() && a.by.is_none() {
        return Err(Error::input(
            "--out writes per-region results: give --by FIELD",
        ));
    }
    if let Some(out) = &a.out {
        let mut inputs = vec![a.input.path.as_path()];
        inputs.extend(a.years_from.inputs());
        check_not_input(out, &inputs)?;
    }
    if a.group.is_some() != a.total.is_some() {
        return Err(Error::input("give both --group and --total"));
    }
    if a.group.is_none() && a.groups.is_empty() {
        return Err(Error::input("give --group and --total, or --groups"));
    }
    let mut names = super::check::index_names(&a.index)?;
    if placeless {
        // A table has no places: the aspatial indices only ("all" takes those).
        let spatial = |n: &&str| {
            crate::measures::segregation::measure(n).is_some_and(|m| m.compute.needs_geometry())
        };
        if a.index.iter().any(|n| n == "all") {
            names.retain(|n| !spatial(n));
        } else if let Some(n) = names.iter().find(|n| spatial(n)) {
            return Err(a.input.err(Error::input(format!(
                "'{n}' needs the areas' places; this file is a table without geometry (join it onto a layer with --stats)"
            ))));
        }
        if !a.distance.is_empty() || a.weights.is_some() || !a.population_k.is_empty() {
            return Err(a.input.err(Error::input(
                "--distance, --weights and --population-k need the areas' places; this file is a table without geometry",
            )));
        }
    }
    let tol = super::check::tolerance(
        a.tolerance
            .unwrap_or_else(|| spatial::default_tolerance(&layer)),
    )?;
    super::check::permutations(a.permutations)?;
    super::check::distances(&a.distance)?;
    super::check::population_k(&a.population_k)?;
    let noise = a.noise.model()?;
    let req = Request {
        group: a.group.clone(),
        total: a.total.clone(),
        groups: a
            .groups
            .iter()
            .flat_map(|g| crate::data::expr::split_list(g))
            .collect(),
        ordered: a.ordered,
        names,
        distance: a.distance.clone(),
        population_k: a.population_k.clone(),
        weights: a.weights.clone(),
        unrounded: a.unrounded,
        seed: a.seed,
        null: a.null.clone(),
        permutations: a.permutations,
        ci: a.ci.map(super::check::level).transpose()?,
        by: a.by.clone(),
        decompose: a.decompose,
        tolerance: tol,
        missing: a.input.missing()?,
        noise: noise.map(|n| n.0),
        draws: noise.map_or(0, |n| n.1),
    };
    // Indices named one by one must each give a result ("all" takes what applies).
    if !a.index.iter().any(|n| n == "all") {
        req.check_names()?;
    }
    let path = &a.input.path;
    let start = Instant::now();
    let mut excluded: Vec<usize> = Vec::new();
    let (mut no_geometry, mut no_region) = (Vec::new(), Vec::new());
    let results = if a.years.is_empty() {
        let o = request::run(&layer, &table, &req).map_err(|e| e.with_file(path))?;
        (excluded, no_geometry, no_region) = (o.excluded, o.no_geometry, o.no_region);
        o.results
    } else {
        let mut out = Vec::new();
        for &y in &a.years {
            let moved = req.in_year(&table, y).map_err(|e| e.with_file(path))?;
            let o = request::run(&layer, &table, &moved).map_err(|e| e.with_file(path))?;
            excluded.extend(o.excluded);
            no_geometry.extend(o.no_geometry);
            no_region = o.no_region;
            for mut v in o.results {
                v.year = Some(y);
                out.push(v);
            }
        }
        for v in [&mut excluded, &mut no_geometry] {
            v.sort_unstable();
            v.dedup();
        }
        out
    };
    let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let excluded_ids = ids_of(&table, &excluded);
    crate::work::check_interrupted()?;
    let reasons = crate::data::subset::reasons_of(&table, &excluded, &no_geometry);
    let no_region_ids = ids_of(&table, &no_region);
    if !excluded.is_empty() && !a.input.json {
        eprintln!(
            "segatlas: {} areas left out ({} without geometry, the others for a missing value, saknas): {}",
            excluded.len(),
            no_geometry.len(),
            shorten_list(&excluded_ids)
        );
    }
    if let (false, Some(field), false) = (no_region.is_empty(), &a.by, a.input.json) {
        eprintln!(
            "segatlas: {} areas have no value in '{field}' and are in no region: {}",
            no_region.len(),
            shorten_list(&no_region_ids)
        );
    }
    if let (Some(out), Some(field)) = (&a.out, &a.by) {
        write_regions(out, &layer, &table, field, &results)?;
    }
    if a.input.json {
        super::print_json(&json!({
            "results": results,
            "excluded": excluded_ids,
            "excluded_reasons": reasons,
            "no_region": no_region_ids,
            "moved_years": brought,
            "elapsed_ms": elapsed_ms
        }));
    } else {
        for r in &results {
            let mut prefix = r.year.map(|y| format!("{y} ")).unwrap_or_default();
            match (&r.region, &r.name) {
                (Some(s), Some(n)) => prefix.push_str(&format!("{s} {n}: ")),
                (Some(s), None) => prefix.push_str(&format!("{s}: ")),
                _ => {}
            }
            match &r.value {
                IndexValue::Number(v) if v.is_finite() => println!(
                    "{prefix}{} = {v:.4}{}",
                    r.index,
                    super::noise::text(r.uncertainty.as_ref())
                ),
                IndexValue::Number(_) => println!("{prefix}{} = missing (saknas)", r.index),
                IndexValue::PerArea(_) => {
                    println!("{prefix}{} = (per area, see --json)", r.index)
                }
            }
        }
    }
    Ok(0)
}

/// The first ids of a long list, for a line on stderr.
pub(super) fn shorten_list(ids: &[String]) -> String {
    if ids.len() <= 10 {
        ids.join(", ")
    } else {
        format!("{}, … ({} more)", ids[..10].join(", "), ids.len() - 10)
    }
}

/// The column name of a result row: its index, and its scale and year when it has them.
fn result_field(r: &IndexResult) -> String {
    let mut name = r.index.to_string();
    match &r.scale {
        Some(Scale::Distance(d)) => name.push_str(&format!(" distance={}", json!(d))),
        Some(Scale::K(k)) => name.push_str(&format!(" k={}", json!(k))),
        Some(Scale::Weights(w)) => name.push_str(&format!(" weights={w}")),
        None => {}
    }
    if let Some(c) = r.component {
        name.push_str(&format!(" component={c}"));
    }
    if let Some(y) = r.year {
        name.push_str(&format!(" {y}"));
    }
    name
}

/// The regions dissolved from the areas, with each single-valued index as a field.
fn write_regions(
    out: &std::path::Path,
    layer: &crate::data::Layer,
    table: &Table,
    field: &str,
    results: &[IndexResult],
) -> Result<()> {
    let d = crate::analysis::dissolved::by_field(layer, table, field)?;
    let mut t: Table = d.layer.table.clone();
    let mut fields: Vec<String> = Vec::new();
    for r in results.iter().filter(|r| r.value.number().is_some()) {
        let f = result_field(r);
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    for f in &fields {
        let values = d
            .codes
            .iter()
            .map(|code| {
                results
                    .iter()
                    .find(|r| r.region.as_deref() == Some(code.as_str()) && result_field(r) == *f)
                    .and_then(|r| r.value.number())
            })
            .collect();
        t.push(Column::number(f.clone(), values));
    }
    crate::data::write::areas(out, field, "regions", &d.layer.geometries, d.layer.crs, &t)
}
