//! Local Moran (LISA) with esda's and GeoDa's numbers: I_i = (n−1)·z_i·(Wz)_i / Σz² on values
//! standardised with the population standard deviation, the Moran-scatterplot quadrant of each
//! area, conditional permutation pseudo p-values (the area's own value fixed, its neighbours
//! drawn from the other n−1, from one shared table of draws as esda does) and the cluster
//! classes of GeoDa's LISA cluster map.

use super::{below, folded, parallel, rng, threshold, Correction};
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
    local_moran_inner(y, w, permutations, seed, control, COLUMNS)
}

/// The most entries (draws × permutations) for which the table is also kept by column: 4 Mi,
/// about 100 MB.
const COLUMNS: usize = 1 << 22;

/// [`local_moran_controlled`], summing by column when the table has at most `column_limit`
/// entries (tests compare the two ways).
fn local_moran_inner(
    y: &[f64],
    w: &Weights,
    permutations: usize,
    seed: u64,
    control: &Control,
    column_limit: usize,
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
        // The table by column (the t-th draw of every row together) with the values it draws,
        // z[j] and z[j + 1] (for units before and after j), so that a unit's simulated lags are
        // summed for all rows at once, term by term, in runs the compiler vectorises: the same
        // sums in the same order as row by row, so the same numbers bit for bit. Six times the
        // table's size: beyond COLUMNS entries (wide weights, many permutations), row by row.
        let columns = (k_max * permutations <= column_limit).then(|| by_column(&draws, k_max, &z));
        const CHUNK: usize = 64;
        let chunks = n.div_ceil(CHUNK);
        let done_chunks = std::sync::atomic::AtomicUsize::new(0);
        let parts: Vec<Vec<f64>> = parallel(chunks, |c| {
            let units = c * CHUNK..((c + 1) * CHUNK).min(n);
            let mut p = vec![1.0; units.len()];
            let mut lags = vec![0.0f64; permutations];
            for u in units.clone() {
                if control.is_cancelled() {
                    return p;
                }
                let weights = w.weights_of(u);
                // Nothing to permute without neighbours, or with every other unit.
                if weights.is_empty() || weights.len() >= n {
                    continue;
                }
                match &columns {
                    Some(columns) => lags_by_column(&mut lags, u, weights, columns),
                    None => lags_by_row(&mut lags, u, weights, &draws, k_max, &z),
                }
                let scale = (nf - 1.0) * z[u] / den;
                let (mut above, mut below) = (0usize, 0usize);
                for l in &lags {
                    let sim = scale * l;
                    above += (sim >= i[u]) as usize;
                    below += (sim <= i[u]) as usize;
                }
                p[u - units.start] = folded(above, below, permutations);
                control.tick();
            }
            let finished = done_chunks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            control.set_progress(finished as f32 / chunks as f32);
            p
        });
        // A chunk a cancelled run skipped left its values at 1 (the result is to be dropped).
        let mut p: Vec<f64> = parts.concat();
        p.resize(n, 1.0);
        p
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

/// The table of draws (`k_max` a row) by column: for the t-th draw of every row, the index j
/// (as f64), z[j] and z[j + 1] (the value it stands for before and past the unit).
fn by_column(draws: &[u32], k_max: usize, z: &[f64]) -> Vec<[Vec<f64>; 3]> {
    let column = |t: usize, f: &dyn Fn(u32) -> f64| -> Vec<f64> {
        draws.chunks_exact(k_max).map(|row| f(row[t])).collect()
    };
    (0..k_max)
        .map(|t| {
            [
                column(t, &|j| j as f64),
                column(t, &|j| z[j as usize]),
                column(t, &|j| z[j as usize + 1]),
            ]
        })
        .collect()
}

/// A unit's simulated lags for every row of the table of draws (`k_max` a row): for row r,
/// Σ_t w_t · z[draw], with draw j standing for unit j + 1 past unit `u`, summed over t in order.
fn lags_by_row(
    lags: &mut [f64],
    u: usize,
    weights: &[f64],
    draws: &[u32],
    k_max: usize,
    z: &[f64],
) {
    for (l, row) in lags.iter_mut().zip(draws.chunks_exact(k_max)) {
        *l = 0.0;
        for (wt, &j) in weights.iter().zip(row) {
            let j = j as usize;
            *l += wt * z[if j >= u { j + 1 } else { j }];
        }
    }
}

/// [`lags_by_row`] from the table's columns (see `local_moran_inner`), the same numbers bit for
/// bit.
fn lags_by_column(lags: &mut [f64], u: usize, weights: &[f64], columns: &[[Vec<f64>; 3]]) {
    lags.fill(0.0);
    let at = u as f64;
    // Past the unit itself, draw j is unit j + 1: chosen by arithmetic, not a branch (which the
    // draws would mispredict half the time). x·1 + y·0 is x up to the sign of a zero, which no
    // sum or comparison here can tell apart.
    let pick = |j: f64, before: f64, after: f64| {
        let past = (j >= at) as u8 as f64;
        after * past + before * (1.0 - past)
    };
    // Two terms a pass (fewer loads and stores of the lags), in the same order.
    let m = lags.len();
    let mut terms = weights.iter().zip(columns);
    while let Some((w0, [j0, b0, a0])) = terms.next() {
        // Sliced to the lags' length, so that no index is checked.
        let (j0, b0, a0) = (&j0[..m], &b0[..m], &a0[..m]);
        match terms.next() {
            Some((w1, [j1, b1, a1])) => {
                let (j1, b1, a1) = (&j1[..m], &b1[..m], &a1[..m]);
                for (r, l) in lags.iter_mut().enumerate() {
                    let mut sum = *l;
                    sum += w0 * pick(j0[r], b0[r], a0[r]);
                    sum += w1 * pick(j1[r], b1[r], a1[r]);
                    *l = sum;
                }
            }
            None => {
                for (r, l) in lags.iter_mut().enumerate() {
                    *l += w0 * pick(j0[r], b0[r], a0[r]);
                }
            }
        }
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
    fn a_finished_lisa_reports_all_its_work_done() {
        // On one thread the chunks finish in order: the last one reports the whole.
        let n = 1000;
        let w = ring(n);
        let y: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
        let control = Control::new();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        one.install(|| local_moran_controlled(&y, &w, 99, 1, &control));
        assert_eq!(control.progress(), 1.0);
        assert_eq!(control.done(), n as u64);
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
    fn sums_by_column_equal_sums_by_row_bit_for_bit() {
        // Units with 1 to 7 neighbours (odd and even counts: both passes by column), values
        // with ties and an exact zero, draws before and past every unit.
        let n = 300;
        let w = Weights::from_lists(
            (0..n)
                .map(|i| {
                    let k = 1 + i % 7;
                    (1..=k)
                        .map(|d| (((i + d * 13) % n) as u32, 1.0 / k as f64))
                        .collect()
                })
                .collect(),
        );
        let z: Vec<f64> = (0..n).map(|i| ((i * 7919) % 50) as f64 - 25.0).collect();
        let (k_max, permutations) = (7, 199);
        let draws = draw_table(n - 1, k_max, permutations, 5);
        let columns = by_column(&draws, k_max, &z);
        let (mut by_row, mut by_column) = (vec![0.0; permutations], vec![0.0; permutations]);
        for u in 0..n {
            lags_by_row(&mut by_row, u, w.weights_of(u), &draws, k_max, &z);
            lags_by_column(&mut by_column, u, w.weights_of(u), &columns);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            assert_eq!(bits(&by_row), bits(&by_column), "unit {u}");
        }
        // And whole runs either way.
        let y: Vec<f64> = z.iter().map(|v| v * 3.0 + 1.0).collect();
        let row = |limit| local_moran_inner(&y, &w, 199, 9, &Control::new(), limit);
        assert_eq!(row(0), row(usize::MAX));
    }

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
