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
