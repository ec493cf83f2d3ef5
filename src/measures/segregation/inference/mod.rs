//! Inference for segregation indices, after PySAL's `SingleValueTest`, `TwoValueTest` and
//! `DecomposeSegregation`.
//!
//! Data are counts per unit and group (`counts[i][k]`; a single group is `[x, t − x]`). Nulls:
//! `systematic` (each group redistributed multinomially over the units with p_j = t_j/T),
//! `evenness` (each unit's total redrawn multinomially with the regional group shares),
//! `bootstrap` (units resampled with replacement; the index's distribution is tested against 0),
//! `geographic-permutation` (the units' counts permuted over the places) and
//! `person-permutation` (people's groups shuffled, unit totals kept: a multivariate
//! hypergeometric draw). Two-tailed p = 2·min(#sim > obs, #sim < obs)/n_sim, as PySAL.
//!
//! Two samples (two years, groups or regions): `random-label` pools the units of both and permutes
//! which sample each belongs to; `composition` flips a fair coin per unit between its observed
//! group count and its counterfactual one (the other sample's composition at the unit's percentile
//! rank). The Shapley decomposition splits a difference into a spatial and an attribute part over
//! the four counterfactual indices (Rey, Cortes & Knaap). Each simulation draws from its own
//! stream of the seed: the same seed gives the same numbers on any number of threads.

use crate::error::{Error, Result};
use crate::measures::autocorrelation::{parallel, rng};
use rand_distr::{Binomial, Distribution, Hypergeometric};
use rand_xoshiro::rand_core::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// A null hypothesis of one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Null {
    Systematic,
    Evenness,
    Bootstrap,
    GeographicPermutation,
    PersonPermutation,
}

impl Null {
    pub const NAMES: [&'static str; 5] = [
        "systematic",
        "evenness",
        "bootstrap",
        "geographic-permutation",
        "person-permutation",
    ];

    /// The null's name, as `from_name` reads it.
    pub fn name(self) -> &'static str {
        match self {
            Null::Systematic => Null::NAMES[0],
            Null::Evenness => Null::NAMES[1],
            Null::Bootstrap => Null::NAMES[2],
            Null::GeographicPermutation => Null::NAMES[3],
            Null::PersonPermutation => Null::NAMES[4],
        }
    }

    pub fn from_name(name: &str) -> Result<Null> {
        Ok(match name {
            "systematic" => Null::Systematic,
            "evenness" => Null::Evenness,
            "bootstrap" => Null::Bootstrap,
            "geographic-permutation" => Null::GeographicPermutation,
            "person-permutation" => Null::PersonPermutation,
            other => {
                return Err(Error::input(format!(
                    "unknown null '{other}' (known: {})",
                    Null::NAMES.join(", ")
                )))
            }
        })
    }
}

/// One simulated data set: counts per unit and group, and for a bootstrap the original unit each
/// row stands for (places repeat).
pub struct Sample {
    pub counts: Vec<Vec<f64>>,
    pub rows: Option<Vec<usize>>,
}

impl Sample {
    /// The first group and the unit totals (the single-group view).
    pub fn single(&self) -> (Vec<f64>, Vec<f64>) {
        (
            self.counts.iter().map(|c| c[0]).collect(),
            self.counts.iter().map(|c| c.iter().sum()).collect(),
        )
    }
}

/// The result of a test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    /// The index on the data (for a bootstrap: on the data, while the test is against 0).
    pub observed: f64,
    pub p_value: f64,
    pub simulated: Vec<f64>,
}

impl TestResult {
    pub fn mean_simulated(&self) -> f64 {
        self.simulated.iter().sum::<f64>() / self.simulated.len().max(1) as f64
    }
}

