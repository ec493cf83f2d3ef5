//! Contiguity found geometrically, so that real boundaries work: the vertices and edges areas
//! share exactly are found first, as libpysal does ([`exact`]); the boundary segments without an
//! exact partner are then tested against other areas' segments nearby, found through an R*-tree
//! ([`near`]), for distance (queen: the boundaries come within the tolerance) and for the length
//! they run alongside each other (rook: a shared edge longer than the tolerance; the same
//! lengths give boundary weights).
//!
//! Simplified boundaries leave slivers and small overlaps between neighbours; the tolerance (in
//! the working CRS's units, metres for projected data) bridges them. With tolerance 0 on clean
//! data the result is libpysal's Queen/Rook.

mod exact;
mod near;

use super::weights::Weights;
use geo::MultiPolygon;

/// Sort `(key, value)` pairs by key: stable least-significant-digit radix sort, 16 bits a pass,
/// only as many passes as the largest key needs (and none where every key has the same digit),
/// every pass's counts taken in one read. Much faster than comparison sorting for the hundreds
/// of thousands of area pairs of a large layer (keep the keys compact: see
/// `shared_boundaries`).
fn radix_sort<T: Copy + Default>(v: &mut Vec<(u64, T)>) {
    const BITS: u32 = 16;
    const MASK: u64 = (1 << BITS) - 1;
    let max = v.iter().map(|e| e.0).max().unwrap_or(0);
    let passes = (64 - max.leading_zeros()).div_ceil(BITS) as usize;
    if passes == 0 || v.len() < 2 {
        return;
    }
    let mut counts = vec![[0usize; 1 << BITS]; passes];
    for (k, _) in v.iter() {
        for (p, c) in counts.iter_mut().enumerate() {
            c[((k >> (p as u32 * BITS)) & MASK) as usize] += 1;
        }
    }
    let mut buf = vec![(0u64, T::default()); v.len()];
    for (p, c) in counts.iter_mut().enumerate() {
        if c.contains(&v.len()) {
            continue;
        }
        let mut pos = 0;
        for slot in c.iter_mut() {
            let n = *slot;
            *slot = pos;
            pos += n;
        }
        let shift = p as u32 * BITS;
        for &(k, w) in v.iter() {
            let d = ((k >> shift) & MASK) as usize;
            buf[c[d]] = (k, w);
            c[d] += 1;
        }
        std::mem::swap(v, &mut buf);
    }
}

/// Pairs of areas at shared vertices (in parts, as shards found them), and pairs with a length.
type Contacts = (Vec<Vec<(u32, u32)>>, Vec<((u32, u32), f64)>);

/// Every contact between areas' boundaries, a pair of areas (smaller first) once per contact:
/// shared vertices (length 0), shared edges (with their length, when `lengths`) and contacts
/// within `tol` of the segments without an exact partner (with the length alongside, when
/// `lengths`).
///
/// Exact contacts are found first, as libpysal does (see [`exact`]). Only the segments without
/// an exact partner (a free boundary, a simplified or digitised-apart boundary) then go through
/// the geometric test; on clean tessellations that is just the outer boundary, which keeps
/// contiguity fast.
fn contacts(geoms: &[MultiPolygon<f64>], tol: f64, lengths: bool) -> Contacts {
    let (segs, boxes) = exact::segments(geoms);
    let largest = boxes
        .iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    // With no tolerance, a segment that has an exact partner cannot touch a third area without
    // overlapping it, so only unpartnered segments need the geometric test, among themselves.
    let no_tolerance = tol <= 0.0;
    // Coordinates carry rounding: "exactly collinear" means within a tiny fraction of the extent.
    let tol = tol.max(largest.max(1.0) * 1e-9);
    let found = exact::exact(&segs, lengths);
    let mut with_length =
        near::near_pairs(&segs, &boxes, &found.matched, tol, no_tolerance, lengths);
    with_length.extend(found.edge_pairs.into_iter().flatten());
    (found.vertex_pairs, with_length)
}

/// Pairs of areas whose boundaries come within `tol`, with the length of boundary they share,
/// sorted by pair.
pub fn shared_boundaries(geoms: &[MultiPolygon<f64>], tol: f64) -> Vec<((u32, u32), f64)> {
    let (vertex, with_length) = contacts(geoms, tol, true);
    // A pair of areas as one compact number (min·n + max), so the radix sort needs few passes.
    let n = geoms.len().max(1) as u64;
    let mut pairs: Vec<(u64, f64)> = vertex
        .into_iter()
        .flatten()
        .map(|p| (p, 0.0))
        .chain(with_length)
        .map(|((a, b), w)| (a as u64 * n + b as u64, w))
        .collect();
    radix_sort(&mut pairs);
    // Each pair once, its lengths summed from the smallest (in an order that does not depend on
    // how the work was split, so the sums are the same on every run).
    pairs
        .chunk_by_mut(|x, y| x.0 == y.0)
        .map(|run| {
            run.sort_unstable_by(|x, y| x.1.total_cmp(&y.1));
            let k = run[0].0;
            (
                ((k / n) as u32, (k % n) as u32),
                run.iter().map(|x| x.1).sum(),
            )
        })
        .collect()
}

