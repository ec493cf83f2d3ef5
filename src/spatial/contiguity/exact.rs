//! Exact contacts, as libpysal finds them: the boundary segments of every area, the vertices
//! they share (queen) and the edges they share (rook, with their length).
//!
//! The work is split by vertex: each vertex falls, by the hash of its coordinates, into one of
//! [`SHARDS`] shards, and each shard is numbered, grouped and matched on the pool with its own
//! small tables that stay in cache. The segments are read once, in order, into the shards'
//! records; no step sorts all the vertices or all the edges, or reads the segments out of order.

use super::near::{dot, sub};
use geo::MultiPolygon;

/// One boundary segment of an area.
#[derive(Clone, Copy)]
pub(super) struct Segment {
    pub area: u32,
    pub a: [f64; 2],
    pub b: [f64; 2],
}

/// The most segments an area's rings can give (a ring of n points, n − 1).
fn most_segments(g: &MultiPolygon<f64>) -> usize {
    g.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.len().saturating_sub(1))
        .sum()
}

/// The segments of one area's rings, written from the start of `out` (which has room for
/// [`most_segments`]): how many, and their bounding box (empty, min above max, when none).
fn area_segments(area: u32, g: &MultiPolygon<f64>, out: &mut [Segment]) -> (usize, [f64; 4]) {
    let inf = f64::INFINITY;
    let mut bounds = [inf, inf, -inf, -inf];
    let mut count = 0;
    for p in &g.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            for w in ring.0.windows(2) {
                let (a, b) = ([w[0].x, w[0].y], [w[1].x, w[1].y]);
                if a != b && a.iter().chain(&b).all(|v| v.is_finite()) {
                    bounds = [
                        bounds[0].min(a[0]).min(b[0]),
                        bounds[1].min(a[1]).min(b[1]),
                        bounds[2].max(a[0]).max(b[0]),
                        bounds[3].max(a[1]).max(b[1]),
                    ];
                    out[count] = Segment { area, a, b };
                    count += 1;
                }
            }
        }
    }
    (count, bounds)
}

/// Every boundary segment, area by area in order, and each area's bounding box (of its
/// segments; empty, min above max, for an area without any): chunks of areas written on the
/// pool straight into their part of one vector, then moved together where some segments were
/// left out (zero-length or not finite).
pub(super) fn segments(geoms: &[MultiPolygon<f64>]) -> (Vec<Segment>, Vec<[f64; 4]>) {
    const CHUNK: usize = 512;
    let chunks = geoms.len().div_ceil(CHUNK);
    let areas = |c: usize| c * CHUNK..((c + 1) * CHUNK).min(geoms.len());
    let room: Vec<usize> = (0..chunks)
        .map(|c| geoms[areas(c)].iter().map(most_segments).sum())
        .collect();
    let empty = Segment {
        area: 0,
        a: [0.0; 2],
        b: [0.0; 2],
    };
    let mut out = vec![empty; room.iter().sum()];
    let written: Vec<(usize, Vec<[f64; 4]>)> =
        crate::work::parallel_parts(&mut out, &room, |c, part| {
            let mut count = 0;
            let boxes = areas(c)
                .map(|i| {
                    let (n, b) = area_segments(i as u32, &geoms[i], &mut part[count..]);
                    count += n;
                    b
                })
                .collect();
            (count, boxes)
        });
    let inf = f64::INFINITY;
    let mut boxes = Vec::with_capacity(geoms.len());
    let (mut from, mut to) = (0, 0);
    for (c, (count, b)) in written.into_iter().enumerate() {
        // A chunk a cancelled run left undone: no segments (the result is dropped).
        let count = if b.len() == areas(c).len() { count } else { 0 };
        boxes.extend(b);
        boxes.resize(areas(c).end, [inf, inf, -inf, -inf]);
        if from != to {
            out.copy_within(from..from + count, to);
        }
        from += room[c];
        to += count;
    }
    out.truncate(to);
    (out, boxes)
}

