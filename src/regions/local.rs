//! Local search shared by max-p and AZP: move an area on a region's border to a neighbouring
//! region when it lowers the SSD (a tabu search: the best allowed move is made even when it
//! raises the SSD, moving an area straight back is forbidden for a while, and the best
//! partition seen is kept). A move never breaks a region's contiguity or floor. And AZP
//! itself: seeded random contiguous partitions into k regions, each improved so.

use super::{check, Problem, Sums};
use crate::error::Result;
use crate::measures::autocorrelation::{below, rng};
use std::collections::VecDeque;

/// How long a reverse move stays forbidden (spopt's tabu length).
const TABU_LENGTH: usize = 10;
/// Steps without a new best before the search stops.
const PATIENCE: usize = 100;

/// A partition with its SSD, or why there is none (cancelled).
pub(super) type Scored = Result<(f64, Vec<usize>)>;

/// Improve a partition (labels `0..count`, every region contiguous and above the floor).
pub(super) fn improve(problem: &Problem, mut labels: Vec<usize>) -> Result<Vec<usize>> {
    let n = problem.n();
    let count = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut sums = vec![Sums::empty(problem.p); count];
    for (i, &l) in labels.iter().enumerate() {
        sums[l].add(problem, i);
    }
    let mut ssd: Vec<f64> = sums.iter().map(Sums::ssd).collect();
    let mut current: f64 = ssd.iter().sum();
    let mut best = current;
    let mut best_labels = labels.clone();
    let mut tabu: VecDeque<(usize, usize)> = VecDeque::new();
    let mut seen = vec![0u32; n];
    let mut stamp = 0u32;
    let mut since_best = 0;
    let mut moves: Vec<(f64, usize, usize)> = Vec::new();
    let cap = 50 * n + 1000;
    for _step in 0..cap {
        if crate::work::stopping() {
            check()?;
        }
        moves.clear();
        for a in 0..n {
            let r = labels[a];
            if sums[r].n <= 1 {
                continue;
            }
            let x = problem.row(a);
            let mut last = usize::MAX;
            for &j in problem.graph.neighbours(a) {
                let q = labels[j as usize];
                if q == r || q == last {
                    continue;
                }
                last = q;
                let delta = sums[r].ssd_without(x) + sums[q].ssd_with(x) - ssd[r] - ssd[q];
                moves.push((delta, a, q));
            }
        }
        moves.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        moves.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
        let mut chosen = None;
        for &(delta, a, q) in &moves {
            let r = labels[a];
            let aspiration = current + delta < best - 1e-12 * best.abs().max(1.0);
            if !aspiration && tabu.contains(&(a, q)) {
                continue;
            }
            let mut rest = sums[r].clone();
            rest.remove(problem, a);
            if !problem.meets(&rest) {
                continue;
            }
            stamp = stamp.wrapping_add(1).max(1);
            if !problem
                .graph
                .connected_without(&labels, r, sums[r].n, a, &mut seen, stamp)
            {
                continue;
            }
            chosen = Some((delta, a, q));
            break;
        }
        let Some((delta, a, q)) = chosen else { break };
        let r = labels[a];
        sums[r].remove(problem, a);
        sums[q].add(problem, a);
        ssd[r] = sums[r].ssd();
        ssd[q] = sums[q].ssd();
        labels[a] = q;
        current += delta;
        tabu.push_back((a, r));
        if tabu.len() > TABU_LENGTH {
            tabu.pop_front();
        }
        if current < best - 1e-12 * best.abs().max(1.0) {
            best = current;
            best_labels.clone_from(&labels);
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= PATIENCE {
                break;
            }
        }
    }
    Ok(best_labels)
}

/// AZP: `starts` seeded random partitions into `target` contiguous regions, each improved by
/// the local search; the one of least SSD (the first on ties).
pub(super) fn azp(
    problem: &Problem,
    target: usize,
    seed: u64,
    starts: usize,
) -> Result<(Vec<usize>, Vec<String>)> {
    let (parts, count) = problem.graph.components();
    if target < count {
        return Err(crate::Error::input(format!(
            "{target} regions cannot cover {count} separate parts of the neighbour graph"
        )));
    }
    let results: Vec<Option<Scored>> = crate::work::parallel(starts, |s| {
        let labels = random_partition(problem, &parts, count, target, seed, s as u64);
        Some(improve(problem, labels).map(|l| (problem.ssd(&l), l)))
    });
    check()?;
    let mut best: Option<(f64, Vec<usize>)> = None;
    for r in results.into_iter().flatten() {
        let (ssd, labels) = r?;
        if best.as_ref().is_none_or(|(b, _)| ssd < *b) {
            best = Some((ssd, labels));
        }
    }
    let (_, labels) = best.ok_or_else(crate::Error::cancelled)?;
    Ok((labels, Vec::new()))
}

/// A random contiguous partition into `target` regions: one seed in every part of the graph,
/// the rest at random; the regions then grow in turn, each by a random free neighbour.
fn random_partition(
    problem: &Problem,
    parts: &[usize],
    count: usize,
    target: usize,
    seed: u64,
    stream: u64,
) -> Vec<usize> {
    let n = problem.n();
    let mut r = rng(seed, stream);
    let mut labels = vec![usize::MAX; n];
    let mut frontier: Vec<Vec<usize>> = Vec::with_capacity(target);
    let mut by_part: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &p) in parts.iter().enumerate() {
        by_part[p].push(i);
    }
    let place = |i: usize, labels: &mut Vec<usize>, frontier: &mut Vec<Vec<usize>>| {
        labels[i] = frontier.len();
        frontier.push(
            problem
                .graph
                .neighbours(i)
                .iter()
                .map(|&j| j as usize)
                .collect(),
        );
    };
    for members in &by_part {
        let i = members[below(&mut r, members.len())];
        place(i, &mut labels, &mut frontier);
    }
    // Further seeds: distinct free areas, drawn at random among those of parts with room.
    let mut free: Vec<usize> = (0..n).filter(|&i| labels[i] == usize::MAX).collect();
    while frontier.len() < target && !free.is_empty() {
        let k = below(&mut r, free.len());
        let i = free.swap_remove(k);
        place(i, &mut labels, &mut frontier);
    }
    let mut growing = true;
    while growing {
        growing = false;
        for (region, edge) in frontier.iter_mut().enumerate() {
            while !edge.is_empty() {
                let k = below(&mut r, edge.len());
                let i = edge.swap_remove(k);
                if labels[i] == usize::MAX {
                    labels[i] = region;
                    edge.extend(problem.graph.neighbours(i).iter().map(|&j| j as usize));
                    growing = true;
                    break;
                }
            }
        }
    }
    labels
}
