//! Contiguity found geometrically, so that real boundaries work: every boundary segment goes in
//! an R*-tree (rstar); each segment's nearby segments of other areas are tested for distance
//! (queen: the boundaries come within the tolerance) and for the length they run alongside each
//! other (rook: a shared edge longer than the tolerance; the same lengths give boundary weights).
//!
//! Simplified boundaries leave slivers and small overlaps between neighbours; the tolerance (in
//! the working CRS's units, metres for projected data) bridges them. With tolerance 0 on clean
//! data the result is libpysal's Queen/Rook.

use super::weights::Weights;
use geo::MultiPolygon;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use std::collections::HashMap;

/// One boundary segment of an area.
#[derive(Clone, Copy)]
struct Segment {
    area: u32,
    a: [f64; 2],
    b: [f64; 2],
}

fn segments(geoms: &[MultiPolygon<f64>]) -> Vec<Segment> {
    let mut out = Vec::new();
    for (i, g) in geoms.iter().enumerate() {
        for p in &g.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                for w in ring.0.windows(2) {
                    let (a, b) = ([w[0].x, w[0].y], [w[1].x, w[1].y]);
                    if a != b && a.iter().chain(&b).all(|v| v.is_finite()) {
                        out.push(Segment {
                            area: i as u32,
                            a,
                            b,
                        });
                    }
                }
            }
        }
    }
    out
}

fn sub(p: [f64; 2], q: [f64; 2]) -> [f64; 2] {
    [p[0] - q[0], p[1] - q[1]]
}
fn dot(p: [f64; 2], q: [f64; 2]) -> f64 {
    p[0] * q[0] + p[1] * q[1]
}
fn cross(p: [f64; 2], q: [f64; 2]) -> f64 {
    p[0] * q[1] - p[1] * q[0]
}

/// Squared distance from point `p` to segment `a`–`b`.
fn point_segment_2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let ab = sub(b, a);
    let t = (dot(sub(p, a), ab) / dot(ab, ab)).clamp(0.0, 1.0);
    let c = [a[0] + ab[0] * t, a[1] + ab[1] * t];
    let d = sub(p, c);
    dot(d, d)
}

/// Do two segments cross or touch?
fn intersects(s: &Segment, t: &Segment) -> bool {
    let d1 = cross(sub(s.b, s.a), sub(t.a, s.a));
    let d2 = cross(sub(s.b, s.a), sub(t.b, s.a));
    let d3 = cross(sub(t.b, t.a), sub(s.a, t.a));
    let d4 = cross(sub(t.b, t.a), sub(s.b, t.a));
    (d1 * d2 <= 0.0) && (d3 * d4 <= 0.0) && !(d1 == 0.0 && d2 == 0.0 && d3 == 0.0 && d4 == 0.0)
        || (d1 == 0.0 && d2 == 0.0 && d3 == 0.0 && d4 == 0.0 && collinear_overlap(s, t))
}

fn collinear_overlap(s: &Segment, t: &Segment) -> bool {
    let u = sub(s.b, s.a);
    let len2 = dot(u, u);
    let (t0, t1) = (dot(sub(t.a, s.a), u) / len2, dot(sub(t.b, s.a), u) / len2);
    t0.max(t1) >= 0.0 && t0.min(t1) <= 1.0
}

/// Squared distance between two segments.
fn segment_distance_2(s: &Segment, t: &Segment) -> f64 {
    if intersects(s, t) {
        return 0.0;
    }
    point_segment_2(s.a, t.a, t.b)
        .min(point_segment_2(s.b, t.a, t.b))
        .min(point_segment_2(t.a, s.a, s.b))
        .min(point_segment_2(t.b, s.a, s.b))
}

/// Length of `t` that lies within `tol` of `s`'s line and projects onto `s`.
fn alongside(s: &Segment, t: &Segment, tol: f64) -> f64 {
    let u = sub(s.b, s.a);
    let len = dot(u, u).sqrt();
    let u = [u[0] / len, u[1] / len];
    // Signed distance to s's line and position along s, at both ends of t (linear in between).
    let (h0, h1) = (cross(u, sub(t.a, s.a)), cross(u, sub(t.b, s.a)));
    let (p0, p1) = (dot(u, sub(t.a, s.a)), dot(u, sub(t.b, s.a)));
    // The parameter interval of t where |h| <= tol.
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let dh = h1 - h0;
    if dh.abs() < 1e-15 {
        if h0.abs() > tol {
            return 0.0;
        }
    } else {
        let (a, b) = ((-tol - h0) / dh, (tol - h0) / dh);
        lo = lo.max(a.min(b));
        hi = hi.min(a.max(b));
        if lo >= hi {
            return 0.0;
        }
    }
    let (q0, q1) = (p0 + (p1 - p0) * lo, p0 + (p1 - p0) * hi);
    (q0.max(q1).min(len) - q0.min(q1).max(0.0)).max(0.0)
}

