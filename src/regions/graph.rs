//! The neighbour graph regions are built on: undirected (a link either way in the weights is a
//! link), without self-links, neighbours sorted; with the areas' centroids when known, to link a
//! part of the graph to its nearest part.

use crate::spatial::weights::Weights;
use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    adj: Vec<Vec<u32>>,
    /// Centroids in a projected CRS (for bridging parts), if known.
    points: Option<Vec<[f64; 2]>>,
}

impl Graph {
    /// The undirected graph of weights (KNN's one-way links become two-way, as contiguity).
    pub fn from_weights(w: &Weights) -> Graph {
        Graph::from_lists((0..w.n).map(|i| w.neighbors_of(i).to_vec()).collect())
    }

    /// A graph from neighbour lists (made symmetric).
    pub fn from_lists(mut adj: Vec<Vec<u32>>) -> Graph {
        let n = adj.len();
        for i in 0..n {
            let js = adj[i].clone();
            for j in js {
                if (j as usize) < n && j as usize != i {
                    adj[j as usize].push(i as u32);
                }
            }
        }
        for (i, list) in adj.iter_mut().enumerate() {
            list.retain(|&j| j as usize != i && (j as usize) < n);
            list.sort_unstable();
            list.dedup();
        }
        Graph { adj, points: None }
    }

    /// The same graph, knowing the areas' centroids.
    pub fn with_points(mut self, points: Vec<[f64; 2]>) -> Graph {
        if points.len() == self.adj.len() {
            self.points = Some(points);
        }
        self
    }

    pub fn points(&self) -> Option<&[[f64; 2]]> {
        self.points.as_deref()
    }

    pub fn len(&self) -> usize {
        self.adj.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    pub fn neighbours(&self, i: usize) -> &[u32] {
        &self.adj[i]
    }

    pub fn degree(&self, i: usize) -> usize {
        self.adj[i].len()
    }

    /// Add a link both ways.
    pub fn link(&mut self, a: usize, b: usize) {
        if a != b && !self.adj[a].contains(&(b as u32)) {
            self.adj[a].push(b as u32);
            self.adj[a].sort_unstable();
            self.adj[b].push(a as u32);
            self.adj[b].sort_unstable();
        }
    }

    /// Every link once, `(i, j)` with `i < j`, in order.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.adj.iter().enumerate().flat_map(|(i, list)| {
            list.iter()
                .filter(move |&&j| (j as usize) > i)
                .map(move |&j| (i, j as usize))
        })
    }

    /// The connected part of each area (numbered from 0 by their first area) and their number.
    pub fn components(&self) -> (Vec<usize>, usize) {
        let n = self.len();
        let mut part = vec![usize::MAX; n];
        let mut count = 0;
        let mut queue = VecDeque::new();
        for start in 0..n {
            if part[start] != usize::MAX {
                continue;
            }
            part[start] = count;
            queue.push_back(start);
            while let Some(i) = queue.pop_front() {
                for &j in &self.adj[i] {
                    if part[j as usize] == usize::MAX {
                        part[j as usize] = count;
                        queue.push_back(j as usize);
                    }
                }
            }
            count += 1;
        }
        (part, count)
    }

    /// Whether the areas labelled `region` stay connected without area `without`
    /// (`members` of the region counted, `without` among them).
    pub fn connected_without(
        &self,
        labels: &[usize],
        region: usize,
        members: usize,
        without: usize,
        seen: &mut Vec<u32>,
        stamp: u32,
    ) -> bool {
        if members <= 2 {
            return members >= 1;
        }
        let Some(&start) = self.adj[without]
            .iter()
            .find(|&&j| labels[j as usize] == region)
        else {
            return false;
        };
        if seen.len() < self.len() {
            seen.resize(self.len(), 0);
        }
        seen[without] = stamp;
        seen[start as usize] = stamp;
        let mut stack = vec![start as usize];
        let mut reached = 1;
        while let Some(i) = stack.pop() {
            for &j in &self.adj[i] {
                let j = j as usize;
                if labels[j] == region && seen[j] != stamp {
                    seen[j] = stamp;
                    reached += 1;
                    stack.push(j);
                }
            }
        }
        reached == members - 1
    }

    /// Whether every region of a labelling is connected in the graph.
    pub fn regions_connected(&self, labels: &[usize]) -> bool {
        let count = labels.iter().copied().max().map_or(0, |m| m + 1);
        let mut first = vec![usize::MAX; count];
        let mut size = vec![0usize; count];
        for (i, &l) in labels.iter().enumerate() {
            size[l] += 1;
            if first[l] == usize::MAX {
                first[l] = i;
            }
        }
        let mut seen = vec![false; self.len()];
        for r in 0..count {
            if first[r] == usize::MAX {
                continue;
            }
            let mut stack = vec![first[r]];
            seen[first[r]] = true;
            let mut reached = 1;
            while let Some(i) = stack.pop() {
                for &j in &self.adj[i] {
                    let j = j as usize;
                    if labels[j] == r && !seen[j] {
                        seen[j] = true;
                        reached += 1;
                        stack.push(j);
                    }
                }
            }
            if reached != size[r] {
                return false;
            }
        }
        true
    }
}