/// The smallest shared length that counts as an edge for rook contiguity.
fn min_edge(tol: f64) -> f64 {
    tol.max(1e-6)
}

/// Queen contiguity: areas whose boundaries meet (within `tol`).
pub fn queen(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    let (mut links, near) = contacts(geoms, tol, false);
    links.push(near.into_iter().map(|(p, _)| p).collect());
    Weights::from_links(geoms.len(), &links)
}

/// Rook contiguity: areas that share an edge longer than `tol`.
pub fn rook(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    Weights::from_sorted_pairs(
        geoms.len(),
        shared_boundaries(geoms, tol)
            .into_iter()
            .filter(|(_, len)| *len > min_edge(tol))
            .map(|(k, _)| (k, 1.0)),
    )
}

/// Queen contiguity and shared-boundary-length weights from one pass over the boundaries.
pub fn queen_and_boundary(geoms: &[MultiPolygon<f64>], tol: f64) -> (Weights, Weights) {
    let shared = shared_boundaries(geoms, tol);
    let queen = Weights::from_sorted_pairs(geoms.len(), shared.iter().map(|(k, _)| (*k, 1.0)));
    let boundary = Weights::from_sorted_pairs(
        geoms.len(),
        shared.into_iter().filter(|(_, len)| *len > min_edge(tol)),
    );
    (queen, boundary)
}

/// Shared-boundary-length weights: w_ij = the length of boundary i and j share.
pub fn boundary_length(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    Weights::from_sorted_pairs(
        geoms.len(),
        shared_boundaries(geoms, tol)
            .into_iter()
            .filter(|(_, len)| *len > min_edge(tol)),
    )
}

#[cfg(test)]
mod tests {
    use super::near::{dot, sub};
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
    fn radix_sort_orders_keys() {
        let mut v: Vec<(u64, f64)> = [
            (5u64 << 32 | 3, 1.0),
            (1, 2.0),
            (5u64 << 32 | 1, 3.0),
            (70_000, 4.0),
            (1, 5.0),
        ]
        .to_vec();
        radix_sort(&mut v);
        let keys: Vec<u64> = v.iter().map(|p| p.0).collect();
        assert_eq!(keys, vec![1, 1, 70_000, 5u64 << 32 | 1, 5u64 << 32 | 3]);
        assert_eq!((v[0].1, v[1].1), (2.0, 5.0), "stable");
        // Against the standard sort on keys of every size (the top digit included).
        let mut seed = 7u64;
        let mut w: Vec<(u64, u32)> = (0..5000)
            .map(|i| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                (seed >> (i % 64), i)
            })
            .collect();
        let mut expected = w.clone();
        expected.sort_by_key(|e| e.0);
        radix_sort(&mut w);
        assert_eq!(w, expected);
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

    /// A jittered grid of cells sharing corners, with every kind of contact: some cells split
    /// into two triangles, some moved a little (slivers and overlaps: free segments), some with
    /// a repeated point (a zero-length segment), one ring left open.
    fn awkward_layer(side: usize) -> Vec<MultiPolygon<f64>> {
        use geo::{Coord, LineString, Polygon};
        let corner = |i: usize, j: usize| Coord {
            x: i as f64 * 10.0 + ((i * 7919 + j * 104_729) % 1000) as f64 / 250.0 - 2.0,
            y: j as f64 * 10.0 + ((i * 15_485_863 + j * 32_452_843) % 1000) as f64 / 250.0 - 2.0,
        };
        let ring = |points: Vec<Coord<f64>>| {
            MultiPolygon::new(vec![Polygon::new(LineString(points), vec![])])
        };
        let mut out = Vec::new();
        for i in 0..side {
            for j in 0..side {
                let k = i * side + j;
                let shift = if k % 13 == 3 {
                    Coord { x: 0.3, y: 0.2 }
                } else {
                    Coord { x: 0.0, y: 0.0 }
                };
                let [a, b, c, d] = [
                    corner(i, j),
                    corner(i + 1, j),
                    corner(i + 1, j + 1),
                    corner(i, j + 1),
                ]
                .map(|p| p + shift);
                if k % 5 == 1 {
                    out.push(ring(vec![a, b, c, a]));
                    out.push(ring(vec![a, c, d, a]));
                } else if k % 11 == 4 {
                    out.push(ring(vec![a, b, b, c, d, a]));
                } else if k == 17 {
                    out.push(ring(vec![a, b, c, d]));
                } else {
                    out.push(ring(vec![a, b, c, d, a]));
                }
            }
        }
        out
    }

