//! Corrected dissimilarity and related indices: density-corrected dissimilarity (Allen et al.
//! 2015, the folded-normal optimum found as PySAL finds it), O'Sullivan and Wong's min-max, and the
//! seeded simulation-based modified dissimilarity and Gini (Carrington & Troske 1997) and
//! bias-corrected dissimilarity (Allen et al. 2015), 500 simulations each as in PySAL. Each
//! simulation draws from its own xoshiro256++ stream of the seed, so a seed gives the same value on
//! any number of threads (PySAL's numpy draws cannot be reproduced: the values agree within the
//! simulation error, not digit for digit).

use super::single::{self, SingleGroup};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The number of simulations of the modified and bias-corrected indices (PySAL's default).
pub const ITERATIONS: usize = 500;
/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 12345;

fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// The point PySAL reports as the maximum of the folded normal density φ(x − θ) + φ(x + θ): SciPy's
/// Nelder–Mead from x0 = 0 (initial step 0.00025, xatol 1e-5, fatol 1e-4, at most 200 steps),
/// and then the *second* vertex of the final simplex (`res.final_simplex[0][1][0]`).
pub fn folded_normal_optimum(theta: f64) -> f64 {
    let f = |x: f64| -(normal_pdf(x - theta) + normal_pdf(x + theta));
    let (xatol, fatol) = (1e-5, 1e-4);
    let mut sim = [0.0, 0.00025];
    let mut fsim = [f(sim[0]), f(sim[1])];
    let mut calls = 2;
    let sort = |sim: &mut [f64; 2], fsim: &mut [f64; 2]| {
        // numpy's argsort of two values keeps equal ones in place
        if fsim[1] < fsim[0] {
            sim.swap(0, 1);
            fsim.swap(0, 1);
        }
    };
    sort(&mut sim, &mut fsim);
    let mut iterations = 1;
    while calls < 200 && iterations < 200 {
        if (sim[1] - sim[0]).abs() <= xatol && (fsim[0] - fsim[1]).abs() <= fatol {
            break;
        }
        let xbar = sim[0];
        let xr = 2.0 * xbar - sim[1];
        let fxr = f(xr);
        calls += 1;
        if fxr < fsim[0] {
            let xe = 3.0 * xbar - 2.0 * sim[1];
            let fxe = f(xe);
            calls += 1;
            if fxe < fxr {
                (sim[1], fsim[1]) = (xe, fxe);
            } else {
                (sim[1], fsim[1]) = (xr, fxr);
            }
        } else {
            // With one dimension fsim[-2] is fsim[0], so a reflection is never kept as it is.
            let mut shrink = false;
            if fxr < fsim[1] {
                let xc = 1.5 * xbar - 0.5 * sim[1];
                let fxc = f(xc);
                calls += 1;
                if fxc <= fxr {
                    (sim[1], fsim[1]) = (xc, fxc);
                } else {
                    shrink = true;
                }
            } else {
                let xcc = 0.5 * xbar + 0.5 * sim[1];
                let fxcc = f(xcc);
                calls += 1;
                if fxcc < fsim[1] {
                    (sim[1], fsim[1]) = (xcc, fxcc);
                } else {
                    shrink = true;
                }
            }
            if shrink {
                sim[1] = sim[0] + 0.5 * (sim[1] - sim[0]);
                fsim[1] = f(sim[1]);
                calls += 1;
            }
        }
        iterations += 1;
        sort(&mut sim, &mut fsim);
    }
    sim[1]
}

/// Density-corrected dissimilarity D_dc = ½ Σ σ_j θ*_j, with σ_j² = p1(1−p1)/n1 + p0(1−p0)/n0
/// (p0 = x_j/X, p1 = y_j/Y), θ_j = |p1 − p0|/σ_j and θ*_j the folded-normal optimum.
pub fn density_corrected_dissim(g: &SingleGroup) -> f64 {
    let (n0, n1): (f64, f64) = (
        g.x.iter().sum(),
        g.x.iter().zip(g.t).map(|(x, t)| t - x).sum(),
    );
    let mut total = 0.0;
    for (x, t) in g.x.iter().zip(g.t) {
        let (p0, p1) = (x / n0, (t - x) / n1);
        let sigma = (p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0).sqrt();
        if sigma > 0.0 {
            total += sigma * folded_normal_optimum((p1 - p0).abs() / sigma);
        }
    }
    total / 2.0
}

/// Min-max (O'Sullivan & Wong 2007): 1 − Σ min(x_i/X, y_i/Y) / Σ max(x_i/X, y_i/Y).
pub fn min_max(g: &SingleGroup) -> f64 {
    let sx: f64 = g.x.iter().sum();
    let sy: f64 = g.x.iter().zip(g.t).map(|(x, t)| t - x).sum();
    let (mut lo, mut hi) = (0.0, 0.0);
    for (x, t) in g.x.iter().zip(g.t) {
        let (a, b) = (x / sx, (t - x) / sy);
        lo += a.min(b);
        hi += a.max(b);
    }
    1.0 - lo / hi
}

/// The mean of an index under evenness: each unit's group drawn binomially with the regional
/// share (from inversion tables built once, the same n and p in every simulation), ITERATIONS
/// times.
fn null_mean(g: &SingleGroup, seed: u64, index: fn(&SingleGroup) -> f64) -> f64 {
    let p = g.x.iter().sum::<f64>() / g.t.iter().sum::<f64>();
    let tables: Vec<BinomialTable> = g.t.iter().map(|t| BinomialTable::new(*t, p)).collect();
    let sims = crate::measures::autocorrelation::parallel(ITERATIONS, |k| {
        let mut r = crate::measures::autocorrelation::rng(seed, k as u64);
        let x: Vec<f64> = tables.iter().map(|b| b.sample(&mut r)).collect();
        index(&SingleGroup {
            x: &x,
            t: g.t,
            area: None,
        })
    });
    sims.iter().sum::<f64>() / sims.len() as f64
}

/// Binomial(n, p) by inversion of its cumulative distribution, built once for draws repeated
/// with the same n and p. The table spans the mode ± 10 standard deviations (+ 12): the mass
/// outside is below 1e-22, far under the 2⁻⁵³ resolution of the uniform draw, so inversion is
/// as exact as the arithmetic. Probabilities are built from ratios around the mode, so a large
/// n neither underflows nor needs logarithms.
struct BinomialTable {
    first: usize,
    cdf: Vec<f64>,
    /// guide[j]: the first index whose cdf exceeds j/len (Chen & Asau's guide table), so that a
    /// draw starts next to its answer.
    guide: Vec<u32>,
}

impl BinomialTable {
    fn new(n: f64, p: f64) -> BinomialTable {
        let n = n.max(0.0).round() as usize;
        if n == 0 || p <= 0.0 || p >= 1.0 {
            let k = if p >= 1.0 { n } else { 0 };
            return BinomialTable {
                first: k,
                cdf: vec![1.0],
                guide: vec![0],
            };
        }
        let q = 1.0 - p;
        let mode = (((n + 1) as f64 * p).floor() as usize).min(n);
        let reach = (10.0 * (n as f64 * p * q).sqrt()).ceil() as usize + 12;
        let (lo, hi) = (mode.saturating_sub(reach), (mode + reach).min(n));
        let mut rel = vec![0.0; hi - lo + 1];
        rel[mode - lo] = 1.0;
        for k in mode..hi {
            // pmf(k + 1) / pmf(k) = (n − k)/(k + 1) · p/q
            rel[k + 1 - lo] = rel[k - lo] * (n - k) as f64 / (k + 1) as f64 * p / q;
        }
        for k in (lo..mode).rev() {
            // pmf(k) / pmf(k + 1) = (k + 1)/(n − k) · q/p
            rel[k - lo] = rel[k + 1 - lo] * (k + 1) as f64 / (n - k) as f64 * q / p;
        }
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = rel
            .iter()
            .map(|v| {
                acc += v;
                acc
            })
            .collect();
        for c in &mut cdf {
            *c /= acc;
        }
        let len = cdf.len();
        let mut guide = Vec::with_capacity(len);
        let mut k = 0;
        for j in 0..len {
            let level = j as f64 / len as f64;
            while k + 1 < len && cdf[k] <= level {
                k += 1;
            }
            guide.push(k as u32);
        }
        BinomialTable {
            first: lo,
            cdf,
            guide,
        }
    }

    fn sample(&self, r: &mut Xoshiro256PlusPlus) -> f64 {
        use rand_xoshiro::rand_core::Rng;
        let u = (r.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let len = self.cdf.len();
        let mut k = self.guide[((u * len as f64) as usize).min(len - 1)] as usize;
        while k + 1 < len && self.cdf[k] <= u {
            k += 1;
        }
        (self.first + k) as f64
    }
}

/// Carrington–Troske correction of an index against its mean under evenness:
/// (I − I*)/(1 − I*) when I ≥ I*, else (I − I*)/I*.
fn corrected(observed: f64, star: f64) -> f64 {
    if observed >= star {
        (observed - star) / (1.0 - star)
    } else {
        (observed - star) / star
    }
}

/// Modified dissimilarity (Carrington & Troske), seeded.
pub fn modified_dissim(g: &SingleGroup, seed: u64) -> f64 {
    corrected(single::dissim(g), null_mean(g, seed, single::dissim))
}

/// Modified Gini (Carrington & Troske), seeded.
pub fn modified_gini(g: &SingleGroup, seed: u64) -> f64 {
    corrected(single::gini(g), null_mean(g, seed, single::gini))
}

/// Bias-corrected dissimilarity (Allen et al. 2015): 2D − mean D over B = 500 samples where the
/// group and the others are redrawn over the units by their shares. Seeded.
///
/// PySAL draws each sample as two multinomials. A sample's D is ½ Σ_i |a_i/n0 − b_i/n1|, a sum over
/// units, so the mean over samples is ½ Σ_i (mean over samples of |a_i/n0 − b_i/n1|), and each
/// term depends only on the unit's binomial margins a_i ~ Bin(n0, x_i/X), b_i ~ Bin(n1, y_i/Y).
/// Each unit's 500 pairs are drawn from its own stream of the seed, from inversion tables built
/// for it alone: the same estimate as PySAL's, fast and independent of the number of threads.
pub fn bias_corrected_dissim(g: &SingleGroup, seed: u64) -> f64 {
    let d = single::dissim(g);
    let y: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| t - x).collect();
    let (n0, n1): (f64, f64) = (g.x.iter().sum(), y.iter().sum());
    let per_unit = crate::measures::autocorrelation::parallel(g.x.len(), |i| {
        let a = BinomialTable::new(n0, g.x[i] / n0);
        let b = BinomialTable::new(n1, y[i] / n1);
        let mut r = crate::measures::autocorrelation::rng(seed, i as u64);
        (0..ITERATIONS)
            .map(|_| (a.sample(&mut r) / n0 - b.sample(&mut r) / n1).abs())
            .sum::<f64>()
            / ITERATIONS as f64
    });
    2.0 * d - 0.5 * per_unit.iter().sum::<f64>()
}

/// The simulation-corrected indices under noise, with their simulation shared over the draws
/// instead of nested in each: a draw of the counts gives its plain index and *one* simulation
/// (a null allocation for the modified indices, one bootstrap pair per unit for the
/// bias-corrected dissimilarity; more when there are fewer draws than ITERATIONS), and the
/// correction is the mean over all the draws' simulations. What this leaves out is how the null mean moves between draws — a function of
/// the areas' sizes and the overall share, which noise moves by a fraction of a per cent —
/// against 999 × 500 nested simulations (tested: the same values within a small share of the
/// band's spread).
#[derive(Clone, Copy)]
pub enum Pooled {
    /// Carrington–Troske: the plain index and its value on a null allocation.
    Modified(fn(&SingleGroup) -> f64),
    /// Allen et al.: the dissimilarity and one bootstrap sample's excess over it.
    BiasCorrected,
}

impl Pooled {
    /// The pooled form of a seeded index, by name.
    pub fn of(name: &str) -> Option<Pooled> {
        match name {
            "modified-dissim" => Some(Pooled::Modified(single::dissim)),
            "modified-gini" => Some(Pooled::Modified(single::gini)),
            "bias-corrected-dissim" => Some(Pooled::BiasCorrected),
            _ => None,
        }
    }

    /// How many simulations each of `draws` draws makes: together at least the ITERATIONS of
    /// the observed value's own correction, so the shared correction is as precise as its.
    pub fn sims_per_draw(draws: usize) -> usize {
        ITERATIONS.div_ceil(draws.max(1))
    }

    /// One draw: (the plain index, the mean of its `sims` simulated parts), simulated from `r`.
    pub fn draw(
        &self,
        g: &SingleGroup,
        sims: usize,
        r: &mut Xoshiro256PlusPlus,
    ) -> Option<(f64, f64)> {
        use rand_distr::{Binomial, Distribution};
        let bin = |n: f64, p: f64, r: &mut Xoshiro256PlusPlus| -> Option<f64> {
            let n = n.max(0.0).round() as u64;
            Some(Binomial::new(n, p.clamp(0.0, 1.0)).ok()?.sample(r) as f64)
        };
        let sims = sims.max(1);
        match self {
            Pooled::Modified(index) => {
                let p = g.x.iter().sum::<f64>() / g.t.iter().sum::<f64>();
                if !p.is_finite() {
                    return None;
                }
                let mut total = 0.0;
                for _ in 0..sims {
                    let x: Vec<f64> = g.t.iter().map(|t| bin(*t, p, r)).collect::<Option<_>>()?;
                    total += index(&SingleGroup {
                        x: &x,
                        t: g.t,
                        area: None,
                    });
                }
                Some((index(g), total / sims as f64))
            }
            Pooled::BiasCorrected => {
                let d = single::dissim(g);
                let (n0, n1): (f64, f64) = (
                    g.x.iter().sum(),
                    g.x.iter().zip(g.t).map(|(x, t)| t - x).sum(),
                );
                let mut total = 0.0;
                for _ in 0..sims {
                    let mut b = 0.0;
                    for (x, t) in g.x.iter().zip(g.t) {
                        let a = bin(n0, x / n0, r)?;
                        let o = bin(n1, (t - x) / n1, r)?;
                        b += (a / n0 - o / n1).abs();
                    }
                    total += 0.5 * b - d;
                }
                Some((d, total / sims as f64))
            }
        }
    }

    /// The draws' corrected values from their (plain, simulated) pairs.
    pub fn finish(&self, draws: &[Option<(f64, f64)>]) -> Vec<Option<f64>> {
        let sims: Vec<f64> = draws.iter().flatten().map(|d| d.1).collect();
        if sims.is_empty() {
            return vec![None; draws.len()];
        }
        let mean = sims.iter().sum::<f64>() / sims.len() as f64;
        draws
            .iter()
            .map(|d| {
                let (plain, _) = (*d)?;
                let v = match self {
                    Pooled::Modified(_) => corrected(plain, mean),
                    // 2D − (D + mean excess)
                    Pooled::BiasCorrected => plain - mean,
                };
                v.is_finite().then_some(v)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_normal_optimum_is_zero_below_one_and_the_root_above() {
        // For θ ≤ 1 the density peaks at 0; above, at the root of x = θ·tanh(θx).
        assert!(folded_normal_optimum(0.5).abs() < 1e-4);
        let x = folded_normal_optimum(2.0);
        assert!((x - 2.0 * (2.0 * x).tanh()).abs() < 1e-3, "{x}");
    }

    #[test]
    fn binomial_table_has_the_right_mean_and_variance() {
        let b = BinomialTable::new(1500.0, 0.36);
        let mut r = crate::measures::autocorrelation::rng(3, 0);
        let draws: Vec<f64> = (0..20_000).map(|_| b.sample(&mut r)).collect();
        let m = draws.iter().sum::<f64>() / draws.len() as f64;
        let v = draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (draws.len() - 1) as f64;
        // mean 540, variance 345.6; 20,000 draws: se of the mean 0.13, of the variance ~3.5
        assert!((m - 540.0).abs() < 0.6, "{m}");
        assert!((v - 345.6).abs() < 15.0, "{v}");
        assert_eq!(BinomialTable::new(0.0, 0.3).sample(&mut r), 0.0);
        assert_eq!(BinomialTable::new(5.0, 1.0).sample(&mut r), 5.0);
    }

    #[test]
    fn min_max_by_hand() {
        // x = (2, 0), t = (2, 2): x/X = (1, 0), y/Y = (0, 1): min sum 0 → MM = 1.
        let (x, t) = ([2.0, 0.0], [2.0, 2.0]);
        assert_eq!(
            min_max(&SingleGroup {
                x: &x,
                t: &t,
                area: None
            }),
            1.0
        );
        // Even: x/X = y/Y → MM = 0.
        let (x, t) = ([1.0, 2.0], [3.0, 6.0]);
        assert!(
            min_max(&SingleGroup {
                x: &x,
                t: &t,
                area: None
            })
            .abs()
                < 1e-12
        );
    }

    #[test]
    fn simulations_repeat_for_a_seed_and_correct_towards_zero() {
        let t: Vec<f64> = (0..60).map(|i| 40.0 + f64::from(i % 7) * 10.0).collect();
        // A perfectly even distribution (D = 0) lies below chance: (D − D*)/D* = −1.
        let x: Vec<f64> = t.iter().map(|t| (t * 0.3).round()).collect();
        let g = SingleGroup {
            x: &x,
            t: &t,
            area: None,
        };
        let a = modified_dissim(&g, 7);
        assert_eq!(a, modified_dissim(&g, 7));
        assert_eq!(single::dissim(&g), 0.0);
        assert_eq!(a, -1.0);
        let b = bias_corrected_dissim(&g, 7);
        assert_eq!(b, bias_corrected_dissim(&g, 7));
        assert!(b < single::dissim(&g));
        // A segregated one stays high.
        let x: Vec<f64> = t
            .iter()
            .enumerate()
            .map(|(i, t)| if i < 20 { *t } else { 0.0 })
            .collect();
        let g = SingleGroup {
            x: &x,
            t: &t,
            area: None,
        };
        assert!(modified_gini(&g, 1) > 0.9);
    }
}
