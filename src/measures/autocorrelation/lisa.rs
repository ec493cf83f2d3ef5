//! Local Moran (LISA) with esda's and GeoDa's numbers: I_i = (n−1)·z_i·(Wz)_i / Σz² on values
//! standardised with the population standard deviation, the Moran-scatterplot quadrant of each
//! area, conditional permutation pseudo p-values (the area's own value fixed, its neighbours
//! drawn from the other n−1, from one shared table of draws as esda does) and the cluster
//! classes of GeoDa's LISA cluster map.

use super::{below, folded_p, parallel, rng, threshold, Correction};
use crate::spatial::weights::Weights;
use crate::work::Control;
use serde::Serialize;

/// Where an area lies in the Moran scatterplot (esda's codes 1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Quadrant {
    HH = 1,
    LH = 2,
    LL = 3,
    HL = 4,
}

/// An area's class in the LISA cluster map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Cluster {
    HH,
    LH,
    LL,
    HL,
    /// Not significant.
    #[serde(rename = "ns")]
    NotSignificant,
    /// No neighbours: no local statistic.
    #[serde(rename = "isolate")]
    NoNeighbours,
}

impl Cluster {
    pub fn label(self) -> &'static str {
        match self {
            Cluster::HH => "HH",
            Cluster::LH => "LH",
            Cluster::LL => "LL",
            Cluster::HL => "HL",
            Cluster::NotSignificant => "ns",
            Cluster::NoNeighbours => "isolate",
        }
    }

    /// GeoDa's cluster-map colours.
    pub fn color(self) -> [u8; 3] {
        match self {
            Cluster::HH => [255, 0, 0],
            Cluster::LL => [0, 0, 255],
            Cluster::LH => [167, 173, 249],
            Cluster::HL => [244, 173, 168],
            Cluster::NotSignificant => [238, 238, 238],
            Cluster::NoNeighbours => [70, 70, 70],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lisa {
    /// Local Moran I_i.
    pub i: Vec<f64>,
    /// Standardised values and their spatial lag (the Moran scatterplot's axes).
    pub z: Vec<f64>,
    pub lag: Vec<f64>,
    pub quadrant: Vec<Quadrant>,
    /// Pseudo p-values (empty without permutations).
    pub p_sim: Vec<f64>,
    pub permutations: usize,
}

/// Local Moran of `y` under (row-standardised) weights `w`.
pub fn local_moran(y: &[f64], w: &Weights, permutations: usize, seed: u64) -> Lisa {
    local_moran_controlled(y, w, permutations, seed, &Control::new())
}

/// [`local_moran`] under a [`Control`]: progress over the areas; when cancelled the remaining
/// areas are skipped (their p-values left at 1) and the result is to be dropped.
pub fn local_moran_controlled(
    y: &[f64],
    w: &Weights,
    permutations: usize,
    seed: u64,
    control: &Control,
) -> Lisa {
    let n = y.len();
    let nf = n as f64;
    let mean = y.iter().sum::<f64>() / nf;
    let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / nf).sqrt();
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / sd).collect();
    let den: f64 = z.iter().map(|v| v * v).sum();
    let lag = w.lag(&z);
    let i: Vec<f64> = (0..n).map(|k| (nf - 1.0) * z[k] * lag[k] / den).collect();
    let quadrant = (0..n)
        .map(|k| match (z[k] > 0.0, lag[k] > 0.0) {
            (true, true) => Quadrant::HH,
            (false, true) => Quadrant::LH,
            (false, false) => Quadrant::LL,
            (true, false) => Quadrant::HL,
        })
        .collect();
    let p_sim = if permutations == 0 || n < 2 {
        Vec::new()
    } else {
        // esda's conditional randomisation: one table of random draws (each row k_max distinct
        // indices among n − 1) shared by every unit, where index j stands for unit j, or j + 1
        // past the unit itself. Drawn once from the seed, so results do not depend on threads.
        let k_max = (0..n)
            .map(|u| w.cardinality(u))
            .max()
            .unwrap_or(0)
            .min(n - 1);
        let draws = draw_table(n - 1, k_max, permutations, seed);
        let step = (n / 100).max(1);
        parallel(n, |u| {
            if control.is_cancelled() {
                return 1.0;
            }
            control.tick();
            if u % step == 0 {
                control.set_progress(u as f32 / nf as f32);
            }
            let weights = w.weights_of(u);
            let k = weights.len();
            if k == 0 || k >= n {
                return 1.0;
            }
            let scale = (nf - 1.0) * z[u] / den;
            let sims = draws.chunks_exact(k_max).map(|row| {
                let mut l = 0.0;
                for (wt, &j) in weights.iter().zip(row) {
                    let j = j as usize;
                    l += wt * z[if j >= u { j + 1 } else { j }];
                }
                scale * l
            });
            folded_p(i[u], sims)
        })
    };
    Lisa {
        i,
        z,
        lag,
        quadrant,
        p_sim,
        permutations,
    }
}