    /// The contacts by brute force over every pair of segments, by the same rules: areas that
    /// share a vertex; areas that share an edge (its length); and, for each segment without an
    /// exact partner, the other areas' segments within the tolerance (the length alongside, half
    /// when both are free as each sees the other) — with no tolerance only among free segments.
    fn brute_force(
        g: &[MultiPolygon<f64>],
        tol: f64,
    ) -> std::collections::BTreeMap<(u32, u32), f64> {
        let mut segs = Vec::new();
        for (i, m) in g.iter().enumerate() {
            for p in &m.0 {
                for w in p.exterior().0.windows(2) {
                    if w[0] != w[1] {
                        segs.push(exact::Segment {
                            area: i as u32,
                            a: [w[0].x, w[0].y],
                            b: [w[1].x, w[1].y],
                        });
                    }
                }
            }
        }
        let largest = segs
            .iter()
            .flat_map(|s| [s.a, s.b])
            .flatten()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let no_tolerance = tol <= 0.0;
        let tol = tol.max(largest.max(1.0) * 1e-9);
        let same = |p: [f64; 2], q: [f64; 2]| {
            p[0].to_bits() == q[0].to_bits() && p[1].to_bits() == q[1].to_bits()
        };
        let shared = |s: &exact::Segment, t: &exact::Segment| {
            s.area != t.area
                && (same(s.a, t.a) && same(s.b, t.b) || same(s.a, t.b) && same(s.b, t.a))
        };
        let matched: Vec<bool> = segs
            .iter()
            .map(|s| segs.iter().any(|t| shared(s, t)))
            .collect();
        let mut out = std::collections::BTreeMap::new();
        let mut add =
            |a: u32, b: u32, len: f64| *out.entry((a.min(b), a.max(b))).or_insert(0.0) += len;
        for (x, s) in segs.iter().enumerate() {
            for (y, t) in segs.iter().enumerate() {
                if s.area == t.area {
                    continue;
                }
                if same(s.a, t.a) {
                    add(s.area, t.area, 0.0);
                }
                if x < y && shared(s, t) {
                    add(s.area, t.area, dot(sub(s.b, s.a), sub(s.b, s.a)).sqrt());
                }
                let tested = !(matched[x] || (no_tolerance && matched[y]));
                if tested && near::segment_distance_2(s, t) <= tol * tol {
                    add(
                        s.area,
                        t.area,
                        near::alongside(s, t, tol) * if matched[y] { 1.0 } else { 0.5 },
                    );
                }
            }
        }
        out
    }

    #[test]
    fn contacts_equal_brute_force_over_every_pair_of_segments() {
        // Both ways through the tolerance (all segments in the tree, or only those near free
        // ones: few free here, so the occupancy grid is used) and with none.
        let g = awkward_layer(14);
        for tol in [0.0, 0.5, 3.0] {
            let expected = brute_force(&g, tol);
            let q = queen(&g, tol);
            let mut found = std::collections::BTreeSet::new();
            for i in 0..g.len() {
                for &j in q.neighbors_of(i) {
                    found.insert((i.min(j as usize) as u32, i.max(j as usize) as u32));
                }
            }
            let keys: std::collections::BTreeSet<(u32, u32)> = expected.keys().copied().collect();
            assert_eq!(found, keys, "queen, tolerance {tol}");
            assert!(keys.len() > 300, "{}", keys.len());
            let b = boundary_length(&g, tol);
            let mut lengths = std::collections::BTreeMap::new();
            for i in 0..g.len() {
                for (&j, &w) in b.neighbors_of(i).iter().zip(b.weights_of(i)) {
                    if (i as u32) < j {
                        lengths.insert((i as u32, j), w);
                    }
                }
            }
            let long: Vec<(u32, u32)> = expected
                .iter()
                .filter(|e| *e.1 > min_edge(tol))
                .map(|e| *e.0)
                .collect();
            assert_eq!(
                lengths.keys().copied().collect::<Vec<_>>(),
                long,
                "boundary, tolerance {tol}"
            );
            for (k, w) in &lengths {
                assert!(
                    (w - expected[k]).abs() < 1e-9,
                    "{k:?}: {w} against {}",
                    expected[k]
                );
            }
            // Rook: the same pairs as the boundary weights.
            let r = rook(&g, tol);
            assert_eq!(r.summary().nonzero, 2 * long.len(), "rook, tolerance {tol}");
        }
    }
}
