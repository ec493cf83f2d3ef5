//! Indices on PySAL's proximity matrix: White's spatial proximity, absolute and relative
//! clustering (Massey & Denton) and distance-decay isolation and interaction (Morgan). PySAL's proximity between centroids is
//! c_ij = 1 − exp(−d_ij / Σ_k d_kj) and, within a unit, c_ii = 1 − exp(−(0.6·a_i)^0.5) — not the
//! textbook exp(−d_ij) — and two of its formulas broadcast numpy arrays in a way that changes
//! them; both are matched here and named where they occur. Distances and areas are in the
//! working CRS's units (metres for projected data).

use super::single::SingleGroup;

/// PySAL's proximity matrix (n × n, row-major), computed once for all the indices that use it,
/// with its column sums and total (the same in every draw of the counts under noise).
pub struct Proximity {
    pub n: usize,
    pub c: Vec<f64>,
    /// C_j = Σ_i c_ij.
    col: Vec<f64>,
    /// Σ_ij c_ij.
    total: f64,
    /// Whether every c_ij is a number (not so when all centroids coincide).
    finite: bool,
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
        let c = rows.concat();
        let mut col = vec![0.0; n];
        for row in c.chunks_exact(n.max(1)) {
            for (s, v) in col.iter_mut().zip(row) {
                *s += v;
            }
        }
        Proximity {
            n,
            total: c.iter().sum(),
            finite: c.iter().all(|v| v.is_finite()),
            col,
            c,
        }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.c[i * self.n..(i + 1) * self.n]
    }
}

/// The body of [`dot`], written once: `$madd(a, b, c)` is a·b + c, a plain
/// multiply and add, or one fused instruction where the processor has it.
macro_rules! kernels {
    ($dot:ident, $madd:expr) => {
        #[inline(always)]
        fn $dot(a: &[f64], b: &[f64]) -> f64 {
            let madd: fn(f64, f64, f64) -> f64 = $madd;
            let mut acc = [0.0f64; 8];
            let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
            let (ra, rb) = (ca.remainder(), cb.remainder());
            for (x, y) in ca.zip(cb) {
                for k in 0..8 {
                    acc[k] = madd(x[k], y[k], acc[k]);
                }
            }
            let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
            acc.iter().sum::<f64>() + tail
        }
    };
}

kernels!(dot_plain, |a, b, c| a * b + c);

#[cfg(target_arch = "x86_64")]
mod fused {
    kernels!(dot_inner, f64::mul_add);

    /// # Safety
    /// Only where the processor has AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn dot(a: &[f64], b: &[f64]) -> f64 {
        dot_inner(a, b)
    }
}

/// Whether this processor has AVX2 and FMA (checked once, then read from a cache).
#[cfg(target_arch = "x86_64")]
fn fused_available() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// Σ a_i b_i with eight running sums: the additions overlap instead of waiting on each other
/// (a single running sum is bound by the adder's latency), and on processors with AVX2 and FMA
/// four lanes at a time with fused multiply-adds — the O(n²) sums of these indices are redone
/// in every draw under noise.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if fused_available() {
        // SAFETY: the processor has the features the function is compiled for.
        return unsafe { fused::dot(a, b) };
    }
    dot_plain(a, b)
}

/// (Σ c_i a_i, Σ c_i b_i): two passes over `c` (one pass with two sets of running sums
/// measured slower).
fn dot2(c: &[f64], a: &[f64], b: &[f64]) -> (f64, f64) {
    (dot(c, a), dot(c, b))
}

fn others(g: &SingleGroup) -> Vec<f64> {
    g.x.iter().zip(g.t).map(|(x, t)| t - x).collect()
}

/// The products of the proximity matrix with a group's counts that the indices share: C·x and
/// C·y (C·t is always their sum, so a value never depends on which other indices were asked
/// for), and for distance decay C·f for the isolation's or the interaction's factors, each made
/// when first asked for. Under noise one draw's products serve every proximity index of the
/// request.
#[derive(Default)]
pub struct Products {
    counts: std::sync::OnceLock<(Vec<f64>, Vec<f64>)>,
    isolation: std::sync::OnceLock<Vec<f64>>,
    interaction: std::sync::OnceLock<Vec<f64>>,
}

