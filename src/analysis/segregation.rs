//! One request for segregation indices — group and total or groups, indices, scales (distances,
//! k persons), regions, a null to test against — computed for a layer: the engine behind
//! `segatlas index` and the app's segregation panel. Results are typed rows ([`IndexResult`]);
//! serialised they are the CLI's schema:
//! `{"index", "component"?, "value", "distance"?|"k"?|"weights"?, "region"?, "year"?, "p_value"?, …}`.
//!
//! Areas missing a group or total are left out ([`Missing::Skip`]): each region's indices are
//! computed on its complete areas, with neighbourhoods and weights built on those areas alone;
//! local results keep one entry per area (null for the left-out ones).

use crate::data::subset::{Missing, Subset};
use crate::data::{expr::Expr, Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::inference::{self, Null, Sample};
use crate::measures::segregation::multi::{multi_divergence, Groups};
use crate::measures::segregation::places::{evaluate, Places, Value as Measured};
use crate::measures::segregation::single::SingleGroup;
use crate::measures::segregation::spatial::egohood_counts;
use crate::measures::segregation::{corrected, measure, proximity, Compute};
use crate::measures::uncertainty::{self, Band, Noise};
use crate::spatial::neighbourhoods;
use serde::Serialize;
use std::borrow::Cow;

/// What an index measured: one number, or one value per area (null where left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IndexValue {
    Number(f64),
    PerArea(Vec<Option<f64>>),
}

impl IndexValue {
    /// The number, when the index gives one (not NaN).
    pub fn number(&self) -> Option<f64> {
        match self {
            IndexValue::Number(v) if v.is_finite() => Some(*v),
            _ => None,
        }
    }
}

/// The scale of a spatial or population-scale index.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// PySAL's kernel egohoods of this radius, metres (0 = aspatial).
    Distance(f64),
    /// Each unit's counts plus its neighbours' weighted counts, by this weights spec.
    Weights(String),
    /// Population-scale neighbourhoods of k persons.
    K(f64),
}

/// An index tested against a null.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NullTest {
    pub p_value: f64,
    pub null: &'static str,
    pub null_mean: f64,
    pub permutations: usize,
}

/// A bootstrap interval of an index: the areas resampled with replacement (seeded), the index
/// computed on each resample, the percentiles (linear interpolation, as numpy's) at
/// (1 − level)/2 and (1 + level)/2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    pub ci_low: f64,
    pub ci_high: f64,
    pub ci_level: f64,
    pub replicates: usize,
}

/// One result: an index, where and when it was measured, its value and its test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexResult {
    pub index: &'static str,
    /// A part of a decomposition (total, between, within).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<&'static str>,
    pub value: IndexValue,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The region's name (from the name field beside its code, or the bundled map).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub test: Option<NullTest>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Interval>,
    /// The index over redrawn counts (`--noise`): mean, spread and 95 % interval of the draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Band>,
}

impl IndexResult {
    fn new(index: &'static str, value: IndexValue) -> IndexResult {
        IndexResult {
            index,
            component: None,
            value,
            scale: None,
            region: None,
            name: None,
            year: None,
            test: None,
            interval: None,
            uncertainty: None,
        }
    }
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub group: Option<String>,
    pub total: Option<String>,
    pub groups: Vec<String>,
    /// The groups are ordered categories (adds the ordinal indices).
    pub ordered: bool,
    pub names: Vec<&'static str>,
    /// Spatial versions over these distances (PySAL's kernel egohoods; 0 = aspatial).
    pub distance: Vec<f64>,
    /// Population-scale versions over these k.
    pub population_k: Vec<f64>,
    /// Spatial versions on these weights (queen, knn:8, kernel:triangular:5, …): each unit's
    /// counts plus its neighbours' weighted counts.
    pub weights: Option<String>,
    pub unrounded: bool,
    pub seed: u64,
    pub null: Option<String>,
    /// Simulations of the null test, and replicates of the bootstrap interval.
    pub permutations: usize,
    /// A bootstrap interval at this level (0.95) for each single-valued aspatial index.
    pub ci: Option<f64>,
    /// Compute per region of this field.
    pub by: Option<String>,
    /// With `by` and groups: Theil's M split into between and within.
    pub decompose: bool,
    /// Contiguity tolerance.
    pub tolerance: f64,
    /// What to do with areas missing a count.
    pub missing: Missing,
    /// Redraw the counts by this model `draws` times (seeded by `seed`) and give every
    /// single-valued index its band ([`IndexResult::uncertainty`]).
    pub noise: Option<Noise>,
    pub draws: usize,
}

