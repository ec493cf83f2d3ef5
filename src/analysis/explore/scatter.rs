//! A scatter plot's line: ordinary least squares y = a + b·x, Pearson's r and the number of
//! areas with both values; for all areas, or for some (the selection against the rest).

use crate::error::{Error, Result};

/// A least-squares line and the correlation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub n: usize,
    pub slope: f64,
    pub intercept: f64,
    /// Pearson's correlation (NaN when x or y does not vary).
    pub r: f64,
}

/// The areas with both values, as (row, x, y); the count of areas missing one or both.
pub fn scatter_pairs(x: &[Option<f64>], y: &[Option<f64>]) -> (Vec<(usize, f64, f64)>, usize) {
    let pairs: Vec<(usize, f64, f64)> = x
        .iter()
        .zip(y)
        .enumerate()
        .filter_map(|(i, (a, b))| match (a, b) {
            (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((i, *a, *b)),
            _ => None,
        })
        .collect();
    let missing = x.len().max(y.len()) - pairs.len();
    (pairs, missing)
}

/// The line through the pairs; an error when fewer than two areas or x does not vary.
pub fn fit(pairs: &[(usize, f64, f64)]) -> Result<Fit> {
    fit_rows(pairs, &|_| true)
}

/// The line through the pairs whose row passes `keep` (the selection, or the rest).
pub fn fit_rows(pairs: &[(usize, f64, f64)], keep: &dyn Fn(usize) -> bool) -> Result<Fit> {
    let (mut n, mut sx, mut sy) = (0usize, 0.0, 0.0);
    for &(i, x, y) in pairs {
        if keep(i) {
            n += 1;
            sx += x;
            sy += y;
        }
    }
    if n < 2 {
        return Err(Error::input(format!(
            "a line needs at least two areas with both values; there are {n}"
        )));
    }
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for &(i, x, y) in pairs {
        if keep(i) {
            sxx += (x - mx) * (x - mx);
            syy += (y - my) * (y - my);
            sxy += (x - mx) * (y - my);
        }
    }
    if sxx == 0.0 {
        return Err(Error::input(
            "x has the same value in every area: there is no line to fit",
        ));
    }
    let slope = sxy / sxx;
    Ok(Fit {
        n,
        slope,
        intercept: my - slope * mx,
        r: sxy / (sxx * syy).sqrt(),
    })
}
