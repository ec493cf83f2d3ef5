//! Spatial autocorrelation under noisy counts: a variable's columns redrawn by a noise model
//! ([`crate::measures::uncertainty`]) and each statistic recomputed on every draw — a band for
//! a global statistic's value (Moran's I, Geary's C, G, …) and, for LISA, the share of draws in
//! which each area keeps its cluster class (its stability); and the map's classes
//! ([`class_stability`]). The engine behind `segatlas
//! autocorr --noise` and the app's autocorrelation view.
//!
//! A variable that is a share of counts (`group/total`, possibly times a number, as
//! `utlandsk_bakgrund_2022/folkmangd_2022*100`; the total may be an expression of columns, as
//! `utb_forgymnasial_25_64_2022/befolkning_25_64_2022*100`) is redrawn as a group and its rest, so
//! the group never exceeds the total; any other expression has each column it reads redrawn on its
//! own.
//! The permutations of every draw come from the same seed, so they share one table of draws
//! (the simulation reuses the permutation machinery rather than nesting new randomness in it).
//! An area whose drawn value is missing (a total of 0) is left out of that draw — with the
//! weights among the others — and counts as having changed class.

use crate::data::expr::Expr;
use crate::data::table::{Column, Table};
use crate::error::{Error, Result};
use crate::measures::autocorrelation::lisa::Cluster;
use crate::measures::autocorrelation::registry::{Input, Output, Statistic};
use crate::measures::autocorrelation::Correction;
use crate::measures::uncertainty::{self, Band, Noise, Stability};
use crate::spatial::weights::Weights;
use crate::work::Control;

/// A variable whose counts can be redrawn.
pub struct NoisyVariable {
    expr: Expr,
    /// A share of counts: the group's and the total's values on every row, and the factor
    /// (100 for a percentage).
    share: Option<Share>,
    /// The table's number columns the expression reads.
    columns: Vec<String>,
}

/// `group / total × factor`, the group a column, the total a column or an expression of them.
struct Share {
    group: Vec<Option<f64>>,
    total: Vec<Option<f64>>,
    factor: f64,
}

/// The group column, the total and the factor of `g / t`, `g / t * k`, `k * g / t` or
/// `(k * g) / t`.
fn share(e: &Expr) -> Option<(String, Expr, f64)> {
    match e {
        Expr::Binary(a, '/', b) => match a.as_ref() {
            Expr::Column(g) => Some((g.clone(), (**b).clone(), 1.0)),
            Expr::Binary(x, '*', y) => match (x.as_ref(), y.as_ref()) {
                (Expr::Number(k), Expr::Column(g)) | (Expr::Column(g), Expr::Number(k)) => {
                    Some((g.clone(), (**b).clone(), *k))
                }
                _ => None,
            },
            _ => None,
        },
        Expr::Binary(a, '*', b) => match (a.as_ref(), b.as_ref()) {
            (x, Expr::Number(k)) | (Expr::Number(k), x) => share(x).map(|(g, t, f)| (g, t, f * k)),
            _ => None,
        },
        _ => None,
    }
}

impl NoisyVariable {
    /// The variable `text` of `table`; refused when it reads no column of counts.
    pub fn new(text: &str, table: &Table) -> Result<NoisyVariable> {
        let expr = Expr::for_table(text, table)?;
        let mut columns: Vec<String> = expr
            .columns()
            .into_iter()
            .filter(|c| table.numbers(c).is_ok())
            .map(str::to_string)
            .collect();
        columns.sort();
        columns.dedup();
        if columns.is_empty() {
            return Err(Error::input(format!(
                "'{text}' reads no column of counts: --noise redraws counts"
            )));
        }
        // A share whose group is a column and whose total evaluates on the table alone.
        let share = share(&expr).and_then(|(g, t, factor)| {
            Some(Share {
                group: table.numbers(&g).ok()?.to_vec(),
                total: t.evaluate(table, None).ok()?,
                factor,
            })
        });
        Ok(NoisyVariable {
            share,
            expr,
            columns,
        })
    }

    /// Whether the variable is a share redrawn as a group and its rest.
    pub fn is_share(&self) -> bool {
        self.share.is_some()
    }

