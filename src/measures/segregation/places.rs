//! Everything the geometry-dependent indices need about the places — contiguity and shared
//! boundaries, centroids, the proximity matrix, perimeter/area ratios, areas — built on first use
//! and shared by all indices (and all simulations) computed on the same places; and the one
//! function that computes any measure of the registry on given counts.

use super::multi::Groups;
use super::proximity::Proximity;
use super::single::SingleGroup;
use super::{spatial, Compute, Measure};
use crate::spatial::{contiguity, points, weights::Weights};
use geo::MultiPolygon;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The places of a set of units (projected geometry).
pub struct Places<'a> {
    geoms: Cow<'a, [MultiPolygon<f64>]>,
    /// Areas in the working CRS's units² (m² for projected data).
    area: Vec<f64>,
    tol: f64,
    contig: OnceLock<(Weights, Weights)>,
    centroids: OnceLock<Vec<[f64; 2]>>,
    prox: OnceLock<Proximity>,
    pa: OnceLock<Vec<f64>>,
}

impl<'a> Places<'a> {
    /// `area` in the working CRS's units², `tol` the contiguity tolerance.
    pub fn new(geoms: &'a [MultiPolygon<f64>], area: Vec<f64>, tol: f64) -> Places<'a> {
        Places {
            geoms: Cow::Borrowed(geoms),
            area,
            tol,
            contig: OnceLock::new(),
            centroids: OnceLock::new(),
            prox: OnceLock::new(),
            pa: OnceLock::new(),
        }
    }

    /// The places of `rows` (a bootstrap sample repeats places). What is already built is carried
    /// over instead of recomputed from the geometry: centroids, ratios and areas row by row, and
    /// the contiguity of the sample from the places' own — two samples of one place touch along
    /// its whole boundary, others as their places do.
    pub fn subset(&self, rows: &[usize]) -> Places<'static> {
        let pick = |v: &[f64]| rows.iter().map(|&r| v[r]).collect::<Vec<f64>>();
        let sub = Places {
            geoms: Cow::Owned(rows.iter().map(|&r| self.geoms[r].clone()).collect()),
            area: pick(&self.area),
            tol: self.tol,
            contig: OnceLock::new(),
            centroids: OnceLock::new(),
            prox: OnceLock::new(),
            pa: OnceLock::new(),
        };
        if let Some(c) = self.centroids.get() {
            let _ = sub.centroids.set(rows.iter().map(|&r| c[r]).collect());
        }
        if let Some(pa) = self.pa.get() {
            let _ = sub.pa.set(pick(pa));
        }
        if let Some((queen, boundary)) = self.contig.get() {
            let _ = sub.contig.set((
                resample_weights(queen, rows, &|_| 1.0),
                resample_weights(boundary, rows, &|r| perimeter(&self.geoms[r])),
            ));
        }
        sub
    }

    fn contig(&self) -> &(Weights, Weights) {
        self.contig
            .get_or_init(|| contiguity::queen_and_boundary(&self.geoms, self.tol))
    }

    pub fn centroids(&self) -> &[[f64; 2]] {
        self.centroids
            .get_or_init(|| points::centroids(&self.geoms))
    }

    pub fn prox(&self) -> &Proximity {
        self.prox
            .get_or_init(|| Proximity::new(self.centroids(), &self.area))
    }

    fn pa(&self) -> &[f64] {
        self.pa
            .get_or_init(|| spatial::perimeter_area_ratios(&self.geoms))
    }

    /// Build now what `m` will need (so that simulations on several threads share it).
    pub fn prepare(&self, m: &Measure) {
        match m.compute {
            Compute::SingleContiguity(_) | Compute::SingleBoundary(_) => {
                self.contig();
            }
            Compute::SingleShape(_) => {
                self.contig();
                self.pa();
            }
            Compute::SingleProximity(_) => {
                self.prox();
            }
            Compute::SinglePlaces(_) | Compute::LocalSingle(_) => {
                self.centroids();
            }
            _ => {}
        }
    }
}

