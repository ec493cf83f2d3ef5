//! Population-scale ("individualised") neighbourhoods, as in EquiPop and Swedish segregation
//! research: around each unit, the nearest units in order of distance until at least k persons
//! are reached (a unit enters whole; units at equal distance enter together), for several k.
//! Works on area centroids and on points or grid cells with a population column.

use crate::error::{Error, Result};
use rstar::primitives::GeomWithData;
use rstar::RTree;
use serde::Serialize;

/// One unit's neighbourhood at one k.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbourhood {
    /// Persons reached (≥ k unless the whole population is smaller).
    pub persons: f64,
    /// Count of each group reached.
    pub groups: Vec<f64>,
    /// Distance to the farthest unit that entered.
    pub radius: f64,
    /// Number of units that entered (the unit itself included).
    pub units: usize,
}

/// For every unit and every k (ascending), its population-scale neighbourhood.
/// `result[unit][ki]`. Missing populations count as 0 persons.
pub fn population_neighbourhoods(
    points: &[[f64; 2]],
    population: &[Option<f64>],
    groups: &[&[Option<f64>]],
    ks: &[f64],
) -> Result<Vec<Vec<Neighbourhood>>> {
    if ks.is_empty() || ks.iter().any(|k| k.is_nan() || *k <= 0.0) {
        return Err(Error::input("give one or more positive population sizes k"));
    }
    let mut ks: Vec<f64> = ks.to_vec();
    ks.sort_by(f64::total_cmp);
    let tree = RTree::bulk_load(
        points
            .iter()
            .enumerate()
            .filter(|(_, p)| p[0].is_finite() && p[1].is_finite())
            .map(|(i, p)| GeomWithData::new(*p, i as u32))
            .collect(),
    );
    let pop = |j: usize| population[j].unwrap_or(0.0);
    let one = |i: usize| -> Vec<Neighbourhood> {
        let mut out = Vec::with_capacity(ks.len());
        let mut persons = 0.0;
        let mut sums = vec![0.0; groups.len()];
        let mut units = 0;
        let mut radius = 0.0;
        let mut iter = tree
            .nearest_neighbor_iter_with_distance_2(&points[i])
            .peekable();
        while out.len() < ks.len() {
            let Some((first, d2)) = iter.next() else {
                break;
            };
            // The unit and all others at exactly this distance enter together.
            let mut batch = vec![first.data as usize];
            while let Some((q, e2)) = iter.peek() {
                if *e2 == d2 {
                    batch.push(q.data as usize);
                    iter.next();
                } else {
                    break;
                }
            }
            for j in batch {
                persons += pop(j);
                for (g, s) in groups.iter().zip(sums.iter_mut()) {
                    *s += g[j].unwrap_or(0.0);
                }
                units += 1;
            }
            radius = d2.sqrt();
            while out.len() < ks.len() && persons >= ks[out.len()] {
                out.push(Neighbourhood {
                    persons,
                    groups: sums.clone(),
                    radius,
                    units,
                });
            }
        }
        while out.len() < ks.len() {
            out.push(Neighbourhood {
                persons,
                groups: sums.clone(),
                radius,
                units,
            });
        }
        out
    };
    let n = points.len();
    Ok(crate::work::parallel(n, one))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_until_k_persons_with_ties_entering_together() {
        // A line of 5 units 1 m apart with 10 persons each; unit 2 in the middle.
        let pts: Vec<[f64; 2]> = (0..5).map(|i| [i as f64, 0.0]).collect();
        let pop = vec![Some(10.0); 5];
        let grp: Vec<Option<f64>> = vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0)];
        let r = population_neighbourhoods(&pts, &pop, &[&grp], &[15.0, 10.0, 1000.0]).unwrap();
        // k = 10: the unit alone. k = 15: both neighbours at 1 m enter together (30 persons).
        let mid = &r[2];
        assert_eq!(
            (mid[0].persons, mid[0].radius, mid[0].units),
            (10.0, 0.0, 1)
        );
        assert_eq!(
            (mid[1].persons, mid[1].radius, mid[1].units),
            (30.0, 1.0, 3)
        );
        assert_eq!(mid[1].groups, vec![9.0]);
        // k larger than everyone: all 50 persons, radius to the farthest.
        assert_eq!((mid[2].persons, mid[2].radius), (50.0, 2.0));
        let end = &r[0];
        assert_eq!((end[1].persons, end[1].radius), (20.0, 1.0));
        assert!(population_neighbourhoods(&pts, &pop, &[], &[0.0]).is_err());
    }
}
