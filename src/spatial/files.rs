//! GeoDa/PySAL weights files: `.gal` (neighbour lists) and `.gwt` (weighted pairs), units in
//! feature order, written with 0-based ids and a header `0 n layer id`. Reading accepts any ids
//! and numbers the units in the order they first appear.

use super::weights::Weights;
use crate::error::{Error, Place, Result};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The text of a `.gal` file.
pub fn gal(w: &Weights, layer: &str) -> String {
    let mut s = format!("0 {} {} unit\n", w.n, layer.replace(' ', "_"));
    for i in 0..w.n {
        let _ = writeln!(s, "{i} {}", w.cardinality(i));
        let ids: Vec<String> = w.neighbors_of(i).iter().map(u32::to_string).collect();
        let _ = writeln!(s, "{}", ids.join(" "));
    }
    s
}

/// The text of a `.gwt` file.
pub fn gwt(w: &Weights, layer: &str) -> String {
    let mut s = format!("0 {} {} unit\n", w.n, layer.replace(' ', "_"));
    for i in 0..w.n {
        for (j, v) in w.neighbors_of(i).iter().zip(w.weights_of(i)) {
            let _ = writeln!(s, "{i} {j} {v}");
        }
    }
    s
}

fn header_n(path: &Path, line: &str) -> Result<usize> {
    let t: Vec<&str> = line.split_whitespace().collect();
    let n = match t.len() {
        1 => t[0].parse().ok(),
        2.. => t[1].parse().ok(),
        _ => None,
    };
    n.ok_or_else(|| {
        Error::in_file(
            path,
            "the first line must give the number of units ('n' or '0 n name id')",
        )
        .at(Place::Line {
            line: 1,
            column: None,
        })
    })
}

/// Read a `.gal` or `.gwt` file (decided by the extension).
pub fn read(path: &Path) -> Result<Weights> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, first)) = lines.next() else {
        return Err(Error::in_file(path, "the file is empty"));
    };
    let n = header_n(path, first)?;
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut id = |s: &str, line: usize| -> Result<u32> {
        let next = index.len() as u32;
        let k = *index.entry(s.to_string()).or_insert(next);
        if k as usize >= n {
            return Err(Error::in_file(
                path,
                format!("more than {n} different ids (the header says {n})"),
            )
            .at(Place::Line { line, column: None }));
        }
        Ok(k)
    };
    let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    let gwt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
    let bad = |line: usize, what: &str| {
        Error::in_file(path, what.to_string()).at(Place::Line {
            line: line + 1,
            column: None,
        })
    };
    if gwt {
        for (ln, l) in lines {
            let t: Vec<&str> = l.split_whitespace().collect();
            let [a, b, w] = t[..] else {
                return Err(bad(ln, "expected 'id neighbour weight'"));
            };
            let w: f64 = w
                .parse()
                .map_err(|_| bad(ln, "the weight is not a number"))?;
            let (a, b) = (id(a, ln + 1)?, id(b, ln + 1)?);
            lists[a as usize].push((b, w));
        }
    } else {
        while let Some((ln, l)) = lines.next() {
            let t: Vec<&str> = l.split_whitespace().collect();
            let [a, count] = t[..] else {
                return Err(bad(ln, "expected 'id number_of_neighbours'"));
            };
            let count: usize = count
                .parse()
                .map_err(|_| bad(ln, "the number of neighbours is not a number"))?;
            let a = id(a, ln + 1)?;
            let neighbours: Vec<&str> = if count == 0 {
                Vec::new()
            } else {
                let (ln2, l2) = lines
                    .next()
                    .ok_or_else(|| bad(ln + 1, "the neighbour list is missing"))?;
                let v: Vec<&str> = l2.split_whitespace().collect();
                if v.len() != count {
                    return Err(bad(
                        ln2,
                        &format!("{} neighbours listed, {count} announced", v.len()),
                    ));
                }
                v
            };
            for b in neighbours {
                let b = id(b, ln + 2)?;
                lists[a as usize].push((b, 1.0));
            }
        }
    }
    Ok(Weights::from_lists(lists))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gal_and_gwt_round_trip() {
        let w = Weights::from_pairs(3, [(0, 1), (1, 2)]);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.gal");
        std::fs::write(&p, gal(&w, "test layer")).unwrap();
        assert_eq!(read(&p).unwrap(), w);
        let p = dir.path().join("w.gwt");
        std::fs::write(&p, gwt(&w, "t")).unwrap();
        assert_eq!(read(&p).unwrap(), w);
        let bad = dir.path().join("bad.gal");
        std::fs::write(&bad, "0 2 x id\n0 2\n1\n").unwrap();
        let e = read(&bad).unwrap_err();
        assert!(
            e.to_string()
                .contains("line 3: 1 neighbours listed, 2 announced"),
            "{e}"
        );
    }
}
