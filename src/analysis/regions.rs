//! Regionalisation of a layer, as the CLI's `regions` and the app's *Regionindelning* run it:
//! the variables and the floor read from the layer's attributes (expressions allowed), areas
//! missing a value left out and named, the weights built on the remaining areas (or read from a
//! `.gal`/`.gwt` file of the whole layer), and per region its areas, floor sum and the mean of
//! each variable on its own scale.

use crate::data::subset::{Missing, Subset};
use crate::data::table::Column;
use crate::data::{expr::Expr, Layer, Table};
use crate::error::{Error, Result};
use crate::regions::{self, Floor, Graph, Method, Options, Problem, Regions};
use crate::spatial::{self, WeightsSpec};
use serde::Serialize;
use std::time::{Duration, Instant};

/// What to divide and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    /// Variables: columns or expressions.
    pub vars: Vec<String>,
    /// Standardise the variables to z-scores (population sd) first.
    pub standardise: bool,
    pub weights: WeightsSpec,
    pub tolerance: f64,
    pub k: Option<usize>,
    /// `EXPR>=N`: every region's sum of EXPR at least N.
    pub floor: Option<String>,
    pub min_areas: usize,
    pub seed: u64,
    pub iterations: usize,
    /// Weights of the whole layer already built (the app's), used instead of `weights`.
    pub given: Option<std::sync::Arc<crate::spatial::weights::Weights>>,
    /// Redraw the variables' counts by this model `draws` times and divide again: how stable
    /// each area's region is ([`Outcome::noisy`]).
    pub noise: Option<crate::measures::uncertainty::Noise>,
    pub draws: usize,
}

impl Request {
    pub fn new(method: Method, vars: Vec<String>) -> Request {
        let o = Options::new(method);
        Request {
            method,
            vars,
            standardise: true,
            weights: WeightsSpec::Queen,
            tolerance: 25.0,
            k: None,
            floor: None,
            min_areas: 1,
            seed: o.seed,
            iterations: o.iterations,
            given: None,
            noise: None,
            draws: 0,
        }
    }
}

/// One region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Numbered from 1.
    pub region: usize,
    /// Layer rows of its areas.
    #[serde(skip)]
    pub rows: Vec<usize>,
    pub count: usize,
    /// Sum of the floor's expression, with a floor.
    pub floor_sum: Option<f64>,
    /// Mean of each variable (on its own scale, not standardised), in the request's order.
    pub means: Vec<f64>,
}

/// The regions of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub regions: Regions,
    /// Region of every layer row, from 1; None for an area left out.
    pub labels: Vec<Option<usize>>,
    pub summaries: Vec<Summary>,
    /// The areas used and those left out for a missing value (layer rows).
    pub subset: Subset,
    /// The floor's expression and minimum.
    pub floor: Option<(String, f64)>,
    /// The computation alone (weights, regions), not reading or summarising.
    pub elapsed: Duration,
    /// Pairs of regions (numbered from 1, smaller first) with neighbouring areas.
    pub touching: Vec<(usize, usize)>,
    /// With a noise model: each area's stability (every layer row; None where left out or
    /// without neighbours) and the summary.
    pub noisy: Option<(Vec<Option<f64>>, crate::measures::uncertainty::Stability)>,
}

