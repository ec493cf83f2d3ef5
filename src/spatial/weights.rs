//! Spatial weights: one compressed sparse row structure (offsets, neighbour ids, weights) that
//! every relational measure uses, with its summary (n, s0, s1, s2, islands, connected components,
//! the neighbour histogram), libpysal's transforms and higher-order contiguity.

use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// libpysal's weight transforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Transform {
    /// As built (binary for contiguity).
    Original,
    /// B: every neighbour weighs 1.
    Binary,
    /// R: each row sums to 1.
    Row,
    /// D: all weights sum to n.
    Doubly,
    /// V: variance-stabilising (Tiefelsdorf et al.): rows scaled by their L2 norm, then to sum n.
    Variance,
}

impl Transform {
    pub fn from_code(code: &str) -> Option<Transform> {
        Some(match code.to_ascii_uppercase().as_str() {
            "O" => Transform::Original,
            "B" => Transform::Binary,
            "R" => Transform::Row,
            "D" => Transform::Doubly,
            "V" => Transform::Variance,
            _ => return None,
        })
    }
}

/// Who neighbours whom, and how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub n: usize,
    /// Row `i`'s neighbours are `neighbors[offsets[i]..offsets[i + 1]]`.
    pub offsets: Vec<usize>,
    pub neighbors: Vec<u32>,
    pub weights: Vec<f64>,
    pub transform: Transform,
}

/// What people ask of weights first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub s0: f64,
    pub s1: f64,
    pub s2: f64,
    pub nonzero: usize,
    pub mean_neighbors: f64,
    pub min_neighbors: usize,
    pub max_neighbors: usize,
    /// Units without neighbours (0-based).
    pub islands: Vec<usize>,
    /// Number of connected components (islands count as one each).
    pub components: usize,
    /// `histogram[k]` = number of units with k neighbours.
    pub histogram: Vec<usize>,
}

impl Weights {
    /// The weights among these units only (in this order): rows and columns of the others are
    /// dropped, so a unit left out is no neighbour.
    pub fn subset(&self, rows: &[usize]) -> Weights {
        let new_id: HashMap<u32, u32> = rows
            .iter()
            .enumerate()
            .map(|(k, &r)| (r as u32, k as u32))
            .collect();
        let lists = rows
            .iter()
            .map(|&r| {
                self.neighbors_of(r)
                    .iter()
                    .zip(self.weights_of(r))
                    .filter_map(|(j, w)| new_id.get(j).map(|&k| (k, *w)))
                    .collect()
            })
            .collect();
        let mut w = Weights::from_lists(lists);
        w.transform = self.transform;
        w
    }

    /// Build from neighbour lists; each row is sorted by neighbour id, repeated pairs summed.
    /// Weights among `rows` of `n` units (built on those rows, in that order) spread back over
    /// all `n`: the other units are islands. A weights file written from them lists every area
    /// of the layer in order.
    pub fn expand(&self, rows: &[usize], n: usize) -> Weights {
        let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for (k, &r) in rows.iter().enumerate() {
            lists[r] = self
                .neighbors_of(k)
                .iter()
                .zip(self.weights_of(k))
                .map(|(&j, &w)| (rows[j as usize] as u32, w))
                .collect();
        }
        let mut w = Weights::from_lists(lists);
        w.transform = self.transform;
        w
    }

    pub fn from_lists(lists: Vec<Vec<(u32, f64)>>) -> Weights {
        let n = lists.len();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut neighbors = Vec::new();
        let mut weights = Vec::new();
        offsets.push(0);
        for mut row in lists {
            row.sort_by_key(|(j, _)| *j);
            let mut last: Option<u32> = None;
            for (j, w) in row {
                if last == Some(j) {
                    if let Some(x) = weights.last_mut() {
                        *x += w;
                    }
                    continue;
                }
                neighbors.push(j);
                weights.push(w);
                last = Some(j);
            }
            offsets.push(neighbors.len());
        }
        Weights {
            n,
            offsets,
            neighbors,
            weights,
            transform: Transform::Original,
        }
    }

