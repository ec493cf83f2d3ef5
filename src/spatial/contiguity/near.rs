//! Contacts within a tolerance: the boundary segments without an exact partner (a free outer
//! boundary, a simplified or digitised-apart boundary) tested geometrically against the
//! segments of other areas nearby, found through an R*-tree (rstar).

use super::exact::Segment;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

pub(super) fn sub(p: [f64; 2], q: [f64; 2]) -> [f64; 2] {
    [p[0] - q[0], p[1] - q[1]]
}
pub(super) fn dot(p: [f64; 2], q: [f64; 2]) -> f64 {
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

/// Do two segments cross or touch? The orientation test: an end exactly on the other's line
/// counts only when it lies within that segment's box (so segments on one line far apart, whose
/// orientations round to zero unevenly, are not taken to touch); both ends on the other's line
/// is the collinear case.
fn intersects(s: &Segment, t: &Segment) -> bool {
    let d1 = cross(sub(s.b, s.a), sub(t.a, s.a));
    let d2 = cross(sub(s.b, s.a), sub(t.b, s.a));
    let d3 = cross(sub(t.b, t.a), sub(s.a, t.a));
    let d4 = cross(sub(t.b, t.a), sub(s.b, t.a));
    if d1 == 0.0 && d2 == 0.0 {
        return collinear_overlap(s, t);
    }
    if d3 == 0.0 && d4 == 0.0 {
        return collinear_overlap(t, s);
    }
    let within = |g: &Segment, p: [f64; 2]| {
        let b = bounds(g);
        b[0] <= p[0] && p[0] <= b[2] && b[1] <= p[1] && p[1] <= b[3]
    };
    if d1 == 0.0 && within(s, t.a)
        || d2 == 0.0 && within(s, t.b)
        || d3 == 0.0 && within(t, s.a)
        || d4 == 0.0 && within(t, s.b)
    {
        return true;
    }
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

fn collinear_overlap(s: &Segment, t: &Segment) -> bool {
    let u = sub(s.b, s.a);
    let len2 = dot(u, u);
    let (t0, t1) = (dot(sub(t.a, s.a), u) / len2, dot(sub(t.b, s.a), u) / len2);
    t0.max(t1) >= 0.0 && t0.min(t1) <= 1.0
}

/// Squared distance between two segments.
pub(super) fn segment_distance_2(s: &Segment, t: &Segment) -> f64 {
    if intersects(s, t) {
        return 0.0;
    }
    point_segment_2(s.a, t.a, t.b)
        .min(point_segment_2(s.b, t.a, t.b))
        .min(point_segment_2(t.a, s.a, s.b))
        .min(point_segment_2(t.b, s.a, s.b))
}

/// Length of `t` that lies within `tol` of `s`'s line and projects onto `s`.
pub(super) fn alongside(s: &Segment, t: &Segment, tol: f64) -> f64 {
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

fn bounds(s: &Segment) -> [f64; 4] {
    [
        s.a[0].min(s.b[0]),
        s.a[1].min(s.b[1]),
        s.a[0].max(s.b[0]),
        s.a[1].max(s.b[1]),
    ]
}

/// The cells of a uniform grid over some boxes that the boxes touch: a conservative "may this
/// box meet one of them?" in a few array reads (a box that meets one always gets yes; a box
/// merely near one may get yes too). For the few free segments of a clean tessellation, so that
/// only the segments near them need go into the R-tree.
pub(super) struct Occupancy {
    origin: [f64; 2],
    size: f64,
    n: [usize; 2],
    cells: Vec<bool>,
}

impl Occupancy {
    /// About `limit` cells at most, no smaller than the median box; None when marking the boxes
    /// would take more than a few times `limit` steps (boxes over most of the grid).
    pub fn new(boxes: &[[f64; 4]], limit: usize) -> Option<Occupancy> {
        let inf = f64::INFINITY;
        let ext = boxes.iter().fold([inf, inf, -inf, -inf], |e, b| {
            [
                e[0].min(b[0]),
                e[1].min(b[1]),
                e[2].max(b[2]),
                e[3].max(b[3]),
            ]
        });
        let (w, h) = (ext[2] - ext[0], ext[3] - ext[1]);
        // No boxes, or an extent beyond f64 (coordinates near its largest): no grid.
        if !(w.is_finite() && h.is_finite()) {
            return None;
        }
        let mut sides: Vec<f64> = boxes
            .iter()
            .map(|b| (b[2] - b[0]).max(b[3] - b[1]))
            .collect();
        sides.sort_by(f64::total_cmp);
        let limit = limit.max(1) as f64;
        let size = sides
            .get(sides.len() / 2)
            .copied()
            .unwrap_or(1.0)
            .max((w * h / limit).sqrt())
            .max(w.max(h) / limit)
            .max(f64::MIN_POSITIVE);
        let count = |d: f64| ((d / size) as usize).saturating_add(1).min(1 << 20);
        let mut grid = Occupancy {
            origin: [ext[0], ext[1]],
            size,
            n: [count(w), count(h)],
            cells: Vec::new(),
        };
        grid.cells = vec![false; grid.n[0] * grid.n[1]];
        let mut budget = grid.cells.len().saturating_mul(4).max(1 << 16);
        for b in boxes {
            let [x0, y0, x1, y1] = grid.range(*b);
            let steps = (x1 - x0 + 1) * (y1 - y0 + 1);
            budget = budget.checked_sub(steps)?;
            for y in y0..=y1 {
                grid.cells[y * grid.n[0] + x0..=y * grid.n[0] + x1].fill(true);
            }
        }
        Some(grid)
    }

    /// The cells a box covers, clamped to the grid.
    fn range(&self, b: [f64; 4]) -> [usize; 4] {
        // `as usize` takes negative and NaN to 0 and truncates the rest (so floors them, with
        // no call to libm's floor); `min` keeps them inside.
        let cell = |v: f64, o: f64, n: usize| (((v - o) / self.size) as usize).min(n - 1);
        [
            cell(b[0], self.origin[0], self.n[0]),
            cell(b[1], self.origin[1], self.n[1]),
            cell(b[2], self.origin[0], self.n[0]),
            cell(b[3], self.origin[1], self.n[1]),
        ]
    }

    /// May the box meet one of the grid's boxes?
    pub fn meets(&self, b: [f64; 4]) -> bool {
        let [x0, y0, x1, y1] = self.range(b);
        (y0..=y1).any(|y| self.cells[y * self.n[0] + x0..=y * self.n[0] + x1].contains(&true))
    }
}

/// Pairs of areas (smaller first) whose boundaries come within `tol` where at least one of the
/// two segments is free (not `matched`), with the length alongside when `lengths`, a pair once
/// per such contact. With `exact` (no tolerance) only free segments are tested, among
/// themselves: a segment with an exact partner cannot touch a third area without overlapping it.
pub(super) fn near_pairs(
    segs: &[Segment],
    areas: &[[f64; 4]],
    matched: &[bool],
    tol: f64,
    exact: bool,
    lengths: bool,
) -> Vec<((u32, u32), f64)> {
    let free: Vec<usize> = (0..segs.len()).filter(|&k| !matched[k]).collect();
    // With a tolerance, a matched segment matters only near a free one: when few are free (a
    // clean tessellation: its outer boundary), keep for the tree only the segments of the areas
    // whose bounding box comes near them.
    let grown = |s: &Segment| {
        let b = bounds(s);
        [b[0] - tol, b[1] - tol, b[2] + tol, b[3] + tol]
    };
    let near_free: Vec<bool> = if exact || free.len() * 4 > segs.len() {
        vec![true; areas.len()]
    } else {
        let boxes: Vec<[f64; 4]> = free.iter().map(|&k| grown(&segs[k])).collect();
        match Occupancy::new(&boxes, segs.len() * 2) {
            None => vec![true; areas.len()],
            Some(grid) => areas.iter().map(|b| grid.meets(*b)).collect(),
        }
    };
    let tree = RTree::bulk_load(
        segs.iter()
            .enumerate()
            .filter(|(k, s)| !matched[*k] || (!exact && near_free[s.area as usize]))
            .map(|(k, s)| {
                GeomWithData::new(
                    Rectangle::from_corners([s.a[0].min(s.b[0]), s.a[1].min(s.b[1])], {
                        [s.a[0].max(s.b[0]), s.a[1].max(s.b[1])]
                    }),
                    k as u32,
                )
            })
            .collect(),
    );
    let tol2 = tol * tol;
    let chunk = free.len().div_ceil(crate::work::threads() * 4).max(1);
    let chunks: Vec<&[usize]> = free.chunks(chunk).collect();
    let parts: Vec<Vec<((u32, u32), f64)>> = crate::work::parallel_over(&chunks, |part| {
        let mut near = Vec::new();
        for &k in part.iter() {
            let s = &segs[k];
            let g = grown(s);
            let env = AABB::from_corners([g[0], g[1]], [g[2], g[3]]);
            for c in tree.locate_in_envelope_intersecting(&env) {
                let t = &segs[c.data as usize];
                if t.area == s.area || segment_distance_2(s, t) > tol2 {
                    continue;
                }
                let pair = (s.area.min(t.area), s.area.max(t.area));
                let length = if lengths {
                    // Two free segments see each other twice; a free one sees a matched one once.
                    let share = if matched[c.data as usize] { 1.0 } else { 0.5 };
                    alongside(s, t, tol) * share
                } else {
                    0.0
                };
                near.push((pair, length));
            }
        }
        near
    });
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_on_one_line_far_apart_do_not_touch() {
        // Four points on one line (the slope rounds unevenly): the first and last segment are
        // 20 apart; found by brute force over every pair, a false contact at no tolerance.
        let seg = |a: [f64; 2], b: [f64; 2]| Segment { area: 0, a, b };
        let s = seg([11.676, 1.452], [21.352, 0.9039999999999999]);
        let t = seg([40.704, -0.19199999999999995], [50.38, -0.74]);
        assert!(!intersects(&s, &t) && !intersects(&t, &s));
        assert!(segment_distance_2(&s, &t) > 300.0);
        // Touching, crossing and overlapping still do.
        let u = seg([0.0, 0.0], [2.0, 0.0]);
        assert!(intersects(&u, &seg([2.0, 0.0], [3.0, 1.0])));
        assert!(intersects(&u, &seg([1.0, -1.0], [1.0, 1.0])));
        assert!(intersects(&u, &seg([1.0, 0.0], [1.0, 1.0])));
        assert!(intersects(&u, &seg([1.0, 0.0], [5.0, 0.0])));
        assert!(!intersects(&u, &seg([2.5, 0.0], [5.0, 0.0])));
        assert!(!intersects(&u, &seg([1.0, 0.5], [1.0, 1.0])));
    }

    #[test]
    fn the_occupancy_grid_never_misses_a_box_that_meets() {
        // Against all pairs, on boxes of mixed sizes (a few much larger than the median) and
        // queries anywhere, including far off and enormous ones: every box that meets one gets
        // yes, and boxes far from all get no.
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
        let grid = Occupancy::new(&boxes, 5000).unwrap();
        let distance = |b: [f64; 4]| {
            boxes
                .iter()
                .map(|o| {
                    let dx = (o[0] - b[2]).max(b[0] - o[2]).max(0.0);
                    let dy = (o[1] - b[3]).max(b[1] - o[3]).max(0.0);
                    dx.max(dy)
                })
                .fold(f64::INFINITY, f64::min)
        };
        let inside = |q: [f64; 4]| {
            boxes.iter().any(|o| o[0] < q[0])
                && boxes.iter().any(|o| o[1] < q[1])
                && boxes.iter().any(|o| o[2] > q[2])
                && boxes.iter().any(|o| o[3] > q[3])
        };
        let (mut met, mut far) = (0, 0);
        for _ in 0..5000 {
            let (x, y) = (next() * 1200.0 - 100.0, next() * 1200.0 - 100.0);
            let q = [x, y, x + next() * 20.0, y + next() * 20.0];
            let d = distance(q);
            if d == 0.0 {
                assert!(grid.meets(q), "{q:?} meets a box");
                met += 1;
            } else if d > 2.0 * grid.size && inside(q) {
                assert!(!grid.meets(q), "{q:?} is {d} from every box");
                far += 1;
            }
        }
        assert!(met > 100 && far > 100, "{met} {far}");
        // Far outside and enormous queries are answered "maybe", never a panic.
        assert!(grid.meets([-1e308, -1e308, 1e308, 1e308]));
        let _ = grid.meets([f64::NAN, 0.0, f64::NAN, 1.0]);
        // Boxes over most of the grid, many times among small ones: marking would take too
        // long, no grid (the caller then keeps every segment).
        let mut many: Vec<[f64; 4]> = (0..2000)
            .map(|_| {
                let (x, y) = (next() * 1e4, next() * 1e4);
                [x, y, x + 1.0, y + 1.0]
            })
            .collect();
        many.extend(std::iter::repeat_n([0.0, 0.0, 1e4, 1e4], 1000));
        assert!(Occupancy::new(&many, 100_000).is_none());
        // No boxes, or an extent beyond f64: no grid.
        assert!(Occupancy::new(&[], 100).is_none());
        assert!(Occupancy::new(&[[-1.7e308, 0.0, 1.7e308, 1.0]], 100).is_none());
    }
}
