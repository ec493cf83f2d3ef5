//! Classification of a variable into classes for a choropleth, and the colours of the classes.
//!
//! Conventions follow mapclassify: bins are right-closed upper bounds and the last bin is the
//! maximum. Missing values belong to no class ("saknas") and are drawn apart.

/// Upper bounds of `k` quantile classes (numpy's linear interpolation), duplicates removed.
pub fn quantiles(values: &[Option<f64>], k: usize) -> Vec<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() || k == 0 {
        return Vec::new();
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let mut bins: Vec<f64> = (1..=k)
        .map(|i| {
            let pos = (n - 1) as f64 * i as f64 / k as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
        })
        .collect();
    bins.dedup_by(|a, b| a == b);
    bins
}

/// The class of a value given upper bounds (right-closed); `None` for a missing value.
pub fn class_of(value: Option<f64>, bins: &[f64]) -> Option<usize> {
    let v = value?;
    let i = bins
        .iter()
        .position(|b| v <= *b)
        .unwrap_or(bins.len().saturating_sub(1));
    Some(i)
}

/// Count of values per class.
pub fn counts(values: &[Option<f64>], bins: &[f64]) -> Vec<usize> {
    let mut c = vec![0; bins.len()];
    for v in values {
        if let Some(i) = class_of(*v, bins) {
            c[i] += 1;
        }
    }
    c
}

/// A sequential palette (ColorBrewer YlOrRd, light to dark) with `k` colours as RGB.
pub fn sequential(k: usize) -> Vec<[u8; 3]> {
    const RAMP: [[u8; 3]; 7] = [
        [255, 255, 178],
        [254, 217, 118],
        [254, 178, 76],
        [253, 141, 60],
        [252, 78, 42],
        [227, 26, 28],
        [177, 0, 38],
    ];
    if k <= 1 {
        return vec![RAMP[3]; k];
    }
    (0..k)
        .map(|i| {
            let t = i as f64 / (k - 1) as f64 * (RAMP.len() - 1) as f64;
            let (lo, hi) = (t.floor() as usize, t.ceil() as usize);
            let f = t - lo as f64;
            let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
            [
                mix(RAMP[lo][0], RAMP[hi][0]),
                mix(RAMP[lo][1], RAMP[hi][1]),
                mix(RAMP[lo][2], RAMP[hi][2]),
            ]
        })
        .collect()
}

/// The colour of missing values.
pub const MISSING: [u8; 3] = [200, 200, 200];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_quantiles() {
        let v: Vec<Option<f64>> = [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().map(Some).collect();
        assert_eq!(quantiles(&v, 4), vec![2.0, 3.0, 4.0, 5.0]);
        let with_missing = [Some(1.0), None, Some(3.0)];
        assert_eq!(quantiles(&with_missing, 2), vec![2.0, 3.0]);
        assert_eq!(class_of(None, &[1.0]), None);
        assert_eq!(counts(&v, &[2.0, 3.0, 4.0, 5.0]), vec![2, 1, 1, 1]);
    }

    #[test]
    fn palette_ends_are_the_ramp_ends() {
        let p = sequential(5);
        assert_eq!(p[0], [255, 255, 178]);
        assert_eq!(p[4], [177, 0, 38]);
    }
}
