//! Where a change's persons go: into the existing areas its polygon covers, in proportion to
//! the area of overlap (areal weighting), or into a new area of their own, cut out of the areas
//! it covers so that it meets them along shared boundaries (and so joins their contiguity).

use crate::error::{Error, Result};
use geo::{Area, BooleanOps, MultiPolygon};

/// The share of a change that falls on one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    pub row: usize,
    /// Square metres (the working CRS's units²) of the polygon inside the area.
    pub area: f64,
}

pub use crate::spatial::overlay::Index;

/// The area of `a ∩ b` (none when the overlay fails on broken geometry).
fn overlap_area(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> Option<f64> {
    crate::work::guarded(|| a.intersection(b).unsigned_area())
}

/// The areas among `eligible` (all when None) that the shape covers, with how much of it lies
/// in each; overlaps below a millionth of the shape (shared borders, rounding) are dropped.
pub fn overlaps(
    projected: &[MultiPolygon<f64>],
    index: &Index,
    shape: &MultiPolygon<f64>,
    eligible: Option<&dyn Fn(usize) -> bool>,
) -> Result<Vec<Overlap>> {
    let whole = shape.unsigned_area();
    let mut out = Vec::new();
    for row in index.candidates(shape) {
        if eligible.is_some_and(|ok| !ok(row)) {
            continue;
        }
        let area = overlap_area(&projected[row], shape).ok_or_else(|| {
            Error::input(format!(
                "the polygon's overlap with area {} could not be measured (broken geometry)",
                row + 1
            ))
        })?;
        if area > whole * 1e-6 {
            out.push(Overlap { row, area });
        }
    }
    Ok(out)
}

/// Split `amount` over the overlaps in proportion to their areas.
pub fn split(amount: f64, overlaps: &[Overlap]) -> Vec<f64> {
    let sum: f64 = overlaps.iter().map(|o| o.area).sum();
    overlaps.iter().map(|o| amount * o.area / sum).collect()
}

/// Cut `shape` out of the areas it overlaps (their new outlines, in order).
pub fn carve(
    projected: &[MultiPolygon<f64>],
    shape: &MultiPolygon<f64>,
    overlaps: &[Overlap],
) -> Result<Vec<(usize, MultiPolygon<f64>)>> {
    overlaps
        .iter()
        .map(|o| {
            let rest =
                crate::work::guarded(|| projected[o.row].difference(shape)).ok_or_else(|| {
                    Error::input(format!(
                        "the new area could not be cut out of area {} (broken geometry)",
                        o.row + 1
                    ))
                })?;
            Ok((o.row, rest))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![geo::Polygon::new(
            geo::LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
            vec![],
        )])
    }

    #[test]
    fn areal_weighting_by_hand() {
        // Two 100 m squares side by side; a 40×20 rectangle with 30×20 in the left one and
        // 10×20 in the right: 1,000 persons split 750 / 250.
        let areas = vec![rect(0.0, 0.0, 100.0, 100.0), rect(100.0, 0.0, 200.0, 100.0)];
        let index = Index::new(&areas);
        let shape = rect(70.0, 40.0, 110.0, 60.0);
        let o = overlaps(&areas, &index, &shape, None).unwrap();
        assert_eq!(o.iter().map(|o| o.row).collect::<Vec<_>>(), vec![0, 1]);
        assert!((o[0].area - 600.0).abs() < 1e-6 && (o[1].area - 200.0).abs() < 1e-6);
        let s = split(1000.0, &o);
        assert!((s[0] - 750.0).abs() < 1e-9 && (s[1] - 250.0).abs() < 1e-9);
        // Only the right square eligible: everything goes there.
        let right_only = |r: usize| r == 1;
        let o = overlaps(&areas, &index, &shape, Some(&right_only)).unwrap();
        assert_eq!(split(1000.0, &o), vec![1000.0]);
        // A polygon that only touches the right square along its border takes nothing from it.
        let touching = rect(50.0, 40.0, 100.0, 60.0);
        let o = overlaps(&areas, &index, &touching, None).unwrap();
        assert_eq!(o.iter().map(|o| o.row).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn carving_leaves_the_rest_of_each_area() {
        let areas = vec![rect(0.0, 0.0, 100.0, 100.0), rect(100.0, 0.0, 200.0, 100.0)];
        let shape = rect(70.0, 40.0, 110.0, 60.0);
        let o = overlaps(&areas, &Index::new(&areas), &shape, None).unwrap();
        let cut = carve(&areas, &shape, &o).unwrap();
        assert!((cut[0].1.unsigned_area() - (10_000.0 - 600.0)).abs() < 1e-6);
        assert!((cut[1].1.unsigned_area() - (10_000.0 - 200.0)).abs() < 1e-6);
    }
}
