//! Theil's M (the mutual information index) decomposed exactly over nested levels, as the
//! national follow-up needs it: the country's segregation = between counties + Σ within counties
//! between municipalities + … + Σ within the next-to-finest units between the finest (Mora &
//! Ruiz-Castillo 2011; Elbers 2023). Natural logarithm; H = M / E with E the entropy of the
//! groups' shares. Every unit of every level but the finest gets its own M and H (over its
//! children and over its finest units), its population share and its contribution.

use crate::error::{Error, Result};

/// The counts and the levels: `counts[row][group]`, and for each level (coarsest first, the
/// finest last) the unit of every row (`0..units`). The finest level's units are what the
/// segregation is measured between.
pub struct Nested<'a> {
    pub counts: &'a [Vec<f64>],
    pub levels: &'a [Vec<usize>],
}

/// One unit of a level: its counts summed, its parent in the level above, and what it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The unit of the level above (None for the coarsest level).
    pub parent: Option<usize>,
    pub population: f64,
    /// Its population over the whole population.
    pub population_share: f64,
    /// Its own M between its children (the next level), and H = M / its entropy. None for the
    /// finest level, and for an empty unit.
    pub m_children: Option<f64>,
    pub h_children: Option<f64>,
    /// Its own M between its finest units (all the segregation inside it), and H.
    pub m: Option<f64>,
    pub h: Option<f64>,
    /// (T_u / T) · M between its children: its part of the next level's part.
    pub contribution: f64,
    /// (T_u / T) · M between its finest units: its part of all the segregation within this
    /// level's units (the sum of the parts below it).
    pub contribution_within: f64,
}

/// The decomposition: the total, one part per level (the first is between the coarsest units,
/// each later one within the level above it between its own units) and the units.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    pub population: f64,
    /// The groups' shares of the whole population and their entropy E (natural log).
    pub shares: Vec<f64>,
    pub entropy: f64,
    /// M between the finest units.
    pub total: f64,
    /// M of each level's part; they add up to `total`.
    pub parts: Vec<f64>,
    /// The units of each level.
    pub units: Vec<Vec<Unit>>,
}

impl Decomposition {
    /// H of the total (M / E; None when only one group is present).
    pub fn total_h(&self) -> Option<f64> {
        (self.entropy > 0.0).then(|| self.total / self.entropy)
    }

    /// H of a part.
    pub fn part_h(&self, level: usize) -> Option<f64> {
        (self.entropy > 0.0).then(|| self.parts[level] / self.entropy)
    }
}

fn entropy(shares: &[f64]) -> f64 {
    -shares
        .iter()
        .filter(|p| **p > 0.0)
        .map(|p| p * p.ln())
        .sum::<f64>()
}

/// Σ_d (T_d/T_u) Σ_k p_dk ln(p_dk / p_uk): M of the units `members` (counts) against the
/// shares of their union `of`.
fn divergence<'a>(members: impl Iterator<Item = &'a [f64]>, of: &[f64]) -> Option<f64> {
    let t_u: f64 = of.iter().sum();
    if t_u <= 0.0 {
        return None;
    }
    let mut m = 0.0;
    for d in members {
        let t_d: f64 = d.iter().sum();
        if t_d <= 0.0 {
            continue;
        }
        for (n, total) in d.iter().zip(of) {
            if *n > 0.0 {
                let p = n / t_d;
                m += t_d / t_u * p * (p / (total / t_u)).ln();
            }
        }
    }
    Some(m)
}

