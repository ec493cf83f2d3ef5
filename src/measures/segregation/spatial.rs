//! Spatial single-group indices that use who neighbours whom: Morrill's D(adj) on queen
//! contiguity (binary) and Wong's D(w) on shared boundary lengths (row-standardised); and the
//! "egohood" counts behind PySAL's spatial versions of aspatial indices and multiscalar profiles.

use super::single::{dissim, SingleGroup};
use crate::spatial::weights::{Transform, Weights};

/// Index minus the weighted mean absolute share difference across neighbours.
fn adjusted(g: &SingleGroup, w: &Weights) -> f64 {
    let share = |i: usize| if g.t[i] == 0.0 { 0.0 } else { g.x[i] / g.t[i] };
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..w.n {
        for (&j, &c) in w.neighbors_of(i).iter().zip(w.weights_of(i)) {
            num += c * (share(i) - share(j as usize)).abs();
            den += c;
        }
    }
    dissim(g) - num / den
}

/// Morrill's D(adj): c = contiguity, binary, not standardised.
pub fn spatial_dissim(g: &SingleGroup, contiguity: &Weights) -> f64 {
    adjusted(g, &contiguity.transformed(Transform::Binary))
}

/// Wong's D(w): c = shared boundary length, row-standardised.
pub fn boundary_spatial_dissim(g: &SingleGroup, boundary_lengths: &Weights) -> f64 {
    adjusted(g, &boundary_lengths.transformed(Transform::Row))
}

/// PySAL's local environment: each unit's counts replaced by the sum over the units within
/// `distance` of its centroid, weighted by a triangular kernel (1 − d/distance; the unit itself
/// weighs 1), rounded to integers (half to even, as numpy) unless `round` is false.
/// `distance = 0` leaves the counts as they are.
pub fn egohood_counts(points: &[[f64; 2]], values: &[f64], distance: f64, round: bool) -> Vec<f64> {
    if distance <= 0.0 {
        return values.to_vec();
    }
    let tree = rstar::RTree::bulk_load(
        points
            .iter()
            .enumerate()
            .map(|(i, p)| rstar::primitives::GeomWithData::new(*p, i))
            .collect(),
    );
    points
        .iter()
        .map(|p| {
            let s: f64 = tree
                .locate_within_distance(*p, distance * distance)
                .map(|q| {
                    let d = ((q.geom()[0] - p[0]).powi(2) + (q.geom()[1] - p[1]).powi(2)).sqrt();
                    (1.0 - d / distance) * values[q.data]
                })
                .sum();
            if round {
                s.round_ties_even()
            } else {
                s
            }
        })
        .collect()
}

/// Units sorted by their centroid's distance to the centre (the mean of the centroids).
fn by_distance_to_centre(centroids: &[[f64; 2]]) -> Vec<usize> {
    let n = centroids.len() as f64;
    let cx = centroids.iter().map(|c| c[0]).sum::<f64>() / n;
    let cy = centroids.iter().map(|c| c[1]).sum::<f64>() / n;
    let d: Vec<f64> = centroids
        .iter()
        .map(|c| ((c[0] - cx).powi(2) + (c[1] - cy).powi(2)).sqrt())
        .collect();
    let mut order: Vec<usize> = (0..centroids.len()).collect();
    order.sort_by(|&a, &b| d[a].total_cmp(&d[b]));
    order
}

/// Σ X_{i−1} B_i − Σ X_i B_{i−1} for cumulative shares X and B along `order`.
fn lorenz_area(x: &[f64], b: &[f64], order: &[usize]) -> f64 {
    let (sx, sb): (f64, f64) = (x.iter().sum(), b.iter().sum());
    let (mut cx, mut cb) = (0.0, 0.0);
    let mut sum = 0.0;
    for &i in order {
        let (nx, nb) = (cx + x[i] / sx, cb + b[i] / sb);
        sum += cx * nb - nx * cb;
        cx = nx;
        cb = nb;
    }
    sum
}

