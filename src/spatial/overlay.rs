//! The overlay of two sets of areas: how much of each source area lies in each target area (the
//! pieces of their intersection, by area), the candidates found through an R*-tree of the
//! targets' boxes. A piece with a convex side (a grid cell, a rectangle) is measured by clipping
//! the other side's rings against it (Sutherland–Hodgman: exact for the area of any simple ring
//! against a convex window, and far cheaper than a general overlay); two non-convex areas by
//! polygon intersection (`geo`'s boolean operations). The areal weights of
//! [`crate::analysis::interpolate`] and of a scenario's placement.

use crate::error::{Error, Result};
use geo::{Area, BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

type Boxed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The areas' bounding boxes in an R*-tree, to find the few a polygon can touch.
pub struct Index {
    tree: RTree<Boxed>,
}

impl Index {
    pub fn new(projected: &[MultiPolygon<f64>]) -> Index {
        let boxes = projected
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let r = g.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        Index {
            tree: RTree::bulk_load(boxes),
        }
    }

    /// Rows whose box meets the shape's box, ascending.
    pub fn candidates(&self, shape: &MultiPolygon<f64>) -> Vec<usize> {
        let Some(r) = shape.bounding_rect() else {
            return Vec::new();
        };
        let env = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        let mut rows: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&env)
            .map(|b| b.data)
            .collect();
        rows.sort_unstable();
        rows
    }
}

/// One piece of an overlay: a source row, a target row and the area of their intersection (the
/// working CRS's units², m² for projected data).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub source: usize,
    pub target: usize,
    pub area: f64,
}

/// The pieces of two sets of areas, by source then target, with each side's own areas.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub pieces: Vec<Piece>,
    pub source_area: Vec<f64>,
    pub target_area: Vec<f64>,
}