/// Decompose. Errors when a row's unit is out of range or a unit lies in two units of the
/// level above (the levels must nest).
pub fn decompose(n: &Nested) -> Result<Decomposition> {
    let rows = n.counts.len();
    let k = n.counts.first().map_or(0, Vec::len);
    if n.levels.is_empty() {
        return Err(Error::input("levels: give at least one level"));
    }
    if k < 2 {
        return Err(Error::input("levels: give at least two groups"));
    }
    if n.counts.iter().any(|r| r.len() != k) {
        return Err(Error::input(
            "levels: every row needs a count of every group",
        ));
    }
    // Counts and parents per unit of each level.
    let mut sums: Vec<Vec<Vec<f64>>> = Vec::with_capacity(n.levels.len());
    let mut parents: Vec<Vec<Option<usize>>> = Vec::with_capacity(n.levels.len());
    for (l, of_row) in n.levels.iter().enumerate() {
        if of_row.len() != rows {
            return Err(Error::input(
                "levels: every row needs a unit at every level",
            ));
        }
        let units = of_row.iter().max().map_or(0, |m| m + 1);
        let mut s = vec![vec![0.0; k]; units];
        let mut p: Vec<Option<usize>> = vec![None; units];
        for (r, &u) in of_row.iter().enumerate() {
            for (acc, c) in s[u].iter_mut().zip(&n.counts[r]) {
                *acc += c;
            }
            if l > 0 {
                let up = n.levels[l - 1][r];
                match p[u] {
                    Some(q) if q != up => {
                        return Err(Error::input(format!(
                            "levels: unit {u} of level {} lies in two units of the level above ({q} and {up}); the levels must nest",
                            l + 1
                        )))
                    }
                    _ => p[u] = Some(up),
                }
            }
        }
        sums.push(s);
        parents.push(p);
    }
    let sum_all: Vec<f64> = (0..k)
        .map(|g| n.counts.iter().map(|r| r[g]).sum())
        .collect();
    let population: f64 = sum_all.iter().sum();
    if population <= 0.0 {
        return Err(Error::input("levels: the groups sum to 0 persons"));
    }
    let shares: Vec<f64> = sum_all.iter().map(|c| c / population).collect();
    let last = n.levels.len() - 1;
    let total = divergence(sums[last].iter().map(Vec::as_slice), &sum_all).expect("population > 0");
    let mut parts = vec![0.0; n.levels.len()];
    parts[0] = divergence(sums[0].iter().map(Vec::as_slice), &sum_all).expect("population > 0");
    let mut units: Vec<Vec<Unit>> = Vec::with_capacity(n.levels.len());
    for l in 0..n.levels.len() {
        // Children (next level) and finest units of each unit of this level.
        let count = sums[l].len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
        if l < last {
            for (c, p) in parents[l + 1].iter().enumerate() {
                if let Some(p) = p {
                    children[*p].push(c);
                }
            }
        }
        let mut finest: Vec<Vec<usize>> = vec![Vec::new(); count];
        if l < last {
            let mut seen = vec![false; sums[last].len()];
            for r in 0..rows {
                let f = n.levels[last][r];
                if !seen[f] {
                    seen[f] = true;
                    finest[n.levels[l][r]].push(f);
                }
            }
        }
        let level: Vec<Unit> = (0..count)
            .map(|u| {
                let t_u: f64 = sums[l][u].iter().sum();
                let e_u = entropy(
                    &sums[l][u]
                        .iter()
                        .map(|c| if t_u > 0.0 { c / t_u } else { 0.0 })
                        .collect::<Vec<_>>(),
                );
                let h = |m: Option<f64>| m.and_then(|m| (e_u > 0.0).then(|| m / e_u));
                let (m_children, m) = if l < last {
                    (
                        divergence(
                            children[u].iter().map(|&c| sums[l + 1][c].as_slice()),
                            &sums[l][u],
                        ),
                        divergence(
                            finest[u].iter().map(|&f| sums[last][f].as_slice()),
                            &sums[l][u],
                        ),
                    )
                } else {
                    (None, None)
                };
                let w = t_u / population;
                Unit {
                    parent: parents[l][u],
                    population: t_u,
                    population_share: w,
                    m_children,
                    h_children: h(m_children),
                    m,
                    h: h(m),
                    contribution: w * m_children.unwrap_or(0.0),
                    contribution_within: w * m.unwrap_or(0.0),
                }
            })
            .collect();
        if l < last {
            parts[l + 1] = level.iter().map(|u| u.contribution).sum();
        }
        units.push(level);
    }
    Ok(Decomposition {
        population,
        entropy: entropy(&shares),
        shares,
        total,
        parts,
        units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::segregation::multi::{multi_divergence, Groups};

    /// Eight areas in four districts in two towns.
    fn fixture() -> (Vec<Vec<f64>>, Vec<Vec<usize>>) {
        let counts = vec![
            vec![10.0, 90.0],
            vec![30.0, 70.0],
            vec![50.0, 50.0],
            vec![5.0, 20.0],
            vec![80.0, 20.0],
            vec![60.0, 40.0],
            vec![0.0, 30.0],
            vec![45.0, 15.0],
        ];
        let towns = vec![0, 0, 0, 0, 1, 1, 1, 1];
        let districts = vec![0, 0, 1, 1, 2, 2, 3, 3];
        let areas = (0..8).collect();
        (counts, vec![towns, districts, areas])
    }

    #[test]
    fn parts_add_up_to_the_total_and_equal_theils_m_by_hand() {
        let (counts, levels) = fixture();
        let d = decompose(&Nested {
            counts: &counts,
            levels: &levels,
        })
        .unwrap();
        let total = multi_divergence(&Groups {
            counts: counts.clone(),
        });
        assert!((d.total - total).abs() < 1e-14);
        assert!((d.parts.iter().sum::<f64>() - d.total).abs() < 1e-14);
        // Between towns: the towns as units.
        let town = |t: usize| -> Vec<f64> {
            (0..2)
                .map(|g| {
                    (0..8)
                        .filter(|&r| levels[0][r] == t)
                        .map(|r| counts[r][g])
                        .sum()
                })
                .collect()
        };
        let between = multi_divergence(&Groups {
            counts: vec![town(0), town(1)],
        });
        assert!((d.parts[0] - between).abs() < 1e-14);
        // Within town 0 between its districts, weighted by its population.
        let t0: f64 = town(0).iter().sum();
        let district = |s: usize| -> Vec<f64> {
            (0..2)
                .map(|g| {
                    (0..8)
                        .filter(|&r| levels[1][r] == s)
                        .map(|r| counts[r][g])
                        .sum()
                })
                .collect()
        };
        let m0 = multi_divergence(&Groups {
            counts: vec![district(0), district(1)],
        });
        let u0 = &d.units[0][0];
        assert!((u0.m_children.unwrap() - m0).abs() < 1e-14);
        assert!((u0.population - t0).abs() < 1e-12);
        // Town 0's own M over its areas.
        let own = multi_divergence(&Groups {
            counts: counts[..4].to_vec(),
        });
        assert!((u0.m.unwrap() - own).abs() < 1e-14);
        // Its M over areas = between districts + its districts' own, weighted.
        let d0 = &d.units[1][0];
        let d1 = &d.units[1][1];
        let inside = m0 + (d0.population * d0.m.unwrap() + d1.population * d1.m.unwrap()) / t0;
        assert!((u0.m.unwrap() - inside).abs() < 1e-14);
        // Contributions within towns add up to the parts below the towns.
        let within: f64 = d.units[0].iter().map(|u| u.contribution_within).sum();
        assert!((within - d.parts[1] - d.parts[2]).abs() < 1e-14);
        // H = M / E.
        let e = -(d.shares[0] * d.shares[0].ln() + d.shares[1] * d.shares[1].ln());
        assert!((d.total_h().unwrap() - d.total / e).abs() < 1e-14);
        assert_eq!(d.units[2][3].m, None);
        assert_eq!(d.units[1][2].parent, Some(1));
    }

    #[test]
    fn levels_that_do_not_nest_are_refused() {
        let (counts, mut levels) = fixture();
        levels[1][3] = 2; // district 2 now in both towns
        let e = decompose(&Nested {
            counts: &counts,
            levels: &levels,
        })
        .unwrap_err();
        assert!(e.to_string().contains("must nest"), "{e}");
    }

    #[test]
    fn a_unit_of_one_group_has_no_h_and_an_empty_unit_no_m() {
        let counts = vec![
            vec![5.0, 0.0],
            vec![7.0, 0.0],
            vec![0.0, 0.0],
            vec![1.0, 3.0],
        ];
        let levels = vec![vec![0, 0, 1, 2], vec![0, 1, 2, 3]];
        let d = decompose(&Nested {
            counts: &counts,
            levels: &levels,
        })
        .unwrap();
        assert_eq!(d.units[0][0].m, Some(0.0));
        assert_eq!(d.units[0][0].h, None);
        assert_eq!(d.units[0][1].m, None);
        assert!((d.parts.iter().sum::<f64>() - d.total).abs() < 1e-15);
    }
}
