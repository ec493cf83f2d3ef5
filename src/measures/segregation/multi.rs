//! Multigroup indices with PySAL `segregation`'s definitions. Unit i has counts n_ik of K groups,
//! total t_i = Σ_k n_ik (the sum of the listed groups), shares p_ik; P_k = N_k/T,
//! I = Σ_k P_k(1 − P_k), E = −Σ_k P_k ln P_k.

/// Counts per unit and group: `counts[i][k]`.
pub struct Groups {
    pub counts: Vec<Vec<f64>>,
}

struct Setup {
    t: Vec<f64>,
    total: f64,
    p: Vec<Vec<f64>>,
    pk: Vec<f64>,
}

impl Groups {
    fn setup(&self) -> Setup {
        let k = self.counts.first().map_or(0, Vec::len);
        let t: Vec<f64> = self.counts.iter().map(|r| r.iter().sum()).collect();
        let total: f64 = t.iter().sum();
        let pk = (0..k)
            .map(|g| self.counts.iter().map(|r| r[g]).sum::<f64>() / total)
            .collect();
        let p = self
            .counts
            .iter()
            .zip(&t)
            .map(|(r, ti)| {
                r.iter()
                    .map(|n| if *ti == 0.0 { 0.0 } else { n / ti })
                    .collect()
            })
            .collect();
        Setup { t, total, p, pk }
    }

    pub fn k(&self) -> usize {
        self.counts.first().map_or(0, Vec::len)
    }
}

fn interaction_i(pk: &[f64]) -> f64 {
    pk.iter().map(|p| p * (1.0 - p)).sum()
}

fn entropy_e(pk: &[f64]) -> f64 {
    -pk.iter()
        .filter(|p| **p > 0.0)
        .map(|p| p * p.ln())
        .sum::<f64>()
}

fn plogp_over(p: f64, q: f64) -> f64 {
    if p > 0.0 {
        p * (p / q).ln()
    } else {
        0.0
    }
}

pub fn multi_dissim(g: &Groups) -> f64 {
    let s = g.setup();
    let sum: f64 = (0..s.t.len())
        .map(|i| {
            s.t[i]
                * s.p[i]
                    .iter()
                    .zip(&s.pk)
                    .map(|(a, b)| (a - b).abs())
                    .sum::<f64>()
        })
        .sum();
    sum / (2.0 * s.total * interaction_i(&s.pk))
}

/// Multigroup Gini, O(K·n log n) by sorting each group's shares.
pub fn multi_gini(g: &Groups) -> f64 {
    let s = g.setup();
    let mut sum = 0.0;
    for k in 0..g.k() {
        let mut units: Vec<(f64, f64)> = (0..s.t.len()).map(|i| (s.p[i][k], s.t[i])).collect();
        units.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut w, mut sp) = (0.0, 0.0);
        for (pi, ti) in units {
            sum += 2.0 * ti * (pi * w - sp);
            w += ti;
            sp += ti * pi;
        }
    }
    sum / (2.0 * s.total * s.total * interaction_i(&s.pk))
}

pub fn multi_norm_exposure(g: &Groups) -> f64 {
    let s = g.setup();
    (0..s.t.len())
        .map(|i| {
            s.t[i]
                * s.p[i]
                    .iter()
                    .zip(&s.pk)
                    .map(|(a, b)| (a - b).powi(2) / (1.0 - b))
                    .sum::<f64>()
        })
        .sum::<f64>()
        / s.total
}

/// Theil's M (multigroup divergence): Σ_i (t_i/T) Σ_k p_ik ln(p_ik/P_k).
pub fn multi_divergence(g: &Groups) -> f64 {
    let s = g.setup();
    (0..s.t.len())
        .map(|i| {
            s.t[i] / s.total
                * s.p[i]
                    .iter()
                    .zip(&s.pk)
                    .map(|(a, b)| plogp_over(*a, *b))
                    .sum::<f64>()
        })
        .sum()
}

/// Theil's information theory index H = M / E.
pub fn multi_info_theory(g: &Groups) -> f64 {
    multi_divergence(g) / entropy_e(&g.setup().pk)
}

pub fn multi_relative_diversity(g: &Groups) -> f64 {
    let s = g.setup();
    (0..s.t.len())
        .map(|i| {
            s.t[i]
                * s.p[i]
                    .iter()
                    .zip(&s.pk)
                    .map(|(a, b)| (a - b).powi(2))
                    .sum::<f64>()
        })
        .sum::<f64>()
        / (s.total * interaction_i(&s.pk))
}

pub fn multi_squared_coef_var(g: &Groups) -> f64 {
    let s = g.setup();
    let k = g.k() as f64;
    (0..s.t.len())
        .map(|i| {
            s.t[i]
                * s.p[i]
                    .iter()
                    .zip(&s.pk)
                    .map(|(a, b)| (a - b).powi(2) / ((k - 1.0) * b))
                    .sum::<f64>()
        })
        .sum::<f64>()
        / s.total
}

/// Diversity E = −Σ P_k ln P_k (PySAL's value, not normalised by ln K).
pub fn multi_diversity(g: &Groups) -> f64 {
    entropy_e(&g.setup().pk)
}

pub fn simpsons_concentration(g: &Groups) -> f64 {
    g.setup().pk.iter().map(|p| p * p).sum()
}

pub fn simpsons_interaction(g: &Groups) -> f64 {
    interaction_i(&g.setup().pk)
}

/// Local indices per unit: location quotients (per group), diversity, entropy and Simpson's.
pub mod local {
    use super::Groups;

    /// LQ_ik = p_ik / P_k.
    pub fn location_quotient(g: &Groups) -> Vec<Vec<f64>> {
        let s = g.setup();
        s.p.iter()
            .map(|r| r.iter().zip(&s.pk).map(|(a, b)| a / b).collect())
            .collect()
    }

    /// −Σ_k p_ik ln p_ik.
    pub fn diversity(g: &Groups) -> Vec<f64> {
        g.setup()
            .p
            .iter()
            .map(|r| {
                -r.iter()
                    .filter(|p| **p > 0.0)
                    .map(|p| p * p.ln())
                    .sum::<f64>()
            })
            .collect()
    }

    /// Diversity / ln K.
    pub fn entropy(g: &Groups) -> Vec<f64> {
        let k = (g.k() as f64).ln();
        diversity(g).into_iter().map(|d| d / k).collect()
    }

    pub fn simpson_concentration(g: &Groups) -> Vec<f64> {
        g.setup()
            .p
            .iter()
            .map(|r| r.iter().map(|p| p * p).sum())
            .collect()
    }

    pub fn simpson_interaction(g: &Groups) -> Vec<f64> {
        g.setup()
            .p
            .iter()
            .map(|r| r.iter().map(|p| p * (1.0 - p)).sum())
            .collect()
    }
}
