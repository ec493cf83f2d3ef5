//! Reading the text of a variable into an [`Expr`]: a tokenizer and a recursive-descent parser
//! whose errors point at the character. Nesting is bounded (parentheses, unary operators and the
//! length of operator chains), so no text can overflow the stack of the parser or of evaluation.

use super::{Cmp, Expr};
use crate::error::{Error, Result};

/// The deepest an expression may nest; far beyond any variable a person writes.
pub const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Name(String),
    /// A name in double quotes or backticks: always a column, never a keyword.
    Quoted(String),
    Text(String),
    Op(&'static str),
}

impl Token {
    fn show(&self) -> String {
        match self {
            Token::Num(v) => v.to_string(),
            Token::Name(n) => n.clone(),
            Token::Quoted(n) => format!("\"{n}\""),
            Token::Text(t) => format!("'{t}'"),
            Token::Op(c) => c.to_string(),
        }
    }
}

const OPS: [&str; 14] = [
    "<=", ">=", "==", "!=", "<", ">", "=", "+", "-", "*", "/", "(", ")", ",",
];

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if let Some(op) = OPS.iter().find(|op| {
            op.chars()
                .enumerate()
                .all(|(k, oc)| chars.get(i + k) == Some(&oc))
        }) {
            out.push((i, Token::Op(op)));
            i += op.chars().count();
        } else if c == '"' || c == '`' || c == '\'' {
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
            out.push((
                start,
                if c == '\'' {
                    Token::Text(name)
                } else {
                    Token::Quoted(name)
                },
            ));
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

/// The bare numbers of a text as written (`2022` in `2022 <= 2`), in order; none when the text
/// does not tokenize (parsing says why).
pub fn bare_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    tokenize(text)
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, t)| matches!(t, Token::Num(_)))
        .map(|(start, _)| {
            chars[start..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == '.')
                .collect()
        })
        .collect()
}

/// Parse an expression; see [`Expr`] for the language.
pub fn parse(text: &str) -> Result<Expr> {
    let tokens = tokenize(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        text,
        depth: 0,
    };
    let (e, _) = p.or()?;
    if let Some((at, t)) = p.tokens.get(p.pos) {
        return Err(p.error(*at, &format!("unexpected '{}'", t.show())));
    }
    Ok(e)
}

struct Parser<'a> {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    text: &'a str,
    /// Current recursion depth of the descent.
    depth: usize,
}

/// A parsed part and the depth of its tree.
type Part = (Expr, usize);

impl Parser<'_> {
    fn error(&self, at: usize, what: &str) -> Error {
        Error::input(format!(
            "{what} at character {} in variable '{}'",
            at + 1,
            self.text
        ))
    }

    fn too_deep(&self) -> Error {
        Error::input(format!(
            "variable '{}' nests deeper than {MAX_DEPTH} levels",
            shorten(self.text)
        ))
    }

    /// A node over parts of the given depths, refused when the tree grows too deep.
    fn node(&self, e: Expr, depths: &[usize]) -> Result<Part> {
        let d = depths.iter().copied().max().unwrap_or(0) + 1;
        if d > MAX_DEPTH {
            return Err(self.too_deep());
        }
        Ok((e, d))
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some((_, Token::Op(c))) => Some(c),
            _ => None,
        }
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some((_, Token::Name(n))) if n == word)
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Part> {
        let mut e = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            let r = self.and()?;
            e = self.node(Expr::Or(Box::new(e.0), Box::new(r.0)), &[e.1, r.1])?;
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Part> {
        let mut e = self.not()?;
        while self.peek_word("and") {
            self.pos += 1;
            let r = self.not()?;
            e = self.node(Expr::And(Box::new(e.0), Box::new(r.0)), &[e.1, r.1])?;
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Part> {
        if self.peek_word("not") {
            self.pos += 1;
            self.enter()?;
            let inner = self.not()?;
            self.depth -= 1;
            return self.node(Expr::Not(Box::new(inner.0)), &[inner.1]);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Part> {
        let a = self.sum()?;
        let cmp = match self.peek_op() {
            Some("<") => Cmp::Lt,
            Some("<=") => Cmp::Le,
            Some(">") => Cmp::Gt,
            Some(">=") => Cmp::Ge,
            Some("==" | "=") => Cmp::Eq,
            Some("!=") => Cmp::Ne,
            _ => return Ok(a),
        };
        self.pos += 1;
        let b = self.sum()?;
        self.node(
            Expr::Compare(Box::new(a.0), cmp, Box::new(b.0)),
            &[a.1, b.1],
        )
    }

    fn sum(&mut self) -> Result<Part> {
        let mut e = self.product()?;
        while let Some(op @ ("+" | "-")) = self.peek_op() {
            self.pos += 1;
            let r = self.product()?;
            let op = if op == "+" { '+' } else { '-' };
            e = self.node(Expr::Binary(Box::new(e.0), op, Box::new(r.0)), &[e.1, r.1])?;
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Part> {
        let mut e = self.unary()?;
        while let Some(op @ ("*" | "/")) = self.peek_op() {
            self.pos += 1;
            let r = self.unary()?;
            let op = if op == "*" { '*' } else { '/' };
            e = self.node(Expr::Binary(Box::new(e.0), op, Box::new(r.0)), &[e.1, r.1])?;
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Part> {
        if self.peek_op() == Some("-") {
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return self.node(Expr::Neg(Box::new(inner.0)), &[inner.1]);
        }
        self.atom()
    }

    /// A parenthesised sub-expression (or a function's arguments), with the depth guard.
    fn inner(&mut self) -> Result<Part> {
        self.enter()?;
        let e = self.or()?;
        self.depth -= 1;
        Ok(e)
    }

    fn atom(&mut self) -> Result<Part> {
        let Some((at, tok)) = self.tokens.get(self.pos).cloned() else {
            return Err(self.error(self.text.chars().count(), "expression ends too early"));
        };
        self.pos += 1;
        match tok {
            Token::Num(v) => Ok((Expr::Number(v), 1)),
            Token::Text(t) => Ok((Expr::Text(t), 1)),
            Token::Name(n) if n == "density" && self.peek_op() == Some("(") => {
                self.pos += 1;
                let inner = self.inner()?;
                self.expect(")", at, "unclosed '('")?;
                self.node(Expr::Density(Box::new(inner.0)), &[inner.1])
            }
            Token::Name(n) if n == "if" && self.peek_op() == Some("(") => {
                self.pos += 1;
                let c = self.inner()?;
                self.expect(
                    ",",
                    at,
                    "if( needs three arguments: if(condition, then, else)",
                )?;
                let a = self.inner()?;
                self.expect(
                    ",",
                    at,
                    "if( needs three arguments: if(condition, then, else)",
                )?;
                let b = self.inner()?;
                self.expect(")", at, "unclosed '('")?;
                self.node(
                    Expr::If(Box::new(c.0), Box::new(a.0), Box::new(b.0)),
                    &[c.1, a.1, b.1],
                )
            }
            Token::Name(n) | Token::Quoted(n) => Ok((Expr::Column(n), 1)),
            Token::Op("(") => {
                let inner = self.inner()?;
                self.expect(")", at, "unclosed '('")?;
                Ok(inner)
            }
            Token::Op(c) => Err(self.error(at, &format!("unexpected '{c}'"))),
        }
    }

    fn expect(&mut self, op: &str, open: usize, what: &str) -> Result<()> {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(open, what))
        }
    }
}

/// At most 60 characters of a text, for messages about very long input.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(60).collect::<String>())
    }
}