/// The outline of a single convex polygon without holes (counter-clockwise, closing point
/// dropped), or None.
pub fn convex_outline(m: &MultiPolygon<f64>) -> Option<Vec<Coord<f64>>> {
    let [p] = m.0.as_slice() else { return None };
    if !p.interiors().is_empty() {
        return None;
    }
    let mut pts: Vec<Coord<f64>> = p.exterior().0.clone();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    pts.dedup();
    if pts.len() < 3 {
        return None;
    }
    let n = pts.len();
    let cross = |i: usize| {
        let (a, b, c) = (pts[i], pts[(i + 1) % n], pts[(i + 2) % n]);
        (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
    };
    let (mut pos, mut neg) = (false, false);
    for i in 0..n {
        let c = cross(i);
        pos |= c > 0.0;
        neg |= c < 0.0;
    }
    if pos && neg {
        return None;
    }
    if neg {
        pts.reverse();
    }
    Some(pts)
}

/// The signed area (shoelace) of a ring given as points.
fn ring_area(pts: &[Coord<f64>]) -> f64 {
    let n = pts.len();
    if n < 3 {
        return 0.0;
    }
    let mut s = 0.0;
    for i in 0..n {
        let (a, b) = (pts[i], pts[(i + 1) % n]);
        s += a.x * b.y - b.x * a.y;
    }
    s / 2.0
}

/// The area of a simple ring inside a convex window (counter-clockwise): Sutherland–Hodgman.
fn clipped_ring_area(ring: &LineString<f64>, window: &[Coord<f64>]) -> f64 {
    let mut pts: Vec<Coord<f64>> = ring.0.clone();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let mut next = Vec::with_capacity(pts.len() + 4);
    for e in 0..window.len() {
        if pts.is_empty() {
            return 0.0;
        }
        let (a, b) = (window[e], window[(e + 1) % window.len()]);
        // Inside: on the left of a→b.
        let side = |p: Coord<f64>| (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        next.clear();
        for i in 0..pts.len() {
            let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
            let (sp, sq) = (side(p), side(q));
            if sp >= 0.0 {
                next.push(p);
            }
            if (sp >= 0.0) != (sq >= 0.0) {
                let t = sp / (sp - sq);
                next.push(Coord {
                    x: p.x + t * (q.x - p.x),
                    y: p.y + t * (q.y - p.y),
                });
            }
        }
        std::mem::swap(&mut pts, &mut next);
    }
    ring_area(&pts).abs()
}

/// The area of a multipolygon inside a convex window: each outline's clipped area less its holes'.
pub fn area_in_convex(m: &MultiPolygon<f64>, window: &[Coord<f64>]) -> f64 {
    m.0.iter()
        .map(|p: &Polygon<f64>| {
            clipped_ring_area(p.exterior(), window)
                - p.interiors()
                    .iter()
                    .map(|h| clipped_ring_area(h, window))
                    .sum::<f64>()
        })
        .sum::<f64>()
        .max(0.0)
}

/// The area of `a ∩ b`; None when the overlay fails on broken geometry.
pub fn intersection_area(
    a: &MultiPolygon<f64>,
    b: &MultiPolygon<f64>,
    a_convex: Option<&[Coord<f64>]>,
    b_convex: Option<&[Coord<f64>]>,
) -> Option<f64> {
    match (a_convex, b_convex) {
        (_, Some(w)) => Some(area_in_convex(a, w)),
        (Some(w), None) => Some(area_in_convex(b, w)),
        (None, None) => crate::work::guarded(|| a.intersection(b).unsigned_area()),
    }
}

/// Every piece of `sources` × `targets` with an area above 0 (in parallel, the work control
/// checked): an error names the pair whose overlay failed on broken geometry. `name_source` and
/// `name_target` name a row for that message.
pub fn overlay(
    sources: &[MultiPolygon<f64>],
    targets: &[MultiPolygon<f64>],
    name_source: &(dyn Fn(usize) -> String + Sync),
    name_target: &(dyn Fn(usize) -> String + Sync),
) -> Result<Overlay> {
    let index = Index::new(targets);
    let convex: Vec<Option<Vec<Coord<f64>>>> = crate::work::parallel_over(targets, convex_outline);
    // None for a source skipped by a cancel.
    type Found = Option<std::result::Result<Vec<Piece>, String>>;
    let per_source: Vec<Found> = crate::work::parallel(sources.len(), |i| {
        let s = &sources[i];
        let s_convex = convex_outline(s);
        let mut out = Vec::new();
        for j in index.candidates(s) {
            let Some(area) =
                intersection_area(s, &targets[j], s_convex.as_deref(), convex[j].as_deref())
            else {
                return Some(Err(format!(
                        "the overlap of source {} with target {} could not be measured (broken geometry)",
                        name_source(i),
                        name_target(j)
                    )));
            };
            if area > 0.0 {
                out.push(Piece {
                    source: i,
                    target: j,
                    area,
                });
            }
        }
        Some(Ok(out))
    });
    if crate::work::stopping() {
        return Err(Error::cancelled());
    }
    let mut pieces = Vec::new();
    for p in per_source.into_iter().flatten() {
        pieces.extend(p.map_err(Error::input)?);
    }
    Ok(Overlay {
        pieces,
        source_area: sources.iter().map(|g| g.unsigned_area()).collect(),
        target_area: targets.iter().map(|g| g.unsigned_area()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn m(p: Polygon<f64>) -> MultiPolygon<f64> {
        MultiPolygon(vec![p])
    }

    #[test]
    fn clipping_a_concave_area_with_a_hole_by_a_square_equals_the_general_overlay() {
        // An L-shape with a square hole, against squares placed over its corner, its hole and
        // outside it.
        let l = m(polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 1.0), (x: 1.0, y: 1.0),
                       (x: 1.0, y: 4.0), (x: 0.0, y: 4.0), (x: 0.0, y: 0.0)],
            interiors: [[(x: 0.2, y: 2.0), (x: 0.8, y: 2.0), (x: 0.8, y: 2.6), (x: 0.2, y: 2.6),
                         (x: 0.2, y: 2.0)]],
        ));
        for (x, y, s) in [
            (0.5, 0.5, 1.0),
            (0.0, 1.5, 2.0),
            (-1.0, -1.0, 6.0),
            (5.0, 5.0, 1.0),
        ] {
            // Clockwise on purpose: the outline is turned counter-clockwise.
            let sq = m(
                polygon![(x: x, y: y), (x: x, y: y + s), (x: x + s, y: y + s),
                                (x: x + s, y: y), (x: x, y: y)],
            );
            let w = convex_outline(&sq).unwrap();
            let fast = area_in_convex(&l, &w);
            let general = l.intersection(&sq).unsigned_area();
            // The general overlay snaps to a fine integer grid: equal to a few parts in 10⁹.
            assert!(
                (fast - general).abs() < 1e-8,
                "{x},{y}: {fast} vs {general}"
            );
        }
        assert!(convex_outline(&l).is_none());
    }

    #[test]
    fn an_overlay_keeps_every_source_area_that_falls_in_a_target() {
        let sq = |x: f64, y: f64, s: f64| {
            m(
                polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s),
                       (x: x, y: y)],
            )
        };
        // Two sources of 2×2 over a 1×1 grid of 3×3 cells (the last row outside).
        let sources = vec![sq(0.0, 0.0, 2.0), sq(2.0, 0.0, 2.0)];
        let targets: Vec<_> = (0..3)
            .flat_map(|i| (0..1).map(move |j| sq(i as f64, j as f64, 1.0)))
            .collect();
        let o = overlay(&sources, &targets, &|i| i.to_string(), &|j| j.to_string()).unwrap();
        let per_source = |s: usize| -> f64 {
            o.pieces
                .iter()
                .filter(|p| p.source == s)
                .map(|p| p.area)
                .sum()
        };
        assert_eq!(per_source(0), 2.0);
        assert_eq!(per_source(1), 1.0);
        assert_eq!(o.pieces.len(), 3);
    }
}
