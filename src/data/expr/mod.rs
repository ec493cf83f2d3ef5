//! Variables: a column, or an expression on columns and numbers such as
//! `utlandsk_bakgrund_2022/folkmangd_2022*100`.
//!
//! A text that is exactly a column's name is that column, whatever characters it holds
//! (commas, parentheses, `%`, quotes, spaces), so SCB's column names are variables as they stand
//! ([`Expr::for_table`]); only other texts are parsed. In expressions, names with spaces go in
//! double quotes or backticks (`"Antal Sverige totalt 2020"`), text in single quotes (`'0180'`).
//! `area_km2` is each area's size from the projected geometry and `density(x)` is `x / area_km2`.
//! Comparisons (`< <= > >= == !=`), `and`, `or`, `not` and `if(condition, then, else)` give 1 or
//! 0; a text column is compared as text (`kommun == '0180'`).
//!
//! A missing value anywhere in a row makes the result missing, as does division by zero;
//! nothing becomes 0. (`and`/`or` are missing when a side they need is missing.)

mod parse;
#[cfg(test)]
mod tests;

pub use parse::MAX_DEPTH;

use crate::data::table::{Table, Values};
use crate::error::{Error, Result};

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Cmp {
    fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
        }
    }

    fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Cmp::Lt => o == Less,
            Cmp::Le => o != Greater,
            Cmp::Gt => o == Greater,
            Cmp::Ge => o != Less,
            Cmp::Eq => o == Equal,
            Cmp::Ne => o != Equal,
        }
    }
}