#[allow(clippy::too_many_arguments)]
/// How stable each area's region is over `draws` divisions of redrawn data: region labels are
/// arbitrary from one division to the next, so an area's stability is the share of (draw,
/// neighbour) pairs in which it is together with — or apart from — each neighbour as in the
/// observed division. Only variables that are shares of counts (`group/total`, as the area
/// types') are redrawn; the others (a median, a published percentage) are kept as they are.
fn region_stability(
    table: &Table,
    req: &Request,
    subset: &Subset,
    area: &[f64],
    raw: &[Vec<f64>],
    problem: &Problem,
    options: &Options,
    observed: &[usize],
    noise: crate::measures::uncertainty::Noise,
) -> Result<(Vec<f64>, crate::measures::uncertainty::Stability)> {
    use crate::analysis::noisy::NoisyVariable;
    use crate::measures::uncertainty::{self, Stability};
    if req.draws == 0 {
        return Err(Error::input("give at least one draw (--draws)"));
    }
    let vars: Vec<Option<NoisyVariable>> = req
        .vars
        .iter()
        .map(|v| {
            NoisyVariable::new(v, table)
                .ok()
                .filter(NoisyVariable::is_share)
        })
        .collect();
    if vars.iter().all(Option::is_none) {
        return Err(Error::input(format!(
            "none of the variables is a share of counts (group/total*100), so --noise has nothing to redraw: {}",
            req.vars.join(", ")
        )));
    }
    let area_rows: Vec<f64> = subset.rows.iter().map(|&r| area[r]).collect();
    let n = subset.rows.len();
    let draws: Vec<Option<Vec<usize>>> = uncertainty::simulate(req.draws, req.seed, |r| {
        let mut used: Vec<Vec<f64>> = Vec::with_capacity(vars.len());
        for (k, v) in vars.iter().enumerate() {
            let col: Vec<f64> = match v {
                // A value the draw leaves undefined (a total of 0) stays as observed.
                Some(v) => v
                    .draw(noise, table, &subset.rows, Some(&area_rows), r)
                    .into_iter()
                    .zip(&raw[k])
                    .map(|(d, o)| d.unwrap_or(*o))
                    .collect(),
                None => raw[k].clone(),
            };
            used.push(col);
        }
        if req.standardise {
            regions::standardise(&mut used);
        }
        let mut p = Problem::new(&used, problem.graph.clone()).ok()?;
        p.min_areas = problem.min_areas;
        p.floor = problem.floor.clone();
        regions::regionalise(&p, options).ok().map(|f| f.labels)
    });
    let done: Vec<Vec<usize>> = draws.into_iter().flatten().collect();
    let stability: Vec<f64> = (0..n)
        .map(|i| {
            let nb = problem.graph.neighbours(i);
            if nb.is_empty() || done.is_empty() {
                return f64::NAN;
            }
            let agree: usize = done
                .iter()
                .map(|d| {
                    nb.iter()
                        .filter(|&&j| {
                            let j = j as usize;
                            (d[i] == d[j]) == (observed[i] == observed[j])
                        })
                        .count()
                })
                .sum();
            agree as f64 / (done.len() * nb.len()) as f64
        })
        .collect();
    let summary = Stability::of(noise, done.len(), &stability, uncertainty::STABLE);
    Ok((stability, summary))
}

impl Outcome {
    /// One row per region: its number, areas, floor sum (with a floor) and the mean of each
    /// variable (`vars`, the request's), as the CLI's `--dissolve` and the app's export write it.
    pub fn summary_table(&self, vars: &[String]) -> Result<Table> {
        let s = &self.summaries;
        let mut t = Table::new(vec![
            Column::number("region", s.iter().map(|s| Some(s.region as f64)).collect()),
            Column::number("areas", s.iter().map(|s| Some(s.count as f64)).collect()),
        ])?;
        if let Some((expr, _)) = &self.floor {
            t.push(Column::number(
                format!("sum {expr}"),
                s.iter().map(|s| s.floor_sum).collect(),
            ));
        }
        for (k, v) in vars.iter().enumerate() {
            t.push(Column::number(
                format!("mean {v}"),
                s.iter().map(|s| Some(s.means[k])).collect(),
            ));
        }
        Ok(t)
    }

    /// Each area's region as a column `name` (empty where left out).
    pub fn region_column(&self, name: &str) -> Column {
        Column::number(
            name,
            self.labels.iter().map(|l| l.map(|l| l as f64)).collect(),
        )
    }

    /// Layer rows, as [`Regions`] names areas by their place among the areas used.
    pub fn rows_of(&self, kept: &[usize]) -> Vec<usize> {
        kept.iter().map(|&k| self.subset.rows[k]).collect()
    }
}

/// `EXPR>=N` → (EXPR, N).
pub fn parse_floor(text: &str) -> Result<(String, f64)> {
    let (expr, min) = text.rsplit_once(">=").ok_or_else(|| {
        Error::input(format!(
            "--floor '{text}': write it as EXPR>=N, e.g. folkmangd_2022>=50000"
        ))
    })?;
    let min: f64 = min
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| {
            Error::input(format!(
                "--floor '{text}': the minimum must be a number of at least 0"
            ))
        })?;
    if expr.trim().is_empty() {
        return Err(Error::input(format!(
            "--floor '{text}': the expression is empty"
        )));
    }
    Ok((expr.trim().to_string(), min))
}

