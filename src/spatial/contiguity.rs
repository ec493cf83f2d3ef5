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

/// One boundary segment of an area.
#[derive(Clone, Copy)]
struct Segment {
    area: u32,
    a: [f64; 2],
    b: [f64; 2],
    /// The segment that starts where this one ends (the ring goes on, or closes).
    next: u32,
}

/// Every boundary segment, and the largest absolute coordinate among them (for the precision of
/// "exactly collinear", taken here while the coordinates are in cache).
fn segments(geoms: &[MultiPolygon<f64>]) -> (Vec<Segment>, f64) {
    let mut largest = 0.0f64;
    let count: usize = geoms
        .iter()
        .flat_map(|g| &g.0)
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    let mut out = Vec::with_capacity(count);
    for (i, g) in geoms.iter().enumerate() {
        for p in &g.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                let first = out.len();
                for w in ring.0.windows(2) {
                    let (a, b) = ([w[0].x, w[0].y], [w[1].x, w[1].y]);
                    if a != b && a.iter().chain(&b).all(|v| v.is_finite()) {
                        largest = largest.max(a[0].abs()).max(a[1].abs());
                        let next = out.len() as u32 + 1;
                        out.push(Segment {
                            area: i as u32,
                            a,
                            b,
                            next,
                        });
                    }
                }
                // A closed ring ends where it began.
                if let Some(last) = out.len().checked_sub(1).filter(|&l| l >= first) {
                    if out[last].b == out[first].a {
                        out[last].next = first as u32;
                    } else {
                        out[last].next = u32::MAX;
                    }
                }
            }
        }
    }
    (out, largest)
}

/// Sort `(key, value)` pairs by key: stable least-significant-digit radix sort, 16 bits a pass,
/// only as many passes as the largest key needs (and none where every key has the same digit),
/// every pass's counts taken in one read. Much faster than comparison sorting for the hundreds
/// of thousands of vertices and area pairs of a large layer (keep the keys compact: see
/// `contacts`).
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

