//! Spatial autocorrelation, to esda's and GeoDa's numbers: global Moran's I (also bivariate and
//! for rates), Geary's C, Getis-Ord G and join counts; local Moran (LISA) with quadrants and
//! cluster classes, local Geary, and Getis-Ord Gi/Gi*.
//!
//! Permutation inference is seeded per unit (or per permutation for global statistics), so the
//! same seed gives identical results whatever the number of threads.

pub mod geary;
pub mod getis_ord;
pub mod join_counts;
pub mod lisa;
pub mod moran;
pub mod registry;

use crate::spatial::weights::Weights;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The seed of permutation inference when none is given: the CLI's and the app's, so the same
/// data give the same pseudo p-values in both.
pub const DEFAULT_SEED: u64 = 12345;

/// A random generator for stream `stream` of a seed: independent of threads and of order.
pub fn rng(seed: u64, stream: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// A uniform integer in `0..n` (Lemire's multiply-shift).
#[inline]
pub fn below(rng: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// The values in the random order of permutation `stream` of `seed` (Fisher–Yates): the same
/// order on any number of threads, shared by every global permutation test.
pub fn shuffled(values: &[f64], seed: u64, stream: u64) -> Vec<f64> {
    let mut r = rng(seed, stream);
    let mut v = values.to_vec();
    for k in (1..v.len()).rev() {
        v.swap(k, below(&mut r, k + 1));
    }
    v
}

/// GeoDa's folded pseudo p-value: (min(#≥ observed, #≤ observed) + 1) / (permutations + 1).
pub fn folded_p(observed: f64, simulated: impl Iterator<Item = f64>) -> f64 {
    let (mut above, mut below, mut n) = (0usize, 0usize, 0usize);
    for s in simulated {
        n += 1;
        if s >= observed {
            above += 1;
        }
        if s <= observed {
            below += 1;
        }
    }
    folded(above, below, n)
}

/// The folded pseudo p-value from the counts of simulated values at or above and at or below the
/// observed one among `n`.
pub fn folded(above: usize, below: usize, n: usize) -> f64 {
    (above.min(below) + 1) as f64 / (n + 1) as f64
}

/// esda's pseudo p-value: larger = #(simulated ≥ observed), folded to the smaller tail.
pub fn esda_p(observed: f64, simulated: &[f64]) -> f64 {
    let n = simulated.len();
    let mut larger = simulated.iter().filter(|s| **s >= observed).count();
    if n - larger < larger {
        larger = n - larger;
    }
    (larger + 1) as f64 / (n + 1) as f64
}

/// Two-sided normal p-value of a z-score.
pub fn p_normal(z: f64) -> f64 {
    2.0 * normal_sf(z.abs())
}

/// Upper tail of the standard normal, through libm's complementary error function.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

/// Which areas are significant at `alpha` after a correction for many tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    None,
    /// Benjamini–Hochberg false discovery rate.
    Fdr,
    Bonferroni,
}

/// The p-value threshold for `alpha` under a correction.
pub fn threshold(p: &[f64], alpha: f64, correction: Correction) -> f64 {
    match correction {
        Correction::None => alpha,
        Correction::Bonferroni => alpha / p.len().max(1) as f64,
        Correction::Fdr => {
            let mut sorted: Vec<f64> = p.to_vec();
            sorted.sort_by(f64::total_cmp);
            let n = sorted.len() as f64;
            sorted
                .iter()
                .enumerate()
                .filter(|(k, v)| **v <= (*k as f64 + 1.0) / n * alpha)
                .map(|(_, v)| *v)
                .fold(0.0, f64::max)
        }
    }
}

/// Weights with each unit as its own neighbour (weight 1), for Gi*.
pub fn with_self(w: &Weights) -> Weights {
    let lists = (0..w.n)
        .map(|i| {
            let mut row: Vec<(u32, f64)> = w
                .neighbors_of(i)
                .iter()
                .copied()
                .zip(w.weights_of(i).iter().copied())
                .collect();
            if !row.iter().any(|(j, _)| *j as usize == i) {
                row.push((i as u32, 1.0));
            }
            row
        })
        .collect();
    Weights::from_lists(lists)
}

pub use crate::work::{parallel, threads};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_by_hand() {
        assert!((p_normal(1.959_963_984_540_054) - 0.05).abs() < 1e-6);
        assert_eq!(normal_sf(0.0), 0.5);
        assert!((normal_sf(3.0) - 0.001_349_898_031_630_094_6).abs() < 1e-15);
        assert_eq!(folded_p(5.0, [1.0, 6.0, 7.0, 2.0].into_iter()), 3.0 / 5.0);
        assert_eq!(esda_p(5.0, &[1.0, 6.0, 7.0, 2.0, 3.0]), 3.0 / 6.0);
    }

    #[test]
    fn corrections_by_hand() {
        let p = [0.001, 0.01, 0.03, 0.04, 0.5];
        assert_eq!(threshold(&p, 0.05, Correction::Bonferroni), 0.01);
        // BH: k/n·α = 0.01, 0.02, 0.03, 0.04, 0.05 → the largest p under its line is 0.04.
        assert_eq!(threshold(&p, 0.05, Correction::Fdr), 0.04);
    }
}