/// The results and the areas left out for a missing value (rows of the layer, ascending).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub results: Vec<IndexResult>,
    pub excluded: Vec<usize>,
    /// Among `excluded`, the areas left out for having no geometry (the rest lack a value).
    pub no_geometry: Vec<usize>,
    /// With `by`: the areas whose region field is empty (in no region, so in no result).
    pub no_region: Vec<usize>,
}

impl Request {
    /// Whether an index of the request needs the areas' places (a spatial index, a distance,
    /// k persons or weights): areas without a geometry are then left out, by name.
    pub fn needs_geometry(&self) -> bool {
        !self.distance.is_empty()
            || !self.population_k.is_empty()
            || self.weights.is_some()
            || self
                .names
                .iter()
                .any(|n| measure(n).is_some_and(|m| m.compute.needs_geometry()))
    }

    /// Refuse, naming it, an index asked for by name that this request cannot give (so none is
    /// dropped silently): a spatial index on neighbourhood counts, an ordinal index without
    /// ordered groups, a multigroup index without groups, a single-group index without a group.
    pub fn check_names(&self) -> Result<()> {
        let scaled =
            !self.distance.is_empty() || !self.population_k.is_empty() || self.weights.is_some();
        for &name in &self.names {
            let Some(m) = measure(name) else {
                return Err(Error::input(format!("unknown index '{name}'")));
            };
            let why = match m.compute {
                Compute::Ordered(_) if !self.ordered || self.groups.is_empty() => {
                    Some("an ordinal index needs --groups in order and --ordered")
                }
                Compute::Multi(_) | Compute::Ordered(_) | Compute::Local(_)
                    if self.groups.is_empty() =>
                {
                    Some("a multigroup index needs --groups")
                }
                Compute::Multi(_) | Compute::Ordered(_) | Compute::Local(_) => None,
                _ if self.group.is_none() => Some("a single-group index needs --group and --total"),
                ref c if scaled && c.needs_geometry() => Some(
                    "it is spatial itself: it is not computed on the neighbourhoods of --distance, --population-k or --weights (ask for it in a run without them)",
                ),
                _ => None,
            };
            if let Some(why) = why {
                return Err(Error::input(format!(
                    "index '{name}' cannot be computed here: {why}"
                )));
            }
        }
        Ok(())
    }

    /// The request with every year-bearing column moved to `year`.
    pub fn in_year(&self, table: &Table, year: i32) -> Result<Request> {
        let mv = |e: &String| -> Result<String> {
            let expr = Expr::for_table(e, table)?;
            crate::analysis::years::move_to_year(&expr, table, year)
                .map(|m| m.to_string())
                .ok_or_else(|| Error::input(format!("'{e}' has no columns for {year}")))
        };
        let mut b = self.clone();
        b.group = self.group.as_ref().map(mv).transpose()?;
        b.total = self.total.as_ref().map(mv).transpose()?;
        b.groups = self.groups.iter().map(mv).collect::<Result<_>>()?;
        Ok(b)
    }
}

/// Turns counts per area into counts per neighbourhood at one scale, given the areas' population
/// (the persons population-k neighbourhoods gather; the other scales do not need it).
type Smoother = Box<dyn Fn(&[f64], &[f64]) -> Vec<f64> + Send + Sync>;

