//! Variables: a column, or arithmetic on columns and numbers such as
//! `utlandsk_bakgrund_2022/folkmangd_2022*100`. Names with spaces go in double quotes or
//! backticks (`"Antal Sverige totalt 2020"`). `area_km2` is each area's size from the projected
//! geometry and `density(x)` is `x / area_km2`.
//!
//! A missing value anywhere in a row makes the result missing, as does division by zero;
//! nothing becomes 0.

use crate::data::table::{Table, Values};
use crate::error::{Error, Result};

/// A parsed variable expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Column(String),
    Neg(Box<Expr>),
    Binary(Box<Expr>, char, Box<Expr>),
    Density(Box<Expr>),
}

/// The name of the built-in area variable.
pub const AREA_KM2: &str = "area_km2";

impl Expr {
    /// Parse an expression, with errors that point at the character.
    pub fn parse(text: &str) -> Result<Expr> {
        let tokens = tokenize(text)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            text,
        };
        let e = p.sum()?;
        if let Some((at, t)) = p.tokens.get(p.pos) {
            return Err(p.error(*at, &format!("unexpected '{}'", t.show())));
        }
        Ok(e)
    }

    /// Column names the expression reads.
    pub fn columns(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Column(c) => out.push(c),
            Expr::Neg(e) => e.collect(out),
            Expr::Density(e) => {
                e.collect(out);
                out.push(AREA_KM2);
            }
            Expr::Binary(a, _, b) => {
                a.collect(out);
                b.collect(out);
            }
        }
    }

    /// The same expression with every column renamed by `f` (used to move a variable to
    /// another year).
    pub fn rename(&self, f: &dyn Fn(&str) -> String) -> Expr {
        match self {
            Expr::Number(v) => Expr::Number(*v),
            Expr::Column(c) => Expr::Column(f(c)),
            Expr::Neg(e) => Expr::Neg(Box::new(e.rename(f))),
            Expr::Density(e) => Expr::Density(Box::new(e.rename(f))),
            Expr::Binary(a, op, b) => {
                Expr::Binary(Box::new(a.rename(f)), *op, Box::new(b.rename(f)))
            }
        }
    }

    /// Evaluate for every row. `area_km2` supplies the built-in area (None for a plain table).
    pub fn evaluate(&self, table: &Table, area_km2: Option<&[f64]>) -> Result<Vec<Option<f64>>> {
        let n = area_km2.map_or(table.len(), <[f64]>::len);
        for c in self.columns() {
            resolve(c, table, area_km2)?;
        }
        Ok((0..n).map(|row| self.at(row, table, area_km2)).collect())
    }

    fn at(&self, row: usize, table: &Table, area: Option<&[f64]>) -> Option<f64> {
        let v = match self {
            Expr::Number(v) => Some(*v),
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

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Name(String),
    Op(char),
}

impl Token {
    fn show(&self) -> String {
        match self {
            Token::Num(v) => v.to_string(),
            Token::Name(n) => n.clone(),
            Token::Op(c) => c.to_string(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/()".contains(c) {
            out.push((i, Token::Op(c)));
            i += 1;
        } else if c == '"' || c == '`' {
            let start = i;
            i += 1;
            let mut name = String::new();
            while i < chars.len() && chars[i] != c {
                name.push(chars[i]);
                i += 1;
            }
            if i == chars.len() {
                return Err(Error::input(format!(
                    "unclosed {c} starting at character {} in variable '{text}'",
                    start + 1
                )));
            }
            i += 1;
            out.push((start, Token::Name(name)));
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let v = s.parse::<f64>().map_err(|_| {
                Error::input(format!(
                    "'{s}' at character {} is not a number in variable '{text}'",
                    start + 1
                ))
            })?;
            out.push((start, Token::Num(v)));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((start, Token::Name(chars[start..i].iter().collect())));
        } else {
            return Err(Error::input(format!(
                "unexpected '{c}' at character {} in variable '{text}'",
                i + 1
            )));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn error(&self, at: usize, what: &str) -> Error {
        Error::input(format!(
            "{what} at character {} in variable '{}'",
            at + 1,
            self.text
        ))
    }

    fn peek_op(&self) -> Option<char> {
        match self.tokens.get(self.pos) {
            Some((_, Token::Op(c))) => Some(*c),
            _ => None,
        }
    }

    fn sum(&mut self) -> Result<Expr> {
        let mut e = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek_op() {
            self.pos += 1;
            e = Expr::Binary(Box::new(e), op, Box::new(self.product()?));
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Expr> {
        let mut e = self.unary()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.pos += 1;
            e = Expr::Binary(Box::new(e), op, Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr> {
        if self.peek_op() == Some('-') {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr> {
        let Some((at, tok)) = self.tokens.get(self.pos).cloned() else {
            return Err(self.error(self.text.chars().count(), "expression ends too early"));
        };
        self.pos += 1;
        match tok {
            Token::Num(v) => Ok(Expr::Number(v)),
            Token::Name(n) if n == "density" && self.peek_op() == Some('(') => {
                self.pos += 1;
                let inner = self.sum()?;
                self.expect_close(at)?;
                Ok(Expr::Density(Box::new(inner)))
            }
            Token::Name(n) => Ok(Expr::Column(n)),
            Token::Op('(') => {
                let inner = self.sum()?;
                self.expect_close(at)?;
                Ok(inner)
            }
            Token::Op(c) => Err(self.error(at, &format!("unexpected '{c}'"))),
        }
    }

    fn expect_close(&mut self, open: usize) -> Result<()> {
        if self.peek_op() == Some(')') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(open, "unclosed '('"))
        }
    }
}

impl std::fmt::Display for Expr {
    /// The expression as it can be parsed again, with names quoted when they need it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expr::Number(v) => write!(f, "{v}"),
            Expr::Column(c) if c.chars().all(|ch| ch.is_alphanumeric() || ch == '_') => {
                write!(f, "{c}")
            }
            Expr::Column(c) => write!(f, "\"{c}\""),
            Expr::Neg(e) => write!(f, "-({e})"),
            Expr::Density(e) => write!(f, "density({e})"),
            Expr::Binary(a, op, b) => {
                let wrap = |e: &Expr| matches!(e, Expr::Binary(_, o, _) if "+-".contains(*o));
                let side = |e: &Expr, always: bool| {
                    if wrap(e) || (always && matches!(e, Expr::Binary(..))) {
                        format!("({e})")
                    } else {
                        e.to_string()
                    }
                };
                match op {
                    '+' => write!(f, "{a} + {}", side(b, false)),
                    '-' => write!(f, "{a} - {}", side(b, true)),
                    '*' => write!(f, "{} * {}", side(a, false), side(b, false)),
                    _ => write!(f, "{} / {}", side(a, false), side(b, true)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_parses_back_to_the_same_expression() {
        for text in [
            "a/b*100",
            "(a+b)/(c-d)",
            "a - (b - c)",
            "\"Antal totalt 2020\" - \"Antal Sverige 2020\"",
            "density(a)*2",
            "-(a)/b",
        ] {
            let e = Expr::parse(text).unwrap();
            assert_eq!(Expr::parse(&e.to_string()).unwrap(), e, "{text} → {e}");
        }
    }
    use crate::data::table::Column;

    fn table() -> Table {
        Table::new(vec![
            Column::number("utl_2022", vec![Some(25.0), None, Some(3.0)]),
            Column::number("pop_2022", vec![Some(100.0), Some(50.0), Some(0.0)]),
            Column::number("Antal Sverige 2020", vec![Some(1.0), Some(2.0), Some(3.0)]),
            Column::text("namn", vec![Some("a".into()), None, None]),
        ])
        .unwrap()
    }

    #[test]
    fn share_in_percent_keeps_missing_and_zero_division_missing() {
        let v = Expr::parse("utl_2022/pop_2022*100")
            .unwrap()
            .evaluate(&table(), None)
            .unwrap();
        assert_eq!(v, vec![Some(25.0), None, None]);
    }

    #[test]
    fn precedence_parentheses_unary_and_quoted_names() {
        let t = table();
        let e = |s: &str| Expr::parse(s).unwrap().evaluate(&t, None).unwrap()[0];
        assert_eq!(e("1+2*3"), Some(7.0));
        assert_eq!(e("(1+2)*3"), Some(9.0));
        assert_eq!(e("-utl_2022 + 5"), Some(-20.0));
        assert_eq!(e("\"Antal Sverige 2020\" * 2"), Some(2.0));
        assert_eq!(e("`Antal Sverige 2020` - 1"), Some(0.0));
    }

    #[test]
    fn area_and_density() {
        let area = [2.0, 5.0, 1.0];
        let v = Expr::parse("density(pop_2022)")
            .unwrap()
            .evaluate(&table(), Some(&area))
            .unwrap();
        assert_eq!(v, vec![Some(50.0), Some(10.0), Some(0.0)]);
        assert!(Expr::parse("area_km2")
            .unwrap()
            .evaluate(&table(), None)
            .is_err());
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = Expr::parse("utl_2022 / pop_2O22")
            .unwrap()
            .evaluate(&table(), None)
            .unwrap_err();
        assert!(e.message.contains("did you mean 'pop_2022'"), "{e}");
        let e = Expr::parse("namn * 2")
            .unwrap()
            .evaluate(&table(), None)
            .unwrap_err();
        assert!(e.message.contains("holds text"));
        let e = Expr::parse("(1 + 2").unwrap_err();
        assert!(e.message.contains("unclosed '(' at character 1"), "{e}");
        let e = Expr::parse("1 + * 2").unwrap_err();
        assert!(e.message.contains("character 5"), "{e}");
        assert!(Expr::parse("a % b").is_err());
    }
}