/// The weights between the samples of places `rows`: as between their places, and `same(place)`
/// between two samples of the same place.
fn resample_weights(w: &Weights, rows: &[usize], same: &dyn Fn(usize) -> f64) -> Weights {
    let mut slots: std::collections::HashMap<usize, Vec<u32>> = std::collections::HashMap::new();
    for (a, &r) in rows.iter().enumerate() {
        slots.entry(r).or_default().push(a as u32);
    }
    let lists = rows
        .iter()
        .enumerate()
        .map(|(a, &r)| {
            let mut row: Vec<(u32, f64)> = Vec::new();
            for (&j, &wj) in w.neighbors_of(r).iter().zip(w.weights_of(r)) {
                for &b in slots.get(&(j as usize)).into_iter().flatten() {
                    row.push((b, wj));
                }
            }
            for &b in &slots[&r] {
                if b as usize != a {
                    row.push((b, same(r)));
                }
            }
            row
        })
        .collect();
    Weights::from_lists(lists)
}

/// The length of an area's boundary.
fn perimeter(g: &MultiPolygon<f64>) -> f64 {
    g.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|ring| ring.0.windows(2))
        .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
        .sum()
}

/// A measure's value: one number, or one per area.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    PerArea(Vec<f64>),
}

impl Value {
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(v) => Some(*v),
            Value::PerArea(_) => None,
        }
    }
}

/// Compute `m` on a group and total (`single`) or on groups, at `places`; None when the measure
/// needs what was not given.
pub fn evaluate(
    m: &Measure,
    places: &Places,
    single: Option<(&[f64], &[f64])>,
    groups: Option<&Groups>,
    seed: u64,
) -> Option<Value> {
    let g = single.map(|(x, t)| SingleGroup { x, t, area: None });
    Some(match (&m.compute, g, groups) {
        (Compute::Single(f), Some(g), _) => Value::Number(f(&g)),
        (Compute::SingleSeeded(f), Some(g), _) => Value::Number(f(&g, seed)),
        (Compute::SingleArea(f), Some(g), _) => Value::Number(f(&SingleGroup {
            area: Some(&places.area),
            ..g
        })?),
        (Compute::SingleProximity(f), Some(g), _) => Value::Number(f(&g, places.prox())),
        (Compute::SinglePlaces(f), Some(g), _) => {
            Value::Number(f(&g, places.centroids(), &places.area))
        }
        (Compute::SingleShape(f), Some(g), _) => {
            Value::Number(f(&g, &places.contig().1, places.pa()))
        }
        (Compute::SingleContiguity(f), Some(g), _) => Value::Number(f(&g, &places.contig().0)),
        (Compute::SingleBoundary(f), Some(g), _) => Value::Number(f(&g, &places.contig().1)),
        (Compute::Multi(f), _, Some(gr)) | (Compute::Ordered(f), _, Some(gr)) => {
            Value::Number(f(gr))
        }
        (Compute::Local(f), _, Some(gr)) => Value::PerArea(f(gr)),
        (Compute::LocalSingle(f), Some(g), _) => Value::PerArea(f(&g, places.centroids())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x, y: y), (x: x + 10.0, y: y), (x: x + 10.0, y: y + 10.0), (x: x, y: y + 10.0)
        ]])
    }

    #[test]
    fn resampled_contiguity_equals_the_geometry_of_the_resample() {
        // A 3 × 3 grid of squares, resampled with repeats.
        let geoms: Vec<MultiPolygon<f64>> = (0..9)
            .map(|i| square(f64::from(i % 3) * 10.0, f64::from(i / 3) * 10.0))
            .collect();
        let places = Places::new(&geoms, vec![100.0; 9], 0.0);
        places.contig();
        let rows = [4, 4, 0, 1, 8, 3, 3, 3, 7];
        let derived = places.subset(&rows);
        let resampled: Vec<MultiPolygon<f64>> = rows.iter().map(|&r| geoms[r].clone()).collect();
        let (q, b) = contiguity::queen_and_boundary(&resampled, 0.0);
        let (dq, db) = derived.contig();
        for a in 0..rows.len() {
            assert_eq!(dq.neighbors_of(a), q.neighbors_of(a), "queen {a}");
            assert_eq!(db.neighbors_of(a), b.neighbors_of(a), "boundary {a}");
            for (x, y) in db.weights_of(a).iter().zip(b.weights_of(a)) {
                assert!((x - y).abs() < 1e-9, "{a}: {x} vs {y}");
            }
        }
    }
}
