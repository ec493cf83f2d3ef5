//! max-p (Duque, Anselin & Rey 2012; the heuristic of Wei, Rey & Knaap 2021, as spopt's
//! `MaxPHeuristic`): many seeded random constructions in parallel — areas taken in random order
//! each grow a region through their neighbours until it meets the floor; areas of regions that
//! cannot are enclaves, which then join the neighbouring region they raise the SSD least — keep
//! those with the most regions, and improve the best of them by tabu search. Parts of the
//! graph under the floor on their own are first linked to their nearest part (by centroid).

use super::graph::Graph;
use super::{check, local, Problem, Sums};
use crate::error::Result;
use crate::measures::autocorrelation::{below, rng};

/// How many of the best constructions the local search improves.
const IMPROVED: usize = 4;

const FREE: usize = usize::MAX;
const ENCLAVE: usize = usize::MAX - 1;

/// Link every part of the graph that cannot meet the floor alone to the nearest area outside
/// it, until each part can: the graph to use (None when nothing changed) and the areas linked.
pub(super) fn bridge(
    problem: &Problem,
    parts: &[usize],
    count: usize,
) -> (Option<Graph>, Vec<usize>) {
    let Some(points) = problem.graph.points() else {
        return (None, Vec::new());
    };
    let n = problem.n();
    let mut graph = problem.graph.clone();
    let mut bridged = Vec::new();
    let (mut parts, mut count) = (parts.to_vec(), count);
    while count > 1 {
        let mut sums = vec![Sums::empty(problem.p); count];
        for (i, &p) in parts.iter().enumerate() {
            sums[p].add(problem, i);
        }
        let Some(weak) = (0..count)
            .filter(|&p| !problem.meets(&sums[p]))
            .min_by_key(|&p| (sums[p].n, p))
        else {
            break;
        };
        let mut nearest: Option<(f64, usize, usize)> = None;
        for i in (0..n).filter(|&i| parts[i] == weak) {
            for j in (0..n).filter(|&j| parts[j] != weak) {
                let d =
                    (points[i][0] - points[j][0]).powi(2) + (points[i][1] - points[j][1]).powi(2);
                if nearest.is_none_or(|(b, _, _)| d < b) {
                    nearest = Some((d, i, j));
                }
            }
        }
        let Some((_, i, j)) = nearest else { break };
        graph.link(i, j);
        bridged.push(i);
        (parts, count) = graph.components();
    }
    if bridged.is_empty() {
        (None, bridged)
    } else {
        (Some(graph), bridged)
    }
}

/// One construction: labels `0..p` and its SSD.
#[derive(Default)]
struct Construction {
    regions: usize,
    ssd: f64,
    labels: Vec<usize>,
    /// Areas no region could take (a part of the graph under the floor).
    stranded: usize,
}

fn construct(problem: &Problem, seed: u64, stream: u64) -> Construction {
    let n = problem.n();
    let mut r = rng(seed, stream);
    let mut order: Vec<usize> = (0..n).collect();
    for k in (1..n).rev() {
        order.swap(k, below(&mut r, k + 1));
    }
    let mut labels = vec![FREE; n];
    let mut sums: Vec<Sums> = Vec::new();
    let mut queued = vec![u32::MAX; n];
    let mut members = Vec::new();
    let mut queue = Vec::new();
    for &start in &order {
        if labels[start] != FREE {
            continue;
        }
        let region = sums.len();
        let mut total = Sums::empty(problem.p);
        members.clear();
        queue.clear();
        labels[start] = region;
        total.add(problem, start);
        members.push(start);
        queued[start] = region as u32;
        for &j in problem.graph.neighbours(start) {
            if queued[j as usize] != region as u32 {
                queued[j as usize] = region as u32;
                queue.push(j as usize);
            }
        }
        let mut k = 0;
        while !problem.meets(&total) && k < queue.len() {
            let q = queue[k];
            k += 1;
            if labels[q] != FREE {
                continue;
            }
            labels[q] = region;
            total.add(problem, q);
            members.push(q);
            if !problem.meets(&total) {
                for &j in problem.graph.neighbours(q) {
                    if queued[j as usize] != region as u32 {
                        queued[j as usize] = region as u32;
                        queue.push(j as usize);
                    }
                }
            }
        }
        if problem.meets(&total) {
            sums.push(total);
        } else {
            for &m in &members {
                labels[m] = ENCLAVE;
            }
        }
    }
    let regions = sums.len();
    // Enclaves join the neighbouring region they raise the SSD least, pass after pass.
    let mut enclaves: Vec<usize> = (0..n).filter(|&i| labels[i] == ENCLAVE).collect();
    loop {
        let before = enclaves.len();
        enclaves.retain(|&a| {
            let x = problem.row(a);
            let best = problem
                .graph
                .neighbours(a)
                .iter()
                .map(|&j| labels[j as usize])
                .filter(|&l| l < regions)
                .map(|l| (sums[l].ssd_with(x) - sums[l].ssd(), l))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            match best {
                Some((_, l)) => {
                    labels[a] = l;
                    sums[l].add(problem, a);
                    false
                }
                None => true,
            }
        });
        if enclaves.is_empty() || enclaves.len() == before {
            break;
        }
    }
    // Areas of a part of the graph without any region: one region per part, under the floor.
    let stranded = enclaves.len();
    if stranded > 0 {
        let (parts, _) = problem.graph.components();
        let mut part_region = std::collections::HashMap::new();
        for &a in &enclaves {
            let next = sums.len();
            let l = *part_region.entry(parts[a]).or_insert_with(|| {
                sums.push(Sums::empty(problem.p));
                next
            });
            labels[a] = l;
            sums[l].add(problem, a);
        }
    }
    Construction {
        regions,
        ssd: sums.iter().map(Sums::ssd).sum(),
        labels,
        stranded,
    }
}

pub(super) fn solve(
    problem: &Problem,
    seed: u64,
    iterations: usize,
) -> Result<(Vec<usize>, Vec<String>)> {
    let built: Vec<Construction> =
        crate::work::parallel(iterations, |it| construct(problem, seed, it as u64));
    check()?;
    let most = built.iter().map(|c| c.regions).max().unwrap_or(0);
    let mut best: Vec<&Construction> = built.iter().filter(|c| c.regions == most).collect();
    // Least SSD first; the first construction on ties (a stable sort).
    best.sort_by(|a, b| a.ssd.total_cmp(&b.ssd));
    best.truncate(IMPROVED);
    let mut notes = Vec::new();
    if let Some(c) = best.first() {
        if c.stranded > 0 {
            notes.push(format!(
                "{} area(s) in parts of the neighbour graph under the floor form regions of their own (below the floor)",
                c.stranded
            ));
        }
    }
    let improved: Vec<Option<local::Scored>> = crate::work::parallel(best.len(), |k| {
        let c = best[k];
        if c.stranded > 0 {
            // Regions under the floor would block every move's floor check: keep as built.
            return Some(Ok((c.ssd, c.labels.clone())));
        }
        Some(local::improve(problem, c.labels.clone()).map(|l| (problem.ssd(&l), l)))
    });
    check()?;
    let mut chosen: Option<(f64, Vec<usize>)> = None;
    for r in improved.into_iter().flatten() {
        let (ssd, labels) = r?;
        if chosen.as_ref().is_none_or(|(b, _)| ssd < *b) {
            chosen = Some((ssd, labels));
        }
    }
    let (_, labels) = chosen.ok_or_else(crate::Error::cancelled)?;
    Ok((labels, notes))
}