fn uniform(r: &mut Xoshiro256PlusPlus) -> f64 {
    (r.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

fn below(r: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    ((r.next_u64() as u128 * n as u128) >> 64) as usize
}

fn binomial(r: &mut Xoshiro256PlusPlus, n: f64, p: f64) -> f64 {
    match Binomial::new(n.max(0.0).round() as u64, p.clamp(0.0, 1.0)) {
        Ok(b) => b.sample(r) as f64,
        Err(_) => 0.0,
    }
}

/// A multinomial draw of `n` over shares `p` (summing to 1), as a chain of binomials.
fn multinomial(r: &mut Xoshiro256PlusPlus, n: f64, p: &[f64]) -> Vec<f64> {
    let (mut left, mut mass) = (n.max(0.0).round(), 1.0);
    p.iter()
        .map(|&pi| {
            if left <= 0.0 || mass <= 1e-300 {
                return 0.0;
            }
            let k = binomial(r, left, (pi / mass).min(1.0));
            left -= k;
            mass -= pi;
            k
        })
        .collect()
}

fn shuffle<T>(r: &mut Xoshiro256PlusPlus, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = below(r, i + 1);
        v.swap(i, j);
    }
}

/// Draw one data set under `null`.
pub fn draw(null: Null, counts: &[Vec<f64>], r: &mut Xoshiro256PlusPlus) -> Sample {
    let n = counts.len();
    let k = counts.first().map_or(0, Vec::len);
    let totals: Vec<f64> = counts.iter().map(|c| c.iter().sum()).collect();
    let grand: f64 = totals.iter().sum();
    let group_sums: Vec<f64> = (0..k).map(|g| counts.iter().map(|c| c[g]).sum()).collect();
    match null {
        Null::Systematic => {
            let p: Vec<f64> = totals.iter().map(|t| t / grand).collect();
            let per_group: Vec<Vec<f64>> = group_sums
                .iter()
                .map(|n_g| multinomial(r, *n_g, &p))
                .collect();
            Sample {
                counts: (0..n)
                    .map(|i| per_group.iter().map(|g| g[i]).collect())
                    .collect(),
                rows: None,
            }
        }
        Null::Evenness => {
            let shares: Vec<f64> = group_sums.iter().map(|s| s / grand).collect();
            Sample {
                counts: totals.iter().map(|t| multinomial(r, *t, &shares)).collect(),
                rows: None,
            }
        }
        Null::Bootstrap => {
            let rows: Vec<usize> = (0..n).map(|_| below(r, n)).collect();
            Sample {
                counts: rows.iter().map(|&i| counts[i].clone()).collect(),
                rows: Some(rows),
            }
        }
        Null::GeographicPermutation => {
            let mut c = counts.to_vec();
            shuffle(r, &mut c);
            Sample {
                counts: c,
                rows: None,
            }
        }
        Null::PersonPermutation => {
            // Units in turn take their total from the remaining people, group by group.
            let mut left: Vec<u64> = group_sums.iter().map(|s| s.round() as u64).collect();
            let out = totals
                .iter()
                .map(|t| {
                    let mut need = t.round() as u64;
                    let mut pool: u64 = left.iter().sum();
                    let last = left.len().saturating_sub(1);
                    left.iter_mut()
                        .enumerate()
                        .map(|(g, l)| {
                            // The last group takes what is left of the unit's total.
                            let take = if g == last {
                                need.min(*l)
                            } else {
                                match Hypergeometric::new(pool, *l, need.min(pool)) {
                                    Ok(h) => h.sample(r),
                                    Err(_) => 0,
                                }
                            };
                            pool -= *l;
                            *l -= take;
                            need -= take;
                            take as f64
                        })
                        .collect()
                })
                .collect();
            Sample {
                counts: out,
                rows: None,
            }
        }
    }
}

/// PySAL's two-tailed p-value.
pub fn two_tailed(observed: f64, simulated: &[f64]) -> f64 {
    let above = simulated.iter().filter(|s| **s > observed).count();
    let below = simulated.iter().filter(|s| **s < observed).count();
    2.0 * above.min(below) as f64 / simulated.len().max(1) as f64
}

/// Test an index against a null: `index` computes it on a sample (counts per unit and group, and
/// the places for a bootstrap). Simulations that give no number are left out.
pub fn test(
    null: Null,
    counts: &[Vec<f64>],
    permutations: usize,
    seed: u64,
    index: &(dyn Fn(&Sample) -> Option<f64> + Sync),
) -> Result<TestResult> {
    if permutations == 0 {
        return Err(Error::input(
            "give at least one simulation (--permutations)",
        ));
    }
    let observed = index(&Sample {
        counts: counts.to_vec(),
        rows: None,
    })
    .ok_or_else(|| Error::input("the index has no value on these data"))?;
    let simulated: Vec<f64> = parallel(permutations, |k| {
        let mut r = rng(seed, k as u64);
        index(&draw(null, counts, &mut r))
    })
    .into_iter()
    .flatten()
    .filter(|v| v.is_finite())
    .collect();
    let reference = if null == Null::Bootstrap {
        0.0
    } else {
        observed
    };
    Ok(TestResult {
        observed,
        p_value: two_tailed(reference, &simulated),
        simulated,
    })
}

/// A two-sample comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TwoSample {
    RandomLabel,
    Composition,
}

impl TwoSample {
    pub fn from_name(name: &str) -> Result<TwoSample> {
        match name {
            "random-label" => Ok(TwoSample::RandomLabel),
            "composition" => Ok(TwoSample::Composition),
            other => Err(Error::input(format!(
                "unknown two-sample test '{other}' (random-label or composition)"
            ))),
        }
    }
}

/// pandas' `rank(pct=True)`: average ranks of ties, divided by n.
fn rank_pct(v: &[f64]) -> Vec<f64> {
    let n = v.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            out[o] = avg / n as f64;
        }
        i = j + 1;
    }
    out
}

