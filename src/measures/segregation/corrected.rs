//! Corrected dissimilarity and related indices: density-corrected dissimilarity (Allen et al.
//! 2015, the folded-normal optimum found as PySAL finds it), O'Sullivan and Wong's min-max, and the
//! seeded simulation-based modified dissimilarity and Gini (Carrington & Troske 1997) and
//! bias-corrected dissimilarity (Allen et al. 2015). Each simulation draws from its own xoshiro256++
//! stream of the seed, so a seed gives the same value on any number of threads (PySAL's numpy
//! draws cannot be reproduced; its values agree in distribution, not digit for digit).

use super::single::{self, SingleGroup};
use rand_distr::{Binomial, Distribution};
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

/// Run `iterations` simulations, simulation k with its own stream of `seed`, on the threads of
/// [`crate::measures::autocorrelation::threads`] (results do not depend on their number).
pub fn simulate(
    iterations: usize,
    seed: u64,
    f: &(dyn Fn(&mut Xoshiro256PlusPlus) -> f64 + Sync),
) -> Vec<f64> {
    crate::measures::autocorrelation::parallel(iterations, |k| {
        f(&mut crate::measures::autocorrelation::rng(seed, k as u64))
    })
}

fn binomial(r: &mut Xoshiro256PlusPlus, n: f64, p: f64) -> f64 {
    match Binomial::new(n.max(0.0).round() as u64, p.clamp(0.0, 1.0)) {
        Ok(b) => b.sample(r) as f64,
        Err(_) => 0.0,
    }
}

/// Carrington–Troske correction of an index against its mean under evenness (each unit's group
/// drawn binomially with the regional share): (I − I*)/(1 − I*) when I ≥ I*, else (I − I*)/I*.
fn modified(g: &SingleGroup, seed: u64, index: fn(&SingleGroup) -> f64) -> f64 {
    let observed = index(g);
    let p = g.x.iter().sum::<f64>() / g.t.iter().sum::<f64>();
    let sims = simulate(ITERATIONS, seed, &|r| {
        let x: Vec<f64> = g.t.iter().map(|t| binomial(r, *t, p)).collect();
        index(&SingleGroup {
            x: &x,
            t: g.t,
            area: None,
        })
    });
    let star = sims.iter().sum::<f64>() / sims.len() as f64;
    if observed >= star {
        (observed - star) / (1.0 - star)
    } else {
        (observed - star) / star
    }
}

/// Modified dissimilarity (Carrington & Troske), seeded.
pub fn modified_dissim(g: &SingleGroup, seed: u64) -> f64 {
    modified(g, seed, single::dissim)
}

/// Modified Gini (Carrington & Troske), seeded.
pub fn modified_gini(g: &SingleGroup, seed: u64) -> f64 {
    modified(g, seed, single::gini)
}

/// Draw a multinomial sample of `n` over shares `p` as a chain of binomials.
fn multinomial(r: &mut Xoshiro256PlusPlus, n: f64, p: &[f64]) -> Vec<f64> {
    let mut left = n;
    let mut mass = 1.0;
    p.iter()
        .map(|&pi| {
            if left <= 0.0 || mass <= 0.0 {
                return 0.0;
            }
            let k = binomial(r, left, (pi / mass).min(1.0));
            left -= k;
            mass -= pi;
            k
        })
        .collect()
}

/// Bias-corrected dissimilarity (Allen et al. 2015): 2D − mean D over samples where the group
/// and the others are each redrawn multinomially over the units by their shares. Seeded.
pub fn bias_corrected_dissim(g: &SingleGroup, seed: u64) -> f64 {
    let d = single::dissim(g);
    let y: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| t - x).collect();
    let (sx, sy): (f64, f64) = (g.x.iter().sum(), y.iter().sum());
    let p0: Vec<f64> = g.x.iter().map(|x| x / sx).collect();
    let p1: Vec<f64> = y.iter().map(|v| v / sy).collect();
    let sims = simulate(ITERATIONS, seed, &|r| {
        let a = multinomial(r, sx, &p0);
        let b = multinomial(r, sy, &p1);
        let t: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a + b).collect();
        single::dissim(&SingleGroup {
            x: &a,
            t: &t,
            area: None,
        })
    });
    2.0 * d - sims.iter().sum::<f64>() / sims.len() as f64
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
