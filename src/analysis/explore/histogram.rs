//! A histogram: k bins of equal width from the minimum to the maximum, counted exactly as
//! numpy's `histogram` counts them (the last bin closed), or the map's classes as bins.

use super::present;
use crate::error::{Error, Result};

/// Bins, their counts and the areas in each.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// k + 1 edges.
    pub edges: Vec<f64>,
    pub counts: Vec<usize>,
    /// The rows of the areas in each bin (for brushing a bar).
    pub rows: Vec<Vec<usize>>,
    /// Each area's bin (`None` when its value is missing).
    pub bin_of: Vec<Option<usize>>,
    pub missing: usize,
}

impl Histogram {
    /// How many of each bin's areas are in `selected` (for the brushed part of the bars).
    pub fn selected_counts(&self, selected: &dyn Fn(usize) -> bool) -> Vec<usize> {
        self.rows
            .iter()
            .map(|r| r.iter().filter(|&&i| selected(i)).count())
            .collect()
    }

    /// The bin holding `x` (for a click on the chart), if any.
    pub fn bin_at(&self, x: f64) -> Option<usize> {
        let k = self.counts.len();
        if k == 0 || x < self.edges[0] || x > self.edges[k] {
            return None;
        }
        Some((self.edges.partition_point(|e| *e <= x)).clamp(1, k) - 1)
    }
}

fn empty_error() -> Error {
    Error::input("there are no values to draw (all are missing)")
}

/// `k` bins of equal width between the minimum and the maximum (numpy's `histogram(a, k)`:
/// the same edges and the same bin for every value, the last bin closed on the right).
/// The most bins a histogram is given (refused before anything is allocated).
pub const MAX_BINS: usize = 10_000;

pub fn histogram(values: &[Option<f64>], k: usize) -> Result<Histogram> {
    if k == 0 {
        return Err(Error::input("a histogram needs at least one bin"));
    }
    if k > MAX_BINS {
        return Err(Error::input(format!(
            "{k} bins are more than {MAX_BINS}: a histogram of more bins than a page has points shows nothing more"
        )));
    }
    let v = present(values);
    if v.is_empty() {
        return Err(empty_error());
    }
    let (mut first, mut last) = v
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, x)| {
            (a.min(*x), b.max(*x))
        });
    if first == last {
        first -= 0.5;
        last += 0.5;
    }
    // numpy.linspace: i · step + start, the last edge exactly `last`.
    let step = (last - first) / k as f64;
    let mut edges: Vec<f64> = (0..=k).map(|i| i as f64 * step + first).collect();
    edges[k] = last;
    let denom = last - first;
    let mut bin_of = vec![None; values.len()];
    let mut rows = vec![Vec::new(); k];
    for (i, x) in v {
        // numpy's `_search_sorted_inclusive`-free fast path for equal bins.
        let mut b = (((x - first) / denom) * k as f64) as usize;
        if b == k {
            b -= 1;
        }
        if x < edges[b] {
            b = b.saturating_sub(1);
        } else if b != k - 1 && x >= edges[b + 1] {
            b += 1;
        }
        bin_of[i] = Some(b);
        rows[b].push(i);
    }
    Ok(Histogram {
        counts: rows.iter().map(Vec::len).collect(),
        edges,
        rows,
        bin_of,
        missing: values.len() - values.iter().flatten().filter(|v| v.is_finite()).count(),
    })
}

/// The map's classes as bins: `class` gives each area's class (as the map colours it), `edges`
/// the classes' bounds with the minimum first (k + 1 of them).
pub fn histogram_by_classes(
    values: &[Option<f64>],
    class: &[Option<usize>],
    edges: Vec<f64>,
) -> Result<Histogram> {
    let k = edges.len().saturating_sub(1);
    if k == 0 {
        return Err(empty_error());
    }
    let mut bin_of = vec![None; values.len()];
    let mut rows = vec![Vec::new(); k];
    for (i, v) in values.iter().enumerate() {
        if let (Some(_), Some(Some(c))) = (v.filter(|v| v.is_finite()), class.get(i)) {
            let c = (*c).min(k - 1);
            bin_of[i] = Some(c);
            rows[c].push(i);
        }
    }
    Ok(Histogram {
        counts: rows.iter().map(Vec::len).collect(),
        missing: values.len() - rows.iter().map(Vec::len).sum::<usize>(),
        edges,
        rows,
        bin_of,
    })
}
