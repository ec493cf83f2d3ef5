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

    /// The places of `rows` (a bootstrap sample repeats places).
    pub fn subset(&self, rows: &[usize]) -> Places<'static> {
        Places {
            geoms: Cow::Owned(rows.iter().map(|&r| self.geoms[r].clone()).collect()),
            area: rows.iter().map(|&r| self.area[r]).collect(),
            tol: self.tol,
            contig: OnceLock::new(),
            centroids: OnceLock::new(),
            prox: OnceLock::new(),
            pa: OnceLock::new(),
        }
    }

    fn contig(&self) -> &(Weights, Weights) {
        self.contig
            .get_or_init(|| contiguity::queen_and_boundary(&self.geoms, self.tol))
    }

    pub fn centroids(&self) -> &[[f64; 2]] {
        self.centroids
            .get_or_init(|| points::centroids(&self.geoms))
    }

    fn prox(&self) -> &Proximity {
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