/// The neighbourhood scales of a request on the areas `rows` (in this order): distances, a
/// weights spec (a weights file of the whole layer narrowed to them), k persons.
fn scales(layer: &Layer, rows: &[usize], a: &Request) -> Result<Vec<(Scale, Smoother)>> {
    let geoms: Vec<geo::MultiPolygon<f64>> =
        rows.iter().map(|&r| layer.projected[r].clone()).collect();
    let pts = crate::spatial::points::centroids(&geoms);
    let round = !a.unrounded;
    let mut scales: Vec<(Scale, Smoother)> = Vec::new();
    for &d in &a.distance {
        let pts = pts.clone();
        scales.push((
            Scale::Distance(d),
            Box::new(move |v: &[f64], _: &[f64]| egohood_counts(&pts, v, d, round)),
        ));
    }
    if let Some(spec) = &a.weights {
        let w = crate::spatial::build_rows(
            layer,
            rows,
            &crate::spatial::WeightsSpec::parse(spec)?,
            a.tolerance,
        )?;
        scales.push((
            Scale::Weights(spec.clone()),
            Box::new(move |v: &[f64], _: &[f64]| {
                (0..v.len())
                    .map(|i| {
                        let s = v[i]
                            + w.neighbors_of(i)
                                .iter()
                                .zip(w.weights_of(i))
                                .filter(|(j, _)| **j as usize != i)
                                .map(|(j, wij)| wij * v[*j as usize])
                                .sum::<f64>();
                        if round {
                            s.round_ties_even()
                        } else {
                            s
                        }
                    })
                    .collect()
            }),
        ));
    }
    for &k in &a.population_k {
        let pts = pts.clone();
        scales.push((
            Scale::K(k),
            Box::new(move |v: &[f64], pop: &[f64]| {
                let vo: Vec<Option<f64>> = v.iter().map(|x| Some(*x)).collect();
                let pop: Vec<Option<f64>> = pop.iter().map(|x| Some(*x)).collect();
                neighbourhoods::population_neighbourhoods(&pts, &pop, &[&vo], &[k])
                    .map(|r| r.iter().map(|n| n[0].groups[0]).collect())
                    .unwrap_or_default()
            }),
        ));
    }
    Ok(scales)
}

/// The published counts of the areas whose other counts are suppressed obey the rules of every
/// count (finite, not negative, a group not above its total): they go into the draws as they are.
fn check_fill(
    table: &Table,
    vars: &[(String, Vec<Option<f64>>)],
    fill: &[usize],
    a: &Request,
) -> Result<()> {
    for (name, v) in vars {
        let present: Vec<usize> = fill.iter().copied().filter(|&r| v[r].is_some()).collect();
        let values: Vec<f64> = present.iter().filter_map(|&r| v[r]).collect();
        crate::data::counts::check(table, &present, &[(name, &values)], &[])?;
    }
    if a.group.is_some() && a.total.is_some() {
        let both: Vec<usize> = fill
            .iter()
            .copied()
            .filter(|&r| vars[0].1[r].is_some() && vars[1].1[r].is_some())
            .collect();
        let x: Vec<f64> = both.iter().filter_map(|&r| vars[0].1[r]).collect();
        let t: Vec<f64> = both.iter().filter_map(|&r| vars[1].1[r]).collect();
        crate::data::counts::check(
            table,
            &both,
            &[(&vars[0].0, &x), (&vars[1].0, &t)],
            &[(0, 1)],
        )?;
    }
    Ok(())
}

/// The request's variables on every row of the table, with their texts.
fn variables(layer: &Layer, table: &Table, a: &Request) -> Result<Vec<(String, Vec<Option<f64>>)>> {
    let area = layer.area_km2();
    a.group
        .iter()
        .chain(&a.total)
        .chain(&a.groups)
        .map(|e| Ok((e.clone(), Expr::values(e, table, Some(&area))?)))
        .collect()
}

/// The complete areas among `rows` (all of them when None).
fn complete(
    layer: &Layer,
    vars: &[(String, Vec<Option<f64>>)],
    rows: Option<&[usize]>,
    a: &Request,
) -> Result<Subset> {
    let v: Vec<(&str, &[Option<f64>])> = vars
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    let s = Subset::complete(layer.len(), rows, &v, a.missing)?;
    Ok(if a.needs_geometry() {
        s.with_geometry(layer)
    } else {
        s
    })
}

/// The request's variable texts, for messages.
fn names(vars: &[(String, Vec<Option<f64>>)]) -> Vec<&str> {
    vars.iter().map(|(n, _)| n.as_str()).collect()
}

/// One draw of the counts of `rows` under a noise model: the positions (in `rows`) of the areas
/// kept — all of them with `keep_empty`, else those whose total is above 0 — and their group and
/// total, or their groups. An area with a count the model cannot give is left out.
#[derive(Clone, Default)]
struct Drawn {
    kept: Vec<usize>,
    x: Vec<f64>,
    t: Vec<f64>,
    groups: Vec<Vec<f64>>,
}

