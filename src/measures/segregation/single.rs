//! Single-group indices (one group against the rest of a total), with PySAL `segregation`'s
//! definitions: unit i has group count x_i and total t_i, share p_i = x_i/t_i (0 when t_i = 0);
//! X, T and P = X/T are the totals.

/// One group in every unit, and the units' totals (and areas, for indices that need them).
pub struct SingleGroup<'a> {
    pub x: &'a [f64],
    pub t: &'a [f64],
    pub area: Option<&'a [f64]>,
}

impl SingleGroup<'_> {
    fn sums(&self) -> (f64, f64, f64) {
        let x: f64 = self.x.iter().sum();
        let t: f64 = self.t.iter().sum();
        (x, t, x / t)
    }

    fn share(&self, i: usize) -> f64 {
        if self.t[i] == 0.0 {
            0.0
        } else {
            self.x[i] / self.t[i]
        }
    }
}

/// Dissimilarity D = Σ t_i |p_i − P| / (2 T P (1 − P)).
pub fn dissim(g: &SingleGroup) -> f64 {
    let (_, t, p) = g.sums();
    (0..g.x.len())
        .map(|i| g.t[i] * (g.share(i) - p).abs())
        .sum::<f64>()
        / (2.0 * t * p * (1.0 - p))
}

/// Gini G = Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P)), in O(n log n) by sorting shares.
pub fn gini(g: &SingleGroup) -> f64 {
    let (_, t, p) = g.sums();
    let mut units: Vec<(f64, f64)> = (0..g.x.len()).map(|i| (g.share(i), g.t[i])).collect();
    units.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut w_before, mut s_before, mut sum) = (0.0, 0.0, 0.0);
    for (pi, ti) in units {
        sum += ti * (pi * w_before - s_before);
        w_before += ti;
        s_before += ti * pi;
    }
    2.0 * sum / (2.0 * t * t * p * (1.0 - p))
}

fn binary_entropy(p: f64) -> f64 {
    let term = |q: f64| if q > 0.0 { q * (1.0 / q).ln() } else { 0.0 };
    term(p) + term(1.0 - p)
}

/// Entropy (information theory) H = Σ t_i (E − E_i) / (E T).
pub fn entropy(g: &SingleGroup) -> f64 {
    let (_, t, p) = g.sums();
    let e = binary_entropy(p);
    (0..g.x.len())
        .map(|i| g.t[i] * (e - binary_entropy(g.share(i))))
        .sum::<f64>()
        / (e * t)
}

/// Atkinson with b = 0.5: 1 − P/(1−P) · |Σ (1−p_i)^(1−b) p_i^b t_i / (P T)|^(1/(1−b)).
pub fn atkinson(g: &SingleGroup) -> f64 {
    let (_, t, p) = g.sums();
    let b = 0.5;
    let s: f64 = (0..g.x.len())
        .map(|i| (1.0 - g.share(i)).powf(1.0 - b) * g.share(i).powf(b) * g.t[i] / (p * t))
        .sum();
    1.0 - p / (1.0 - p) * s.abs().powf(1.0 / (1.0 - b))
}

/// Isolation xPx = Σ (x_i/X)(x_i/t_i).
pub fn isolation(g: &SingleGroup) -> f64 {
    let (x, _, _) = g.sums();
    (0..g.x.len()).map(|i| g.x[i] / x * g.share(i)).sum()
}

/// Interaction xPy = Σ (x_i/X)(y_i/t_i).
pub fn interaction(g: &SingleGroup) -> f64 {
    let (x, _, _) = g.sums();
    (0..g.x.len())
        .map(|i| {
            if g.t[i] == 0.0 {
                0.0
            } else {
                g.x[i] / x * (g.t[i] - g.x[i]) / g.t[i]
            }
        })
        .sum()
}

/// Correlation ratio V = (xPx − P)/(1 − P).
pub fn correlation_r(g: &SingleGroup) -> f64 {
    let (_, _, p) = g.sums();
    (isolation(g) - p) / (1.0 - p)
}

/// Concentration profile R (Hong and Sadahiro) on 1,000 thresholds.
pub fn con_prof(g: &SingleGroup) -> f64 {
    let (x, _, p) = g.sums();
    let m = 1000;
    // The units by share, with the group's count at or above each: a threshold's sum is then
    // one lookup as the thresholds rise (not a pass over all units each).
    // Shares that are not numbers (an empty unit) are at no threshold.
    let mut units: Vec<(f64, f64)> = (0..g.x.len())
        .map(|i| (g.share(i), g.x[i]))
        .filter(|u| !u.0.is_nan())
        .collect();
    units.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut at_or_above = vec![0.0; units.len() + 1];
    for k in (0..units.len()).rev() {
        at_or_above[k] = at_or_above[k + 1] + units[k].1;
    }
    let mut first = 0;
    let (mut below, mut above) = (0.0, 0.0);
    for s in 0..m {
        let theta = s as f64 / (m - 1) as f64;
        while first < units.len() && units[first].0 < theta {
            first += 1;
        }
        let v = at_or_above[first] / x;
        if theta < p {
            below += v;
        } else {
            above += v;
        }
    }
    (p - (below / m as f64 - above / m as f64)) / (1.0 - p)
}

/// Delta DEL = ½ Σ |x_i/X − a_i/A| (areas in the layer's own units, as PySAL).
pub fn delta(g: &SingleGroup) -> Option<f64> {
    let area = g.area?;
    let (x, _, _) = g.sums();
    let a: f64 = area.iter().sum();
    Some(
        0.5 * (0..g.x.len())
            .map(|i| (g.x[i] / x - area[i] / a).abs())
            .sum::<f64>(),
    )
}
