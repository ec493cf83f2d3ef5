//! Threshold rules that select areas, such as the 2022 state-grant rule "index ≥ mean + 1 sd and
//! share in types 1–2 ≥ mean + 1.5 sd". A rule is conditions joined by `and` (or `och`); each
//! condition is `VARIABLE OP BOUND` where VARIABLE is any expression, OP one of `>= > <= < =`
//! (or `≥ ≤`), and BOUND a number or `mean`, `mean + K sd`, `mean - K sd` (also `medel`, `μ`,
//! `σ`), the mean and sample standard deviation of the variable over the areas that have it.
//! Areas missing a variable are not selected, and are counted.

use crate::data::expr::Expr;
use crate::data::table::Table;
use crate::error::{Error, Result};

/// A condition's bound.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Number(f64),
    /// mean + k·sd
    MeanSd(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub text: String,
    /// The variable as written (checked against the table for numbers that are column names).
    pub variable_text: String,
    pub variable: Expr,
    pub op: &'static str,
    pub bound: Bound,
}

/// A parsed rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub conditions: Vec<Condition>,
}

/// What a rule selected, with each condition's threshold as applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub selected: Vec<usize>,
    /// Per condition: (the threshold, mean, sd, areas meeting it).
    pub thresholds: Vec<(f64, f64, f64, usize)>,
    /// Areas missing a value of some condition's variable.
    pub missing: usize,
}

const OPS: [(&str, &str); 7] = [
    (">=", ">="),
    ("<=", "<="),
    ("≥", ">="),
    ("≤", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
];

impl Rule {
    pub fn parse(text: &str) -> Result<Rule> {
        let mut conditions = Vec::new();
        let spaced = format!(" {} ", text.replace("&&", " and "));
        let mut parts = Vec::new();
        let mut rest = spaced.as_str();
        loop {
            let lower = rest.to_lowercase();
            let cut = [" and ", " och "]
                .iter()
                .filter_map(|w| lower.find(w).map(|i| (i, w.len())))
                .min();
            match cut {
                Some((i, len)) => {
                    parts.push(&rest[..i]);
                    rest = &rest[i + len..];
                }
                None => {
                    parts.push(rest);
                    break;
                }
            }
        }
        for part in parts {
            let part = part.trim();
            if part.is_empty() {
                return Err(Error::input(format!(
                    "rule '{text}' has an empty condition"
                )));
            }
            let (at, sym, op) = OPS
                .iter()
                .filter_map(|(sym, op)| part.find(sym).map(|i| (i, *sym, *op)))
                .min_by_key(|(i, sym, _)| (*i, std::cmp::Reverse(sym.len())))
                .ok_or_else(|| {
                    Error::input(format!(
                        "condition '{part}' has no comparison (>=, >, <=, <, =)"
                    ))
                })?;
            let variable = Expr::parse(part[..at].trim())?;
            let bound = parse_bound(part[at + sym.len()..].trim()).ok_or_else(|| {
                Error::input(format!(
                    "in '{part}': the bound must be a number or 'mean', 'mean + K sd', 'mean - K sd'"
                ))
            })?;
            conditions.push(Condition {
                text: part.to_string(),
                variable_text: part[..at].trim().to_string(),
                variable,
                op,
                bound,
            });
        }
        Ok(Rule { conditions })
    }

    /// Apply the rule to a table's rows.
    pub fn select(&self, table: &Table, area_km2: Option<&[f64]>) -> Result<Selection> {
        let n = area_km2.map_or(table.len(), <[f64]>::len);
        let mut ok = vec![true; n];
        let mut missing = vec![false; n];
        let mut thresholds = Vec::new();
        for c in &self.conditions {
            Expr::unambiguous(&c.variable_text, table)?;
            let v = c.variable.evaluate(table, area_km2)?;
            let present: Vec<f64> = v.iter().flatten().copied().collect();
            let m = present.len() as f64;
            let mean = present.iter().sum::<f64>() / m;
            let sd = (present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1.0)).sqrt();
            let t = match c.bound {
                Bound::Number(x) => x,
                Bound::MeanSd(k) => {
                    if present.len() < 2 {
                        return Err(Error::input(format!(
                            "'{}': a mean and standard deviation need two areas with values",
                            c.text
                        )));
                    }
                    mean + k * sd
                }
            };
            let mut meeting = 0;
            for i in 0..n {
                let pass = match v[i] {
                    None => {
                        missing[i] = true;
                        false
                    }
                    Some(x) => match c.op {
                        ">=" => x >= t,
                        ">" => x > t,
                        "<=" => x <= t,
                        "<" => x < t,
                        _ => x == t,
                    },
                };
                meeting += usize::from(pass);
                ok[i] &= pass;
            }
            thresholds.push((t, mean, sd, meeting));
        }
        Ok(Selection {
            selected: (0..n).filter(|&i| ok[i]).collect(),
            thresholds,
            missing: missing.iter().filter(|m| **m).count(),
        })
    }
}

fn parse_bound(text: &str) -> Option<Bound> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(x) = t.parse::<f64>() {
        return Some(Bound::Number(x));
    }
    let lower = t.to_lowercase();
    let rest = ["mean", "medel", "μ"]
        .iter()
        .find_map(|w| lower.strip_prefix(w))?;
    if rest.is_empty() {
        return Some(Bound::MeanSd(0.0));
    }
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1.0, &rest[1..]),
        '-' | '−' => (-1.0, &rest[rest.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let k = ["sd", "σ", "std"]
        .iter()
        .find_map(|w| rest.strip_suffix(w))?;
    let k = if k.is_empty() {
        1.0
    } else {
        k.trim_end_matches('*').parse::<f64>().ok()?
    };
    Some(Bound::MeanSd(sign * k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::Column;

    fn table() -> Table {
        Table::new(vec![
            Column::number("a", (1..=10).map(|i| Some(f64::from(i))).collect()),
            Column::number(
                "b",
                (1..=10)
                    .map(|i| {
                        if i == 10 {
                            None
                        } else {
                            Some(f64::from(10 - i))
                        }
                    })
                    .collect(),
            ),
        ])
        .unwrap()
    }

    #[test]
    fn mean_plus_sd_by_hand() {
        // a: μ = 5.5, σ = 3.0277; μ + 1 sd = 8.53 → 9, 10
        let s = Rule::parse("a >= mean + 1 sd")
            .unwrap()
            .select(&table(), None)
            .unwrap();
        assert_eq!(s.selected, vec![8, 9]);
        assert!((s.thresholds[0].0 - (5.5 + (82.5f64 / 9.0).sqrt())).abs() < 1e-12);
    }

    #[test]
    fn conditions_combine_and_missing_is_not_selected() {
        let s = Rule::parse("a > 2 och b >= 1")
            .unwrap()
            .select(&table(), None)
            .unwrap();
        // b = 9..1 for a = 1..9, b missing for a = 10
        assert_eq!(s.selected, vec![2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(s.missing, 1);
        let s = Rule::parse("a*2 ≤ mean − 1.5σ").unwrap();
        assert_eq!(s.conditions[0].bound, Bound::MeanSd(-1.5));
    }

    #[test]
    fn bad_rules_say_what_is_wrong() {
        let e = Rule::parse("a mean").unwrap_err();
        assert!(e.message.contains("no comparison"), "{e}");
        let e = Rule::parse("a >= lots").unwrap_err();
        assert!(e.message.contains("bound"), "{e}");
    }
}