fn draw_counts(
    a: &Request,
    noise: Noise,
    vars: &[(String, Vec<Option<f64>>)],
    rows: &[usize],
    keep_empty: bool,
    r: &mut rand_xoshiro::Xoshiro256PlusPlus,
) -> Drawn {
    let mut d = Drawn {
        kept: Vec::with_capacity(rows.len()),
        x: Vec::new(),
        t: Vec::new(),
        groups: Vec::new(),
    };
    let single = a.group.is_some() && a.total.is_some();
    let first = if single { 2 } else { 0 };
    for (k, &row) in rows.iter().enumerate() {
        if single {
            let drawn = noise.pair(vars[0].1[row], vars[1].1[row], r);
            match drawn {
                Some((x, t)) if keep_empty || t > 0.0 => {
                    d.kept.push(k);
                    d.x.push(x);
                    d.t.push(t);
                }
                _ => {}
            }
        } else {
            let cells: Option<Vec<f64>> = (0..a.groups.len())
                .map(|g| noise.cell(vars[first + g].1[row], r))
                .collect();
            match cells {
                Some(c) if keep_empty || c.iter().sum::<f64>() > 0.0 => {
                    d.kept.push(k);
                    d.groups.push(c);
                }
                _ => {}
            }
        }
    }
    d
}

