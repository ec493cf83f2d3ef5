//! Indices on PySAL's proximity matrix: White's spatial proximity, absolute and relative
//! clustering (Massey & Denton) and distance-decay isolation and interaction (Morgan). PySAL's proximity between centroids is
//! c_ij = 1 − exp(−d_ij / Σ_k d_kj) and, within a unit, c_ii = 1 − exp(−(0.6·a_i)^0.5) — not the
//! textbook exp(−d_ij) — and two of its formulas broadcast numpy arrays in a way that changes
//! them; both are matched here and named where they occur. Distances and areas are in the
//! working CRS's units (metres for projected data).

use super::single::SingleGroup;

/// PySAL's proximity matrix (n × n, row-major), computed once for all the indices that use it.
pub struct Proximity {
    pub n: usize,
    pub c: Vec<f64>,
}

impl Proximity {
    /// c_ij = 1 − exp(−d_ij / Σ_k d_kj), c_ii = 1 − exp(−(0.6 a_i)^0.5), rows on several threads.
    pub fn new(centroids: &[[f64; 2]], area: &[f64]) -> Proximity {
        let n = centroids.len();
        let dist = |i: usize, j: usize| {
            ((centroids[i][0] - centroids[j][0]).powi(2)
                + (centroids[i][1] - centroids[j][1]).powi(2))
            .sqrt()
        };
        let sums: Vec<f64> = crate::measures::autocorrelation::parallel(n, |j| {
            (0..n).map(|k| dist(k, j)).sum::<f64>()
        });
        let rows: Vec<Vec<f64>> = crate::measures::autocorrelation::parallel(n, |i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        1.0 - (-(0.6 * area[i]).sqrt()).exp()
                    } else {
                        1.0 - (-dist(i, j) / sums[j]).exp()
                    }
                })
                .collect()
        });
        Proximity {
            n,
            c: rows.concat(),
        }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.c[i * self.n..(i + 1) * self.n]
    }
}

fn others(g: &SingleGroup) -> Vec<f64> {
    g.x.iter().zip(g.t).map(|(x, t)| t - x).collect()
}

/// Relative clustering RCL = Pxx/Pyy − 1. PySAL computes `(x * x * c).sum()`, which broadcasts to
/// Σ_i Σ_j x_j² c_ij (not x_i x_j c_ij): Pxx = Σ_j x_j² C_j / X² with C_j = Σ_i c_ij.
pub fn relative_clustering(g: &SingleGroup, p: &Proximity) -> f64 {
    let n = p.n;
    let mut col = vec![0.0; n];
    for i in 0..n {
        for (c, v) in col.iter_mut().zip(p.row(i)) {
            *c += v;
        }
    }
    let y = others(g);
    let (sx, sy): (f64, f64) = (g.x.iter().sum(), y.iter().sum());
    let pxx: f64 = (0..n).map(|j| g.x[j] * g.x[j] * col[j]).sum::<f64>() / (sx * sx);
    let pyy: f64 = (0..n).map(|j| y[j] * y[j] * col[j]).sum::<f64>() / (sy * sy);
    pxx / pyy - 1.0
}

/// Absolute clustering ACL = (Σ_i (x_i/X) Σ_j c_ij x_j − (X/n²) Σ c) / (Σ_i (x_i/X) Σ_j c_ij t_j − (X/n²) Σ c).
pub fn absolute_clustering(g: &SingleGroup, p: &Proximity) -> f64 {
    let n = p.n;
    let sx: f64 = g.x.iter().sum();
    let total_c: f64 = p.c.iter().sum();
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..n {
        let row = p.row(i);
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
fn decay_exposure(g: &SingleGroup, p: &Proximity, share: &[f64]) -> f64 {
    let n = p.n;
    let r: Vec<f64> = (0..n)
        .map(|j| p.row(j).iter().zip(g.t).map(|(c, t)| c * t).sum())
        .collect();
    // the factor of column j: t_j s_j / R_j
    let f: Vec<f64> = (0..n).map(|j| g.t[j] / r[j] * share[j]).collect();
    let sx: f64 = g.x.iter().sum();
    let mut total = 0.0;
    for i in 0..n {
        let mut s = 0.0;
        for (c, fj) in p.row(i).iter().zip(&f) {
            let v = c * fj;
            if v.is_finite() {
                s += v;
            }
        }
        total += g.x[i] / sx * s;
    }
    total
}

/// Distance-decay isolation DPxx.
pub fn distance_decay_isolation(g: &SingleGroup, p: &Proximity) -> f64 {
    let share: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| x / t).collect();
    decay_exposure(g, p, &share)
}

/// Distance-decay interaction DPxy.
pub fn distance_decay_interaction(g: &SingleGroup, p: &Proximity) -> f64 {
    let share: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| (t - x) / t).collect();
    decay_exposure(g, p, &share)
}

/// White's spatial proximity SP = (X·Pxx + Y·Pyy)/(T·Ptt), Pxx = ΣΣ x_i x_j c_ij / X².
pub fn spatial_proximity(g: &SingleGroup, p: &Proximity) -> f64 {
    let y = others(g);
    let (sx, sy, st): (f64, f64, f64) = (g.x.iter().sum(), y.iter().sum(), g.t.iter().sum());
    let (mut pxx, mut pyy, mut ptt) = (0.0, 0.0, 0.0);
    for i in 0..p.n {
        let (mut cx, mut cy, mut ct) = (0.0, 0.0, 0.0);
        for (j, c) in p.row(i).iter().enumerate() {
            cx += c * g.x[j];
            cy += c * y[j];
            ct += c * g.t[j];
        }
        pxx += g.x[i] * cx;
        pyy += y[i] * cy;
        ptt += g.t[i] * ct;
    }
    let (pxx, pyy, ptt) = (pxx / (sx * sx), pyy / (sy * sy), ptt / (st * st));
    (sx * pxx + sy * pyy) / (st * ptt)
}
