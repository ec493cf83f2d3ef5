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

/// The most units a `.gwt` header may announce (a `.gal` lists every unit, so its header is
/// checked against the file's size): a header is never trusted to size memory.
const MAX_UNITS: usize = 10_000_000;

/// One record of a weights file: the unit, its neighbours with their weights, and the line.
struct Record<'a> {
    line: usize,
    unit: &'a str,
    neighbours: Vec<(&'a str, f64)>,
}

/// Read a `.gal` or `.gwt` file (decided by the extension). Units are numbered as in the
/// file: ids that are all whole numbers are positions (0-based, or 1-based as GeoDa writes
/// them when no id is 0), so they match the layer's feature order; other ids (codes) take
/// the order of the `.gal`'s unit lines, or of first appearance in a `.gwt`.
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
    let gwt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
    let limit = if gwt { MAX_UNITS } else { text.len() / 4 + 1 };
    if n > limit {
        return Err(Error::in_file(
            path,
            format!("the header announces {n} units, more than the file can hold"),
        )
        .at(Place::Line {
            line: 1,
            column: None,
        }));
    }
    let bad = |line: usize, what: &str| {
        Error::in_file(path, what.to_string()).at(Place::Line {
            line: line + 1,
            column: None,
        })
    };
    let mut records: Vec<Record> = Vec::new();
    if gwt {
        for (ln, l) in lines {
            let t: Vec<&str> = l.split_whitespace().collect();
            let [a, b, w] = t[..] else {
                return Err(bad(ln, "expected 'id neighbour weight'"));
            };
            let w: f64 = w
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite())
                .ok_or_else(|| bad(ln, "the weight is not a number"))?;
            records.push(Record {
                line: ln + 1,
                unit: a,
                neighbours: vec![(b, w)],
            });
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
            records.push(Record {
                line: ln + 1,
                unit: a,
                neighbours: neighbours.into_iter().map(|b| (b, 1.0)).collect(),
            });
        }
    }
    let index = numbering(path, &records, n, gwt)?;
    let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for r in &records {
        let a = index(r.unit, r.line)?;
        for &(b, w) in &r.neighbours {
            let b = index(b, r.line + usize::from(!gwt))?;
            lists[a as usize].push((b, w));
        }
    }
    Ok(Weights::from_lists(lists))
}

type Numbering<'a> = Box<dyn Fn(&str, usize) -> Result<u32> + 'a>;

/// How the file's ids map to units `0..n`.
fn numbering<'a>(path: &'a Path, records: &[Record], n: usize, gwt: bool) -> Result<Numbering<'a>> {
    let ids = || {
        records
            .iter()
            .flat_map(|r| std::iter::once(r.unit).chain(r.neighbours.iter().map(|(b, _)| *b)))
    };
    let numbers: Option<Vec<u64>> = ids().map(|s| s.parse::<u64>().ok()).collect();
    let out_of_range = move |id: &str, line: usize| {
        Error::in_file(
            path,
            format!("unit '{id}' is outside the {n} units the header announces"),
        )
        .at(Place::Line { line, column: None })
    };
    if let Some(numbers) = numbers {
        let min = numbers.iter().copied().min().unwrap_or(0);
        let max = numbers.iter().copied().max().unwrap_or(0);
        let base = u64::from(min >= 1 && max == n as u64);
        return Ok(Box::new(move |id: &str, line: usize| {
            id.parse::<u64>()
                .ok()
                .and_then(|v| v.checked_sub(base))
                .filter(|v| *v < n as u64)
                .map(|v| v as u32)
                .ok_or_else(|| out_of_range(id, line))
        }));
    }
    // Codes: the order of the unit lines (.gal) or of first appearance (.gwt).
    let mut order: HashMap<String, u32> = HashMap::new();
    let focal = records.iter().map(|r| r.unit);
    let all: Box<dyn Iterator<Item = &str>> = if gwt {
        Box::new(ids())
    } else {
        Box::new(focal.chain(ids()))
    };
    for id in all {
        let next = order.len() as u32;
        order.entry(id.to_string()).or_insert(next);
    }
    if order.len() > n {
        return Err(Error::in_file(
            path,
            format!("more than {n} different ids (the header says {n})"),
        ));
    }
    Ok(Box::new(move |id: &str, line: usize| {
        order.get(id).copied().ok_or_else(|| out_of_range(id, line))
    }))
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

    #[test]
    fn ids_are_positions_not_order_of_appearance() {
        // As libpysal writes a GeoDataFrame's queen weights: unit 0's neighbours 5 and 2 come
        // before their own lines. Read by order of appearance they were numbered 1 and 2.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.gal");
        let mut text = String::from("0 6 layer id\n0 2\n5 2\n");
        for i in 1..6 {
            text.push_str(&format!("{i} 0\n"));
        }
        let text = text
            .replace("5 0\n", "5 1\n0\n")
            .replace("2 0\n", "2 1\n0\n");
        std::fs::write(&p, &text).unwrap();
        let w = read(&p).unwrap();
        assert_eq!(w.neighbors_of(0), &[2, 5]);
        assert_eq!(w.neighbors_of(5), &[0]);
        // GeoDa's 1-based ids.
        std::fs::write(&p, "3\n1 1\n3\n2 0\n3 1\n1\n").unwrap();
        let w = read(&p).unwrap();
        assert_eq!(w.neighbors_of(0), &[2]);
        assert_eq!(w.cardinality(1), 0);
        // Codes keep the order of the unit lines.
        std::fs::write(&p, "2\nB 1\nA\nA 1\nB\n").unwrap();
        assert_eq!(read(&p).unwrap().neighbors_of(0), &[1]);
        // An id past the header's count, and a header larger than the file can hold.
        std::fs::write(&p, "2\n0 1\n7\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(
            e.contains("line 3") && e.contains("'7' is outside the 2 units"),
            "{e}"
        );
        std::fs::write(&p, "0 999999999999 x id\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("more than the file can hold"), "{e}");
    }
}
