//! Spanning trees and their cutting, shared by SKATER and REDCAP: the minimum spanning forest of
//! attribute distances over the neighbour graph (Kruskal), and the greedy cut — at each step,
//! of every link of the forest, the one whose removal lowers the total within-region SSD most
//! while both sides still meet the floor (Assunção et al. 2006, as spopt's `Skater`). Subtree
//! sums make one step O(n·p), not O(n²).

use super::{check, Problem, Sums};
use crate::error::Result;

/// Links `(i, j)` of a spanning forest.
pub(super) type Tree = Vec<(usize, usize)>;

/// Euclidean distance of two areas' variables, squared (same order as the distance).
pub(super) fn distance2(problem: &Problem, i: usize, j: usize) -> f64 {
    problem
        .row(i)
        .iter()
        .zip(problem.row(j))
        .map(|(a, b)| (a - b) * (a - b))
        .sum()
}

/// Union-find with path halving.
pub(super) struct Sets(Vec<usize>);

impl Sets {
    pub fn new(n: usize) -> Sets {
        Sets((0..n).collect())
    }
    pub fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    /// Join the sets of `a` and `b`; false when already one.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        self.0[a.max(b)] = a.min(b);
        true
    }
}

/// The minimum spanning forest of the graph, links weighted by the attribute distance of their
/// areas; ties broken by the areas' order, so the tree is the same on every run.
pub(super) fn minimum_spanning_forest(problem: &Problem) -> Tree {
    let mut edges: Vec<(f64, usize, usize)> = problem
        .graph
        .edges()
        .map(|(i, j)| (distance2(problem, i, j), i, j))
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut sets = Sets::new(problem.n());
    edges
        .into_iter()
        .filter(|&(_, i, j)| sets.union(i, j))
        .map(|(_, i, j)| (i, j))
        .collect()
}

/// Cut a spanning forest into `target` trees (or as many as the floor allows); the labels are
/// the trees. Returns notes on what could not be done.
pub(super) fn cut(
    problem: &Problem,
    tree: Tree,
    target: usize,
) -> Result<(Vec<usize>, Vec<String>)> {
    let n = problem.n();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(i, j) in &tree {
        adj[i].push(j);
        adj[j].push(i);
    }
    for list in &mut adj {
        list.sort_unstable();
    }
    let mut labels = components(&adj);
    let mut count = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut notes = Vec::new();
    let cuts_needed = target.saturating_sub(count).max(1) as f32;
    let start = count;
    while count < target {
        check()?;
        crate::work::report_progress((count - start) as f32 / cuts_needed);
        match best_cut(problem, &adj) {
            Some((v, parent)) => {
                adj[v].retain(|&u| u != parent);
                adj[parent].retain(|&u| u != v);
                labels = components(&adj);
                count += 1;
            }
            None => {
                notes.push(format!(
                    "the tree admits no further cut after {count} regions: every further cut leaves a region under the floor"
                ));
                break;
            }
        }
    }
    Ok((labels, notes))
}

/// The connected trees of a forest, numbered by their first area.
fn components(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut label = vec![usize::MAX; n];
    let mut next = 0;
    for s in 0..n {
        if label[s] != usize::MAX {
            continue;
        }
        label[s] = next;
        let mut stack = vec![s];
        while let Some(i) = stack.pop() {
            for &j in &adj[i] {
                if label[j] == usize::MAX {
                    label[j] = next;
                    stack.push(j);
                }
            }
        }
        next += 1;
    }
    label
}

/// The link `(child, parent)` whose removal lowers the SSD most with both sides above the
/// floor, or None. Ties go to the link of the smallest area numbers.
fn best_cut(problem: &Problem, adj: &[Vec<usize>]) -> Option<(usize, usize)> {
    let n = adj.len();
    let mut visited = vec![false; n];
    let mut best: Option<(f64, (usize, usize), usize, usize)> = None;
    let mut order: Vec<usize> = Vec::new();
    // Position in `order` of each area's parent (usize::MAX for the root).
    let mut up: Vec<usize> = Vec::new();
    for root in 0..n {
        if visited[root] {
            continue;
        }
        order.clear();
        up.clear();
        let mut stack = vec![(root, usize::MAX)];
        visited[root] = true;
        while let Some((i, parent_pos)) = stack.pop() {
            let here = order.len();
            order.push(i);
            up.push(parent_pos);
            for &j in adj[i].iter().rev() {
                if !visited[j] {
                    visited[j] = true;
                    stack.push((j, here));
                }
            }
        }
        if order.len() < 2 {
            continue;
        }
        // Subtree sums: a parent comes before its children, so adding back to front works.
        let mut sub: Vec<Sums> = order
            .iter()
            .map(|&i| {
                let mut s = Sums::empty(problem.p);
                s.add(problem, i);
                s
            })
            .collect();
        for k in (1..order.len()).rev() {
            let (lo, hi) = sub.split_at_mut(k);
            lo[up[k]].merge(&hi[0]);
        }
        let total = &sub[0];
        let whole = total.ssd();
        for k in 1..order.len() {
            let part = &sub[k];
            let rest = total.minus(part);
            if !problem.meets(part) || !problem.meets(&rest) {
                continue;
            }
            let gain = whole - part.ssd() - rest.ssd();
            let (v, p) = (order[k], order[up[k]]);
            let key = (v.min(p), v.max(p));
            if best.is_none_or(|(g, bk, _, _)| gain > g || (gain == g && key < bk)) {
                best = Some((gain, key, v, p));
            }
        }
    }
    best.map(|(_, _, v, p)| (v, p))
}