impl Products {
    pub fn new() -> Products {
        Products::default()
    }

    /// (C·x, C·y).
    fn counts(&self, g: &SingleGroup, p: &Proximity) -> (&[f64], &[f64]) {
        let (cx, cy) = self.counts.get_or_init(|| {
            let y = others(g);
            (0..p.n).map(|i| dot2(p.row(i), g.x, &y)).unzip()
        });
        (cx, cy)
    }

    /// C·f for f_j = t_j s_j / R_j (R = C·t), s the group's share (`isolation`) or the
    /// others': PySAL's `nansum` skips the terms that are not numbers (an empty unit), here
    /// f_j = 0.
    fn decay(&self, g: &SingleGroup, p: &Proximity, isolation: bool) -> &[f64] {
        let cell = if isolation {
            &self.isolation
        } else {
            &self.interaction
        };
        cell.get_or_init(|| {
            let (cx, cy) = self.counts(g, p);
            let f: Vec<f64> = (0..p.n)
                .map(|j| {
                    let s = if isolation { g.x[j] } else { g.t[j] - g.x[j] };
                    let v = g.t[j] / (cx[j] + cy[j]) * (s / g.t[j]);
                    if v.is_finite() {
                        v
                    } else {
                        0.0
                    }
                })
                .collect();
            (0..p.n).map(|i| dot(p.row(i), &f)).collect()
        })
    }
}

/// The proximity indices from shared [`Products`] (see there), by name.
pub fn from_products(name: &str) -> Option<fn(&SingleGroup, &Proximity, &Products) -> f64> {
    Some(match name {
        "spatial-proximity" => spatial_proximity_of,
        "absolute-clustering" => absolute_clustering_of,
        "relative-clustering" => |g, p, _| relative_clustering(g, p),
        "distance-decay-isolation" => isolation_of,
        "distance-decay-interaction" => interaction_of,
        _ => return None,
    })
}

/// Relative clustering RCL = Pxx/Pyy − 1. PySAL computes `(x * x * c).sum()`, which broadcasts to
/// Σ_i Σ_j x_j² c_ij (not x_i x_j c_ij): Pxx = Σ_j x_j² C_j / X² with C_j = Σ_i c_ij.
pub fn relative_clustering(g: &SingleGroup, p: &Proximity) -> f64 {
    let n = p.n;
    let y = others(g);
    let (sx, sy): (f64, f64) = (g.x.iter().sum(), y.iter().sum());
    let pxx: f64 = (0..n).map(|j| g.x[j] * g.x[j] * p.col[j]).sum::<f64>() / (sx * sx);
    let pyy: f64 = (0..n).map(|j| y[j] * y[j] * p.col[j]).sum::<f64>() / (sy * sy);
    pxx / pyy - 1.0
}

/// Absolute clustering ACL = (Σ_i (x_i/X) Σ_j c_ij x_j − (X/n²) Σ c) / (Σ_i (x_i/X) Σ_j c_ij t_j − (X/n²) Σ c).
pub fn absolute_clustering(g: &SingleGroup, p: &Proximity) -> f64 {
    absolute_clustering_of(g, p, &Products::new())
}

fn absolute_clustering_of(g: &SingleGroup, p: &Proximity, c: &Products) -> f64 {
    let n = p.n;
    let (cx, cy) = c.counts(g, p);
    let sx: f64 = g.x.iter().sum();
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..n {
        num += g.x[i] / sx * cx[i];
        den += g.x[i] / sx * (cx[i] + cy[i]);
    }
    let k = sx / (n * n) as f64 * p.total;
    (num - k) / (den - k)
}

