//! `segatlas regions PATH [--stats T --key K] --method skater|maxp|redcap|azp|ward --vars A,B,C
//! [--standardise] [--weights SPEC|FILE.gal] [--k K] [--floor "EXPR>=N"] [--min-areas N]
//! [--seed S] [--iterations N] [--out FILE.geojson|.gpkg|.csv [--dissolve]] [--json]`:
//! contiguous regions similar in the variables and above the floor (regionalisation).

use super::input::LayerArgs;
use crate::analysis::regions::{run as regionalise, Outcome, Request};
use crate::data::subset::ids_of;
use crate::data::table::Table;
use crate::data::write::check_not_input;
use crate::data::{expr, Layer};
use crate::error::{Error, Result};
use crate::regions::Method;
use crate::spatial::{self, WeightsSpec};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// skater, maxp, redcap, azp or ward
    #[arg(long)]
    method: String,
    /// The variables regions are to be similar in: columns or expressions, comma-separated (a
    /// name with a comma in double quotes), or --vars given again
    #[arg(long, required = true)]
    vars: Vec<String>,
    /// Standardise the variables to z-scores (population sd) first, so each weighs the same
    #[arg(long)]
    standardise: bool,
    /// queen, rook, knn:K, band:METRES, kernel:…, or a weights file FILE.gal|FILE.gwt listing
    /// the layer's areas in order
    #[arg(long, default_value = "queen")]
    weights: String,
    /// Snapping tolerance for contiguity (default: 25 m projected, 0 planar)
    #[arg(long)]
    tolerance: Option<f64>,
    /// The number of regions (skater, redcap, azp, ward)
    #[arg(long)]
    k: Option<usize>,
    /// Every region's sum of an expression at least N, e.g. "folkmangd_2022>=50000"
    #[arg(long)]
    floor: Option<String>,
    /// Every region at least this many areas
    #[arg(long, default_value_t = 1)]
    min_areas: usize,
    /// Seed of the random search (maxp, azp): the same seed gives the same regions on any
    /// number of threads
    #[arg(long, default_value_t = crate::measures::autocorrelation::DEFAULT_SEED)]
    seed: u64,
    /// Random constructions (maxp) or starts (azp)
    #[arg(long, default_value_t = 99)]
    iterations: usize,
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
    /// Write the areas with their region (.geojson, .gpkg, .csv)
    #[arg(long)]
    out: Option<PathBuf>,
    /// With --out: write the regions as polygons (their areas dissolved), with their summaries
    #[arg(long)]
    dissolve: bool,
}

/// The most constructions or starts (each is a whole random search).
const MAX_ITERATIONS: usize = 10_000;

pub fn run(a: &Args) -> Result<i32> {
    let method = Method::from_name(&a.method)?;
    if a.iterations == 0 || a.iterations > MAX_ITERATIONS {
        return Err(Error::input(format!(
            "--iterations must be between 1 and {MAX_ITERATIONS}"
        )));
    }
    if a.dissolve && a.out.is_none() {
        return Err(Error::input(
            "--dissolve writes --out FILE as regions; give --out",
        ));
    }
    if let Some(out) = &a.out {
        check_not_input(out, &[&a.input.path])?;
        if let Some(s) = &a.input.stats {
            check_not_input(out, &[s])?;
        }
    }
    let (layer, table) = a.input.load()?;
    let path = &a.input.path;
    let vars: Vec<String> = a.vars.iter().flat_map(|v| expr::split_list(v)).collect();
    let tolerance = super::check::tolerance(
        a.tolerance
            .unwrap_or_else(|| spatial::default_tolerance(&layer)),
    )?;
    let noise = a.noise.model()?;
    let req = Request {
        method,
        vars,
        standardise: a.standardise,
        weights: WeightsSpec::parse(&a.weights)?,
        tolerance,
        k: a.k,
        floor: a.floor.clone(),
        min_areas: a.min_areas,
        seed: a.seed,
        iterations: a.iterations,
        given: None,
        noise: noise.map(|n| n.0),
        draws: noise.map_or(0, |n| n.1),
    };
    let o = regionalise(&layer, &table, &req, a.input.missing()?).map_err(|e| e.with_file(path))?;
    crate::work::check_interrupted()?;
    if let Some(out) = &a.out {
        write(out, &layer, &table, &req, &o, a.dissolve)?;
    }
    let json = to_json(&table, &req, a, &o);
    if a.input.json {
        super::print_json(&json);
    } else {
        print_text(&req, &o);
    }
    Ok(0)
}

