//! Segregation of ordered categories (income classes, education levels), which PySAL lacks:
//! Reardon's (2009) ordinal information theory index Λ_T and the rank-order information theory
//! index H^R (Reardon, Firebaugh, O'Sullivan & Matthews 2006; Reardon & Bischoff 2011). The
//! groups are given in order, lowest first.
//!
//! Λ_T: with c_k the share of people in categories ≤ k and f(c) = −c log₂ c − (1−c) log₂(1−c),
//! the ordinal variation is v = Σ_{k<K} f(c_k)/(K−1) (v_j within unit j), and
//! Λ_T = Σ_j t_j (v − v_j)/(T v).
//!
//! H^R: at each threshold k the binary entropy index H(p_k) of "≤ k" against "> k" (p_k the
//! share of people at or below it) is fitted by a polynomial Ĥ(p) of degree min(4, K−2), weighted
//! by E(p_k)², and H^R = 2 ln 2 ∫₀¹ E(p) Ĥ(p) dp, integrated exactly:
//! 2 ln 2 ∫ E(p) p^m dp = 2 [1/(m+2)² + Σ_{n≤m} C(m,n) (−1)ⁿ/(n+2)²].

use super::multi::Groups;
use super::single::{self, SingleGroup};

fn entropy2(c: f64) -> f64 {
    let h = |p: f64| if p <= 0.0 { 0.0 } else { -p * p.log2() };
    h(c) + h(1.0 - c)
}

/// Cumulative shares at the K−1 thresholds of a row of counts.
fn cumulative(row: &[f64]) -> Vec<f64> {
    let t: f64 = row.iter().sum();
    let mut acc = 0.0;
    row[..row.len().saturating_sub(1)]
        .iter()
        .map(|v| {
            acc += v;
            if t > 0.0 {
                acc / t
            } else {
                0.0
            }
        })
        .collect()
}

fn variation(row: &[f64]) -> f64 {
    let c = cumulative(row);
    c.iter().map(|c| entropy2(*c)).sum::<f64>() / c.len().max(1) as f64
}

fn totals(g: &Groups) -> (Vec<f64>, Vec<f64>) {
    let k = g.k();
    let t: Vec<f64> = g.counts.iter().map(|r| r.iter().sum()).collect();
    let all: Vec<f64> = (0..k)
        .map(|c| g.counts.iter().map(|r| r[c]).sum())
        .collect();
    (t, all)
}

/// Reardon's ordinal information theory index Λ_T.
pub fn ordinal_information(g: &Groups) -> f64 {
    let (t, all) = totals(g);
    let v = variation(&all);
    let total: f64 = t.iter().sum();
    g.counts
        .iter()
        .zip(&t)
        .map(|(row, tj)| tj * (v - variation(row)))
        .sum::<f64>()
        / (total * v)
}

/// Solve a small linear system (Gaussian elimination with partial pivoting).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let f = a[row][col] / pivot_row[col];
            for (v, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *v -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

fn binomial(m: usize, n: usize) -> f64 {
    (0..n).fold(1.0, |acc, i| acc * (m - i) as f64 / (i + 1) as f64)
}

/// 2 ln 2 ∫₀¹ E(p) p^m dp.
fn moment(m: usize) -> f64 {
    let tail: f64 = (0..=m)
        .map(|n| binomial(m, n) * if n % 2 == 0 { 1.0 } else { -1.0 } / ((n + 2) * (n + 2)) as f64)
        .sum();
    2.0 * (1.0 / ((m + 2) * (m + 2)) as f64 + tail)
}

/// The rank-order information theory index H^R.
pub fn rank_order_information(g: &Groups) -> f64 {
    let (t, all) = totals(g);
    let k = all.len();
    if k < 2 {
        return f64::NAN;
    }
    let p = cumulative(&all);
    let h: Vec<f64> = (0..k - 1)
        .map(|thr| {
            let x: Vec<f64> = g.counts.iter().map(|r| r[..=thr].iter().sum()).collect();
            single::entropy(&SingleGroup {
                x: &x,
                t: &t,
                area: None,
            })
        })
        .collect();
    let degree = 4.min(k - 2);
    // Weighted least squares: Σ w (h − Σ β_m p^m)², w = E(p)².
    let mut a = vec![vec![0.0; degree + 1]; degree + 1];
    let mut b = vec![0.0; degree + 1];
    for (pk, hk) in p.iter().zip(&h) {
        let w = entropy2(*pk).powi(2);
        for (r, (row, br)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
            *br += w * pk.powi(r as i32) * hk;
            for (c, v) in row.iter_mut().enumerate() {
                *v += w * pk.powi((r + c) as i32);
            }
        }
    }
    match solve(a, b) {
        Some(beta) => beta.iter().enumerate().map(|(m, b)| b * moment(m)).sum(),
        None => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(rows: &[&[f64]]) -> Groups {
        Groups {
            counts: rows.iter().map(|r| r.to_vec()).collect(),
        }
    }

    #[test]
    fn complete_and_no_segregation() {
        // Each unit holds one category: complete ordinal segregation.
        let full = groups(&[
            &[10.0, 0.0, 0.0, 0.0],
            &[0.0, 20.0, 0.0, 0.0],
            &[0.0, 0.0, 5.0, 0.0],
            &[0.0, 0.0, 0.0, 8.0],
        ]);
        assert!((ordinal_information(&full) - 1.0).abs() < 1e-12);
        assert!((rank_order_information(&full) - 1.0).abs() < 1e-12);
        // Every unit has the region's distribution: none.
        let none = groups(&[&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0], &[10.0, 20.0, 30.0]]);
        assert!(ordinal_information(&none).abs() < 1e-12);
        assert!(rank_order_information(&none).abs() < 1e-12);
        // ∫ E(p) dp = 1/(2 ln 2): the constant's moment is 1.
        assert!((moment(0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn two_categories_reduce_to_theils_h() {
        let g = groups(&[&[30.0, 10.0], &[5.0, 45.0], &[20.0, 20.0]]);
        let x = [30.0, 5.0, 20.0];
        let t = [40.0, 50.0, 40.0];
        let h = single::entropy(&SingleGroup {
            x: &x,
            t: &t,
            area: None,
        });
        assert!((rank_order_information(&g) - h).abs() < 1e-12);
        // Λ_T with two categories is also Theil's H (one threshold, the same entropy).
        assert!((ordinal_information(&g) - h).abs() < 1e-12);
    }

    #[test]
    fn moments_match_numerical_integration() {
        for m in 0..5 {
            let n = 200_000;
            let s: f64 = (0..n)
                .map(|i| {
                    let p = (i as f64 + 0.5) / n as f64;
                    entropy2(p) * p.powi(m as i32)
                })
                .sum::<f64>()
                / n as f64;
            assert!(
                (2.0 * std::f64::consts::LN_2 * s - moment(m)).abs() < 1e-6,
                "{m}"
            );
        }
    }
}
