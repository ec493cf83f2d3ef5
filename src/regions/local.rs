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

/// A candidate move of area `a` from region `from` into region `to`, costed when both had the
/// versions given; the heap gives the least SSD change first (then the smallest area, region).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Move {
    delta: f64,
    a: usize,
    to: usize,
    from: usize,
    v_from: u32,
    v_to: u32,
}

impl Eq for Move {}
impl PartialOrd for Move {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Move {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .delta
            .total_cmp(&self.delta)
            .then(other.a.cmp(&self.a))
            .then(other.to.cmp(&self.to))
    }
}

/// The partition being improved: labels, each region's members, sums, SSD and version (bumped
/// whenever the region changes, which makes every move costed before stale).
struct State<'a> {
    problem: &'a Problem,
    labels: Vec<usize>,
    members: Vec<Vec<usize>>,
    /// Position of each area in its region's `members`.
    pos: Vec<usize>,
    sums: Vec<Sums>,
    ssd: Vec<f64>,
    version: Vec<u32>,
    heap: std::collections::BinaryHeap<Move>,
    /// Links of the graph (both ways): the most moves there can be.
    links: usize,
    /// Marks of areas whose move was just costed, and the current mark.
    pushed: Vec<u32>,
    stamp: u32,
}

impl State<'_> {
    fn new(problem: &Problem, labels: Vec<usize>) -> State<'_> {
        let count = labels.iter().copied().max().map_or(0, |m| m + 1);
        let mut sums = vec![Sums::empty(problem.p); count];
        let mut members = vec![Vec::new(); count];
        let mut pos = vec![0; labels.len()];
        for (i, &l) in labels.iter().enumerate() {
            sums[l].add(problem, i);
            pos[i] = members[l].len();
            members[l].push(i);
        }
        let ssd = sums.iter().map(Sums::ssd).collect();
        let mut s = State {
            problem,
            labels,
            members,
            pos,
            sums,
            ssd,
            version: vec![0; count],
            heap: std::collections::BinaryHeap::new(),
            links: (0..problem.n()).map(|i| problem.graph.degree(i)).sum(),
            pushed: vec![0; problem.n()],
            stamp: 0,
        };
        for a in 0..s.labels.len() {
            s.push_moves_of(a);
        }
        s
    }

    /// Cost area `a`'s moves into each neighbouring region.
    fn push_moves_of(&mut self, a: usize) {
        for k in 0..self.problem.graph.neighbours(a).len() {
            let q = self.labels[self.problem.graph.neighbours(a)[k] as usize];
            // A region met twice gives the same move twice: harmless, the second is skipped.
            self.push_move(a, q);
        }
    }

    /// Cost the move of area `a` into region `q`.
    fn push_move(&mut self, a: usize, q: usize) {
        let r = self.labels[a];
        if q == r || self.sums[r].n <= 1 {
            return;
        }
        let x = self.problem.row(a);
        let without = self.sums[r].ssd_without(x) - self.ssd[r];
        self.heap.push(Move {
            delta: without + self.sums[q].ssd_with(x) - self.ssd[q],
            a,
            to: q,
            from: r,
            v_from: self.version[r],
            v_to: self.version[q],
        });
    }

    /// Cost again every move out of and into region `r` (after it changed); the other moves of
    /// its neighbours are still current.
    fn push_region(&mut self, r: usize) {
        let members = std::mem::take(&mut self.members[r]);
        self.stamp = self.stamp.wrapping_add(1).max(1);
        for &m in &members {
            self.push_moves_of(m);
            for k in 0..self.problem.graph.neighbours(m).len() {
                let j = self.problem.graph.neighbours(m)[k] as usize;
                if self.labels[j] != r && self.pushed[j] != self.stamp {
                    self.pushed[j] = self.stamp;
                    self.push_move(j, r);
                }
            }
        }
        self.members[r] = members;
        // Stale entries pile up: keep the heap to a few times the moves there can be.
        if self.heap.len() > 8 * (self.links + 1024) {
            let heap = std::mem::take(&mut self.heap);
            self.heap = heap.into_iter().filter(|m| self.current(m)).collect();
        }
    }

    fn current(&self, m: &Move) -> bool {
        self.labels[m.a] == m.from
            && self.version[m.from] == m.v_from
            && self.version[m.to] == m.v_to
    }

    fn apply(&mut self, a: usize, q: usize) {
        let r = self.labels[a];
        self.sums[r].remove(self.problem, a);
        self.sums[q].add(self.problem, a);
        self.ssd[r] = self.sums[r].ssd();
        self.ssd[q] = self.sums[q].ssd();
        // Out of r's members (the last takes its place), into q's.
        let p = self.pos[a];
        let last = *self.members[r].last().unwrap_or(&a);
        self.members[r].swap_remove(p);
        if last != a {
            self.pos[last] = p;
        }
        self.pos[a] = self.members[q].len();
        self.members[q].push(a);
        self.labels[a] = q;
        self.version[r] += 1;
        self.version[q] += 1;
        self.push_region(r);
        self.push_region(q);
    }
}