    /// Symmetric binary weights from undirected pairs.
    pub fn from_pairs(n: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Weights {
        let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for (a, b) in pairs {
            if a != b {
                lists[a].push((b as u32, 1.0));
                lists[b].push((a as u32, 1.0));
            }
        }
        for l in &mut lists {
            l.sort_by_key(|(j, _)| *j);
            l.dedup_by_key(|(j, _)| *j);
        }
        Weights::from_lists(lists)
    }

    /// Symmetric weights from unique undirected pairs `(a, b)` with `a < b`, sorted by `(a, b)`;
    /// built straight into the compressed rows (each row comes out sorted).
    pub fn from_sorted_pairs(
        n: usize,
        pairs: impl IntoIterator<Item = ((u32, u32), f64)>,
    ) -> Weights {
        let pairs: Vec<((u32, u32), f64)> = pairs.into_iter().collect();
        let mut degree = vec![0usize; n + 1];
        for ((a, b), _) in &pairs {
            degree[*a as usize + 1] += 1;
            degree[*b as usize + 1] += 1;
        }
        for i in 0..n {
            degree[i + 1] += degree[i];
        }
        let offsets = degree;
        let mut fill = offsets.clone();
        let mut neighbors = vec![0u32; offsets[n]];
        let mut weights = vec![0.0; offsets[n]];
        for ((a, b), w) in pairs {
            let (a, b) = (a as usize, b as usize);
            neighbors[fill[a]] = b as u32;
            weights[fill[a]] = w;
            fill[a] += 1;
            neighbors[fill[b]] = a as u32;
            weights[fill[b]] = w;
            fill[b] += 1;
        }
        Weights {
            n,
            offsets,
            neighbors,
            weights,
            transform: Transform::Original,
        }
    }

    /// Binary symmetric weights from links between units, in any order and repeated, in parts
    /// (as threads found them): each unit's neighbours sorted, each once. A counting sort by
    /// unit and a small sort per unit on the pool, never a sort of all the links.
    pub fn from_links(n: usize, parts: &[Vec<(u32, u32)>]) -> Weights {
        let mut offsets = vec![0usize; n + 1];
        for &(a, b) in parts.iter().flatten() {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut all = vec![0u32; offsets[n]];
        for &(a, b) in parts.iter().flatten() {
            all[fill[a as usize]] = b;
            fill[a as usize] += 1;
            all[fill[b as usize]] = a;
            fill[b as usize] += 1;
        }
        // Each unit's run sorted and its repeats dropped, in chunks of units on the pool, each
        // chunk's runs moved together inside it; then the chunks copied out one after another.
        const CHUNK: usize = 2048;
        let chunks = n.div_ceil(CHUNK);
        let lengths: Vec<usize> = (0..chunks)
            .map(|c| offsets[((c + 1) * CHUNK).min(n)] - offsets[c * CHUNK])
            .collect();
        let kept: Vec<Vec<usize>> = crate::work::parallel_parts(&mut all, &lengths, |c, chunk| {
            let base = offsets[c * CHUNK];
            let mut out = 0;
            (c * CHUNK..((c + 1) * CHUNK).min(n))
                .map(|i| {
                    let run = &mut chunk[offsets[i] - base..offsets[i + 1] - base];
                    run.sort_unstable();
                    let mut kept = 0;
                    for j in 0..run.len() {
                        if kept == 0 || run[kept - 1] != run[j] {
                            run[kept] = run[j];
                            kept += 1;
                        }
                    }
                    let from = offsets[i] - base;
                    chunk.copy_within(from..from + kept, out);
                    out += kept;
                    kept
                })
                .collect()
        });
        let mut neighbors = Vec::with_capacity(kept.iter().flatten().sum());
        let mut rows = vec![0usize; n + 1];
        for (c, kept) in kept.iter().enumerate() {
            let units = c * CHUNK..((c + 1) * CHUNK).min(n);
            let base = offsets[units.start];
            // A chunk a cancelled run left undone keeps its runs whole (the result is dropped).
            let whole = kept.len() != units.len();
            let mut total = 0;
            for (j, i) in units.clone().enumerate() {
                total += if whole {
                    offsets[i + 1] - offsets[i]
                } else {
                    kept[j]
                };
                rows[i + 1] = rows[units.start] + total;
            }
            neighbors.extend_from_slice(&all[base..base + total]);
        }
        let offsets = rows;
        let weights = vec![1.0; neighbors.len()];
        Weights {
            n,
            offsets,
            neighbors,
            weights,
            transform: Transform::Original,
        }
    }

    pub fn neighbors_of(&self, i: usize) -> &[u32] {
        &self.neighbors[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn weights_of(&self, i: usize) -> &[f64] {
        &self.weights[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn cardinality(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// The spatial lag Σ_j w_ij x_j of every unit.
    pub fn lag(&self, x: &[f64]) -> Vec<f64> {
        (0..self.n)
            .map(|i| {
                self.neighbors_of(i)
                    .iter()
                    .zip(self.weights_of(i))
                    .map(|(&j, w)| w * x[j as usize])
                    .sum()
            })
            .collect()
    }

    /// The weights transformed (always from the original values' structure).
    pub fn transformed(&self, t: Transform) -> Weights {
        let mut w = self.clone();
        w.transform = t;
        match t {
            Transform::Original => {}
            Transform::Binary => w.weights.iter_mut().for_each(|x| *x = 1.0),
            Transform::Row => {
                for i in 0..w.n {
                    let (a, b) = (w.offsets[i], w.offsets[i + 1]);
                    let s: f64 = w.weights[a..b].iter().sum();
                    if s != 0.0 {
                        w.weights[a..b].iter_mut().for_each(|x| *x /= s);
                    }
                }
            }
            Transform::Doubly => {
                let s0: f64 = w.weights.iter().sum();
                let f = w.n as f64 / s0;
                w.weights.iter_mut().for_each(|x| *x *= f);
            }
            Transform::Variance => {
                let mut q_total = 0.0;
                let mut norms = vec![0.0; w.n];
                for (i, norm) in norms.iter_mut().enumerate() {
                    let row = &self.weights[self.offsets[i]..self.offsets[i + 1]];
                    *norm = row.iter().map(|x| x * x).sum::<f64>().sqrt();
                    if *norm > 0.0 {
                        q_total += row.iter().sum::<f64>() / *norm;
                    }
                }
                let nq = w.n as f64 / q_total;
                for (i, norm) in norms.iter().enumerate() {
                    for x in &mut w.weights[w.offsets[i]..w.offsets[i + 1]] {
                        *x = *x * nq / norm;
                    }
                }
            }
        }
        w
    }

    /// Neighbours at exactly `k` contiguity steps (shortest path), binary.
    pub fn higher_order(&self, k: usize) -> Weights {
        let mut lists = vec![Vec::new(); self.n];
        let mut dist = vec![usize::MAX; self.n];
        let mut touched = Vec::new();
        for (start, list) in lists.iter_mut().enumerate() {
            for &t in &touched {
                dist[t] = usize::MAX;
            }
            touched.clear();
            let mut queue = VecDeque::from([start]);
            dist[start] = 0;
            touched.push(start);
            while let Some(u) = queue.pop_front() {
                if dist[u] == k {
                    list.push((u as u32, 1.0));
                    continue;
                }
                for &v in self.neighbors_of(u) {
                    let v = v as usize;
                    if dist[v] == usize::MAX {
                        dist[v] = dist[u] + 1;
                        touched.push(v);
                        queue.push_back(v);
                    }
                }
            }
        }
        Weights::from_lists(lists)
    }

    /// The weight of (i, j), 0 when they are not neighbours.
    fn weight(&self, i: usize, j: usize) -> f64 {
        let row = self.neighbors_of(i);
        row.binary_search(&(j as u32))
            .map_or(0.0, |k| self.weights[self.offsets[i] + k])
    }

    pub fn summary(&self) -> Summary {
        let cards: Vec<usize> = (0..self.n).map(|i| self.cardinality(i)).collect();
        let s0: f64 = self.weights.iter().sum();
        let mut s1 = 0.0;
        let mut col_sums = vec![0.0; self.n];
        for i in 0..self.n {
            for (&j, &w) in self.neighbors_of(i).iter().zip(self.weights_of(i)) {
                let j = j as usize;
                col_sums[j] += w;
                let wji = self.weight(j, i);
                s1 += (w + wji).powi(2);
                if wji == 0.0 {
                    // (j, i) is not stored, so its term (w_ji + w_ij)² would be missed.
                    s1 += w * w;
                }
            }
        }
        s1 /= 2.0;
        let s2 = (0..self.n)
            .map(|i| (self.weights_of(i).iter().sum::<f64>() + col_sums[i]).powi(2))
            .sum();
        let max = cards.iter().copied().max().unwrap_or(0);
        let mut histogram = vec![0; max + 1];
        for &c in &cards {
            histogram[c] += 1;
        }
        Summary {
            n: self.n,
            s0,
            s1,
            s2,
            nonzero: self.neighbors.len(),
            mean_neighbors: if self.n == 0 {
                0.0
            } else {
                self.neighbors.len() as f64 / self.n as f64
            },
            min_neighbors: cards.iter().copied().min().unwrap_or(0),
            max_neighbors: max,
            islands: (0..self.n).filter(|&i| cards[i] == 0).collect(),
            components: self.components().1,
            histogram,
        }
    }

    /// The connected component of every unit (edges taken as undirected), and their number.
    pub fn components(&self) -> (Vec<usize>, usize) {
        let mut parent: Vec<usize> = (0..self.n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for i in 0..self.n {
            for &j in self.neighbors_of(i) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j as usize));
                if a != b {
                    parent[a] = b;
                }
            }
        }
        let mut ids: HashMap<usize, usize> = HashMap::new();
        let mut comp = vec![0; self.n];
        for (i, c) in comp.iter_mut().enumerate() {
            let root = find(&mut parent, i);
            let next = ids.len();
            *c = *ids.entry(root).or_insert(next);
        }
        let count = ids.len();
        (comp, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path 0 – 1 – 2 and an island 3.
    fn path() -> Weights {
        Weights::from_pairs(4, [(0, 1), (1, 2)])
    }

    #[test]
    fn summary_by_hand() {
        let s = path().summary();
        assert_eq!((s.n, s.nonzero, s.s0), (4, 4, 4.0));
        // s1 = ½ Σ (w_ij + w_ji)² = ½ · 4 pairs-entries · 2² = 8; s2 = Σ (2·card)² = 4 + 16 + 4.
        assert_eq!(s.s1, 8.0);
        assert_eq!(s.s2, 24.0);
        assert_eq!(s.islands, vec![3]);
        assert_eq!(s.components, 2);
        assert_eq!(s.histogram, vec![1, 2, 1]);
        assert_eq!((s.min_neighbors, s.max_neighbors), (0, 2));
    }

    #[test]
    fn transforms_by_hand() {
        let w = path();
        let r = w.transformed(Transform::Row);
        assert_eq!(r.weights_of(1), &[0.5, 0.5]);
        let d = w.transformed(Transform::Doubly);
        assert_eq!(d.weights.iter().sum::<f64>(), 4.0);
        // V: norms 1, √2, 1; Q = 1 + 2/√2 + 1; weights scaled by n/Q / norm.
        let v = w.transformed(Transform::Variance);
        let q = 2.0 + 2.0 / 2f64.sqrt();
        assert!((v.weights_of(0)[0] - 4.0 / q).abs() < 1e-12);
        assert!((v.weights_of(1)[0] - 4.0 / q / 2f64.sqrt()).abs() < 1e-12);
        assert_eq!(w.lag(&[1.0, 2.0, 3.0, 4.0]), vec![2.0, 4.0, 2.0, 0.0]);
    }

    #[test]
    fn sorted_pairs_give_the_same_rows_as_lists() {
        let a = Weights::from_sorted_pairs(
            4,
            [((0, 1), 1.0), ((0, 3), 1.0), ((1, 2), 1.0), ((2, 3), 1.0)],
        );
        let b = Weights::from_pairs(4, [(0, 1), (0, 3), (1, 2), (2, 3)]);
        assert_eq!(a, b);
        assert_eq!(a.neighbors_of(3), &[0, 2]);
    }

    #[test]
    fn second_order_is_exactly_two_steps() {
        let w = path().higher_order(2);
        assert_eq!(w.neighbors_of(0), &[2]);
        assert_eq!(w.neighbors_of(1), &[] as &[u32]);
        assert_eq!(w.neighbors_of(2), &[0]);
    }
}