/// Pairs of areas whose boundaries come within `tol`, with the length of boundary they share.
pub fn shared_boundaries(geoms: &[MultiPolygon<f64>], tol: f64) -> HashMap<(u32, u32), f64> {
    let segs = segments(geoms);
    // Coordinates carry rounding: "exactly collinear" means within a tiny fraction of the extent.
    let tol = tol.max(epsilon(&segs));
    let tree = RTree::bulk_load(
        segs.iter()
            .enumerate()
            .map(|(k, s)| {
                GeomWithData::new(
                    Rectangle::from_corners(
                        [s.a[0].min(s.b[0]), s.a[1].min(s.b[1])],
                        [s.a[0].max(s.b[0]), s.a[1].max(s.b[1])],
                    ),
                    k as u32,
                )
            })
            .collect(),
    );
    let tol2 = tol * tol;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = segs.len().div_ceil(threads).max(1);
    let parts: Vec<HashMap<(u32, u32), f64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = segs
            .chunks(chunk)
            .map(|part| {
                let (segs, tree) = (&segs, &tree);
                scope.spawn(move || {
                    let mut found: HashMap<(u32, u32), f64> = HashMap::new();
                    for s in part {
                        let env = AABB::from_corners(
                            [s.a[0].min(s.b[0]) - tol, s.a[1].min(s.b[1]) - tol],
                            [s.a[0].max(s.b[0]) + tol, s.a[1].max(s.b[1]) + tol],
                        );
                        for c in tree.locate_in_envelope_intersecting(&env) {
                            let t = &segs[c.data as usize];
                            if t.area == s.area || segment_distance_2(s, t) > tol2 {
                                continue;
                            }
                            let key = (s.area.min(t.area), s.area.max(t.area));
                            *found.entry(key).or_insert(0.0) += alongside(s, t, tol) / 2.0;
                        }
                    }
                    found
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut all: HashMap<(u32, u32), f64> = HashMap::new();
    for p in parts {
        for (k, v) in p {
            *all.entry(k).or_insert(0.0) += v;
        }
    }
    all
}

/// A distance below the precision of the coordinates: 1e-9 of the largest coordinate.
fn epsilon(segs: &[Segment]) -> f64 {
    let m = segs
        .iter()
        .flat_map(|s| [s.a[0].abs(), s.a[1].abs(), s.b[0].abs(), s.b[1].abs()])
        .fold(0.0f64, f64::max);
    m.max(1.0) * 1e-9
}

/// The smallest shared length that counts as an edge for rook contiguity.
fn min_edge(tol: f64) -> f64 {
    tol.max(1e-6)
}

/// Queen contiguity: areas whose boundaries meet (within `tol`).
pub fn queen(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    Weights::from_pairs(
        geoms.len(),
        shared_boundaries(geoms, tol)
            .into_keys()
            .map(|(a, b)| (a as usize, b as usize)),
    )
}

/// Rook contiguity: areas that share an edge longer than `tol`.
pub fn rook(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    Weights::from_pairs(
        geoms.len(),
        shared_boundaries(geoms, tol)
            .into_iter()
            .filter(|(_, len)| *len > min_edge(tol))
            .map(|((a, b), _)| (a as usize, b as usize)),
    )
}

/// Shared-boundary-length weights: w_ij = the length of boundary i and j share.
pub fn boundary_length(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); geoms.len()];
    for ((a, b), len) in shared_boundaries(geoms, tol) {
        if len > min_edge(tol) {
            lists[a as usize].push((b, len));
            lists[b as usize].push((a, len));
        }
    }
    Weights::from_lists(lists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)
        ]])
    }

    #[test]
    fn grid_of_four_queen_rook_and_lengths() {
        // 2 × 2 unit squares: every pair touches (queen); diagonals only at a corner (not rook).
        let g = vec![
            square(0.0, 0.0, 1.0),
            square(1.0, 0.0, 1.0),
            square(0.0, 1.0, 1.0),
            square(1.0, 1.0, 1.0),
        ];
        let q = queen(&g, 0.0);
        assert_eq!(q.summary().nonzero, 12);
        let r = rook(&g, 0.0);
        assert_eq!(r.neighbors_of(0), &[1, 2]);
        let b = boundary_length(&g, 0.0);
        assert!((b.weights_of(0)[0] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_sliver_is_bridged_by_the_tolerance() {
        // A 0.5 m gap between two 100 m squares: neighbours at 1 m tolerance, not at 0.
        let g = vec![square(0.0, 0.0, 100.0), square(100.5, 0.0, 100.0)];
        assert_eq!(queen(&g, 0.0).summary().nonzero, 0);
        let b = boundary_length(&g, 1.0);
        assert!((b.weights_of(0)[0] - 100.0).abs() < 1e-9);
        // A touch at a corner only is queen but not rook.
        let c = vec![square(0.0, 0.0, 1.0), square(1.0, 1.0, 1.0)];
        assert_eq!(queen(&c, 0.0).summary().nonzero, 2);
        assert_eq!(rook(&c, 0.0).summary().nonzero, 0);
    }

    #[test]
    fn touching_mid_edge_without_a_shared_vertex_is_found() {
        // A small square against the middle of a big one's side.
        let g = vec![square(0.0, 0.0, 4.0), square(4.0, 1.0, 1.0)];
        let r = boundary_length(&g, 0.0);
        assert!((r.weights_of(0)[0] - 1.0).abs() < 1e-12);
    }
}