/// Improve a partition (labels `0..count`, every region contiguous and above the floor).
/// Moves are kept costed in a heap and only those touching the two regions of the last move are
/// costed again, so a step costs the size of two regions, not of the whole map.
pub(super) fn improve(problem: &Problem, labels: Vec<usize>) -> Result<Vec<usize>> {
    let n = problem.n();
    let mut st = State::new(problem, labels);
    let mut current: f64 = st.ssd.iter().sum();
    let mut best = current;
    let mut best_labels = st.labels.clone();
    let mut tabu: VecDeque<(usize, usize)> = VecDeque::new();
    let mut seen = vec![0u32; n];
    let mut stamp = 0u32;
    let mut since_best = 0;
    let mut deferred: Vec<Move> = Vec::new();
    let cap = 50 * n + 1000;
    for step in 0..cap {
        if step % 64 == 0 && crate::work::stopping() {
            check()?;
        }
        let mut chosen = None;
        while let Some(m) = st.heap.pop() {
            if !st.current(&m) {
                continue;
            }
            let aspiration = current + m.delta < best - 1e-12 * best.abs().max(1.0);
            if !aspiration && tabu.contains(&(m.a, m.to)) {
                deferred.push(m);
                continue;
            }
            // Infeasible until region `from` changes, when its moves are costed again.
            let mut rest = st.sums[m.from].clone();
            rest.remove(problem, m.a);
            if !problem.meets(&rest) {
                continue;
            }
            stamp = stamp.wrapping_add(1).max(1);
            if !problem.graph.connected_without(
                &st.labels,
                m.from,
                st.sums[m.from].n,
                m.a,
                &mut seen,
                stamp,
            ) {
                continue;
            }
            chosen = Some(m);
            break;
        }
        for m in deferred.drain(..) {
            st.heap.push(m);
        }
        let Some(m) = chosen else { break };
        st.apply(m.a, m.to);
        current += m.delta;
        tabu.push_back((m.a, m.from));
        if tabu.len() > TABU_LENGTH {
            tabu.pop_front();
        }
        if current < best - 1e-12 * best.abs().max(1.0) {
            best = current;
            best_labels.clone_from(&st.labels);
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

/// The same search costing every move at every step: the definition [`improve`] must equal.
#[cfg(test)]
pub(super) fn improve_exhaustive(problem: &Problem, mut labels: Vec<usize>) -> Vec<usize> {
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
    for _ in 0..50 * n + 1000 {
        moves.clear();
        for a in 0..n {
            let r = labels[a];
            if sums[r].n <= 1 {
                continue;
            }
            let x = problem.row(a);
            for &j in problem.graph.neighbours(a) {
                let q = labels[j as usize];
                if q != r {
                    let delta = sums[r].ssd_without(x) - ssd[r] + sums[q].ssd_with(x) - ssd[q];
                    moves.push((delta, a, q));
                }
            }
        }
        moves.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
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
    best_labels
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
pub(super) fn random_partition(
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