/// The indices for a set of areas (`rows`, all complete) of the layer; with a noise model that
/// fills suppressed counts, the areas of `fill` (missing a count, not a geometry) join the draws.
fn compute(
    layer: &Layer,
    vars: &[(String, Vec<Option<f64>>)],
    rows: &[usize],
    fill: &[usize],
    a: &Request,
) -> Result<Vec<IndexResult>> {
    let (names, tol) = (&a.names, a.tolerance);
    let area_all = layer.area_km2();
    let area: Vec<f64> = rows.iter().map(|&r| area_all[r]).collect();
    let geoms: Vec<geo::MultiPolygon<f64>> =
        rows.iter().map(|&r| layer.projected[r].clone()).collect();
    let column = |k: usize| -> Vec<f64> {
        rows.iter()
            .map(|&r| vars[k].1[r].unwrap_or(f64::NAN))
            .collect()
    };
    let single = match (&a.group, &a.total) {
        (Some(_), Some(_)) => Some((column(0), column(1))),
        _ => None,
    };
    let first_group = if single.is_some() { 2 } else { 0 };
    let groups = if a.groups.is_empty() {
        None
    } else {
        let cols: Vec<Vec<f64>> = (0..a.groups.len())
            .map(|k| column(first_group + k))
            .collect();
        Some(Groups {
            counts: (0..rows.len())
                .map(|i| cols.iter().map(|c| c[i]).collect())
                .collect(),
        })
    };
    check_counts(&layer.table, rows, single.as_ref(), groups.as_ref(), a)?;
    // Areas in the working CRS's units² (m² for projected data, the file's own units for planar
    // data, as PySAL computes them).
    let own_area: Vec<f64> = area.iter().map(|a| a * 1.0e6).collect();
    let mut out = Vec::new();
    // The areas a draw covers: the complete ones, then those whose suppressed counts the model
    // fills.
    let all: Vec<usize> = rows.iter().chain(fill).copied().collect();
    check_fill(&layer.table, vars, fill, a)?;
    // Spatial and population-scale versions: the aspatial indices on neighbourhood counts.
    if !a.distance.is_empty() || !a.population_k.is_empty() || a.weights.is_some() {
        let observed = scales(layer, rows, a)?;
        // The draws smooth over every area they cover (the same scales on `all`).
        let widened = if fill.is_empty() {
            None
        } else {
            Some(scales(layer, &all, a)?)
        };
        let population = |t: Option<&[f64]>, g: &[Vec<f64>]| -> Vec<f64> {
            match t {
                Some(t) => t.to_vec(),
                None => g.iter().map(|r| r.iter().sum()).collect(),
            }
        };
        let pop = population(
            single.as_ref().map(|(_, t)| t.as_slice()),
            groups.as_ref().map_or(&[][..], |g| &g.counts[..]),
        );
        for (at, (scale, smooth)) in observed.iter().enumerate() {
            let smooth_drawn = widened.as_ref().map_or(smooth, |w| &w[at].1);
            let s_single = single
                .as_ref()
                .map(|(x, t)| (smooth(x, &pop), smooth(t, &pop)));
            let s_groups = groups.as_ref().map(|g| {
                let k = g.k();
                let cols: Vec<Vec<f64>> = (0..k)
                    .map(|c| smooth(&g.counts.iter().map(|r| r[c]).collect::<Vec<_>>(), &pop))
                    .collect();
                Groups {
                    counts: (0..rows.len())
                        .map(|i| cols.iter().map(|c| c[i]).collect())
                        .collect(),
                }
            });
            for &name in names.iter() {
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
                // Every area of `all` keeps a count in every draw (complete, or filled), so
                // the drawn counts line up with the smoother's areas.
                let uncertainty = a.noise.and_then(|noise| {
                    if let (Some(pooled), Compute::SingleSeeded(_)) =
                        (corrected::Pooled::of(name), &m.compute)
                    {
                        return pooled_band(pooled, noise, a, |k| {
                            let d = draw_counts(
                                a,
                                noise,
                                vars,
                                &all,
                                true,
                                &mut uncertainty::stream(a.seed, k),
                            );
                            let x = smooth_drawn(&d.x, &d.t);
                            (Cow::Owned(x), Cow::Owned(smooth_drawn(&d.t, &d.t)))
                        });
                    }
                    let values = uncertainty::simulate(a.draws, a.seed, |r| {
                        let d = draw_counts(a, noise, vars, &all, true, r);
                        let sg = |x: &[f64], t: &[f64]| (smooth_drawn(x, t), smooth_drawn(t, t));
                        let v = match &m.compute {
                            Compute::Single(f) => {
                                let (x, t) = sg(&d.x, &d.t);
                                f(&SingleGroup {
                                    x: &x,
                                    t: &t,
                                    area: None,
                                })
                            }
                            Compute::SingleSeeded(f) => {
                                let (x, t) = sg(&d.x, &d.t);
                                f(
                                    &SingleGroup {
                                        x: &x,
                                        t: &t,
                                        area: None,
                                    },
                                    a.seed,
                                )
                            }
                            Compute::Multi(f) | Compute::Ordered(f) if !d.groups.is_empty() => {
                                let pop = population(None, &d.groups);
                                let cols: Vec<Vec<f64>> = (0..d.groups[0].len())
                                    .map(|c| {
                                        smooth_drawn(
                                            &d.groups.iter().map(|g| g[c]).collect::<Vec<_>>(),
                                            &pop,
                                        )
                                    })
                                    .collect();
                                f(&Groups {
                                    counts: (0..d.kept.len())
                                        .map(|i| cols.iter().map(|c| c[i]).collect())
                                        .collect(),
                                })
                            }
                            _ => return None,
                        };
                        v.is_finite().then_some(v)
                    });
                    Band::of(noise, &values)
                });
                out.push(IndexResult {
                    scale: Some(scale.clone()),
                    uncertainty,
                    ..IndexResult::new(name, IndexValue::Number(value))
                });
            }
        }
        return Ok(out);
    }
    // With suppressed counts drawn, the draws also cover the areas of `fill`.
    let fill_geoms: Vec<geo::MultiPolygon<f64>> = all
        .iter()
        .map(|&r| layer.projected[r].clone())
        .filter(|_| !fill.is_empty())
        .collect();
    let all_places = (!fill.is_empty()).then(|| {
        let area: Vec<f64> = all.iter().map(|&r| area_all[r] * 1.0e6).collect();
        Places::new(&fill_geoms, area, tol)
    });
    let places = Places::new(&geoms, own_area, tol);
    let null = a.null.as_deref().map(Null::from_name).transpose()?;
    // Counts per unit and group, for the tests.
    let counts: Vec<Vec<f64>> = match (&single, &groups) {
        (Some((x, t)), _) => x.iter().zip(t).map(|(x, t)| vec![*x, t - x]).collect(),
        (_, Some(g)) => g.counts.clone(),
        _ => Vec::new(),
    };
    let cache = shared_draws(a.noise, vars, &all, a);
    let proximity_indices = names
        .iter()
        .filter(|n| proximity::from_products(n).is_some())
        .count();
    let products: Option<Vec<std::sync::OnceLock<proximity::Products>>> = (cache.is_some()
        && proximity_indices > 1)
        .then(|| (0..a.draws).map(|_| std::sync::OnceLock::new()).collect());
    for &name in names.iter() {
        let Some(m) = measure(name) else { continue };
        if matches!(m.compute, Compute::Ordered(_)) && !a.ordered {
            continue;
        }
        let sg = single.as_ref().map(|(x, t)| (x.as_slice(), t.as_slice()));
        let Some(value) = evaluate(m, &places, sg, groups.as_ref(), a.seed) else {
            continue;
        };
        let mut v = IndexResult::new(
            name,
            match &value {
                Measured::Number(n) => IndexValue::Number(*n),
                Measured::PerArea(list) => {
                    IndexValue::PerArea(list.iter().map(|x| x.is_finite().then_some(*x)).collect())
                }
            },
        );
        if let (Some(level), Some(_)) = (a.ci, value.number()) {
            places.prepare(m);
            let is_single = single.is_some();
            let t = inference::test(
                inference::Null::Bootstrap,
                &counts,
                a.permutations,
                a.seed,
                &|s: &Sample| {
                    let sub = places.subset(s.rows.as_deref().unwrap_or(&[]));
                    if is_single {
                        let (x, t) = s.single();
                        evaluate(m, &sub, Some((&x, &t)), None, a.seed)?.number()
                    } else {
                        let g = Groups {
                            counts: s.counts.clone(),
                        };
                        evaluate(m, &sub, None, Some(&g), a.seed)?.number()
                    }
                },
            )?;
            let mut sim = t.simulated;
            sim.sort_by(f64::total_cmp);
            v.interval = Some(Interval {
                ci_low: percentile(&sim, (1.0 - level) / 2.0),
                ci_high: percentile(&sim, (1.0 + level) / 2.0),
                ci_level: level,
                replicates: sim.len(),
            });
        }
        if let (Some(noise), Some(_)) = (a.noise, value.number()) {
            v.uncertainty = band(
                m,
                noise,
                &places,
                &all_places,
                vars,
                &all,
                a,
                cache.as_deref(),
                products.as_deref(),
            );
        }
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
            v.test = Some(NullTest {
                p_value: t.p_value,
                null: null.name(),
                null_mean: t.mean_simulated(),
                permutations: t.simulated.len(),
            });
        }
        out.push(v);
    }
    Ok(out)
}

