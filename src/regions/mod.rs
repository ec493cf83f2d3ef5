//! Regionalisation: contiguous regions of areas, similar inside and large enough to publish.
//!
//! Every method works on a neighbour graph ([`graph::Graph`], from any weights: contiguity, KNN,
//! a `.gal`/`.gwt` file) and a matrix of variables, and minimises the within-region sum of
//! squared deviations (SSD) of the variables as given (z-scores with `standardise`):
//! - **SKATER** (Assunção et al. 2006): the minimum spanning tree of attribute distances over
//!   the graph, cut greedily where the SSD drops most, every part above the floor;
//! - **max-p** (Duque, Anselin & Rey 2012; Wei, Rey & Knaap 2021): as many regions as can meet
//!   the floor (seeded constructions in parallel), then the least SSD by tabu search;
//! - **REDCAP** (Guo 2008, full-order complete linkage): a spanning tree grown by contiguous
//!   complete-linkage agglomeration, then cut as SKATER;
//! - **AZP** (Openshaw 1977): seeded random contiguous partitions into k regions, improved by
//!   moving border areas (the same tabu search);
//! - **Ward**: spatially constrained Ward agglomeration down to k regions.
//!
//! When the graph falls apart into c > 1 connected parts, k-based methods make k + c regions
//! (spopt's `islands="increase"`); max-p joins a part that cannot meet the floor alone to its
//! nearest part by one bridging link (spopt's default policy). Nothing here knows about the UI;
//! the same seed gives the same regions on any number of threads.

pub mod graph;
mod local;
mod maxp;
mod redcap;
mod sums;
mod tree;
mod ward;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
pub use graph::Graph;
use sums::Sums;

/// One method of the registry: what the CLI, the app, the docs and the tests list.
#[derive(Debug, Clone, Copy)]
pub struct MethodInfo {
    pub method: Method,
    pub name: &'static str,
    /// Shown in the app (Swedish, English).
    pub label_sv: &'static str,
    pub label_en: &'static str,
    /// Takes the number of regions k (else it finds the number itself, as max-p).
    pub needs_k: bool,
    /// Random (seeded) search: `--seed` changes the result.
    pub seeded: bool,
    /// Accepts a floor (a minimum sum or number of areas per region).
    pub takes_floor: bool,
    pub about: &'static str,
}

/// The methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Skater,
    MaxP,
    Redcap,
    Azp,
    Ward,
}

/// Every method, in the order menus list them.
pub const METHODS: &[MethodInfo] = &[
    MethodInfo {
        method: Method::Skater,
        name: "skater",
        label_sv: "SKATER (minsta uppspännande träd)",
        label_en: "SKATER (minimum spanning tree)",
        needs_k: true,
        seeded: false,
        takes_floor: true,
        about: "minimum spanning tree of attribute distances cut where the SSD drops most",
    },
    MethodInfo {
        method: Method::MaxP,
        name: "maxp",
        label_sv: "max-p (flest regioner över golvet)",
        label_en: "max-p (most regions above the floor)",
        needs_k: false,
        seeded: true,
        takes_floor: true,
        about: "as many regions as meet the floor, then the least SSD by tabu search",
    },
    MethodInfo {
        method: Method::Redcap,
        name: "redcap",
        label_sv: "REDCAP (fullständig länkning)",
        label_en: "REDCAP (full-order complete linkage)",
        needs_k: true,
        seeded: false,
        takes_floor: true,
        about: "spanning tree from contiguous complete-linkage clustering, cut as SKATER",
    },
    MethodInfo {
        method: Method::Azp,
        name: "azp",
        label_sv: "AZP (automatisk zonindelning)",
        label_en: "AZP (automatic zoning)",
        needs_k: true,
        seeded: true,
        takes_floor: false,
        about: "random contiguous partitions into k regions improved by moving border areas",
    },
    MethodInfo {
        method: Method::Ward,
        name: "ward",
        label_sv: "Ward (rumsligt begränsad)",
        label_en: "Ward (spatially constrained)",
        needs_k: true,
        seeded: false,
        takes_floor: true,
        about: "contiguous Ward agglomeration, merges of regions under the floor first",
    },
];

impl Method {
    /// The method named `name` (as in [`METHODS`]).
    pub fn from_name(name: &str) -> Result<Method> {
        METHODS
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(name.trim()))
            .map(|m| m.method)
            .ok_or_else(|| {
                let names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
                Error::input(format!("unknown method '{name}' ({})", names.join(", ")))
            })
    }

    pub fn info(self) -> &'static MethodInfo {
        METHODS
            .iter()
            .find(|m| m.method == self)
            .unwrap_or(&METHODS[0])
    }
}

