//! Geary's C (esda's `Geary`, row-standardised by default): C = (n−1) Σ w_ij (y_i − y_j)² /
//! (2 S0 Σ (y_i − ȳ)²); below 1 means positive autocorrelation. And the local Geary statistic
//! c_i = Σ_j w_ij (z_i − z_j)² on standardised values. Inference as esda's: E[C] = 1, the
//! variances under normality and randomisation, one-sided normal p-values in the direction of
//! C − 1, and a permutation pseudo p-value.

use super::{esda_p, normal_sf, parallel, shuffled};
use crate::spatial::weights::Weights;
use crate::work::Control;
use serde::Serialize;

/// Geary's C with its tests, named as esda names them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geary {
    #[serde(rename = "C")]
    pub c: f64,
    pub expected: f64,
    pub var_norm: f64,
    pub var_rand: f64,
    pub z_norm: f64,
    pub z_rand: f64,
    /// One-sided, in the direction of C − 1 (esda's).
    pub p_norm: f64,
    pub p_rand: f64,
    /// Permutation pseudo p-value (None without permutations).
    pub p_sim: Option<f64>,
    pub permutations: usize,
}

/// Geary's C of `y` with esda's moments and a seeded permutation test (the same p_sim on any
/// number of threads).
pub fn geary_test(
    y: &[f64],
    w: &Weights,
    permutations: usize,
    seed: u64,
    control: &Control,
) -> Geary {
    let c = geary(y, w);
    let n = y.len() as f64;
    let s = w.summary();
    let (s0, s1, s2) = (s.s0, s.s1, s.s2);
    let s02 = s0 * s0;
    let mean = y.iter().sum::<f64>() / n;
    let yd2: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    let yd4: f64 = y.iter().map(|v| (v - mean).powi(4)).sum();
    let n2 = n * n;
    let k = (yd4 / n) / (yd2 / n).powi(2);
    let a = (n - 1.0) * s1 * (n2 - 3.0 * n + 3.0 - (n - 1.0) * k);
    let b = 0.25 * ((n - 1.0) * s2 * (n2 + 3.0 * n - 6.0 - (n2 - n + 2.0) * k));
    let cc = s02 * (n2 - 3.0 - (n - 1.0).powi(2) * k);
    let var_rand = (a - b + cc) / (n * (n - 2.0) * (n - 3.0) * s02);
    let var_norm = (1.0 / (2.0 * (n + 1.0) * s02)) * ((2.0 * s1 + s2) * (n - 1.0) - 4.0 * s02);
    let z_norm = (c - 1.0) / var_norm.sqrt();
    let z_rand = (c - 1.0) / var_rand.sqrt();
    let p_sim = (permutations > 0).then(|| {
        let sims = parallel(permutations, |p| {
            if control.is_cancelled() {
                return f64::NAN;
            }
            control.tick();
            geary(&shuffled(y, seed, p as u64), w)
        });
        esda_p(c, &sims)
    });
    Geary {
        c,
        expected: 1.0,
        var_norm,
        var_rand,
        z_norm,
        z_rand,
        p_norm: normal_sf(z_norm.abs()),
        p_rand: normal_sf(z_rand.abs()),
        p_sim,
        permutations,
    }
}

pub fn geary(y: &[f64], w: &Weights) -> f64 {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let ss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    let mut num = 0.0;
    for i in 0..w.n {
        for (&j, &wij) in w.neighbors_of(i).iter().zip(w.weights_of(i)) {
            num += wij * (y[i] - y[j as usize]).powi(2);
        }
    }
    (n - 1.0) * num / (2.0 * w.summary().s0 * ss)
}

/// Local Geary c_i on values standardised with the population standard deviation.
pub fn local_geary(y: &[f64], w: &Weights) -> Vec<f64> {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / sd).collect();
    (0..w.n)
        .map(|i| {
            w.neighbors_of(i)
                .iter()
                .zip(w.weights_of(i))
                .map(|(&j, &wij)| wij * (z[i] - z[j as usize]).powi(2))
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        // Two neighbours, values 0 and 2: C = (2−1)·(2·4)/(2·2·2) = 1.
        let w = Weights::from_pairs(2, [(0, 1)]);
        assert!((geary(&[0.0, 2.0], &w) - 1.0).abs() < 1e-12);
        // Standardised values −1 and 1: c_i = (−1 − 1)² = 4.
        assert_eq!(local_geary(&[0.0, 2.0], &w), vec![4.0, 4.0]);
    }
}