    /// One draw of the variable on `rows` (`area` the areas' sizes on those rows, for
    /// `area_km2` and `density`).
    pub fn draw(
        &self,
        noise: Noise,
        table: &Table,
        rows: &[usize],
        area: Option<&[f64]>,
        r: &mut rand_xoshiro::Xoshiro256PlusPlus,
    ) -> Vec<Option<f64>> {
        if let Some(s) = &self.share {
            return rows
                .iter()
                .map(|&i| {
                    let (g, t) = noise.pair(s.group[i], s.total[i], r)?;
                    (t > 0.0).then(|| g / t * s.factor)
                })
                .collect();
        }
        let values = |c: &str| -> Vec<Option<f64>> {
            let v = table.numbers(c).unwrap_or(&[]);
            rows.iter().map(|&i| v.get(i).copied().flatten()).collect()
        };
        let cols: Vec<Column> = self
            .columns
            .iter()
            .map(|c| {
                let v = values(c).into_iter().map(|v| noise.cell(v, r)).collect();
                Column::number(c.clone(), v)
            })
            .collect();
        match Table::new(cols).and_then(|t| self.expr.evaluate(&t, area)) {
            Ok(v) => v.into_iter().map(|x| x.filter(|x| x.is_finite())).collect(),
            Err(_) => vec![None; rows.len()],
        }
    }
}

/// What a statistic gives under noise: a band for its value, and for LISA each area's
/// stability with its summary.
#[derive(Debug, Clone, Default)]
pub struct Noisy {
    pub band: Option<Band>,
    /// The share of draws in which each area (of the rows computed on) keeps its class.
    pub stability: Vec<f64>,
    pub summary: Option<Stability>,
}

