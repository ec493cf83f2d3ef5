//! Join counts for a binary variable (1 = black, 0 = white) on binary symmetric weights:
//! BB, BW and WW joins, with permutation pseudo p-values (esda's `Join_Counts`).

use super::{parallel, shuffled};
use crate::error::{Error, Result};
use crate::spatial::weights::Weights;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JoinCounts {
    pub bb: f64,
    pub bw: f64,
    pub ww: f64,
    pub p_sim_bb: Option<f64>,
    pub p_sim_bw: Option<f64>,
}

fn counts(x: &[f64], w: &Weights) -> (f64, f64, f64) {
    let (mut bb, mut bw, mut ww) = (0.0, 0.0, 0.0);
    for i in 0..w.n {
        for (&j, &wij) in w.neighbors_of(i).iter().zip(w.weights_of(i)) {
            let (a, b) = (x[i], x[j as usize]);
            bb += wij * a * b;
            ww += wij * (1.0 - a) * (1.0 - b);
            bw += wij * (a - b).powi(2);
        }
    }
    (bb / 2.0, bw / 2.0, ww / 2.0)
}

pub fn join_counts(x: &[f64], w: &Weights, permutations: usize, seed: u64) -> Result<JoinCounts> {
    if x.iter().any(|v| *v != 0.0 && *v != 1.0) {
        return Err(Error::input(
            "join counts need a 0/1 variable (e.g. 'typ == 1' coded as 0 and 1)",
        ));
    }
    let (bb, bw, ww) = counts(x, w);
    let (mut p_bb, mut p_bw) = (None, None);
    if permutations > 0 {
        let sims = parallel(permutations, |p| counts(&shuffled(x, seed, p as u64), w));
        let n = permutations as f64 + 1.0;
        p_bb = Some((sims.iter().filter(|s| s.0 >= bb).count() as f64 + 1.0) / n);
        p_bw = Some((sims.iter().filter(|s| s.1 <= bw).count() as f64 + 1.0) / n);
    }
    Ok(JoinCounts {
        bb,
        bw,
        ww,
        p_sim_bb: p_bb,
        p_sim_bw: p_bw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        // A path of four: 1 1 0 0 → one BB join, one BW join, one WW join.
        let w = Weights::from_pairs(4, [(0, 1), (1, 2), (2, 3)]);
        let j = join_counts(&[1.0, 1.0, 0.0, 0.0], &w, 0, 0).unwrap();
        assert_eq!((j.bb, j.bw, j.ww), (1.0, 1.0, 1.0));
        assert!(join_counts(&[2.0, 0.0, 0.0, 0.0], &w, 0, 0).is_err());
    }
}
