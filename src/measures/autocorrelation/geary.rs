//! Geary's C (esda's `Geary`, row-standardised by default): C = (n−1) Σ w_ij (y_i − y_j)² /
//! (2 S0 Σ (y_i − ȳ)²); below 1 means positive autocorrelation. And the local Geary statistic
//! c_i = Σ_j w_ij (z_i − z_j)² on standardised values.

use crate::spatial::weights::Weights;

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
