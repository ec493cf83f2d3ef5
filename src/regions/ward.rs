//! Spatially constrained Ward agglomeration: start from one region per area and merge, of all
//! pairs of neighbouring regions, the one that raises the within-region SSD least
//! (n_a·n_b/(n_a+n_b)·‖mean_a − mean_b‖², Ward's criterion), until k regions remain. With a
//! floor, merges of a region still under it come first (as GeoDa's bound on its constrained
//! clustering), so that every region meets it by the time k remain. A heap with stale entries
//! skipped makes it O(E log E).

use super::{check, Problem, Sums};
use crate::error::Result;
use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

/// A candidate merge: cost, the two regions, their versions when it was costed, and whether
/// one of them is under the floor (such merges come first).
#[derive(PartialEq)]
struct Merge(f64, usize, usize, u32, u32, bool);

impl Eq for Merge {}
impl PartialOrd for Merge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Merge {
    // Smallest cost first (the heap is a max-heap), then the smallest regions' numbers.
    fn cmp(&self, other: &Self) -> Ordering {
        self.5
            .cmp(&other.5)
            .then(other.0.total_cmp(&self.0))
            .then(other.1.cmp(&self.1))
            .then(other.2.cmp(&self.2))
    }
}

/// The increase in SSD when two regions merge.
fn cost(a: &Sums, b: &Sums) -> f64 {
    let mut merged = a.clone();
    merged.merge(b);
    merged.ssd() - a.ssd() - b.ssd()
}

/// Regions being merged.
struct Agglomeration {
    sums: Vec<Sums>,
    adj: Vec<BTreeSet<usize>>,
    owner: Vec<usize>,
    members: Vec<Vec<usize>>,
    version: Vec<u32>,
    alive: Vec<bool>,
    heap: BinaryHeap<Merge>,
}

impl Agglomeration {
    fn new(problem: &Problem) -> Agglomeration {
        let n = problem.n();
        let sums: Vec<Sums> = (0..n).map(|i| problem.sums_of([i])).collect();
        let mut heap = BinaryHeap::new();
        for (i, j) in problem.graph.edges() {
            let urgent = !problem.meets(&sums[i]) || !problem.meets(&sums[j]);
            heap.push(Merge(cost(&sums[i], &sums[j]), i, j, 0, 0, urgent));
        }
        Agglomeration {
            sums,
            adj: (0..n)
                .map(|i| {
                    problem
                        .graph
                        .neighbours(i)
                        .iter()
                        .map(|&j| j as usize)
                        .collect()
                })
                .collect(),
            owner: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
            version: vec![0; n],
            alive: vec![true; n],
            heap,
        }
    }

    /// The cheapest merge still current.
    fn next(&mut self) -> Option<(usize, usize)> {
        while let Some(Merge(_, a, b, va, vb, _)) = self.heap.pop() {
            if self.alive[a] && self.alive[b] && self.version[a] == va && self.version[b] == vb {
                return Some((a, b));
            }
        }
        None
    }

    fn merge(&mut self, problem: &Problem, a: usize, b: usize) {
        // The larger region absorbs the smaller.
        let (keep, gone) = if self.members[a].len() >= self.members[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        let moved = std::mem::take(&mut self.members[gone]);
        for &i in &moved {
            self.owner[i] = keep;
        }
        self.members[keep].extend(moved);
        let gone_sums = self.sums[gone].clone();
        self.sums[keep].merge(&gone_sums);
        self.alive[gone] = false;
        self.version[keep] += 1;
        for c in std::mem::take(&mut self.adj[gone]) {
            self.adj[c].remove(&gone);
            if c != keep {
                self.adj[c].insert(keep);
                self.adj[keep].insert(c);
            }
        }
        self.adj[keep].remove(&keep);
        for &c in &self.adj[keep] {
            let (x, y) = (keep.min(c), keep.max(c));
            let urgent = !problem.meets(&self.sums[x]) || !problem.meets(&self.sums[y]);
            self.heap.push(Merge(
                cost(&self.sums[x], &self.sums[y]),
                x,
                y,
                self.version[x],
                self.version[y],
                urgent,
            ));
        }
    }
}

pub(super) fn agglomerate(problem: &Problem, target: usize) -> Result<(Vec<usize>, Vec<String>)> {
    let n = problem.n();
    let mut g = Agglomeration::new(problem);
    let mut count = n;
    while count > target {
        let Some((a, b)) = g.next() else {
            break;
        };
        if (n - count) % 256 == 0 {
            check()?;
            crate::work::report_progress((n - count) as f32 / (n - target).max(1) as f32);
        }
        g.merge(problem, a, b);
        count -= 1;
    }
    let mut notes = Vec::new();
    // Regions under the floor join their cheapest neighbour, smallest first.
    let mut joined = 0;
    loop {
        check()?;
        let under = (0..n)
            .filter(|&r| g.alive[r] && !problem.meets(&g.sums[r]))
            .min_by_key(|&r| (g.sums[r].n, r));
        let Some(r) = under else { break };
        let best = g.adj[r]
            .iter()
            .map(|&c| (cost(&g.sums[r], &g.sums[c]), c))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let Some((_, c)) = best else {
            notes.push(format!(
                "a region of {} area(s) is under the floor and has no neighbour to join",
                g.sums[r].n
            ));
            break;
        };
        g.merge(problem, r, c);
        joined += 1;
    }
    if joined > 0 {
        notes.push(format!(
            "{joined} region(s) under the floor joined their most similar neighbour"
        ));
    }
    Ok((g.owner, notes))
}