/// At most this many counts are kept in memory to draw them once for all the indices of a
/// request (8M numbers, 64 MB, and as much again for the proximity indices' products);
/// beyond, each index draws them again (the same draws).
const CACHED_COUNTS: usize = 1 << 23;

/// The draws of the counts of `all` for the bands of several indices, drawn once: the same as
/// each index's own draws (the same streams), so only the time differs.
fn shared_draws(
    noise: Option<Noise>,
    vars: &[(String, Vec<Option<f64>>)],
    all: &[usize],
    a: &Request,
) -> Option<Vec<Drawn>> {
    let noise = noise?;
    let width = if a.group.is_some() {
        2
    } else {
        a.groups.len().max(1)
    };
    let cells = a.draws.saturating_mul(all.len()).saturating_mul(width);
    (a.names.len() > 1 && cells <= CACHED_COUNTS).then(|| {
        uncertainty::simulate(a.draws, a.seed, |r| {
            draw_counts(a, noise, vars, all, false, r)
        })
    })
}

/// The band of a simulation-corrected index, its simulation shared over the draws (see
/// `corrected::Pooled`): `counts(k)` gives draw k's group and total, the simulations come from
/// the draw's side stream.
fn pooled_band<'d>(
    pooled: corrected::Pooled,
    noise: Noise,
    a: &Request,
    counts: impl Fn(usize) -> (Cow<'d, [f64]>, Cow<'d, [f64]>) + Sync + Send,
) -> Option<Band> {
    let sims = corrected::Pooled::sims_per_draw(a.draws);
    let draws = crate::work::parallel(a.draws, |k| {
        let (x, t) = counts(k);
        let g = SingleGroup {
            x: &x,
            t: &t,
            area: None,
        };
        pooled.draw(&g, sims, &mut uncertainty::side_stream(a.seed, k))
    });
    Band::of(noise, &pooled.finish(&draws))
}