fn to_json(table: &Table, req: &Request, a: &Args, o: &Outcome) -> Value {
    let ids = |rows: &[usize]| ids_of(table, rows);
    let summaries: Vec<Value> = o
        .summaries
        .iter()
        .map(|s| {
            let means: serde_json::Map<String, Value> = req
                .vars
                .iter()
                .zip(&s.means)
                .map(|(v, m)| (v.clone(), json!(m)))
                .collect();
            json!({
                "region": s.region,
                "count": s.count,
                "areas": ids(&s.rows),
                "floor_sum": s.floor_sum,
                "means": means,
            })
        })
        .collect();
    json!({
        "method": req.method.info().name,
        "variables": req.vars,
        "standardised": req.standardise,
        "weights": a.weights,
        "k": req.k,
        "floor": o.floor.as_ref().map(|(e, m)| json!({"expr": e, "min": m})),
        "min_areas": req.min_areas,
        "seed": req.method.info().seeded.then_some(req.seed),
        "regions": o.regions.count,
        "labels": o.labels,
        "ssd": o.regions.ssd,
        "components": o.regions.components,
        "islands": ids(&o.rows_of(&o.regions.islands)),
        "bridged": ids(&o.rows_of(&o.regions.bridged)),
        "excluded": ids(&o.subset.excluded),
        "excluded_reasons": o.subset.reasons(table),
        "notes": o.regions.notes,
        "region_summaries": summaries,
        "uncertainty": o.noisy.as_ref().map(|(areas, s)| json!({"stability": s, "areas": areas})),
        "elapsed_ms": o.elapsed.as_secs_f64() * 1000.0,
    })
}

fn print_text(req: &Request, o: &Outcome) {
    println!(
        "{} regions by {} (SSD {:.4}, {:.0} ms)",
        o.regions.count,
        req.method.info().name,
        o.regions.ssd,
        o.elapsed.as_secs_f64() * 1000.0
    );
    for n in &o.regions.notes {
        println!("note: {n}");
    }
    if let Some((_, s)) = &o.noisy {
        println!(
            "over {} draws of {}: {} of {} areas keep their place with each neighbour (together or apart) in at least 90 % of the draws",
            s.draws,
            s.model,
            s.stable,
            s.stable + s.unstable
        );
    }
    if !o.subset.excluded.is_empty() {
        println!(
            "{} areas left out for a missing value",
            o.subset.excluded.len()
        );
    }
    let mut head = format!("{:>6} {:>6}", "region", "areas");
    if o.floor.is_some() {
        head.push_str(&format!(" {:>12}", "floor sum"));
    }
    for v in &req.vars {
        head.push_str(&format!(" {:>14}", crate::figure::chart::shorten(v, 14)));
    }
    println!("{head}");
    for s in &o.summaries {
        let mut line = format!("{:>6} {:>6}", s.region, s.count);
        if let Some(f) = s.floor_sum {
            line.push_str(&format!(" {f:>12.0}"));
        }
        for m in &s.means {
            line.push_str(&format!(" {m:>14.3}"));
        }
        println!("{line}");
    }
}

/// The areas with a `region` column, or the regions dissolved with their summaries.
fn write(
    out: &Path,
    layer: &Layer,
    table: &Table,
    req: &Request,
    o: &Outcome,
    dissolve: bool,
) -> Result<()> {
    let (geoms, t) = if dissolve {
        let groups: Vec<Vec<usize>> = o.summaries.iter().map(|s| s.rows.clone()).collect();
        let geoms = spatial::dissolve::dissolve(&layer.geometries, &groups);
        (geoms, o.summary_table(&req.vars)?)
    } else {
        let mut t = table.clone();
        t.push(o.region_column("region"));
        (layer.geometries.clone(), t)
    };
    crate::data::write::areas(out, "regions", "regions", &geoms, layer.crs, &t)
}
