//! The classification schemes, with mapclassify's names and semantics: bins are right-closed
//! upper bounds; percentiles use linear interpolation (numpy/scipy's default).
//!
//! Every function takes the non-missing values sorted ascending.

/// Percentile `p` (0–100) of sorted values, linear interpolation between closest ranks.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let pos = (n - 1) as f64 * p / 100.0;
    let lo = pos.floor() as usize;
    let hi = (pos.ceil() as usize).min(n - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn unique(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// `quantiles`: the k quantiles, repeated bounds collapsed.
pub fn quantiles(sorted: &[f64], k: usize) -> Vec<f64> {
    let w = 100.0 / k as f64;
    let bins = (1..=k)
        .map(|i| percentile(sorted, (w * i as f64).min(100.0)))
        .collect();
    unique(bins)
}

/// `equal-interval`: k classes of equal width from the minimum; the last bound is the maximum.
pub fn equal_interval(sorted: &[f64], k: usize) -> Vec<f64> {
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    let width = (max - min) / k as f64;
    let mut bins: Vec<f64> = (0..k).map(|i| min + width + width * i as f64).collect();
    if let Some(last) = bins.last_mut() {
        *last = max;
    }
    bins
}

/// `fisher-jenks`: Fisher's exact optimal partition minimising within-class squared deviations
/// (dynamic programming; each class's row found by divide and conquer over the monotone best
/// split, O(k·n·log n) instead of Jenks' O(k·n²), the same optimum: tested against the
/// quadratic version); bins are the maxima of the classes. Progress goes to the
/// control of the work on this thread (see [`crate::work::under`]); once that is cancelled the
/// rows left are skipped and the bins are to be dropped (the app's restyle job, Ctrl-C).
pub fn fisher_jenks(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let k = k.min(n);
    if k == 0 {
        return Vec::new();
    }
    // Sums of the values less their mean (centred: the sums of squares stay small, so the
    // differences that pick a split are not lost to rounding), for any class's SSD in O(1).
    let mean = sorted.iter().sum::<f64>() / n as f64;
    let (mut s1, mut s2) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    for (i, v) in sorted.iter().enumerate() {
        let d = v - mean;
        s1[i + 1] = s1[i] + d;
        s2[i + 1] = s2[i] + d * d;
    }
    // The within-class sum of squares of values i..=l (1-based).
    let ssd = |i: usize, l: usize| {
        let w = (l + 1 - i) as f64;
        let a = s1[l] - s1[i - 1];
        (s2[l] - s2[i - 1] - a * a / w).max(0.0)
    };
    // lower[j][l]: the first value (1-based) of the last class in the best split of the first l
    // values into j classes. cost: that split's SSD, for j − 1 classes (prev) and j (cur).
    let mut lower = vec![vec![1u32; n + 1]; k + 1];
    let mut prev: Vec<f64> = (0..=n)
        .map(|l| if l == 0 { 0.0 } else { ssd(1, l) })
        .collect();
    let mut evaluations = 0usize;
    for (j, last) in lower.iter_mut().enumerate().skip(2) {
        if crate::work::stopping() {
            return equal_interval(sorted, k);
        }
        crate::work::report_progress((j - 1) as f32 / k as f32);
        crate::work::tick();
        let mut cur = vec![f64::INFINITY; n + 1];
        // The best first value of the last class never moves left as l grows (SSD satisfies
        // the quadrangle inequality), so each row is found by divide and conquer: the middle
        // l's best split searched in the range its neighbours allow, O(n log n) a class.
        let mut stack = vec![(j, n, j, n)];
        while let Some((lo, hi, from, to)) = stack.pop() {
            if lo > hi {
                continue;
            }
            let mid = (lo + hi) / 2;
            let (mut best, mut at) = (f64::INFINITY, from);
            for i in from..=to.min(mid) {
                let c = prev[i - 1] + ssd(i, mid);
                // The first of equal splits, as the quadratic algorithm (and mapclassify) keeps.
                if c < best {
                    best = c;
                    at = i;
                }
            }
            evaluations += to.min(mid) + 1 - from.min(to.min(mid) + 1);
            if evaluations > 1 << 20 {
                evaluations = 0;
                if crate::work::stopping() {
                    return equal_interval(sorted, k);
                }
                crate::work::tick();
            }
            cur[mid] = best;
            last[mid] = at as u32;
            if mid > lo {
                stack.push((lo, mid - 1, from, at));
            }
            stack.push((mid + 1, hi, at, to));
        }
        prev = cur;
    }
    crate::work::report_progress(1.0);
    let mut bins = vec![0.0; k];
    bins[k - 1] = sorted[n - 1];
    let mut end = n;
    for j in (2..=k).rev() {
        let start = lower[j][end] as usize;
        bins[j - 2] = sorted[start - 2];
        end = start - 1;
    }
    bins
}

/// Fisher-Jenks as Jenks wrote it, O(k·n²): the reference the fast version is tested against.
#[cfg(test)]
pub fn fisher_jenks_quadratic(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let k = k.min(n);
    // lower[l][j]: first index (1-based) of the last class in the best split of the first l values
    // into j classes; cost[l][j]: its within-class sum of squares.
    let mut lower = vec![vec![0usize; k + 1]; n + 1];
    let mut cost = vec![vec![0.0f64; k + 1]; n + 1];
    for j in 1..=k {
        lower[1][j] = 1;
        for row in cost.iter_mut().skip(2) {
            row[j] = f64::INFINITY;
        }
    }
    for l in 2..=n {
        let (mut s1, mut s2, mut w) = (0.0, 0.0, 0.0);
        let mut v = 0.0;
        for m in 1..=l {
            let i3 = l - m + 1;
            let val = sorted[i3 - 1];
            s2 += val * val;
            s1 += val;
            w += 1.0;
            v = s2 - s1 * s1 / w;
            let i4 = i3 - 1;
            if i4 != 0 {
                for j in 2..=k {
                    if cost[l][j] >= v + cost[i4][j - 1] {
                        lower[l][j] = i3;
                        cost[l][j] = v + cost[i4][j - 1];
                    }
                }
            }
        }
        lower[l][1] = 1;
        cost[l][1] = v;
    }
    let mut bins = vec![0.0; k];
    bins[k - 1] = sorted[n - 1];
    let mut end = n;
    for j in (2..=k).rev() {
        let start = lower[end][j];
        bins[j - 2] = sorted[start - 2];
        end = start - 1;
    }
    bins
}

/// `box-plot`: lower fence, quartiles, upper fence (hinge × IQR), and the maximum when it lies
/// beyond the upper fence (outliers get a class of their own).
pub fn box_plot(sorted: &[f64], hinge: f64) -> Vec<f64> {
    let q1 = percentile(sorted, 25.0);
    let q2 = percentile(sorted, 50.0);
    let q3 = percentile(sorted, 75.0);
    let max = sorted[sorted.len() - 1];
    let iqr = q3 - q1;
    let (left, right) = (q1 - hinge * iqr, q3 + hinge * iqr);
    if right < max {
        vec![left, q1, q2, q3, right, max]
    } else {
        vec![left, q1, q2, q3, right]
    }
}

/// `std-mean`: mean + {−2, −1, 1, 2} sample standard deviations, and the maximum above them.
pub fn std_mean(sorted: &[f64]) -> Vec<f64> {
    let n = sorted.len() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let var = sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    let sd = var.sqrt();
    let mut bins: Vec<f64> = [-2.0, -1.0, 1.0, 2.0]
        .iter()
        .map(|m| mean + sd * m)
        .collect();
    let max = sorted[sorted.len() - 1];
    if bins[3] < max {
        bins.push(max);
    }
    bins
}

/// `percentiles`: the given percentiles (default 1, 10, 50, 90, 99, 100).
pub fn percentiles(sorted: &[f64], pct: &[f64]) -> Vec<f64> {
    pct.iter().map(|p| percentile(sorted, *p)).collect()
}

/// `head-tail`: means of ever smaller heads (values above the mean) while the head varies.
pub fn head_tail(sorted: &[f64]) -> Vec<f64> {
    let mut bins: Vec<f64> = Vec::new();
    let mut values: Vec<f64> = sorted.to_vec();
    loop {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        if bins.last() == Some(&mean) {
            break;
        }
        bins.push(mean);
        let varied = values.first() != values.last();
        values.retain(|v| *v > mean);
        if !varied || values.is_empty() {
            break;
        }
    }
    bins
}

/// `maximum-breaks`: breaks at the midpoints of the k−1 largest gaps between sorted values.
pub fn maximum_breaks(sorted: &[f64], k: usize) -> Vec<f64> {
    let mut gaps: Vec<(f64, usize)> = sorted
        .windows(2)
        .enumerate()
        .map(|(i, w)| (w[1] - w[0], i))
        .collect();
    gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bins: Vec<f64> = gaps
        .iter()
        .rev()
        .take(k.saturating_sub(1))
        .map(|&(_, i)| (sorted[i] + sorted[i + 1]) / 2.0)
        .collect();
    bins.push(sorted[sorted.len() - 1]);
    bins.sort_by(f64::total_cmp);
    bins
}

fn pretty_number(x: f64, rounded: bool) -> f64 {
    let exp = x.log10().floor();
    let f = x / 10f64.powf(exp);
    let nf = if rounded {
        match f {
            f if f < 1.5 => 1.0,
            f if f < 3.0 => 2.0,
            f if f < 7.0 => 5.0,
            _ => 10.0,
        }
    } else {
        match f {
            f if f <= 1.0 => 1.0,
            f if f <= 2.0 => 2.0,
            f if f <= 5.0 => 5.0,
            _ => 10.0,
        }
    };
    nf * 10f64.powf(exp)
}

/// `pretty`: round bounds (1, 2 or 5 times a power of ten) covering the range; the number of
/// classes may differ from k.
pub fn pretty(sorted: &[f64], k: usize) -> Vec<f64> {
    let (low, high) = (sorted[0], sorted[sorted.len() - 1]);
    if high == low {
        return vec![high];
    }
    let range = pretty_number(high - low, false);
    let d = pretty_number(range / (k.max(2) - 1) as f64, true);
    let start = (low / d).floor() * d;
    let stop = (high / d).ceil() * d + 0.5 * d;
    let n = ((stop - start) / d).ceil() as usize;
    (1..n).map(|i| start + d * i as f64).collect()
}

/// `user-defined`: the given bounds, with the maximum added when values lie above them.
pub fn user_defined(sorted: &[f64], bounds: &[f64]) -> Vec<f64> {
    let mut bins = unique(bounds.to_vec());
    let max = sorted[sorted.len() - 1];
    if bins.last().is_none_or(|b| *b < max) {
        bins.push(max);
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::rand_core::{Rng, SeedableRng};

    #[test]
    fn fast_fisher_jenks_equals_the_quadratic_optimum() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        for case in 0..60 {
            let n = 2 + (rng.next_u64() % 400) as usize;
            let mut v: Vec<f64> = (0..n)
                .map(|_| {
                    let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                    match case % 3 {
                        // Skewed like incomes, whole numbers with many ties, and plain uniform.
                        0 => (u * 3.0).exp() * 100.0,
                        1 => (u * 12.0).floor(),
                        _ => u * 1000.0 - 500.0,
                    }
                })
                .collect();
            v.sort_by(f64::total_cmp);
            let distinct = {
                let mut d = v.clone();
                d.dedup();
                d.len()
            };
            for k in 2..=7.min(distinct) {
                assert_eq!(
                    fisher_jenks(&v, k),
                    fisher_jenks_quadratic(&v, k),
                    "case {case}, n {n}, k {k}"
                );
            }
        }
    }
}