/// How many shards the vertices are split into (a power of two).
const SHARDS: usize = 64;

/// The shard of a vertex's hash: middle bits, independent of the low bits a hash map indexes by
/// and the top bits it tags entries with.
fn shard_of(h: u64) -> usize {
    (h >> 32) as usize & (SHARDS - 1)
}

/// A hasher that passes a hash already computed straight through.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 hashes are written (see Key); anything else is folded in all the same.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ *b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// A vertex as a hash-map key: its coordinate bits, hashed once.
#[derive(PartialEq, Eq)]
struct Key(u64, u64, u64);

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.2);
    }
}

/// Group `items` by a small number (`of(item)` < `groups`): the offsets of each group's run in
/// the returned order (a counting sort, stable).
fn group<T: Copy + Default>(
    items: &[T],
    groups: usize,
    of: impl Fn(&T) -> usize,
) -> (Vec<u32>, Vec<T>) {
    let mut first = vec![0u32; groups + 1];
    for x in items {
        first[of(x) + 1] += 1;
    }
    for g in 0..groups {
        first[g + 1] += first[g];
    }
    let mut fill = first.clone();
    let mut out = vec![T::default(); items.len()];
    for x in items {
        let g = of(x);
        out[fill[g] as usize] = *x;
        fill[g] += 1;
    }
    (first, out)
}

/// The exact contacts of a layer's segments.
pub(super) struct Exact {
    /// Pairs of areas (smaller first) that share a vertex, a pair once per vertex they share.
    pub vertex_pairs: Vec<Vec<(u32, u32)>>,
    /// Pairs of areas that share an edge, with its length (only when lengths were asked for).
    pub edge_pairs: Vec<Vec<((u32, u32), f64)>>,
    /// The segments that share an edge with another area's.
    pub matched: Vec<bool>,
}

/// A segment's start, in its vertex's shard.
#[derive(Clone, Copy, Default)]
struct Start {
    p: [u64; 2],
    area: u32,
}

/// A segment as an edge, in the shard of its lower end (coordinate bits compared).
#[derive(Clone, Copy, Default)]
struct Edge {
    low: [u64; 2],
    high: [u64; 2],
    area: u32,
    segment: u32,
}

fn bits(p: [f64; 2]) -> [u64; 2] {
    [p[0].to_bits(), p[1].to_bits()]
}

/// Each chunk of segments' starts and edges, shard by shard.
type Records = (Vec<Vec<Start>>, Vec<Vec<Edge>>);

/// What a shard finds: pairs of areas at its vertices, its matched segments, its shared edges'
/// pairs with their lengths.
type ShardContacts = (Vec<(u32, u32)>, Vec<u32>, Vec<((u32, u32), f64)>);

