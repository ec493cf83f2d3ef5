//! Elbers' decomposition of a difference in Theil's M (the mutual information index) between two
//! tables of the same units and groups — two years of the same areas — into what the marginal
//! distributions explain and what the structure of the association explains (Elbers 2023, "A
//! method for studying differences in segregation across time and space", *Sociological Methods
//! & Research* 52(1)).
//!
//! A table's *structure* is what stays when its margins are changed by iterative proportional
//! fitting (its odds ratios); its *unit marginal* is how the persons spread over the units and
//! its *group marginal* the groups' sizes. With v(s, u, g) = M of table s fitted to the unit
//! margins of table u and the group margins of table g (v(1,1,1) = M₁, v(2,2,2) = M₂), each
//! factor's part is its Shapley value over the three factors: its effect averaged over every
//! order of switching the factors from the first table to the second. The three parts add up to
//! M₂ − M₁ exactly. A change of the group's size alone (the composition) shows in the group
//! marginal; a population moving between areas in the unit marginal; people of the groups
//! living more or less apart, at the same sizes, in the structural part.

use crate::error::{Error, Result};

/// The decomposition of M₂ − M₁.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Elbers {
    pub m_1: f64,
    pub m_2: f64,
    pub difference: f64,
    pub unit_marginal: f64,
    pub group_marginal: f64,
    pub structural: f64,
}

/// Theil's M of a table of counts (units × groups), natural logarithm.
pub fn mutual_information(table: &[Vec<f64>]) -> f64 {
    let total: f64 = table.iter().flatten().sum();
    if total <= 0.0 {
        return f64::NAN;
    }
    let k = table.first().map_or(0, Vec::len);
    let cols: Vec<f64> = (0..k)
        .map(|j| table.iter().map(|r| r[j]).sum::<f64>() / total)
        .collect();
    table
        .iter()
        .map(|row| {
            let r: f64 = row.iter().sum::<f64>() / total;
            row.iter()
                .zip(&cols)
                .filter(|(c, _)| **c > 0.0)
                .map(|(c, pc)| {
                    let p = c / total;
                    p * (p / (r * pc)).ln()
                })
                .sum::<f64>()
        })
        .sum()
}

/// The row and column sums of a table, as shares of its total.
fn margins(table: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
    let total: f64 = table.iter().flatten().sum();
    let k = table.first().map_or(0, Vec::len);
    let rows = table
        .iter()
        .map(|r| r.iter().sum::<f64>() / total)
        .collect();
    let cols = (0..k)
        .map(|j| table.iter().map(|r| r[j]).sum::<f64>() / total)
        .collect();
    (rows, cols)
}

/// Iterative proportional fitting: `seed` scaled by rows and columns until its row shares are
/// `rows` and its column shares `cols` (both summing to 1), keeping its odds ratios. An error
/// when a row or column of the seed is empty but its target is not (no table fits).
pub fn ipf(seed: &[Vec<f64>], rows: &[f64], cols: &[f64]) -> Result<Vec<Vec<f64>>> {
    let total: f64 = seed.iter().flatten().sum();
    if total <= 0.0 {
        return Err(Error::input("an empty table cannot be fitted"));
    }
    let mut t: Vec<Vec<f64>> = seed
        .iter()
        .map(|r| r.iter().map(|c| c / total).collect())
        .collect();
    for _ in 0..100_000 {
        for (row, target) in t.iter_mut().zip(rows) {
            let s: f64 = row.iter().sum();
            if s > 0.0 {
                row.iter_mut().for_each(|c| *c *= target / s);
            } else if *target > 0.0 {
                return Err(Error::input(
                    "an area with persons in one year has none in the other",
                ));
            }
        }
        let mut worst: f64 = 0.0;
        for (j, target) in cols.iter().enumerate() {
            let s: f64 = t.iter().map(|r| r[j]).sum();
            if s > 0.0 {
                t.iter_mut().for_each(|r| r[j] *= target / s);
            } else if *target > 0.0 {
                return Err(Error::input(
                    "a group with persons in one year has none in the other",
                ));
            }
        }
        // After the column step the columns fit; the rows show how far from the fit it is.
        for (row, target) in t.iter().zip(rows) {
            worst = worst.max((row.iter().sum::<f64>() - target).abs());
        }
        if worst < 1e-14 {
            return Ok(t);
        }
        if crate::work::stopping() {
            return Err(Error::cancelled());
        }
    }
    Err(Error::input(
        "the tables' margins could not be fitted (iterative proportional fitting did not converge)",
    ))
}

