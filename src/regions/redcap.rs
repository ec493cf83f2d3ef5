//! REDCAP's spanning tree (Guo 2008), full-order complete linkage: contiguous clusters merge,
//! closest first, where the distance of two clusters is the largest attribute distance between
//! their areas (complete linkage) and clusters touch when any of their areas do (full order);
//! each merge adds to the tree the shortest link between the two clusters. The tree is then
//! cut as SKATER's ([`super::tree::cut`]).

use super::tree::{distance2, Tree};
use super::{check, Problem};
use crate::error::Result;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

#[derive(PartialEq)]
struct Pair(f64, usize, usize);

impl Eq for Pair {}
impl PartialOrd for Pair {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pair {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then(other.1.cmp(&self.1))
            .then(other.2.cmp(&self.2))
    }
}

/// The largest squared distance between an area of `a` and one of `b`.
fn complete(problem: &Problem, a: &[usize], b: &[usize]) -> f64 {
    let mut worst = 0.0f64;
    for &i in a {
        for &j in b {
            worst = worst.max(distance2(problem, i, j));
        }
    }
    worst
}

pub(super) fn spanning_tree(problem: &Problem) -> Result<Tree> {
    let n = problem.n();
    let mut owner: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    // Complete-linkage distances between touching clusters.
    let mut near: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    let mut heap = BinaryHeap::new();
    for (i, j) in problem.graph.edges() {
        let d = distance2(problem, i, j);
        near[i].insert(j, d);
        near[j].insert(i, d);
        heap.push(Pair(d, i, j));
    }
    let mut tree = Tree::new();
    while let Some(Pair(d, a, b)) = heap.pop() {
        // Stale: a cluster gone, or its distance changed since.
        if near[a].get(&b) != Some(&d) {
            continue;
        }
        if tree.len() % 128 == 0 {
            check()?;
            crate::work::report_progress(tree.len() as f32 / n.max(1) as f32);
        }
        let (keep, gone) = if members[a].len() >= members[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        // The shortest link between the two clusters joins the tree.
        let mut link: Option<(f64, usize, usize)> = None;
        for &i in &members[gone] {
            for &j in problem.graph.neighbours(i) {
                let j = j as usize;
                if owner[j] == keep {
                    let dij = distance2(problem, i, j);
                    let key = (i.min(j), i.max(j));
                    if link.is_none_or(|(dl, li, lj)| {
                        dij < dl || (dij == dl && key < (li.min(lj), li.max(lj)))
                    }) {
                        link = Some((dij, i, j));
                    }
                }
            }
        }
        if let Some((_, i, j)) = link {
            tree.push((i.min(j), i.max(j)));
        }
        let moved = std::mem::take(&mut members[gone]);
        for &i in &moved {
            owner[i] = keep;
        }
        // Distances of the merged cluster to every cluster touching either part.
        let from_keep = std::mem::take(&mut near[keep]);
        let from_gone = std::mem::take(&mut near[gone]);
        let mut merged: BTreeMap<usize, f64> = BTreeMap::new();
        for c in from_keep.keys().chain(from_gone.keys()).copied() {
            if c == keep || c == gone || merged.contains_key(&c) {
                continue;
            }
            let dk = match from_keep.get(&c) {
                Some(d) => *d,
                None => complete(problem, &members[keep], &members[c]),
            };
            let dg = match from_gone.get(&c) {
                Some(d) => *d,
                None => complete(problem, &moved, &members[c]),
            };
            merged.insert(c, dk.max(dg));
        }
        members[keep].extend(moved);
        for (&c, &dc) in &merged {
            near[c].remove(&gone);
            near[c].insert(keep, dc);
            heap.push(Pair(dc, keep.min(c), keep.max(c)));
        }
        near[keep] = merged;
    }
    Ok(tree)
}