/// An index's band over `a.draws` draws of the counts of `all` (the complete areas, then those
/// with a suppressed count when the model fills them: `wide` holds their places): each draw's
/// areas with a total of 0 are left out of that draw. `cache` holds the draws when they were
/// drawn once for several indices, and `products` then each draw's products of the proximity
/// matrix, made by the first proximity index that needs them and shared by the others.
#[allow(clippy::too_many_arguments)]
fn band(
    m: &crate::measures::segregation::Measure,
    noise: Noise,
    places: &Places,
    wide: &Option<Places>,
    vars: &[(String, Vec<Option<f64>>)],
    all: &[usize],
    a: &Request,
    cache: Option<&[Drawn]>,
    products: Option<&[std::sync::OnceLock<proximity::Products>]>,
) -> Option<Band> {
    let at_all = wide.as_ref().unwrap_or(places);
    at_all.prepare(m);
    let single = a.group.is_some() && a.total.is_some();
    let drawn = |k: usize| -> Cow<'_, Drawn> {
        match cache {
            Some(c) => Cow::Borrowed(&c[k]),
            None => Cow::Owned(draw_counts(
                a,
                noise,
                vars,
                all,
                false,
                &mut uncertainty::stream(a.seed, k),
            )),
        }
    };
    if let (Some(pooled), true) = (corrected::Pooled::of(m.name), single) {
        return pooled_band(pooled, noise, a, |k| match drawn(k) {
            Cow::Borrowed(d) => (Cow::Borrowed(&d.x[..]), Cow::Borrowed(&d.t[..])),
            Cow::Owned(d) => (Cow::Owned(d.x), Cow::Owned(d.t)),
        });
    }
    let values = crate::work::parallel(a.draws, |k| {
        let d = drawn(k);
        let sub;
        let at = if d.kept.len() == all.len() {
            at_all
        } else {
            sub = at_all.subset(&d.kept);
            &sub
        };
        let shared = products.zip(proximity::from_products(m.name));
        if let (true, Some((memo, of))) = (single && d.kept.len() == all.len(), shared) {
            let g = SingleGroup {
                x: &d.x,
                t: &d.t,
                area: None,
            };
            let p = at_all.prox();
            let v = of(&g, p, memo[k].get_or_init(proximity::Products::new));
            return v.is_finite().then_some(v);
        }
        if single {
            evaluate(m, at, Some((&d.x, &d.t)), None, a.seed)?.number()
        } else {
            let g = Groups {
                counts: d.into_owned().groups,
            };
            evaluate(m, at, None, Some(&g), a.seed)?.number()
        }
    });
    Band::of(noise, &values)
}

/// The q-th quantile (0–1) of sorted values, interpolated linearly as numpy's default.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let at = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
}

/// Counts are persons: finite, never negative, and a group never larger than its total
/// ([`crate::data::counts::check`], the one check of every command), areas named by code.
fn check_counts(
    table: &Table,
    rows: &[usize],
    single: Option<&(Vec<f64>, Vec<f64>)>,
    groups: Option<&Groups>,
    a: &Request,
) -> Result<()> {
    if let Some((x, t)) = single {
        let g = a.group.as_deref().unwrap_or_default();
        let tt = a.total.as_deref().unwrap_or_default();
        crate::data::counts::check(table, rows, &[(g, x), (tt, t)], &[(0, 1)])?;
    }
    if let Some(g) = groups {
        let cols: Vec<Vec<f64>> = (0..g.k())
            .map(|c| g.counts.iter().map(|r| r[c]).collect())
            .collect();
        let named: Vec<(&str, &[f64])> = a
            .groups
            .iter()
            .zip(&cols)
            .map(|(n, c)| (n.as_str(), c.as_slice()))
            .collect();
        crate::data::counts::check(table, rows, &named, &[])?;
    }
    Ok(())
}

/// Per-area results of the kept rows written back over all of `region` (None where left out).
fn spread(results: &mut [IndexResult], kept: &[usize], region: &[usize]) {
    let at: std::collections::HashMap<usize, usize> =
        kept.iter().enumerate().map(|(k, &r)| (r, k)).collect();
    for v in results.iter_mut() {
        if let IndexValue::PerArea(list) = &v.value {
            let full: Vec<Option<f64>> = region
                .iter()
                .map(|r| at.get(r).and_then(|&k| list.get(k).copied().flatten()))
                .collect();
            v.value = IndexValue::PerArea(full);
        }
    }
}

/// The areas left out for a missing count (not a missing geometry) whose counts the noise model
/// draws.
fn fill(s: &Subset, a: &Request) -> Vec<usize> {
    match a.noise {
        Some(n) if n.fills_missing() => s
            .excluded
            .iter()
            .copied()
            .filter(|r| !s.no_geometry.contains(r))
            .collect(),
        _ => Vec::new(),
    }
}