/// A minimum per region: the sum of a variable (persons) of at least `threshold`.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub name: String,
    pub values: Vec<f64>,
    pub threshold: f64,
}

/// What to divide: the variables (one row of `p` values per area), the neighbour graph and the
/// floor every region must meet.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Row-major, `n × p`.
    pub data: Vec<f64>,
    pub p: usize,
    pub graph: Graph,
    pub floor: Option<Floor>,
    /// At least this many areas per region (1 = none).
    pub min_areas: usize,
}

/// How to divide it.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub method: Method,
    /// The number of regions for the k-based methods.
    pub k: Option<usize>,
    pub seed: u64,
    /// Random constructions (max-p) or starts (AZP), run in parallel.
    pub iterations: usize,
}

impl Options {
    pub fn new(method: Method) -> Options {
        Options {
            method,
            k: None,
            seed: crate::measures::autocorrelation::DEFAULT_SEED,
            iterations: 99,
        }
    }
}

/// The regions found.
#[derive(Debug, Clone, PartialEq)]
pub struct Regions {
    /// Region of each area, `0..count`, numbered by their first area in feature order.
    pub labels: Vec<usize>,
    pub count: usize,
    /// Within-region sum of squared deviations of the variables as used.
    pub ssd: f64,
    /// Connected parts of the neighbour graph.
    pub components: usize,
    /// Areas without any neighbour.
    pub islands: Vec<usize>,
    /// Parts of the graph linked to their nearest part to meet the floor (max-p), by an area.
    pub bridged: Vec<usize>,
    /// Plain sentences on what was not as asked (fewer regions than k, …).
    pub notes: Vec<String>,
}

impl Problem {
    /// A problem on columns of values (one `Vec` per variable, all of the graph's length).
    pub fn new(columns: &[Vec<f64>], graph: Graph) -> Result<Problem> {
        let n = graph.len();
        if columns.is_empty() {
            return Err(Error::input("regionalisation needs at least one variable"));
        }
        if let Some(c) = columns.iter().find(|c| c.len() != n) {
            return Err(Error::input(format!(
                "a variable has {} values for {n} areas",
                c.len()
            )));
        }
        if columns.iter().flatten().any(|v| !v.is_finite()) {
            return Err(Error::input(
                "a variable has a value that is not a finite number",
            ));
        }
        let p = columns.len();
        let mut data = vec![0.0; n * p];
        for (j, col) in columns.iter().enumerate() {
            for (i, v) in col.iter().enumerate() {
                data[i * p + j] = *v;
            }
        }
        Ok(Problem {
            data,
            p,
            graph,
            floor: None,
            min_areas: 1,
        })
    }

    pub fn n(&self) -> usize {
        self.graph.len()
    }

    /// The variables of area `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.p..(i + 1) * self.p]
    }

    /// The floor's value of area `i` (0 without a floor).
    fn floor_of(&self, i: usize) -> f64 {
        self.floor.as_ref().map_or(0.0, |f| f.values[i])
    }

    /// Whether a region with these sums meets the floor.
    fn meets(&self, s: &Sums) -> bool {
        s.n >= self.min_areas
            && self
                .floor
                .as_ref()
                .is_none_or(|f| s.floor >= f.threshold - 1e-9 * f.threshold.abs())
    }

    /// Sums of the areas in `members`.
    fn sums_of(&self, members: impl IntoIterator<Item = usize>) -> Sums {
        let mut s = Sums::empty(self.p);
        for i in members {
            s.add(self, i);
        }
        s
    }

    /// Within-region SSD of a labelling.
    pub fn ssd(&self, labels: &[usize]) -> f64 {
        let count = labels.iter().copied().max().map_or(0, |m| m + 1);
        let mut sums = vec![Sums::empty(self.p); count];
        for (i, &l) in labels.iter().enumerate() {
            sums[l].add(self, i);
        }
        sums.iter().map(Sums::ssd).sum()
    }
}