/// pandas' `quantile(q)` (linear interpolation between order statistics).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn composition(x: &[f64], t: &[f64]) -> Vec<f64> {
    x.iter()
        .zip(t)
        .map(|(x, t)| if *t == 0.0 { 0.0 } else { x / t })
        .collect()
}

/// PySAL's `composition` counterfactual: each unit of sample 1 takes sample 2's composition at its
/// own percentile rank, times its own total (and the other way round).
pub fn counterfactual(x1: &[f64], t1: &[f64], x2: &[f64], t2: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (c1, c2) = (composition(x1, t1), composition(x2, t2));
    let sorted = |c: &[f64]| {
        let mut s = c.to_vec();
        s.sort_by(f64::total_cmp);
        s
    };
    let (s1, s2) = (sorted(&c1), sorted(&c2));
    let cf1 = rank_pct(&c1)
        .iter()
        .zip(t1)
        .map(|(q, t)| quantile(&s2, *q) * t)
        .collect();
    let cf2 = rank_pct(&c2)
        .iter()
        .zip(t2)
        .map(|(q, t)| quantile(&s1, *q) * t)
        .collect();
    (cf1, cf2)
}

/// Two samples: group counts and totals per unit of each.
pub struct Pair<'a> {
    pub x1: &'a [f64],
    pub t1: &'a [f64],
    pub x2: &'a [f64],
    pub t2: &'a [f64],
}

/// An index on one of two samples' places: `index(side, x, t)` with side 1 or 2 (0 for pooled
/// units whose places do not matter).
pub type SideIndex<'a> = dyn Fn(u8, &[f64], &[f64]) -> f64 + Sync + 'a;

/// The Shapley decomposition of index(1) − index(2) into a spatial and an attribute component,
/// with `index(side, x, t)` computing the index on sample `side`'s places (1 or 2).
pub fn decompose(p: &Pair, index: &SideIndex<'_>) -> (f64, f64) {
    let Pair { x1, t1, x2, t2 } = *p;
    let (cf1, cf2) = counterfactual(x1, t1, x2, t2);
    let s1a1 = index(1, x1, t1);
    let s2a2 = index(2, x2, t2);
    let s1a2 = index(1, &cf1, t1);
    let s2a1 = index(2, &cf2, t2);
    let spatial = 0.5 * (s1a1 - s2a1 + s1a2 - s2a2);
    let attribute = 0.5 * (s1a1 - s1a2 + s2a1 - s2a2);
    (spatial, attribute)
}

/// Test the difference index(1) − index(2). For `random-label` the index must not depend on the
/// places (it is computed on pooled units); `index(side, x, t)` as in [`decompose`], where for a
/// random label `side` is 0 and `x`, `t` are a relabelled sample's units.
pub fn two_sample_test(
    kind: TwoSample,
    p: &Pair,
    permutations: usize,
    seed: u64,
    index: &SideIndex<'_>,
) -> Result<TestResult> {
    let Pair { x1, t1, x2, t2 } = *p;
    if permutations == 0 {
        return Err(Error::input(
            "give at least one simulation (--permutations)",
        ));
    }
    let observed = index(1, x1, t1) - index(2, x2, t2);
    let simulated: Vec<f64> = match kind {
        TwoSample::RandomLabel => {
            let x: Vec<f64> = x1.iter().chain(x2).map(|v| v.round()).collect();
            let t: Vec<f64> = t1.iter().chain(t2).map(|v| v.round()).collect();
            let n1 = x1.len();
            parallel(permutations, |k| {
                let mut r = rng(seed, k as u64);
                let mut order: Vec<usize> = (0..x.len()).collect();
                shuffle(&mut r, &mut order);
                let pick = |rows: &[usize]| -> (Vec<f64>, Vec<f64>) {
                    (
                        rows.iter().map(|&i| x[i]).collect(),
                        rows.iter().map(|&i| t[i]).collect(),
                    )
                };
                let (a, b) = (pick(&order[..n1]), pick(&order[n1..]));
                index(0, &a.0, &a.1) - index(0, &b.0, &b.1)
            })
        }
        TwoSample::Composition => {
            let (cf1, cf2) = counterfactual(x1, t1, x2, t2);
            parallel(permutations, |k| {
                let mut r = rng(seed, k as u64);
                let mut coin = |x: &[f64], cf: &[f64]| -> Vec<f64> {
                    x.iter()
                        .zip(cf)
                        .map(|(x, c)| if uniform(&mut r) > 0.5 { *x } else { *c })
                        .collect()
                };
                let a = coin(x1, &cf1);
                let b = coin(x2, &cf2);
                index(1, &a, t1) - index(2, &b, t2)
            })
        }
    }
    .into_iter()
    .filter(|v| v.is_finite())
    .collect();
    Ok(TestResult {
        observed,
        p_value: two_tailed(observed, &simulated),
        simulated,
    })
}

#[cfg(test)]
mod tests;