/// The results for the whole layer or per region, with the decomposition when asked.
pub fn run(layer: &Layer, table: &Table, a: &Request) -> Result<Outcome> {
    if a.group.is_some() != a.total.is_some() {
        return Err(Error::input("give both a group and a total"));
    }
    if a.group.is_none() && a.groups.is_empty() {
        return Err(Error::input("give a group and a total, or groups"));
    }
    let vars = variables(layer, table, a)?;
    let mut out = Outcome::default();
    match &a.by {
        None => {
            let s = complete(layer, &vars, None, a)?.nonempty(&names(&vars))?;
            out.results = compute(layer, &vars, &s.rows, &fill(&s, a), a)?;
            spread(
                &mut out.results,
                &s.rows,
                &(0..layer.len()).collect::<Vec<_>>(),
            );
            out.excluded = s.excluded;
            out.no_geometry = s.no_geometry;
        }
        Some(field) => {
            let col = table.require(field)?;
            out.no_region = (0..table.len())
                .filter(|&r| col.key_at(r).is_none())
                .collect();
            let names = crate::analysis::names::of_regions(table, field);
            for (region, rows) in regions(table, field)? {
                let s = complete(layer, &vars, Some(&rows), a)
                    .map_err(|e| Error::input(format!("{field} {region}: {}", e.message)))?;
                out.no_geometry.extend(&s.no_geometry);
                if s.rows.is_empty() {
                    out.excluded.extend(s.excluded);
                    continue;
                }
                let mut res = compute(layer, &vars, &s.rows, &fill(&s, a), a)?;
                spread(&mut res, &s.rows, &rows);
                for mut v in res {
                    v.region = Some(region.clone());
                    v.name = names.get(&region).cloned();
                    out.results.push(v);
                }
                out.excluded.extend(s.excluded);
            }
            out.excluded.sort_unstable();
            out.no_geometry.sort_unstable();
        }
    }
    if a.decompose {
        let s = complete(layer, &vars, None, a)?.nonempty(&names(&vars))?;
        out.results.extend(decompose(table, &vars, &s.rows, a)?);
    }
    Ok(out)
}

/// The regions of a field in order — numbers as numbers (2 before 10), then texts — each with its
/// rows (areas without a region are in none).
pub fn regions(table: &Table, field: &str) -> Result<Vec<(String, Vec<usize>)>> {
    let col = table.require(field)?;
    let mut map: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for r in 0..table.len() {
        if let Some(k) = col.key_at(r) {
            map.entry(k).or_default().push(r);
        }
    }
    let mut out: Vec<(String, Vec<usize>)> = map.into_iter().collect();
    out.sort_by(|a, b| natural(&a.0, &b.0));
    Ok(out)
}

/// Numbers in numeric order before texts in text order; equal numbers by their text ("01" and
/// "1" stay apart).
pub fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// Theil's M of the whole layer = M between regions (regions as units) + Σ_r (T_r/T)·M_r.
fn decompose(
    table: &Table,
    vars: &[(String, Vec<Option<f64>>)],
    rows: &[usize],
    a: &Request,
) -> Result<Vec<IndexResult>> {
    let (Some(field), false) = (&a.by, a.groups.is_empty()) else {
        return Err(Error::input("--decompose needs --by FIELD and --groups"));
    };
    let first = if a.group.is_some() { 2 } else { 0 };
    let k = a.groups.len();
    let counts_of = |r: usize| -> Vec<f64> {
        (0..k)
            .map(|c| vars[first + c].1[r].unwrap_or(0.0))
            .collect()
    };
    let counts: Vec<Vec<f64>> = rows.iter().map(|&r| counts_of(r)).collect();
    let total = multi_divergence(&Groups {
        counts: counts.clone(),
    });
    let grand: f64 = counts.iter().flatten().sum();
    let kept: std::collections::HashSet<usize> = rows.iter().copied().collect();
    let (mut region_counts, mut within) = (Vec::new(), 0.0);
    for (_, region_rows) in regions(table, field)? {
        let rc: Vec<Vec<f64>> = region_rows
            .iter()
            .filter(|r| kept.contains(r))
            .map(|&r| counts_of(r))
            .collect();
        if rc.is_empty() {
            continue;
        }
        let sum: Vec<f64> = (0..k).map(|c| rc.iter().map(|row| row[c]).sum()).collect();
        within += sum.iter().sum::<f64>() / grand * multi_divergence(&Groups { counts: rc });
        region_counts.push(sum);
    }
    let between = multi_divergence(&Groups {
        counts: region_counts,
    });
    Ok([("total", total), ("between", between), ("within", within)]
        .into_iter()
        .map(|(c, v)| IndexResult {
            component: Some(c),
            ..IndexResult::new("multi-divergence", IndexValue::Number(v))
        })
        .collect())
}