/// Standardise columns to z-scores with the population standard deviation (ddof 0), as
/// spopt's and scikit-learn's scalers do; a constant column becomes zeros.
pub fn standardise(columns: &mut [Vec<f64>]) {
    for c in columns {
        let n = c.len() as f64;
        if n == 0.0 {
            continue;
        }
        let mean = c.iter().sum::<f64>() / n;
        let sd = (c.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
        for v in c.iter_mut() {
            *v = if sd > 0.0 { (*v - mean) / sd } else { 0.0 };
        }
    }
}

/// Divide the areas into regions. Stops early (an error) when the work is cancelled.
pub fn regionalise(problem: &Problem, options: &Options) -> Result<Regions> {
    let n = problem.n();
    if n == 0 {
        return Err(Error::input("there are no areas to divide"));
    }
    if problem.min_areas == 0 {
        return Err(Error::input(
            "the minimum number of areas must be at least 1",
        ));
    }
    if let Some(f) = &problem.floor {
        if !f.threshold.is_finite() {
            return Err(Error::input("the floor must be a finite number"));
        }
        if let Some(i) = f.values.iter().position(|v| !v.is_finite() || *v < 0.0) {
            return Err(Error::input(format!(
                "the floor's variable '{}' is missing or negative in area {}",
                f.name,
                i + 1
            )));
        }
    }
    let info = options.method.info();
    if !info.takes_floor && (problem.floor.is_some() || problem.min_areas > 1) {
        return Err(Error::input(format!(
            "--method {} takes no floor (skater, maxp, redcap and ward do)",
            info.name
        )));
    }
    let (parts, count) = problem.graph.components();
    let components = count;
    let islands: Vec<usize> = (0..n).filter(|&i| problem.graph.degree(i) == 0).collect();
    let mut notes = Vec::new();
    let target = if info.needs_k {
        let k = options.k.ok_or_else(|| {
            Error::input(format!(
                "--method {} needs the number of regions (--k)",
                info.name
            ))
        })?;
        if k == 0 {
            return Err(Error::input("the number of regions k must be at least 1"));
        }
        let target = if count > 1 {
            notes.push(format!(
                "the neighbour graph has {count} separate parts: k increased from {k} to {} (as spopt's islands=\"increase\")",
                k + count
            ));
            k + count
        } else {
            k
        };
        if target > n {
            return Err(Error::input(format!(
                "{target} regions asked for {n} areas: k must be at most the number of areas"
            )));
        }
        Some(target)
    } else {
        None
    };
    let total = problem.sums_of(0..n);
    if !problem.meets(&total) {
        return Err(Error::input(
            "the floor is higher than all areas together: no region can meet it",
        ));
    }
    for part in 0..count {
        let members = (0..n).filter(|&i| parts[i] == part);
        let s = problem.sums_of(members);
        if info.needs_k && !problem.meets(&s) {
            notes.push(format!(
                "part {} of the neighbour graph (from area {}) is under the floor on its own",
                part + 1,
                parts.iter().position(|&p| p == part).map_or(0, |i| i + 1)
            ));
        }
    }
    let mut bridged = Vec::new();
    let (labels, more) = match options.method {
        Method::Skater => {
            let tree = tree::minimum_spanning_forest(problem);
            tree::cut(problem, tree, target.unwrap_or(1))?
        }
        Method::Redcap => {
            let tree = redcap::spanning_tree(problem)?;
            tree::cut(problem, tree, target.unwrap_or(1))?
        }
        Method::Ward => ward::agglomerate(problem, target.unwrap_or(1))?,
        Method::MaxP => {
            if problem.floor.is_none() && problem.min_areas <= 1 {
                return Err(Error::input(
                    "max-p needs a floor (--floor \"EXPR>=N\" or --min-areas N): it finds the most regions that meet it",
                ));
            }
            let (bridged_graph, b) = maxp::bridge(problem, &parts, count);
            bridged = b;
            let p2;
            let problem = match bridged_graph {
                Some(g) => {
                    p2 = Problem {
                        graph: g,
                        ..problem.clone()
                    };
                    &p2
                }
                None => problem,
            };
            maxp::solve(problem, options.seed, options.iterations.max(1))?
        }
        Method::Azp => local::azp(
            problem,
            target.unwrap_or(1),
            options.seed,
            options.iterations.max(1),
        )?,
    };
    notes.extend(more);
    let labels = renumber(&labels);
    let count = labels.iter().copied().max().map_or(0, |m| m + 1);
    if let Some(k) = target {
        if count < k {
            notes.push(format!(
                "{count} regions instead of {k}: no further division keeps every region above the floor"
            ));
        }
    }
    Ok(Regions {
        ssd: problem.ssd(&labels),
        labels,
        count,
        components,
        islands,
        bridged,
        notes,
    })
}

/// Labels numbered 0.. by the first area (in feature order) of each region.
pub fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut map = std::collections::HashMap::new();
    labels
        .iter()
        .map(|l| {
            let next = map.len();
            *map.entry(*l).or_insert(next)
        })
        .collect()
}

/// An error when the work was cancelled (checked between steps of the methods).
fn check() -> Result<()> {
    if crate::work::stopping() {
        Err(Error::cancelled())
    } else {
        Ok(())
    }
}
