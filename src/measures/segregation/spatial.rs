//! Spatial single-group indices that use who neighbours whom: Morrill's D(adj) on queen
//! contiguity (binary) and Wong's D(w) on shared boundary lengths (row-standardised).

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
