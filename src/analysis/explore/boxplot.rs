//! A box plot's numbers: quartiles by linear interpolation (numpy's default percentile), the
//! mean, fences at q1 − h·IQR and q3 + h·IQR (mapclassify's box-plot with hinge h), whiskers at
//! the most extreme values inside the fences, and the outliers beyond them.

use super::present;
use crate::classify::schemes::percentile;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    pub n: usize,
    pub missing: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub mean: f64,
    pub hinge: f64,
    pub fence_low: f64,
    pub fence_high: f64,
    /// The smallest and largest values inside the fences (the whiskers' ends).
    pub whisker_low: f64,
    pub whisker_high: f64,
    /// The rows of areas beyond a fence, smallest value first.
    pub outliers: Vec<usize>,
    /// Their values, in the same order.
    pub outlier_values: Vec<f64>,
}

/// The box plot of `values` with fences at `hinge` × IQR.
pub fn box_plot(values: &[Option<f64>], hinge: f64) -> Result<BoxStats> {
    if !(hinge.is_finite() && hinge >= 0.0) {
        return Err(Error::input(format!(
            "the hinge must be a number ≥ 0 (1.5 or 3 as mapclassify's box plot); got {hinge}"
        )));
    }
    let mut v = present(values);
    if v.is_empty() {
        return Err(Error::input(
            "there are no values to draw (all are missing)",
        ));
    }
    v.sort_by(|a, b| a.1.total_cmp(&b.1));
    let sorted: Vec<f64> = v.iter().map(|p| p.1).collect();
    let (q1, median, q3) = (
        percentile(&sorted, 25.0),
        percentile(&sorted, 50.0),
        percentile(&sorted, 75.0),
    );
    let iqr = q3 - q1;
    let (fence_low, fence_high) = (q1 - hinge * iqr, q3 + hinge * iqr);
    let inside = || {
        sorted
            .iter()
            .copied()
            .filter(|x| *x >= fence_low && *x <= fence_high)
    };
    let (outliers, outlier_values) = v
        .iter()
        .filter(|(_, x)| *x < fence_low || *x > fence_high)
        .map(|&(i, x)| (i, x))
        .unzip();
    Ok(BoxStats {
        n: sorted.len(),
        missing: values.len() - sorted.len(),
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        q1,
        median,
        q3,
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
        hinge,
        fence_low,
        fence_high,
        whisker_low: inside().fold(f64::INFINITY, f64::min),
        whisker_high: inside().fold(f64::NEG_INFINITY, f64::max),
        outliers,
        outlier_values,
    })
}