/// `rows` rows of `k` distinct indices in `0..m`, from the seed (partial Fisher–Yates).
fn draw_table(m: usize, k: usize, rows: usize, seed: u64) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..m as u32).collect();
    let mut r = rng(seed, 0);
    let mut out = Vec::with_capacity(rows * k);
    for _ in 0..rows {
        for t in 0..k {
            let pick = t + below(&mut r, m - t);
            idx.swap(t, pick);
            out.push(idx[t]);
        }
    }
    out
}

impl Lisa {
    /// Cluster classes at significance `alpha` (with a correction for many tests).
    pub fn clusters(&self, w: &Weights, alpha: f64, correction: Correction) -> Vec<Cluster> {
        let cut = threshold(&self.p_sim, alpha, correction);
        (0..self.i.len())
            .map(|k| {
                if w.cardinality(k) == 0 {
                    return Cluster::NoNeighbours;
                }
                if self.p_sim.get(k).is_none_or(|p| *p > cut) {
                    return Cluster::NotSignificant;
                }
                match self.quadrant[k] {
                    Quadrant::HH => Cluster::HH,
                    Quadrant::LH => Cluster::LH,
                    Quadrant::LL => Cluster::LL,
                    Quadrant::HL => Cluster::HL,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::work::Control;

    /// A ring of `n` areas, each with its 4 neighbours on either side, row-standardised.
    fn ring(n: usize) -> Weights {
        Weights::from_lists(
            (0..n)
                .map(|i| {
                    (1..=4)
                        .flat_map(|d| [(i + d) % n, (i + n - d) % n])
                        .map(|j| (j as u32, 1.0 / 8.0))
                        .collect()
                })
                .collect(),
        )
    }

    #[test]
    fn a_cancelled_lisa_stops_working_within_200_ms() {
        let n = 20_000;
        let w = ring(n);
        let y: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
        let control = Control::new();
        let c = control.clone();
        let job = std::thread::spawn(move || local_moran_controlled(&y, &w, 9_999, 1, &c));
        // Started: areas are being done.
        let start = std::time::Instant::now();
        while control.done() == 0 && start.elapsed() < std::time::Duration::from_secs(20) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(control.done() > 0);
        control.cancel();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let after_cancel = control.done();
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert_eq!(
            control.done(),
            after_cancel,
            "work went on after the cancel"
        );
        assert!(
            after_cancel < n as u64,
            "the whole run finished before the cancel"
        );
        assert!(job.is_finished(), "the threads returned");
        let _ = job.join();
    }

    use super::*;
    use crate::spatial::weights::Transform;

    #[test]
    fn draws_are_distinct_within_a_row() {
        let t = draw_table(10, 4, 50, 3);
        for row in t.chunks(4) {
            let mut r = row.to_vec();
            r.sort();
            r.dedup();
            assert_eq!(r.len(), 4);
            assert!(row.iter().all(|&j| j < 10));
        }
    }

    #[test]
    fn quadrants_and_repeatable_permutations() {
        // Two clusters on a path: high 0-1-2, low 3-4-5.
        let w = Weights::from_pairs(6, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)])
            .transformed(Transform::Row);
        let y = [10.0, 11.0, 9.0, 1.0, 2.0, 0.0];
        let a = local_moran(&y, &w, 199, 42);
        assert_eq!(a.quadrant[0], Quadrant::HH);
        assert_eq!(a.quadrant[5], Quadrant::LL);
        assert_eq!(a.quadrant[2], Quadrant::HH);
        let b = local_moran(&y, &w, 199, 42);
        assert_eq!(a.p_sim, b.p_sim);
        // With only six values many permuted lags tie, so a folded p may pass one half.
        assert!(a.p_sim.iter().all(|p| *p > 0.0 && *p <= 1.0));
        let c = a.clusters(&w, 1.0, Correction::None);
        assert_eq!(c[0], Cluster::HH);
    }
}