/// Shared vertices and shared edges. Without `lengths` (queen) the shared edges only mark their
/// segments as matched: their pairs of areas are among the shared vertices' already.
pub(super) fn exact(segs: &[Segment], lengths: bool) -> Exact {
    use std::collections::HashMap;
    use std::hash::BuildHasher;
    // Vertices hashed with a key drawn for this run (foldhash): fast, and a crafted file cannot
    // make thousands of vertices collide and the maps crawl. Nothing below depends on the key's
    // value but the order of work within shards.
    let state = foldhash::fast::RandomState::default();
    let hash = |p: [u64; 2]| state.hash_one(p);
    // The records, shard by shard, from chunks of segments in order (so a vertex's areas come
    // sorted within its shard).
    let chunk = segs.len().div_ceil(crate::work::threads() * 2).max(1024);
    let chunks: Vec<&[Segment]> = segs.chunks(chunk).collect();
    let records: Vec<Records> = crate::work::parallel(chunks.len(), |c| {
        let expect = chunks[c].len() / SHARDS * 5 / 4 + 8;
        let mut starts: Vec<Vec<Start>> = (0..SHARDS).map(|_| Vec::with_capacity(expect)).collect();
        let mut edges: Vec<Vec<Edge>> = (0..SHARDS).map(|_| Vec::with_capacity(expect)).collect();
        for (i, s) in chunks[c].iter().enumerate() {
            let (a, b) = (bits(s.a), bits(s.b));
            starts[shard_of(hash(a))].push(Start { p: a, area: s.area });
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            edges[shard_of(hash(low))].push(Edge {
                low,
                high,
                area: s.area,
                segment: (c * chunk + i) as u32,
            });
        }
        (starts, edges)
    });
    let shards: Vec<usize> = (0..SHARDS).collect();
    let found: Vec<ShardContacts> = crate::work::parallel_over(&shards, |&s| {
        // A number for each distinct vertex of the shard.
        let mut ids: HashMap<Key, u32, std::hash::BuildHasherDefault<Prehashed>> =
            HashMap::with_capacity_and_hasher(
                records.iter().map(|r| r.0[s].len()).sum(),
                Default::default(),
            );
        let mut id = |p: [u64; 2]| {
            let next = ids.len() as u32;
            let h = hash(p);
            *ids.entry(Key(p[0], p[1], h)).or_insert(next)
        };
        // The areas meeting at each vertex, and their pairs.
        let at: Vec<(u32, u32)> = records
            .iter()
            .flat_map(|r| &r.0[s])
            .map(|v| (id(v.p), v.area))
            .collect();
        // Edges by their lower end (numbered too when it starts no segment: an open ring).
        let edges: Vec<(u32, Edge)> = records
            .iter()
            .flat_map(|r| &r.1[s])
            .map(|e| (id(e.low), *e))
            .collect();
        let count = ids.len();
        let (first, by_vertex) = group(&at, count, |e| e.0 as usize);
        let mut pairs = Vec::new();
        let mut areas: Vec<u32> = Vec::new();
        for v in 0..count {
            areas.clear();
            for &(_, area) in &by_vertex[first[v] as usize..first[v + 1] as usize] {
                if areas.last() != Some(&area) {
                    areas.push(area);
                }
            }
            for (i, &x) in areas.iter().enumerate() {
                pairs.extend(areas[i + 1..].iter().map(|&y| (x, y)));
            }
        }
        // The same two ends in two areas make a shared edge.
        let (first, mut by_low) = group(&edges, count, |e| e.0 as usize);
        let mut matched = Vec::new();
        let mut shared = Vec::new();
        for v in 0..count {
            let run = &mut by_low[first[v] as usize..first[v + 1] as usize];
            if run.len() < 2 {
                continue;
            }
            run.sort_unstable_by_key(|e| e.1.high);
            for same in run.chunk_by(|x, y| x.1.high == y.1.high) {
                if same.iter().all(|e| e.1.area == same[0].1.area) {
                    continue;
                }
                matched.extend(same.iter().map(|e| e.1.segment));
                if lengths {
                    let point = |p: [u64; 2]| p.map(f64::from_bits);
                    let d = sub(point(same[0].1.high), point(same[0].1.low));
                    let len = dot(d, d).sqrt();
                    for (i, x) in same.iter().enumerate() {
                        for y in &same[i + 1..] {
                            let (a, b) = (x.1.area, y.1.area);
                            if a != b {
                                shared.push(((a.min(b), a.max(b)), len));
                            }
                        }
                    }
                }
            }
        }
        (pairs, matched, shared)
    });
    let mut matched = vec![false; segs.len()];
    let mut vertex_pairs = Vec::with_capacity(SHARDS);
    let mut edge_pairs = Vec::with_capacity(SHARDS);
    for (pairs, m, shared) in found {
        for k in m {
            matched[k as usize] = true;
        }
        vertex_pairs.push(pairs);
        edge_pairs.push(shared);
    }
    Exact {
        vertex_pairs,
        edge_pairs,
        matched,
    }
}