/// A parsed variable expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    /// A text literal, only meaningful in a comparison.
    Text(String),
    Column(String),
    Neg(Box<Expr>),
    Binary(Box<Expr>, char, Box<Expr>),
    Density(Box<Expr>),
    Compare(Box<Expr>, Cmp, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// Split a list of variables at the commas between them, not those inside quotes or
/// parentheses (`"Antal, totalt", a/b, if(x > 1, 1, 0)` is three variables).
pub fn split_list(text: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth, mut quote) = (Vec::new(), String::new(), 0i32, None);
    for c in text.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The name of the built-in area variable.
pub const AREA_KM2: &str = "area_km2";

impl Expr {
    /// Parse an expression, with errors that point at the character.
    pub fn parse(text: &str) -> Result<Expr> {
        parse::parse(text)
    }

    /// The variable a person means by `text` on this table: the column of exactly that name
    /// when there is one (or `area_km2`), else the parsed expression.
    pub fn for_table(text: &str, table: &Table) -> Result<Expr> {
        if table.column(text).is_some() || text == AREA_KM2 {
            Ok(Expr::Column(text.to_string()))
        } else {
            Expr::unambiguous(text, table)?;
            parse::parse(text)
        }
    }

    /// Refuse a bare number that is also a column's name (SCB's area-type table names its
    /// value column `2022`): `2022 <= 2` could mean the number or the column, so the person is
    /// shown the quoted form, `"2022"`, that always means the column.
    pub fn unambiguous(text: &str, table: &Table) -> Result<()> {
        for number in parse::bare_numbers(text) {
            if table.column(&number).is_some() {
                return Err(Error::input(format!(
                    "'{number}' in '{text}' is both a number and a column's name: write \"{number}\" (in double quotes) for the column"
                )));
            }
        }
        Ok(())
    }

    /// Resolve `text` on the table and evaluate it for every row (see [`Expr::for_table`]).
    pub fn values(text: &str, table: &Table, area_km2: Option<&[f64]>) -> Result<Vec<Option<f64>>> {
        Expr::for_table(text, table)?.evaluate(table, area_km2)
    }

    /// Column names the expression reads.
    pub fn columns(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Number(_) | Expr::Text(_) | Expr::Column(_) => Vec::new(),
            Expr::Neg(e) | Expr::Density(e) | Expr::Not(e) => vec![e],
            Expr::Binary(a, _, b) | Expr::Compare(a, _, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                vec![a, b]
            }
            Expr::If(c, a, b) => vec![c, a, b],
        }
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Column(c) => out.push(c),
            Expr::Density(e) => {
                e.collect(out);
                out.push(AREA_KM2);
            }
            other => other.children().into_iter().for_each(|c| c.collect(out)),
        }
    }

    /// The same expression with every column renamed by `f` (used to move a variable to
    /// another year).
    pub fn rename(&self, f: &dyn Fn(&str) -> String) -> Expr {
        let r = |e: &Expr| Box::new(e.rename(f));
        match self {
            Expr::Number(v) => Expr::Number(*v),
            Expr::Text(t) => Expr::Text(t.clone()),
            Expr::Column(c) => Expr::Column(f(c)),
            Expr::Neg(e) => Expr::Neg(r(e)),
            Expr::Density(e) => Expr::Density(r(e)),
            Expr::Not(e) => Expr::Not(r(e)),
            Expr::Binary(a, op, b) => Expr::Binary(r(a), *op, r(b)),
            Expr::Compare(a, op, b) => Expr::Compare(r(a), *op, r(b)),
            Expr::And(a, b) => Expr::And(r(a), r(b)),
            Expr::Or(a, b) => Expr::Or(r(a), r(b)),
            Expr::If(c, a, b) => Expr::If(r(c), r(a), r(b)),
        }
    }

    /// Evaluate for every row. `area_km2` supplies the built-in area (None for a plain table).
    pub fn evaluate(&self, table: &Table, area_km2: Option<&[f64]>) -> Result<Vec<Option<f64>>> {
        let n = area_km2.map_or(table.len(), <[f64]>::len);
        self.check(table, area_km2, false)?;
        Ok((0..n).map(|row| self.at(row, table, area_km2)).collect())
    }

    /// Every column exists; text columns and literals only where text is compared.
    fn check(&self, table: &Table, area: Option<&[f64]>, text_ok: bool) -> Result<()> {
        match self {
            Expr::Column(c) if text_ok && table.column(c).is_some() => Ok(()),
            Expr::Column(c) => resolve(c, table, area).map(|_| ()),
            Expr::Text(t) if !text_ok => Err(Error::input(format!(
                "the text '{t}' can only be compared (e.g. kommun == '{t}')"
            ))),
            Expr::Compare(a, _, b) => {
                a.check(table, area, true)?;
                b.check(table, area, true)
            }
            Expr::Density(e) if area.is_none() => {
                e.check(table, area, false)?;
                Err(Error::input(
                    "density() needs areas with geometry; this table has none",
                ))
            }
            other => other
                .children()
                .into_iter()
                .try_for_each(|c| c.check(table, area, false)),
        }
    }

    /// The text of a side of a comparison, when it is a text literal or a text column.
    fn text_at(&self, row: usize, table: &Table) -> Option<Option<String>> {
        match self {
            Expr::Text(t) => Some(Some(t.clone())),
            Expr::Column(c) => match table.column(c) {
                Some(col) if matches!(col.values, Values::Text(_)) => Some(col.key_at(row)),
                _ => None,
            },
            _ => None,
        }
    }

    fn at(&self, row: usize, table: &Table, area: Option<&[f64]>) -> Option<f64> {
        let flag = |b: bool| Some(if b { 1.0 } else { 0.0 });
        let v = match self {
            Expr::Number(v) => Some(*v),
            Expr::Text(_) => None,
            Expr::Column(c) => match resolve(c, table, area).ok()? {
                Source::Column(v) => v.get(row).copied().flatten(),
                Source::Area(a) => a.get(row).copied(),
            },
            Expr::Neg(e) => e.at(row, table, area).map(|v| -v),
            Expr::Density(e) => {
                let a = area?.get(row).copied()?;
                e.at(row, table, area).map(|v| v / a)
            }
            Expr::Binary(a, op, b) => {
                let (x, y) = (a.at(row, table, area)?, b.at(row, table, area)?);
                Some(match op {
                    '+' => x + y,
                    '-' => x - y,
                    '*' => x * y,
                    _ => x / y,
                })
            }
            Expr::Compare(a, op, b) => match (a.text_at(row, table), b.text_at(row, table)) {
                (None, None) => {
                    let (x, y) = (a.at(row, table, area)?, b.at(row, table, area)?);
                    flag(op.holds(x.total_cmp(&y)))
                }
                (ta, tb) => {
                    let side = |t: Option<Option<String>>, e: &Expr| match t {
                        Some(t) => t,
                        None => e
                            .at(row, table, area)
                            .map(crate::data::table::format_number),
                    };
                    let (x, y) = (side(ta, a)?, side(tb, b)?);
                    flag(op.holds(x.cmp(&y)))
                }
            },
            Expr::And(a, b) => match (a.at(row, table, area), b.at(row, table, area)) {
                (Some(0.0), _) => Some(0.0),
                (_, Some(0.0)) => Some(0.0),
                (Some(_), Some(_)) => Some(1.0),
                _ => None,
            },
            Expr::Or(a, b) => match (a.at(row, table, area), b.at(row, table, area)) {
                (Some(x), _) if x != 0.0 => Some(1.0),
                (_, Some(y)) if y != 0.0 => Some(1.0),
                (Some(_), Some(_)) => Some(0.0),
                _ => None,
            },
            Expr::Not(e) => e
                .at(row, table, area)
                .map(|v| if v == 0.0 { 1.0 } else { 0.0 }),
            Expr::If(c, a, b) => {
                if c.at(row, table, area)? != 0.0 {
                    a.at(row, table, area)
                } else {
                    b.at(row, table, area)
                }
            }
        };
        v.filter(|v| v.is_finite())
    }
}