/// Morgan's distance-decay exposure of the group to `share` (x/t for isolation, y/t for
/// interaction): Σ_i (x_i/X) Σ_j P_ij s_j with P_ij = c_ij t_j / R_j, R_j = Σ_k c_jk t_k. PySAL
/// divides the matrix by its row sums with numpy broadcasting, so element (i, j) is divided by
/// row j's sum (not row i's). Terms that are not numbers (empty units) are skipped (`nansum`).
fn decay_exposure(g: &SingleGroup, p: &Proximity, share: &[f64]) -> f64 {
    let n = p.n;
    let r: Vec<f64> = (0..n).map(|j| dot(p.row(j), g.t)).collect();
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

/// Σ_i (x_i/X) (C·f)_i from the shared products; the term by term sum where the matrix has
/// entries that are not numbers (all centroids in one point).
fn decay_of(g: &SingleGroup, p: &Proximity, c: &Products, isolation: bool) -> f64 {
    if !p.finite {
        let share: Vec<f64> =
            g.x.iter()
                .zip(g.t)
                .map(|(x, t)| if isolation { x / t } else { (t - x) / t })
                .collect();
        return decay_exposure(g, p, &share);
    }
    let cf = c.decay(g, p, isolation);
    let sx: f64 = g.x.iter().sum();
    (0..p.n).map(|i| g.x[i] / sx * cf[i]).sum()
}

fn isolation_of(g: &SingleGroup, p: &Proximity, c: &Products) -> f64 {
    decay_of(g, p, c, true)
}

fn interaction_of(g: &SingleGroup, p: &Proximity, c: &Products) -> f64 {
    decay_of(g, p, c, false)
}

/// Distance-decay isolation DPxx.
pub fn distance_decay_isolation(g: &SingleGroup, p: &Proximity) -> f64 {
    isolation_of(g, p, &Products::new())
}

/// Distance-decay interaction DPxy.
pub fn distance_decay_interaction(g: &SingleGroup, p: &Proximity) -> f64 {
    interaction_of(g, p, &Products::new())
}

/// White's spatial proximity SP = (X·Pxx + Y·Pyy)/(T·Ptt), Pxx = ΣΣ x_i x_j c_ij / X².
pub fn spatial_proximity(g: &SingleGroup, p: &Proximity) -> f64 {
    spatial_proximity_of(g, p, &Products::new())
}

fn spatial_proximity_of(g: &SingleGroup, p: &Proximity, c: &Products) -> f64 {
    let y = others(g);
    let (sx, sy, st): (f64, f64, f64) = (g.x.iter().sum(), y.iter().sum(), g.t.iter().sum());
    let (cx, cy) = c.counts(g, p);
    let (mut pxx, mut pyy, mut ptt) = (0.0, 0.0, 0.0);
    for i in 0..p.n {
        // c·t = c·x + c·y
        pxx += g.x[i] * cx[i];
        pyy += y[i] * cy[i];
        ptt += g.t[i] * (cx[i] + cy[i]);
    }
    let (pxx, pyy, ptt) = (pxx / (sx * sx), pyy / (sy * sy), ptt / (st * st));
    (sx * pxx + sy * pyy) / (st * ptt)
}

#[cfg(test)]
mod tests {
    use super::{dot, dot2, dot_plain};

    #[test]
    fn dot_with_eight_running_sums_equals_the_plain_sum_at_every_length() {
        for n in 0..30 {
            let a: Vec<f64> = (0..n).map(|i| (i as f64) * 0.5 - 3.0).collect();
            let b: Vec<f64> = (0..n).map(|i| 7.0 - (i % 5) as f64).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            // Whole numbers and halves: every way of summing them is exact.
            assert_eq!(dot(&a, &b), plain, "length {n}");
            assert_eq!(dot_plain(&a, &b), plain, "length {n}");
            let twice: Vec<f64> = b.iter().map(|v| 2.0 * v).collect();
            assert_eq!(dot2(&a, &b, &twice), (plain, 2.0 * plain), "length {n}");
        }
    }
}