/// Absolute centralisation ACE (Massey and Denton): the group's cumulative share against the
/// cumulative share of land, from the centre (mean of centroids) outwards. Centroids and areas in
/// the layer's own units, as PySAL.
pub fn absolute_centralization(g: &SingleGroup, centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    lorenz_area(g.x, area, &by_distance_to_centre(centroids))
}

/// Relative centralisation RCE: the group's cumulative share against the rest's.
pub fn relative_centralization(g: &SingleGroup, centroids: &[[f64; 2]], _area: &[f64]) -> f64 {
    let others: Vec<f64> = g.x.iter().zip(g.t).map(|(x, t)| t - x).collect();
    lorenz_area(g.x, &others, &by_distance_to_centre(centroids))
}

/// The Massey–Denton setting of the concentration indices: units sorted by area ascending, and
/// n1 (from the smallest) and n2 (from the largest) units holding as many people as the group
/// has, as PySAL computes them (segregation issue 43).
struct Concentration {
    asc: Vec<usize>,
    n1: usize,
    n2: usize,
    t1: f64,
    t2: f64,
}

fn concentration_setting(g: &SingleGroup, area: &[f64]) -> Concentration {
    let n = area.len();
    let mut asc: Vec<usize> = (0..n).collect();
    asc.sort_by(|&a, &b| area[a].total_cmp(&area[b]));
    let (x, t): (f64, f64) = (g.x.iter().sum(), g.t.iter().sum());
    let reach = |order: &mut dyn Iterator<Item = usize>| {
        let mut cum = 0.0;
        for (k, i) in order.enumerate() {
            cum += g.t[i];
            if cum / t >= x / t {
                return k + 1;
            }
        }
        n
    };
    let n1 = reach(&mut asc.iter().copied());
    let n2 = n - reach(&mut asc.iter().rev().copied());
    let t1 = asc[..n1].iter().map(|&i| g.t[i]).sum();
    let t2 = asc[n2..].iter().map(|&i| g.t[i]).sum();
    Concentration {
        asc,
        n1,
        n2,
        t1,
        t2,
    }
}

/// Absolute concentration ACO (Massey and Denton): how little land the group occupies, between
/// the smallest and the largest possible.
pub fn absolute_concentration(g: &SingleGroup, _centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    let c = concentration_setting(g, area);
    let x: f64 = g.x.iter().sum();
    let group: f64 = c.asc.iter().map(|&i| g.x[i] * area[i] / x).sum();
    let smallest: f64 = c.asc[..c.n1].iter().map(|&i| g.t[i] * area[i] / c.t1).sum();
    let largest: f64 = c.asc[c.n2..].iter().map(|&i| g.t[i] * area[i] / c.t2).sum();
    1.0 - (group - smallest) / (largest - smallest)
}

/// Relative concentration RCO: the land the group occupies against the rest, scaled by the
/// extremes.
pub fn relative_concentration(g: &SingleGroup, _centroids: &[[f64; 2]], area: &[f64]) -> f64 {
    let c = concentration_setting(g, area);
    let x: f64 = g.x.iter().sum();
    let y: f64 = g.x.iter().zip(g.t).map(|(x, t)| t - x).sum();
    let group: f64 = c.asc.iter().map(|&i| g.x[i] * area[i] / x).sum();
    let others: f64 = c.asc.iter().map(|&i| (g.t[i] - g.x[i]) * area[i] / y).sum();
    let smallest: f64 = c.asc[..c.n1].iter().map(|&i| g.t[i] * area[i]).sum::<f64>() / c.t1;
    let largest: f64 = c.asc[c.n2..].iter().map(|&i| g.t[i] * area[i]).sum::<f64>() / c.t2;
    (group / others - 1.0) / (smallest / largest - 1.0)
}

/// Perimeter over area of each area (rings' lengths, holes included).
pub fn perimeter_area_ratios(geoms: &[geo::MultiPolygon<f64>]) -> Vec<f64> {
    use geo::{Area, Euclidean, Length};
    geoms
        .iter()
        .map(|g| {
            let perimeter: f64 =
                g.0.iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                    .map(|r| Euclidean.length(r))
                    .sum();
            perimeter / g.unsigned_area()
        })
        .collect()
}