/// Elbers' Shapley decomposition of M(`second`) − M(`first`), two tables of the same units
/// (rows) and groups (columns).
pub fn decompose(first: &[Vec<f64>], second: &[Vec<f64>]) -> Result<Elbers> {
    if first.len() != second.len()
        || first.iter().zip(second).any(|(a, b)| a.len() != b.len())
        || first.is_empty()
    {
        return Err(Error::input(
            "Elbers' decomposition compares tables of the same areas and groups",
        ));
    }
    let tables = [first, second];
    let m = [margins(first), margins(second)];
    // v[s][u][g]: structure of table s, unit margins of u, group margins of g.
    let mut v = [[[0.0; 2]; 2]; 2];
    for s in 0..2 {
        for u in 0..2 {
            for g in 0..2 {
                v[s][u][g] = if u == s && g == s {
                    mutual_information(tables[s])
                } else {
                    mutual_information(&ipf(tables[s], &m[u].0, &m[g].1)?)
                };
            }
        }
    }
    // Shapley value of factor `f` (0 structure, 1 units, 2 groups): weights 1/3, 1/6, 1/6, 1/3
    // for the others switched before it (none, one, the other, both).
    let at = |x: [usize; 3]| v[x[0]][x[1]][x[2]];
    let shapley = |f: usize| {
        let others: Vec<usize> = (0..3).filter(|o| *o != f).collect();
        let mut total = 0.0;
        for (a, b, w) in [
            (0, 0, 1.0 / 3.0),
            (1, 0, 1.0 / 6.0),
            (0, 1, 1.0 / 6.0),
            (1, 1, 1.0 / 3.0),
        ] {
            let mut from = [0; 3];
            from[others[0]] = a;
            from[others[1]] = b;
            let mut to = from;
            to[f] = 1;
            total += w * (at(to) - at(from));
        }
        total
    };
    let (m_1, m_2) = (v[0][0][0], v[1][1][1]);
    Ok(Elbers {
        m_1,
        m_2,
        difference: m_2 - m_1,
        structural: shapley(0),
        unit_marginal: shapley(1),
        group_marginal: shapley(2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-10, "{a} vs {b}");
    }

    #[test]
    fn m_of_a_hand_worked_table() {
        // 30/10/10/30 of 80: 0.75·ln 1.5 + 0.25·ln 0.5.
        let t = vec![vec![30.0, 10.0], vec![10.0, 30.0]];
        close(
            mutual_information(&t),
            0.75 * 1.5f64.ln() + 0.25 * 0.5f64.ln(),
        );
        close(
            mutual_information(&[vec![20.0, 20.0], vec![20.0, 20.0]]),
            0.0,
        );
    }

    #[test]
    fn ipf_keeps_the_odds_ratio_as_the_closed_form_of_a_2x2_table() {
        // Odds ratio 9; fitted to rows (0.3, 0.7) and columns (0.6, 0.4). The cell a solves
        // a(1 − r − c + a) = θ (r − a)(c − a): (θ − 1)a² − (θ(r + c) + 1 − r − c)a + θrc = 0.
        let seed = vec![vec![30.0, 10.0], vec![10.0, 30.0]];
        let (r, c, theta) = (0.3, 0.6, 9.0);
        let t = ipf(&seed, &[r, 1.0 - r], &[c, 1.0 - c]).unwrap();
        let (qa, qb, qc) = (theta - 1.0, -(theta * (r + c) + 1.0 - r - c), theta * r * c);
        let a = (-qb - (qb * qb - 4.0 * qa * qc).sqrt()) / (2.0 * qa);
        close(t[0][0], a);
        close(t[0][1], r - a);
        close(t[1][0], c - a);
        close(t[1][1], 1.0 - r - c + a);
    }

    #[test]
    fn the_same_table_scaled_has_no_change() {
        let t1 = vec![vec![30.0, 10.0], vec![10.0, 30.0], vec![5.0, 25.0]];
        let t2: Vec<Vec<f64>> = t1
            .iter()
            .map(|r| r.iter().map(|c| c * 3.0).collect())
            .collect();
        let e = decompose(&t1, &t2).unwrap();
        for v in [
            e.difference,
            e.unit_marginal,
            e.group_marginal,
            e.structural,
        ] {
            close(v, 0.0);
        }
    }

    #[test]
    fn mixing_at_the_same_margins_is_all_structure() {
        // Same margins, the association gone: M₁ = 0.75 ln 1.5 + 0.25 ln 0.5, M₂ = 0.
        let e = decompose(
            &[vec![30.0, 10.0], vec![10.0, 30.0]],
            &[vec![20.0, 20.0], vec![20.0, 20.0]],
        )
        .unwrap();
        close(e.structural, -(0.75 * 1.5f64.ln() + 0.25 * 0.5f64.ln()));
        close(e.unit_marginal, 0.0);
        close(e.group_marginal, 0.0);
    }

    #[test]
    fn a_group_growing_evenly_is_all_margins() {
        // The group doubles in every area: the odds ratios stay, so no structural part; the
        // parts add up to the difference.
        let t1 = vec![vec![30.0, 10.0], vec![10.0, 30.0], vec![5.0, 25.0]];
        let t2: Vec<Vec<f64>> = t1.iter().map(|r| vec![r[0] * 2.0, r[1]]).collect();
        let e = decompose(&t1, &t2).unwrap();
        close(e.structural, 0.0);
        assert!(e.group_marginal.abs() > 1e-4);
        close(
            e.unit_marginal + e.group_marginal + e.structural,
            e.difference,
        );
        close(
            e.difference,
            mutual_information(&t2) - mutual_information(&t1),
        );
    }

    #[test]
    fn an_area_empty_in_one_year_is_refused_in_words() {
        let e = decompose(
            &[vec![1.0, 1.0], vec![0.0, 0.0], vec![2.0, 1.0]],
            &[vec![1.0, 1.0], vec![3.0, 1.0], vec![2.0, 1.0]],
        );
        assert!(e.unwrap_err().message.contains("none in the other"));
    }
}
