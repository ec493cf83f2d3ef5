//! Global Moran's I with esda's conventions: I = (n/S0)·z'Wz/z'z, E[I] = −1/(n−1), variances
//! under normality and randomisation, and a permutation pseudo p-value. Also the bivariate
//! Moran (x against the lag of y) and Moran for rates with the Assunção–Reis empirical Bayes
//! standardisation.

use super::{esda_p, p_normal, parallel, shuffled};
use crate::spatial::weights::Weights;
use crate::work::Control;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moran {
    #[serde(rename = "I")]
    pub i: f64,
    pub expected: f64,
    pub var_norm: f64,
    pub var_rand: f64,
    pub z_norm: f64,
    pub z_rand: f64,
    pub p_norm: f64,
    pub p_rand: f64,
    /// Permutation pseudo p-value (None without permutations).
    pub p_sim: Option<f64>,
    pub permutations: usize,
}

fn deviations(y: &[f64]) -> Vec<f64> {
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    y.iter().map(|v| v - mean).collect()
}

fn statistic(w: &Weights, z: &[f64], zz: f64, s0: f64) -> f64 {
    let lag = w.lag(z);
    let num: f64 = z.iter().zip(&lag).map(|(a, b)| a * b).sum();
    z.len() as f64 / s0 * num / zz
}

/// Moran's I of `y` under weights `w` (row-standardise them first to match esda's default).
pub fn moran(y: &[f64], w: &Weights, permutations: usize, seed: u64) -> Moran {
    moran_controlled(y, w, permutations, seed, &Control::new())
}

/// [`moran`] under a [`Control`]: progress over the permutations; when cancelled the remaining
/// permutations are skipped and the result (whose p_sim is then meaningless) is to be dropped.
pub fn moran_controlled(
    y: &[f64],
    w: &Weights,
    permutations: usize,
    seed: u64,
    control: &Control,
) -> Moran {
    let n = y.len() as f64;
    let z = deviations(y);
    let zz: f64 = z.iter().map(|v| v * v).sum();
    let s = w.summary();
    let i = statistic(w, &z, zz, s.s0);
    let expected = -1.0 / (n - 1.0);
    let var_norm = (n * n * s.s1 - n * s.s2 + 3.0 * s.s0 * s.s0) / ((n * n - 1.0) * s.s0 * s.s0)
        - expected * expected;
    let k = (z.iter().map(|v| v.powi(4)).sum::<f64>() / n) / (zz / n).powi(2);
    let a = n * ((n * n - 3.0 * n + 3.0) * s.s1 - n * s.s2 + 3.0 * s.s0 * s.s0);
    let b = k * ((n * n - n) * s.s1 - 2.0 * n * s.s2 + 6.0 * s.s0 * s.s0);
    let var_rand =
        (a - b) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s.s0 * s.s0) - expected * expected;
    let z_norm = (i - expected) / var_norm.sqrt();
    let z_rand = (i - expected) / var_rand.sqrt();
    let p_sim = (permutations > 0).then(|| {
        let sims = parallel(permutations, |p| {
            if control.is_cancelled() {
                return f64::NAN;
            }
            control.tick();
            statistic(w, &shuffled(&z, seed, p as u64), zz, s.s0)
        });
        esda_p(i, &sims)
    });
    Moran {
        i,
        expected,
        var_norm,
        var_rand,
        z_norm,
        z_rand,
        p_norm: p_normal(z_norm),
        p_rand: p_normal(z_rand),
        p_sim,
        permutations,
    }
}

/// Bivariate Moran (esda's `Moran_BV`): x against the spatial lag of y, both standardised with
/// the sample standard deviation: I = Σ zx·(W zy) / (n − 1).
pub fn bivariate(x: &[f64], y: &[f64], w: &Weights) -> f64 {
    let std = |v: &[f64]| {
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        let sd = (v.iter().map(|a| (a - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        v.iter().map(|a| (a - m) / sd).collect::<Vec<f64>>()
    };
    let (zx, zy) = (std(x), std(y));
    let lag = w.lag(&zy);
    zx.iter().zip(&lag).map(|(a, b)| a * b).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// The Assunção–Reis empirical Bayes standardisation of rates e/b (esda's `assuncao_rate`),
/// on which Moran for rates is computed.
pub fn assuncao_rate(e: &[f64], b: &[f64]) -> Vec<f64> {
    let n = e.len() as f64;
    let (e_sum, b_sum): (f64, f64) = (e.iter().sum(), b.iter().sum());
    let p = e_sum / b_sum;
    let y: Vec<f64> = e.iter().zip(b).map(|(e, b)| e / b).collect();
    let s2 = b
        .iter()
        .zip(&y)
        .map(|(b, y)| b * (y - p).powi(2))
        .sum::<f64>()
        / b_sum;
    let a = s2 - p / (b_sum / n);
    y.iter()
        .zip(b)
        .map(|(y, b)| {
            let v = a + p / b;
            let v = if v < 0.0 { p / b } else { v };
            (y - p) / v.sqrt()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_alternation_on_a_path_is_negative() {
        // Path 0-1-2-3 with values alternating: every neighbour pair differs in sign.
        let w = Weights::from_pairs(4, [(0, 1), (1, 2), (2, 3)])
            .transformed(crate::spatial::weights::Transform::Row);
        let m = moran(&[1.0, -1.0, 1.0, -1.0], &w, 99, 7);
        // z'Wz: rows 0 and 3 give −1 each, rows 1 and 2 give −1 each → −4; z'z = 4; n/S0 = 1.
        assert!((m.i + 1.0).abs() < 1e-12);
        assert_eq!(m.expected, -1.0 / 3.0);
        let again = moran(&[1.0, -1.0, 1.0, -1.0], &w, 99, 7);
        assert_eq!(m.p_sim, again.p_sim);
    }

    #[test]
    fn rates_by_hand() {
        // e = 1, 3 of b = 10, 10: rates 0.1, 0.3, p = 0.2, s² = 0.01, a = 0.01 − 0.2/10 = −0.01,
        // v = −0.01 + 0.2/10 = 0.01, z = ±0.1/0.1.
        let z = assuncao_rate(&[1.0, 3.0], &[10.0, 10.0]);
        assert!((z[0] + 1.0).abs() < 1e-12 && (z[1] - 1.0).abs() < 1e-12);
    }
}