/// Wong's D(s): dissimilarity minus the neighbours' share differences weighted by the length of
/// boundary they share (not standardised) and their perimeter/area ratios relative to the largest,
/// (PA_i + PA_j)/(2·max PA), as PySAL computes it (in metres).
pub fn par_dissim(g: &SingleGroup, boundary_lengths: &Weights, pa: &[f64]) -> f64 {
    let share = |i: usize| if g.t[i] == 0.0 { 0.0 } else { g.x[i] / g.t[i] };
    let max_pa = pa.iter().copied().fold(0.0, f64::max);
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..boundary_lengths.n {
        for (&j, &w) in boundary_lengths
            .neighbors_of(i)
            .iter()
            .zip(boundary_lengths.weights_of(i))
        {
            let j = j as usize;
            num += w * (share(i) - share(j)).abs() * (pa[i] + pa[j]) / (2.0 * max_pa);
            den += w;
        }
    }
    dissim(g) - num / den
}

/// Hong & Sadahiro's spatial proximity profile: for 1,000 thresholds θ in [0, 1], the units with
/// share ≥ θ and η(θ) = (k² − k) / Σ δ_ij over them, δ the shortest-path steps between units on
/// contiguity (0 when they are not connected or k < 2, as PySAL's inf/nan → 0); SPP = (P − (Σ_{θ<P}
/// η/m − Σ_{θ≥P} η/m)) / (1 − P). The units are taken in descending order of share, so each
/// subset is a prefix and the sums are built once (O(n²) rather than O(m·n²)).
/// Shortest paths in steps between every pair of units (`u32::MAX`: unconnected), row by row: a
/// breadth-first search from every unit, on several threads. The last weights' paths are kept,
/// so that the same neighbours measured again — the draws of `--noise`, the nulls — find them.
fn steps_between(contiguity: &Weights) -> std::sync::Arc<Vec<u32>> {
    type Kept = Option<(Vec<u32>, std::sync::Arc<Vec<u32>>)>;
    static LAST: std::sync::Mutex<Kept> = std::sync::Mutex::new(None);
    let n = contiguity.n;
    // The neighbour lists themselves are the key (each list after its length): compared
    // exactly, never a hash that could collide.
    let mut key: Vec<u32> = Vec::with_capacity(2 * n + 1);
    key.push(n as u32);
    for u in 0..n {
        let nb = contiguity.neighbors_of(u);
        key.push(nb.len() as u32);
        key.extend_from_slice(nb);
    }
    if let Ok(last) = LAST.lock() {
        if let Some((_, steps)) = last.as_ref().filter(|(k, _)| *k == key) {
            return steps.clone();
        }
    }
    let rows: Vec<Vec<u32>> = crate::measures::autocorrelation::parallel(n, |s| {
        let mut row = vec![u32::MAX; n];
        row[s] = 0;
        let mut queue = std::collections::VecDeque::new();
        queue.push_back(s);
        while let Some(u) = queue.pop_front() {
            let d = row[u];
            for &v in contiguity.neighbors_of(u) {
                let v = v as usize;
                if row[v] == u32::MAX {
                    row[v] = d + 1;
                    queue.push_back(v);
                }
            }
        }
        row
    });
    let steps = std::sync::Arc::new(rows.concat());
    if let Ok(mut last) = LAST.lock() {
        *last = Some((key, steps.clone()));
    }
    steps
}