enum Source<'a> {
    Column(&'a [Option<f64>]),
    Area(&'a [f64]),
}

fn resolve<'a>(name: &str, table: &'a Table, area: Option<&'a [f64]>) -> Result<Source<'a>> {
    match table.column(name) {
        Some(c) => match &c.values {
            Values::Number(v) => Ok(Source::Column(v)),
            Values::Text(_) => Err(Error::input(format!(
                "column '{name}' holds text, not numbers"
            ))),
        },
        None if name == AREA_KM2 => area
            .map(Source::Area)
            .ok_or_else(|| Error::input("area_km2 needs areas with geometry; this table has none")),
        None => {
            let hint = closest(name, table.columns.iter().map(|c| c.name.as_str()))
                .map(|c| format!(" (did you mean '{c}'?)"))
                .unwrap_or_default();
            Err(Error::input(format!("no column '{name}'{hint}")))
        }
    }
}

/// The most similar name, when one is close enough to be a likely typo.
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    names
        .map(|n| (edit_distance(&name.to_lowercase(), &n.to_lowercase()), n))
        .filter(|(d, n)| *d <= 2.max(n.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl std::fmt::Display for Expr {
    /// The expression as it can be parsed again, with names quoted when they need it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let simple = |e: &Expr| {
            matches!(
                e,
                Expr::Number(_) | Expr::Text(_) | Expr::Column(_) | Expr::Density(_) | Expr::If(..)
            )
        };
        let wrap = |e: &Expr| {
            if simple(e) || matches!(e, Expr::Binary(_, o, _) if "*/".contains(*o)) {
                e.to_string()
            } else {
                format!("({e})")
            }
        };
        match self {
            Expr::Number(v) => write!(f, "{v}"),
            Expr::Text(t) => write!(f, "'{t}'"),
            Expr::Column(c)
                if !c.is_empty()
                    && c.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
                    && !["and", "or", "not"].contains(&c.as_str())
                    && !c.starts_with(|ch: char| ch.is_ascii_digit()) =>
            {
                write!(f, "{c}")
            }
            Expr::Column(c) if c.contains('"') => write!(f, "`{c}`"),
            Expr::Column(c) => write!(f, "\"{c}\""),
            Expr::Neg(e) => write!(f, "-({e})"),
            Expr::Density(e) => write!(f, "density({e})"),
            Expr::Not(e) => write!(f, "not ({e})"),
            Expr::If(c, a, b) => write!(f, "if({c}, {a}, {b})"),
            Expr::And(a, b) => write!(f, "({a}) and ({b})"),
            Expr::Or(a, b) => write!(f, "({a}) or ({b})"),
            Expr::Compare(a, op, b) => write!(f, "{} {} {}", wrap(a), op.symbol(), wrap(b)),
            Expr::Binary(a, op, b) => {
                let plus = |e: &Expr| matches!(e, Expr::Binary(_, o, _) if "+-".contains(*o));
                let side = |e: &Expr, always: bool| {
                    if plus(e)
                        || (always && matches!(e, Expr::Binary(..)))
                        || !(simple(e) || matches!(e, Expr::Binary(..)))
                    {
                        format!("({e})")
                    } else {
                        e.to_string()
                    }
                };
                match op {
                    '+' => write!(f, "{} + {}", side(a, false), side(b, false)),
                    '-' => write!(f, "{} - {}", side(a, false), side(b, true)),
                    '*' => write!(f, "{} * {}", side(a, false), side(b, false)),
                    _ => write!(f, "{} / {}", side(a, false), side(b, true)),
                }
            }
        }
    }
}