/// Divide a layer's areas into regions.
pub fn run(layer: &Layer, table: &Table, req: &Request, missing: Missing) -> Result<Outcome> {
    if req.vars.is_empty() {
        return Err(Error::input(
            "give the variables to make regions similar in (--vars)",
        ));
    }
    let info = req.method.info();
    if !info.takes_floor && (req.floor.is_some() || req.min_areas > 1) {
        return Err(Error::input(format!(
            "--method {} takes no floor (skater, maxp, redcap and ward do)",
            info.name
        )));
    }
    let area = layer.area_km2();
    let mut columns: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for v in &req.vars {
        columns.push((v.clone(), Expr::values(v, table, Some(&area))?));
    }
    let floor = req.floor.as_deref().map(parse_floor).transpose()?;
    if let Some((expr, _)) = &floor {
        columns.push((expr.clone(), Expr::values(expr, table, Some(&area))?));
    }
    let refs: Vec<(&str, &[Option<f64>])> = columns
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    let names: Vec<&str> = refs.iter().map(|(n, _)| *n).collect();
    let subset = Subset::complete(layer.len(), None, &refs, missing)?;
    // Regions are contiguous places: areas without a geometry are left out (a given weights
    // file needs none).
    let subset = match &req.given {
        Some(w) if w.n == layer.len() => subset,
        _ => subset.with_geometry(layer),
    }
    .nonempty(&names)?;
    if let Some((expr, _)) = &floor {
        let values = subset.values(&columns[req.vars.len()].1);
        if let Some(k) = values.iter().position(|v| *v < 0.0) {
            return Err(Error::input(format!(
                "the floor's '{expr}' is negative in area {}: a floor sums persons or other counts",
                crate::data::subset::ids_of(table, &[subset.rows[k]])[0]
            )));
        }
    }
    let raw: Vec<Vec<f64>> = columns[..req.vars.len()]
        .iter()
        .map(|(_, v)| subset.values(v))
        .collect();
    let mut used = raw.clone();
    if req.standardise {
        regions::standardise(&mut used);
    }
    let start = Instant::now();
    let w = match &req.given {
        Some(w) if w.n == layer.len() => w.subset(&subset.rows),
        _ => spatial::build_rows(layer, &subset.rows, &req.weights, req.tolerance)?,
    };
    let centroids = spatial::points::centroids(&subset.take(&layer.projected));
    let graph = Graph::from_weights(&w).with_points(centroids);
    let links: Vec<(usize, usize)> = graph.edges().collect();
    let mut problem = Problem::new(&used, graph)?;
    problem.min_areas = req.min_areas;
    problem.floor = floor.as_ref().map(|(expr, min)| Floor {
        name: expr.clone(),
        values: subset.values(&columns[req.vars.len()].1),
        threshold: *min,
    });
    let options = Options {
        method: req.method,
        k: req.k,
        seed: req.seed,
        iterations: req.iterations,
    };
    let found = regions::regionalise(&problem, &options)?;
    let elapsed = start.elapsed();
    let noisy = match req.noise {
        Some(noise) => {
            let (shares, summary) = region_stability(
                table,
                req,
                &subset,
                &area,
                &raw,
                &problem,
                &options,
                &found.labels,
                noise,
            )?;
            let mut per_row = vec![None; layer.len()];
            for (k, s) in shares.into_iter().enumerate() {
                per_row[subset.rows[k]] = s.is_finite().then_some(s);
            }
            Some((per_row, summary))
        }
        None => None,
    };
    let mut labels = vec![None; layer.len()];
    let mut summaries: Vec<Summary> = (0..found.count)
        .map(|r| Summary {
            region: r + 1,
            rows: Vec::new(),
            count: 0,
            floor_sum: floor.as_ref().map(|_| 0.0),
            means: vec![0.0; req.vars.len()],
        })
        .collect();
    for (k, &l) in found.labels.iter().enumerate() {
        let row = subset.rows[k];
        labels[row] = Some(l + 1);
        let s = &mut summaries[l];
        s.rows.push(row);
        s.count += 1;
        if let (Some(sum), Some(f)) = (s.floor_sum.as_mut(), problem.floor.as_ref()) {
            *sum += f.values[k];
        }
        for (m, col) in s.means.iter_mut().zip(&raw) {
            *m += col[k];
        }
    }
    for s in &mut summaries {
        for m in &mut s.means {
            *m /= s.count.max(1) as f64;
        }
    }
    let mut touching: Vec<(usize, usize)> = links
        .iter()
        .map(|&(i, j)| (found.labels[i] + 1, found.labels[j] + 1))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    touching.sort_unstable();
    touching.dedup();
    Ok(Outcome {
        noisy,
        touching,
        regions: found,
        labels,
        summaries,
        subset,
        floor,
        elapsed,
    })
}