/// A fast hasher for coordinate bits (FxHash's multiply-rotate): vertices are not adversarial.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// A number for each distinct vertex: the vertex at the start of every segment. The vertices are
/// split by their hash into shards, each numbered with its own small hash map on the pool (the
/// maps stay in cache; the shards' numbers are then offset to be distinct).
fn vertex_ids(segs: &[Segment]) -> Vec<u32> {
    const SHARDS: usize = 64;
    let hash = |p: [f64; 2]| {
        let h = (p[0].to_bits().rotate_left(5) ^ p[1].to_bits())
            .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        h ^ (h >> 32)
    };
    let hashes: Vec<u64> = segs.iter().map(|s| hash(s.a)).collect();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); SHARDS];
    for (k, h) in hashes.iter().enumerate() {
        members[(h >> 58) as usize].push(k as u32);
    }
    let numbered: Vec<(Vec<u32>, u32)> = crate::work::parallel_over(&members, |shard| {
        let mut ids: std::collections::HashMap<(u64, u64), u32, FxBuild> =
            std::collections::HashMap::with_capacity_and_hasher(shard.len(), FxBuild::default());
        let local: Vec<u32> = shard
            .iter()
            .map(|&k| {
                let a = segs[k as usize].a;
                let next = ids.len() as u32;
                *ids.entry((a[0].to_bits(), a[1].to_bits())).or_insert(next)
            })
            .collect();
        (local, ids.len() as u32)
    });
    let mut out = vec![0u32; segs.len()];
    let mut offset = 0u32;
    for (shard, (local, count)) in members.iter().zip(&numbered) {
        for (&k, &id) in shard.iter().zip(local) {
            out[k as usize] = offset + id;
        }
        offset += count;
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

/// Boxes in a uniform grid of cells (the median box's size), to ask whether a box meets any of
/// them: for the few free segments of a clean tessellation, a hash lookup or two per segment
/// instead of an R-tree query each (which allocates).
struct Grid {
    size: f64,
    cells: std::collections::HashMap<(i64, i64), Vec<u32>, FxBuild>,
    boxes: Vec<[f64; 4]>,
}

/// The most cells a box may cover before the grid gives up (a box over most of the layer).
const MAX_CELLS: i64 = 4096;

impl Grid {
    /// None when a box would cover too many cells.
    fn new(boxes: Vec<[f64; 4]>) -> Option<Grid> {
        let mut sides: Vec<f64> = boxes
            .iter()
            .map(|b| (b[2] - b[0]).max(b[3] - b[1]))
            .collect();
        sides.sort_by(f64::total_cmp);
        let size = sides.get(sides.len() / 2).copied().unwrap_or(1.0).max(1e-9);
        let mut grid = Grid {
            size,
            cells: Default::default(),
            boxes: Vec::new(),
        };
        for (i, b) in boxes.iter().enumerate() {
            let [x0, y0, x1, y1] = grid.range(*b)?;
            for x in x0..=x1 {
                for y in y0..=y1 {
                    grid.cells.entry((x, y)).or_default().push(i as u32);
                }
            }
        }
        grid.boxes = boxes;
        Some(grid)
    }

    /// The cells a box covers, if not too many.
    fn range(&self, b: [f64; 4]) -> Option<[i64; 4]> {
        let c = |v: f64| (v / self.size).floor() as i64;
        let r = [c(b[0]), c(b[1]), c(b[2]), c(b[3])];
        let span = |a: i64, b: i64| b.saturating_sub(a).saturating_add(1);
        (span(r[0], r[2]).saturating_mul(span(r[1], r[3])) <= MAX_CELLS).then_some(r)
    }

    /// Does the box meet one of the grid's boxes? (True when it covers too many cells to look.)
    fn meets(&self, b: [f64; 4]) -> bool {
        let Some([x0, y0, x1, y1]) = self.range(b) else {
            return true;
        };
        (x0..=x1).any(|x| {
            (y0..=y1).any(|y| {
                self.cells.get(&(x, y)).is_some_and(|v| {
                    v.iter().any(|&i| {
                        let o = self.boxes[i as usize];
                        o[0] <= b[2] && b[0] <= o[2] && o[1] <= b[3] && b[1] <= o[3]
                    })
                })
            })
        })
    }
}

/// Pairs of areas whose boundaries come within `tol`, with the length of boundary they share.
///
/// Exact contacts are found first by sorting: shared vertices (queen) and shared edges (rook,
/// with their length), as libpysal does. Only the segments without an exact partner (a free
/// boundary, a simplified or digitised-apart boundary) then go through the geometric test; on
/// clean tessellations that is just the outer boundary, which keeps contiguity fast.
pub fn shared_boundaries(geoms: &[MultiPolygon<f64>], tol: f64) -> Vec<((u32, u32), f64)> {
    contacts(geoms, tol, true)
}

/// [`shared_boundaries`]; without `lengths` (queen) the shared edges only mark their segments as
/// partnered — their pairs of areas are among the shared vertices' already — and a pair's length
/// is not to be used.
fn contacts(geoms: &[MultiPolygon<f64>], tol: f64, lengths: bool) -> Vec<((u32, u32), f64)> {
    let (segs, largest) = segments(geoms);
    // With no tolerance, a segment that has an exact partner cannot touch a third area without
    // overlapping it, so only unpartnered segments need the geometric test, among themselves.
    let exact = tol <= 0.0;
    // Coordinates carry rounding: "exactly collinear" means within a tiny fraction of the extent.
    let tol = tol.max(largest.max(1.0) * 1e-9);
    // A pair of areas as one compact number (min·n + max), so the radix sort needs few passes.
    let n_areas = geoms.len().max(1) as u64;
    let key = |a: u32, b: u32| a.min(b) as u64 * n_areas + a.max(b) as u64;
    // Shared vertices: each distinct vertex and the areas that have it.
    let start = vertex_ids(&segs);
    let n_vertices = start.iter().max().map_or(1, |&m| m as u64 + 1);
    // Vertex pairs and shared edges are independent: find them on two threads.
    let (vertex_pairs, (edge_pairs, matched)) = rayon::join(
        || {
            let mut by_vertex: Vec<(u64, u32)> = start
                .iter()
                .zip(&segs)
                .map(|(&v, s)| (v as u64, s.area))
                .collect();
            radix_sort(&mut by_vertex);
            by_vertex.dedup();
            let mut out: Vec<(u64, f64)> = Vec::with_capacity(by_vertex.len() * 2);
            for run in by_vertex.chunk_by(|x, y| x.0 == y.0) {
                for (i, x) in run.iter().enumerate() {
                    for y in &run[i + 1..] {
                        out.push((key(x.1, y.1), 0.0));
                    }
                }
            }
            out
        },
        || {
            // Shared edges: the same two vertices, either way round.
            let end = |k: usize| -> Option<u32> {
                let n = segs[k].next;
                (n != u32::MAX).then(|| start[n as usize])
            };
            let mut edges: Vec<(u64, u32)> = (0..segs.len())
                .filter_map(|k| {
                    let (p, q) = (start[k], end(k)?);
                    Some((p.min(q) as u64 * n_vertices + p.max(q) as u64, k as u32))
                })
                .collect();
            radix_sort(&mut edges);
            let mut matched = vec![false; segs.len()];
            let mut out: Vec<(u64, f64)> = Vec::new();
            for run in edges.chunk_by(|x, y| x.0 == y.0) {
                let area = |e: &(u64, u32)| segs[e.1 as usize].area;
                if run.iter().all(|e| area(e) == area(&run[0])) {
                    continue;
                }
                let len = {
                    let s = &segs[run[0].1 as usize];
                    dot(sub(s.b, s.a), sub(s.b, s.a)).sqrt()
                };
                for (i, x) in run.iter().enumerate() {
                    matched[x.1 as usize] = true;
                    for y in &run[i + 1..] {
                        if lengths && area(x) != area(y) {
                            out.push((key(area(x), area(y)), len));
                        }
                    }
                }
            }
            (out, matched)
        },
    );
    let mut pairs = vertex_pairs;
    pairs.extend(edge_pairs);
    let free: Vec<usize> = (0..segs.len()).filter(|&k| !matched[k]).collect();
    // Geometric test of the free segments against every segment nearby (or, exactly, the free
    // ones). With a tolerance, a matched segment matters only near a free one: when few are
    // free (a clean tessellation: its outer boundary), find those near ones first through a
    // small tree of the free segments, so the large tree holds only them.
    let near_free: Vec<bool> = if exact || free.len() * 4 > segs.len() {
        vec![true; segs.len()]
    } else {
        let boxes: Vec<[f64; 4]> = free
            .iter()
            .map(|&k| {
                let s = &segs[k];
                [
                    s.a[0].min(s.b[0]) - tol,
                    s.a[1].min(s.b[1]) - tol,
                    s.a[0].max(s.b[0]) + tol,
                    s.a[1].max(s.b[1]) + tol,
                ]
            })
            .collect();
        match Grid::new(boxes) {
            None => vec![true; segs.len()],
            Some(grid) => {
                // In chunks on the pool (one closure call per chunk, not per segment).
                let chunk = 4096;
                let parts = crate::work::parallel(segs.len().div_ceil(chunk), |c| {
                    let range = c * chunk..((c + 1) * chunk).min(segs.len());
                    range
                        .map(|k| {
                            let s = &segs[k];
                            !matched[k]
                                || grid.meets([
                                    s.a[0].min(s.b[0]),
                                    s.a[1].min(s.b[1]),
                                    s.a[0].max(s.b[0]),
                                    s.a[1].max(s.b[1]),
                                ])
                        })
                        .collect::<Vec<bool>>()
                });
                // A cancelled run left chunks empty: its result is dropped, but must not panic.
                let mut near = parts.concat();
                near.resize(segs.len(), true);
                near
            }
        }
    };
    let tree = RTree::bulk_load(
        segs.iter()
            .enumerate()
            .filter(|(k, _)| if exact { !matched[*k] } else { near_free[*k] })
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
    let chunk = free.len().div_ceil(crate::work::threads() * 4).max(1);
    let chunks: Vec<&[usize]> = free.chunks(chunk).collect();
    let parts: Vec<Vec<(u64, f64)>> = crate::work::parallel_over(&chunks, |part| {
        let mut near: Vec<(u64, f64)> = Vec::new();
        for &k in part.iter() {
            let s = &segs[k];
            let env = AABB::from_corners(
                [s.a[0].min(s.b[0]) - tol, s.a[1].min(s.b[1]) - tol],
                [s.a[0].max(s.b[0]) + tol, s.a[1].max(s.b[1]) + tol],
            );
            for c in tree.locate_in_envelope_intersecting(&env) {
                let t = &segs[c.data as usize];
                if t.area == s.area || segment_distance_2(s, t) > tol2 {
                    continue;
                }
                // Two free segments see each other twice; a free one sees a matched one once.
                let share = if matched[c.data as usize] { 1.0 } else { 0.5 };
                near.push((key(s.area, t.area), alongside(s, t, tol) * share));
            }
        }
        near
    });
    pairs.extend(parts.into_iter().flatten());
    radix_sort(&mut pairs);
    // Merge repeated pairs in place, summing their shared lengths.
    let mut out = 0;
    for i in 0..pairs.len() {
        if out > 0 && pairs[out - 1].0 == pairs[i].0 {
            pairs[out - 1].1 += pairs[i].1;
        } else {
            pairs[out] = pairs[i];
            out += 1;
        }
    }
    pairs.truncate(out);
    pairs
        .into_iter()
        .map(|(k, w)| (((k / n_areas) as u32, (k % n_areas) as u32), w))
        .collect()
}

/// The smallest shared length that counts as an edge for rook contiguity.
fn min_edge(tol: f64) -> f64 {
    tol.max(1e-6)
}

/// Queen contiguity: areas whose boundaries meet (within `tol`).
pub fn queen(geoms: &[MultiPolygon<f64>], tol: f64) -> Weights {
    Weights::from_sorted_pairs(
        geoms.len(),
        contacts(geoms, tol, false)
            .into_iter()
            .map(|(k, _)| (k, 1.0)),
    )
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
    use super::*;

    #[test]
    fn the_grid_finds_exactly_the_boxes_that_meet() {
        // Against all pairs, on boxes of mixed sizes (a few much larger than the median) and
        // queries anywhere, including far off and enormous ones.
        let mut seed = 12345u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut boxes = Vec::new();
        for i in 0..300 {
            let (x, y) = (next() * 1000.0, next() * 1000.0);
            let side = if i % 50 == 0 {
                200.0
            } else {
                5.0 + next() * 10.0
            };
            boxes.push([x, y, x + side * next(), y + side * next()]);
        }
        let grid = Grid::new(boxes.clone()).unwrap();
        let meets = |b: [f64; 4]| {
            boxes
                .iter()
                .any(|o| o[0] <= b[2] && b[0] <= o[2] && o[1] <= b[3] && b[1] <= o[3])
        };
        for _ in 0..5000 {
            let (x, y) = (next() * 1200.0 - 100.0, next() * 1200.0 - 100.0);
            let q = [x, y, x + next() * 20.0, y + next() * 20.0];
            assert_eq!(grid.meets(q), meets(q), "{q:?}");
        }
        // A query covering too many cells is answered "maybe" (true), never wrongly "no".
        assert!(grid.meets([-1e308, -1e308, 1e308, 1e308]));
        // A box over far more cells than the median's size allows: no grid (the caller then
        // keeps every segment).
        let unit = [0.0, 0.0, 1.0, 1.0];
        assert!(Grid::new(vec![unit, unit, [0.0, 0.0, 1e6, 1e6]]).is_none());
    }
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
}
