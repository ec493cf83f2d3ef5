//! Indices on PySAL's proximity matrix: absolute and relative clustering (Massey & Denton) and
//! distance-decay isolation and interaction (Morgan). PySAL's proximity between centroids is
//! c_ij = 1 − exp(−d_ij / Σ_k d_kj) and, within a unit, c_ii = 1 − exp(−(0.6·a_i)^0.5) — not the
//! textbook exp(−d_ij) — and two of its formulas broadcast numpy arrays in a way that changes
//! them; both are matched here and named where they occur. Distances and areas are in the
//! working CRS's units (metres for projected data).

use super::single::SingleGroup;

/// PySAL's proximity matrix, row-major n × n.
pub fn proximity(centroids: &[[f64; 2]], area: &[f64]) -> Vec<f64> {
    let n = centroids.len();
    let dist = |i: usize, j: usize| {
        ((centroids[i][0] - centroids[j][0]).powi(2) + (centroids[i][1] - centroids[j][1]).powi(2))
            .sqrt()
    };
    let sums: Vec<f64> = (0..n).map(|j| (0..n).map(|k| dist(k, j)).sum()).collect();
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            c[i * n + j] = if i == j {
                1.0 - (-(0.6 * area[i]).sqrt()).exp()
            } else {
                1.0 - (-dist(i, j) / sums[j]).exp()
            };
        }
    }
    c
}

fn others(g: &SingleGroup) -> Vec<f64> {
    g.x.iter().zip(g.t).map(|(x, t)| t - x).collect()
}

/// Relative clustering RCL = Pxx/Pyy − 1. PySAL computes `(x * x * c).sum()`, which broadcasts to
/// Σ_i Σ_j x_j² c_ij (not x_i x_j c_ij): Pxx = Σ_j x_j² C_j / X² with C_j = Σ_i c_ij.
pub fn relative_clustering(g: &SingleGroup, centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    let n = centroids.len();
    let c = proximity(centroids, area);
    let col: Vec<f64> = (0..n).map(|j| (0..n).map(|i| c[i * n + j]).sum()).collect();
    let y = others(g);
    let (sx, sy): (f64, f64) = (g.x.iter().sum(), y.iter().sum());
    let pxx: f64 = (0..n).map(|j| g.x[j] * g.x[j] * col[j]).sum::<f64>() / (sx * sx);
    let pyy: f64 = (0..n).map(|j| y[j] * y[j] * col[j]).sum::<f64>() / (sy * sy);
    pxx / pyy - 1.0
}

/// Absolute clustering ACL = (Σ_i (x_i/X) Σ_j c_ij x_j − (X/n²) Σ c) / (Σ_i (x_i/X) Σ_j c_ij t_j − (X/n²) Σ c).
pub fn absolute_clustering(g: &SingleGroup, centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    let n = centroids.len();
    let c = proximity(centroids, area);
    let sx: f64 = g.x.iter().sum();
    let total_c: f64 = c.iter().sum();
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..n {
        let row = &c[i * n..(i + 1) * n];
        let cx: f64 = row.iter().zip(g.x).map(|(c, x)| c * x).sum();
        let ct: f64 = row.iter().zip(g.t).map(|(c, t)| c * t).sum();
        num += g.x[i] / sx * cx;
        den += g.x[i] / sx * ct;
    }
    let k = sx / (n * n) as f64 * total_c;
    (num - k) / (den - k)
}

/// Morgan's distance-decay exposure of the group to `share` (x/t for isolation, y/t for
/// interaction): Σ_i (x_i/X) Σ_j P_ij s_j with P_ij = c_ij t_j / R_j, R_j = Σ_k c_jk t_k. PySAL
/// divides the matrix by its row sums with numpy broadcasting, so element (i, j) is divided by
/// row j's sum (not row i's). Terms that are not numbers (empty units) are skipped (`nansum`).
fn decay_exposure(g: &SingleGroup, centroids: &[[f64; 2]], area: &[f64], share: &[f64]) -> f64 {
    let n = centroids.len();
    let c = proximity(centroids, area);
    let r: Vec<f64> = (0..n)
        .map(|j| (0..n).map(|k| c[j * n + k] * g.t[k]).sum())
        .collect();
    let sx: f64 = g.x.iter().sum();
    let mut total = 0.0;
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..n {
            let v = c[i * n + j] * g.t[j] / r[j] * share[j];
            if v.is_finite() {
                s += v;
            }
        }
        total += g.x[i] / sx * s;
    }
    total
}

/// Distance-decay isolation DPxx.
pub fn distance_decay_isolation(g: &SingleGroup, centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    let share: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| x / t).collect();
    decay_exposure(g, centroids, area, &share)
}

/// Distance-decay interaction DPxy.
pub fn distance_decay_interaction(g: &SingleGroup, centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    let share: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| (t - x) / t).collect();
    decay_exposure(g, centroids, area, &share)
}