/// The number a global statistic gives (Moran's I, Geary's C, G, …).
pub fn value_of(output: &Output) -> Option<f64> {
    match output {
        Output::Moran(m) => Some(m.i),
        Output::Geary(g) => Some(g.c),
        Output::G(g) => Some(g.g),
        Output::Value(_, v) => Some(*v),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

/// The request of one noisy run.
pub struct Run<'a> {
    pub stat: &'a Statistic,
    pub noise: Noise,
    pub draws: usize,
    /// The raw weights among `rows` (before the statistic's transformation).
    pub w: &'a Weights,
    pub rows: &'a [usize],
    /// The areas' sizes on `rows`.
    pub area: Option<&'a [f64]>,
    /// The second variable on `rows`, kept as it is (not redrawn).
    pub second: Option<&'a [f64]>,
    pub permutations: usize,
    pub seed: u64,
    pub alpha: f64,
    pub correction: Correction,
    /// LISA's observed classes on `rows`.
    pub observed: Option<&'a [Cluster]>,
}

/// One draw's value (global statistics) and each area's class (LISA; None where left out).
type Draw = (Option<f64>, Vec<Option<Cluster>>);

/// The statistic on `draws` redrawn data sets.
pub fn run(var: &NoisyVariable, table: &Table, a: &Run, control: &Control) -> Result<Noisy> {
    if a.draws == 0 {
        return Err(Error::input("give at least one draw (--draws)"));
    }
    let n = a.rows.len();
    // Global statistics need no permutations for their value.
    let permutations = if a.stat.local { a.permutations } else { 0 };
    let results: Vec<Option<Draw>> = uncertainty::simulate(a.draws, a.seed, |r| {
        if control.is_cancelled() {
            return None;
        }
        let y = var.draw(a.noise, table, a.rows, a.area, r);
        let kept: Vec<usize> = (0..n).filter(|&k| y[k].is_some()).collect();
        if kept.len() < 3 {
            return Some((None, vec![None; n]));
        }
        let yk: Vec<f64> = kept.iter().map(|&k| y[k].unwrap_or_default()).collect();
        let (w, second);
        let (w, second) = if kept.len() == n {
            (a.stat.weights.apply(a.w), a.second)
        } else {
            w = a.stat.weights.apply(&a.w.subset(&kept));
            second = a
                .second
                .map(|s| kept.iter().map(|&k| s[k]).collect::<Vec<f64>>());
            (w, second.as_deref())
        };
        let out = (a.stat.compute)(&Input {
            y: &yk,
            second,
            w: &w,
            permutations,
            seed: a.seed,
            control: &Control::new(),
        })
        .ok()?;
        control.tick();
        let mut classes = vec![None; n];
        if let Output::Lisa(l) = &out {
            for (c, &k) in l.clusters(&w, a.alpha, a.correction).into_iter().zip(&kept) {
                classes[k] = Some(c);
            }
        }
        Some((value_of(&out), classes))
    });
    if control.is_cancelled() {
        return Err(Error::cancelled());
    }
    let done: Vec<Draw> = results.into_iter().flatten().collect();
    let values: Vec<Option<f64>> = done.iter().map(|d| d.0).collect();
    let mut out = Noisy {
        band: Band::of(a.noise, &values),
        ..Noisy::default()
    };
    if let Some(observed) = a.observed {
        let seen: Vec<Option<Cluster>> = observed.iter().map(|c| Some(*c)).collect();
        let draws: Vec<Vec<Option<Cluster>>> = done.into_iter().map(|d| d.1).collect();
        out.stability = uncertainty::stability(&seen, &draws);
        out.summary = Some(Stability::of(
            a.noise,
            draws.len(),
            &out.stability,
            uncertainty::STABLE,
        ));
    }
    Ok(out)
}

/// The map's classes over noisy counts: each draw's values classified again by the same scheme
/// (as the map would draw them), the share of draws in which each area keeps its observed class
/// (NaN for an area without a value) and a band for each class's count.
pub struct ClassStability {
    pub stability: Vec<f64>,
    pub summary: Stability,
    pub counts: Vec<Option<Band>>,
}

/// [`ClassStability`] of `var` on every row of `table` (`area` the areas' sizes).
#[allow(clippy::too_many_arguments)]
pub fn class_stability(
    var: &NoisyVariable,
    table: &Table,
    area: Option<&[f64]>,
    scheme: &crate::classify::Scheme,
    observed: &[Option<usize>],
    noise: Noise,
    draws: usize,
    seed: u64,
) -> Result<ClassStability> {
    use crate::classify::{class_of, classify};
    if draws == 0 {
        return Err(Error::input("give at least one draw (--draws)"));
    }
    let rows: Vec<usize> = (0..table.len()).collect();
    let k = observed.iter().flatten().max().map_or(0, |m| m + 1);
    let per_draw: Vec<Option<Vec<Option<usize>>>> = uncertainty::simulate(draws, seed, |r| {
        let y = var.draw(noise, table, &rows, area, r);
        let bins = classify(&y, scheme).ok()?.bins;
        Some(y.iter().map(|v| class_of(*v, &bins)).collect())
    });
    let done: Vec<Vec<Option<usize>>> = per_draw.into_iter().flatten().collect();
    let stability = uncertainty::stability_of_known(observed, &done);
    let counts = (0..k)
        .map(|c| uncertainty::count_band(noise, &done, &Some(c)))
        .collect();
    Ok(ClassStability {
        summary: Stability::of(noise, done.len(), &stability, uncertainty::STABLE),
        stability,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table::new(vec![
            Column::number("g", vec![Some(2.0), Some(5.0), None]),
            Column::number("b", vec![Some(6.0), Some(5.0), Some(3.0)]),
            Column::number("c", vec![Some(2.0), Some(5.0), Some(1.0)]),
        ])
        .unwrap()
    }

    #[test]
    fn shares_of_counts_are_found_in_their_usual_forms() {
        let t = table();
        for text in [
            "g/b",
            "g/b*100",
            "100*g/b",
            "(100*g)/b",
            "g/(b+c)*100",
            "g*100/(b+c)",
        ] {
            assert!(NoisyVariable::new(text, &t).unwrap().is_share(), "{text}");
        }
        for text in ["g+b", "b", "g/b+1", "density(g)"] {
            assert!(!NoisyVariable::new(text, &t).unwrap().is_share(), "{text}");
        }
        assert!(NoisyVariable::new("area_km2", &t).is_err());
    }

    #[test]
    fn a_draw_without_noise_is_the_variable_and_a_share_keeps_group_below_total() {
        let t = table();
        let mut r = crate::measures::uncertainty::stream(1, 0);
        let v = NoisyVariable::new("g/(b+c)*100", &t).unwrap();
        assert_eq!(
            v.draw(Noise::Uniform(0), &t, &[0, 1, 2], None, &mut r),
            vec![Some(25.0), Some(50.0), None]
        );
        for _ in 0..500 {
            for x in v
                .draw(Noise::Uniform(4), &t, &[0, 1], None, &mut r)
                .into_iter()
                .flatten()
            {
                assert!((0.0..=100.0).contains(&x), "{x}");
            }
        }
        // Not a share: each column on its own; missing stays missing.
        let sum = NoisyVariable::new("g+b", &t).unwrap();
        assert_eq!(
            sum.draw(Noise::Round(1), &t, &[0, 2], None, &mut r),
            vec![Some(8.0), None]
        );
    }
}