pub fn spatial_prox_prof(g: &SingleGroup, contiguity: &Weights) -> f64 {
    let n = g.x.len();
    let share = |i: usize| if g.t[i] == 0.0 { 0.0 } else { g.x[i] / g.t[i] };
    let steps = steps_between(contiguity);
    let steps = steps.as_slice();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| share(b).total_cmp(&share(a)));
    // prefix[k] = (Σ δ over the first k units, whether any pair among them is unconnected).
    // Steps are whole numbers: summed as integers (exact, and without waiting on a floating
    // adder per pair, as these O(n²) sums are redone in every draw under noise); a pair
    // without a path marks the prefix broken, after which its sum is never read.
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push((0.0f64, false));
    let (mut sum, mut broken) = (0u64, false);
    for (k, &u) in order.iter().enumerate() {
        let row = &steps[u * n..(u + 1) * n];
        let (mut s, mut gap) = (0u64, false);
        for &v in &order[..k] {
            let d = row[v];
            gap |= d == u32::MAX;
            s += u64::from(d);
        }
        sum = sum.wrapping_add(s);
        broken |= gap;
        prefix.push((2.0 * sum as f64, broken));
    }
    let shares: Vec<f64> = order.iter().map(|&i| share(i)).collect();
    let m = 1000;
    let (sx, st): (f64, f64) = (g.x.iter().sum(), g.t.iter().sum());
    let p = sx / st;
    let (mut below, mut above) = (0.0, 0.0);
    for i in 0..m {
        let theta = i as f64 / (m - 1) as f64;
        // units with share ≥ θ: the prefix of the descending order
        let k = shares.partition_point(|s| *s >= theta);
        let (sum, broken) = prefix[k];
        let kf = k as f64;
        let eta = if broken || k < 2 || sum == 0.0 {
            0.0
        } else {
            (kf * kf - kf) / sum
        };
        if theta < p {
            below += eta;
        } else {
            above += eta;
        }
    }
    (p - (below / m as f64 - above / m as f64)) / (1.0 - p)
}

/// Local relative centralisation (Folch & Rey 2016), per unit: RCE over the unit's 5 nearest
/// neighbours (by centroid) and itself, with the unit's own centroid as the centre. A context
/// without the group or without others gives 0, as PySAL's `nansum` does.
pub fn local_relative_centralization(g: &SingleGroup, centroids: &[[f64; 2]]) -> Vec<f64> {
    let n = centroids.len();
    let k = 5.min(n.saturating_sub(1));
    let Ok(w) = crate::spatial::points::knn(centroids, k.max(1)) else {
        return vec![0.0; n];
    };
    (0..n)
        .map(|i| {
            let mut rows: Vec<usize> = w.neighbors_of(i).iter().map(|&j| j as usize).collect();
            rows.push(i);
            let c = centroids[i];
            let d = |j: usize| {
                ((centroids[j][0] - c[0]).powi(2) + (centroids[j][1] - c[1]).powi(2)).sqrt()
            };
            rows.sort_by(|&a, &b| d(a).total_cmp(&d(b)));
            let x: Vec<f64> = rows.iter().map(|&j| g.x[j]).collect();
            let y: Vec<f64> = rows.iter().map(|&j| g.t[j] - g.x[j]).collect();
            if x.iter().sum::<f64>() == 0.0 || y.iter().sum::<f64>() == 0.0 {
                return 0.0;
            }
            let order: Vec<usize> = (0..rows.len()).collect();
            lorenz_area(&x, &y, &order)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_shortest_paths_belong_to_the_weights_asked_for() {
        // Four units in a row, then the same four in a ring: the paths differ (0 to 3 is three
        // steps, then one), and so does the profile; asking again for the row gives the row's.
        let row = Weights::from_pairs(4, [(0, 1), (1, 2), (2, 3)]);
        let ring = Weights::from_pairs(4, [(0, 1), (1, 2), (2, 3), (3, 0)]);
        assert_eq!(steps_between(&row)[3], 3);
        assert_eq!(steps_between(&ring)[3], 1);
        assert_eq!(steps_between(&row)[3], 3);
        let (x, t) = ([8.0, 1.0, 1.0, 8.0], [10.0; 4]);
        let g = SingleGroup {
            x: &x,
            t: &t,
            area: None,
        };
        let (a, b) = (spatial_prox_prof(&g, &row), spatial_prox_prof(&g, &ring));
        assert_ne!(a, b);
        assert_eq!(spatial_prox_prof(&g, &row), a);
    }
}
