//! Parallel coordinates: one axis per variable, one line per area; raw values or standardised
//! (z = (x − mean) / sd with the sample standard deviation, n − 1, as pandas). Areas missing any
//! of the variables are left out and counted.

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// The rows of the areas drawn (with every variable).
    pub rows: Vec<usize>,
    /// values[axis][k]: the value of area `rows[k]` on the axis (standardised when asked).
    pub values: Vec<Vec<f64>>,
    /// Per axis: the raw mean and sample standard deviation.
    pub mean: Vec<f64>,
    pub sd: Vec<f64>,
    /// Per axis: the range drawn (of the values shown).
    pub range: Vec<(f64, f64)>,
    pub standardised: bool,
    pub missing: usize,
}

impl Parallel {
    /// The areas whose value on `axis` lies in [lo, hi] (brushing along an axis).
    pub fn rows_between(&self, axis: usize, lo: f64, hi: f64) -> Vec<usize> {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        self.values.get(axis).map_or_else(Vec::new, |v| {
            v.iter()
                .zip(&self.rows)
                .filter(|(x, _)| **x >= lo && **x <= hi)
                .map(|(_, r)| *r)
                .collect()
        })
    }
}

/// Parallel coordinates of 2–10 variables (each a column of values per area).
pub fn parallel(vars: &[Vec<Option<f64>>], standardised: bool) -> Result<Parallel> {
    if !(2..=10).contains(&vars.len()) {
        return Err(Error::input(format!(
            "parallel coordinates need 2 to 10 variables; got {}",
            vars.len()
        )));
    }
    let n = vars[0].len();
    let rows: Vec<usize> = (0..n)
        .filter(|&i| {
            vars.iter()
                .all(|v| v.get(i).copied().flatten().is_some_and(f64::is_finite))
        })
        .collect();
    if rows.len() < 2 {
        return Err(Error::input(format!(
            "parallel coordinates need at least two areas with every variable; there are {}",
            rows.len()
        )));
    }
    let (mut values, mut mean, mut sd, mut range) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for v in vars {
        let raw: Vec<f64> = rows.iter().map(|&i| v[i].unwrap_or(f64::NAN)).collect();
        let m = raw.iter().sum::<f64>() / raw.len() as f64;
        let s = (raw.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (raw.len() - 1) as f64).sqrt();
        let shown: Vec<f64> = if standardised {
            raw.iter()
                .map(|x| if s > 0.0 { (x - m) / s } else { 0.0 })
                .collect()
        } else {
            raw
        };
        let r = shown
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                (a.min(*x), b.max(*x))
            });
        values.push(shown);
        mean.push(m);
        sd.push(s);
        range.push(r);
    }
    Ok(Parallel {
        missing: n - rows.len(),
        rows,
        values,
        mean,
        sd,
        range,
        standardised,
    })
}
