//! Getis-Ord statistics: the global G (esda's `G`, binary weights) with its expectation and
//! variance, and the local Gi and Gi* z-scores (Ord and Getis 1995): hot spots (high z) and
//! cold spots (low z). Gi* counts each unit in its own neighbourhood; Gi leaves it out.

use super::normal_sf;
use crate::spatial::weights::Weights;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlobalG {
    #[serde(rename = "G")]
    pub g: f64,
    pub expected: f64,
    pub variance: f64,
    pub z: f64,
    /// One-sided normal p-value (esda's `G.p_norm`).
    pub p_norm: f64,
}

/// Global G: Σ_ij w_ij y_i y_j / Σ_{i≠j} y_i y_j (values must be positive).
pub fn global_g(y: &[f64], w: &Weights) -> GlobalG {
    let n = y.len() as f64;
    let s = w.summary();
    let sum: f64 = y.iter().sum();
    let sum2: f64 = y.iter().map(|v| v * v).sum();
    let lag = w.lag(y);
    let g = y.iter().zip(&lag).map(|(a, b)| a * b).sum::<f64>() / (sum * sum - sum2);
    let expected = s.s0 / (n * (n - 1.0));
    let b0 = (n * n - 3.0 * n + 3.0) * s.s1 - n * s.s2 + 3.0 * s.s0 * s.s0;
    let b1 = -((n * n - n) * s.s1 - 2.0 * n * s.s2 + 6.0 * s.s0 * s.s0);
    let b2 = -(2.0 * n * s.s1 - (n + 3.0) * s.s2 + 6.0 * s.s0 * s.s0);
    let b3 = 4.0 * (n - 1.0) * s.s1 - 2.0 * (n + 1.0) * s.s2 + 8.0 * s.s0 * s.s0;
    let b4 = s.s1 - s.s2 + s.s0 * s.s0;
    let sum3: f64 = y.iter().map(|v| v.powi(3)).sum();
    let sum4: f64 = y.iter().map(|v| v.powi(4)).sum();
    let eg2 =
        (b0 * sum2 * sum2 + b1 * sum4 + b2 * sum * sum * sum2 + b3 * sum * sum3 + b4 * sum.powi(4))
            / ((sum * sum - sum2).powi(2) * n * (n - 1.0) * (n - 2.0) * (n - 3.0));
    let variance = eg2 - expected * expected;
    let z = (g - expected) / variance.sqrt();
    GlobalG {
        g,
        expected,
        variance,
        z,
        // One-sided, as esda's: the tail beyond |z|.
        p_norm: normal_sf(z.abs()),
    }
}

/// Gi* z-scores: (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²)/(n−1))), with the unit in its own
/// neighbourhood (give weights that include it, see [`super::with_self`]).
pub fn gi_star(x: &[f64], w: &Weights) -> Vec<f64> {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let s = (x.iter().map(|v| v * v).sum::<f64>() / n - mean * mean).sqrt();
    let lag = w.lag(x);
    (0..w.n)
        .map(|i| {
            let wi: f64 = w.weights_of(i).iter().sum();
            let s1: f64 = w.weights_of(i).iter().map(|v| v * v).sum();
            (lag[i] - mean * wi) / (s * ((n * s1 - wi * wi) / (n - 1.0)).sqrt())
        })
        .collect()
}

/// Gi z-scores: as Gi* but without the unit itself, whose value also leaves the mean and
/// standard deviation.
pub fn gi(x: &[f64], w: &Weights) -> Vec<f64> {
    let n = x.len() as f64;
    let (sum, sum2): (f64, f64) = (x.iter().sum(), x.iter().map(|v| v * v).sum());
    (0..w.n)
        .map(|i| {
            let (mut lag, mut wi, mut s1) = (0.0, 0.0, 0.0);
            for (&j, &wij) in w.neighbors_of(i).iter().zip(w.weights_of(i)) {
                if j as usize != i {
                    lag += wij * x[j as usize];
                    wi += wij;
                    s1 += wij * wij;
                }
            }
            let m = n - 1.0;
            let mean = (sum - x[i]) / m;
            let sd = ((sum2 - x[i] * x[i]) / m - mean * mean).sqrt();
            (lag - mean * wi) / (sd * ((m * s1 - wi * wi) / (m - 1.0)).sqrt())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gi_star_by_hand() {
        // Three units in a row, each its own neighbour and its neighbours', values 1, 2, 6.
        let w = super::super::with_self(&Weights::from_pairs(3, [(0, 1), (1, 2)]));
        let z = gi_star(&[1.0, 2.0, 6.0], &w);
        // Unit 0: lag 3, W 2, S1 2; mean 3, S = √(41/3 − 9) = √(14/3);
        // z = (3 − 6)/(√(14/3)·√((6 − 4)/2)) = −3/√(14/3).
        assert!((z[0] + 3.0 / (14.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!(z[2] > 0.0);
    }
}
