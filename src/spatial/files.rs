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

/// A weights file as written: its units numbered in the file's own order, the ids it gives
/// them, and the id field its header names (GeoDa's `0 n layer ID_FIELD`).
pub struct Parsed<'a> {
    n: usize,
    gwt: bool,
    records: Vec<Record<'a>>,
    id_field: Option<&'a str>,
}

/// Read a `.gal` or `.gwt` file (decided by the extension) in its own numbering: ids that are
/// all whole numbers are positions (1-based when every id is in 1..n and none is 0, else
/// 0-based), other ids take the order of the `.gal`'s unit lines or of first appearance in a
/// `.gwt`. For weights of a layer's areas use [`read_for_layer`], which matches codes.
pub fn read(path: &Path) -> Result<Weights> {
    crate::data::inputs::register(path);
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let parsed = parse(path, &text)?;
    let index = own_numbering(path, &parsed)?;
    assemble(&parsed, parsed.n, &index)
}

/// Read a weights file for the areas of a layer (its table), as GeoDa means it: ids that are
/// the values of the field the header names, or of the layer's code field (or of any field
/// holding every id), are matched **by value**, in any order; whole numbers that are no field's
/// values are positions, 1-based when every id is in 1..n and none is 0, 0-based when every id
/// is in 0..n−1; anything else is refused naming a few ids.
pub fn read_for_layer(path: &Path, table: &crate::data::Table) -> Result<Weights> {
    crate::data::inputs::register(path);
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let parsed = parse(path, &text)?;
    let n = table.len();
    let distinct = distinct_ids(&parsed);
    if let Some(rows) = match_field(table, parsed.id_field, &distinct) {
        let listed: std::collections::HashSet<usize> =
            distinct.iter().map(|id| rows[*id]).collect();
        // A .gal lists every unit; areas it never names are not in the file.
        if !parsed.gwt && listed.len() < n {
            let missing: Vec<String> = (0..n)
                .filter(|r| !listed.contains(r))
                .take(5)
                .map(|r| crate::data::subset::ids_of(table, &[r])[0].clone())
                .collect();
            return Err(Error::in_file(
                path,
                format!(
                    "the weights file lists {} of the layer's {n} areas; not listed: {}",
                    listed.len(),
                    missing.join(", ")
                ),
            ));
        }
        if parsed.n != n && !parsed.gwt {
            return Err(Error::in_file(
                path,
                format!(
                    "the weights file has {} units and the layer {n} areas",
                    parsed.n
                ),
            ));
        }
        let index = |id: &str, _line: usize| -> Result<u32> { Ok(rows[id] as u32) };
        return assemble(&parsed, n, &index);
    }
    if distinct.iter().any(|id| id.parse::<u64>().is_err()) {
        // Codes that no field of the layer holds: name a few the code field lacks.
        let code = crate::data::table::identify_fields(table).1;
        let known: std::collections::HashSet<String> = code
            .as_deref()
            .and_then(|c| table.column(c))
            .map(|c| (0..table.len()).filter_map(|r| c.key_at(r)).collect())
            .unwrap_or_default();
        let unknown: Vec<&str> = distinct
            .iter()
            .copied()
            .filter(|id| !known.contains(*id))
            .take(5)
            .collect();
        return Err(Error::in_file(
            path,
            format!(
                "the weights file's ids are codes, but no field of the layer holds them all ({}: {})",
                code.map_or("the layer has no code field".to_string(), |c| format!("not in '{c}'")),
                unknown.join(", ")
            ),
        ));
    }
    if parsed.n != n {
        return Err(Error::in_file(
            path,
            format!(
                "the weights file has {} units and the layer {n} areas: its ids are no field's values, so it must list the layer's areas in order",
                parsed.n
            ),
        ));
    }
    let index = own_numbering(path, &parsed)?;
    assemble(&parsed, n, &index)
}

/// The file's ids, each once, in order of first appearance.
fn distinct_ids<'a>(p: &Parsed<'a>) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    p.records
        .iter()
        .flat_map(|r| std::iter::once(r.unit).chain(r.neighbours.iter().map(|(b, _)| *b)))
        .filter(|id| seen.insert(*id))
        .collect()
}

/// The layer's rows of the file's ids, when a field holds every id as the value of exactly one
/// area: the field the header names first, then the layer's code field, then any other. Whole
/// numbers without leading zeros match only the named field or the code field (positions are
/// whole numbers too, and a numeric field 1..n says nothing).
fn match_field(
    table: &crate::data::Table,
    named: Option<&str>,
    ids: &[&str],
) -> Option<HashMap<String, usize>> {
    let code = crate::data::table::identify_fields(table).1;
    let plain_numbers = ids
        .iter()
        .all(|s| s.parse::<u64>().is_ok() && (s.len() == 1 || !s.starts_with('0')));
    let mut candidates: Vec<&crate::data::table::Column> = Vec::new();
    if let Some(f) = named {
        if let Some(c) = table.column(f).or_else(|| {
            table
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(f))
        }) {
            candidates.push(c);
        }
    }
    if let Some(c) = code.as_deref().and_then(|c| table.column(c)) {
        candidates.push(c);
    }
    if !plain_numbers {
        candidates.extend(table.columns.iter());
    }
    for c in candidates {
        let mut rows: HashMap<String, usize> = HashMap::with_capacity(table.len());
        let mut unique = true;
        for r in 0..table.len() {
            if let Some(k) = c.key_at(r) {
                if rows.insert(k, r).is_some() {
                    unique = false;
                    break;
                }
            }
        }
        if unique && ids.iter().all(|id| rows.contains_key(*id)) {
            return Some(rows);
        }
    }
    None
}

/// Read the records of a weights file's text.
fn parse<'a>(path: &Path, text: &'a str) -> Result<Parsed<'a>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, first)) = lines.next() else {
        return Err(Error::in_file(path, "the file is empty"));
    };
    let n = header_n(path, first)?;
    let header: Vec<&str> = first.split_whitespace().collect();
    let id_field = header.get(3).copied();
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
    Ok(Parsed {
        n,
        gwt,
        records,
        id_field,
    })
}

/// The weights of `n` units from the records, numbered by `index`.
fn assemble(p: &Parsed, n: usize, index: &dyn Fn(&str, usize) -> Result<u32>) -> Result<Weights> {
    let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for r in &p.records {
        let a = index(r.unit, r.line)?;
        for &(b, w) in &r.neighbours {
            let b = index(b, r.line + usize::from(!p.gwt))?;
            lists[a as usize].push((b, w));
        }
    }
    Ok(Weights::from_lists(lists))
}

type Numbering<'a> = Box<dyn Fn(&str, usize) -> Result<u32> + 'a>;

/// How the file's ids map to units `0..n` without a layer: whole numbers are positions, decided
/// from the whole file — 1-based when every id is in 1..n and none is 0, 0-based when every id
/// is in 0..n−1, refused otherwise naming a few ids; codes in order of the unit lines (`.gal`)
/// or of first appearance (`.gwt`).
fn own_numbering<'a>(path: &'a Path, p: &Parsed) -> Result<Numbering<'a>> {
    let (n, records, gwt) = (p.n, &p.records, p.gwt);
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
        let one_based = numbers.iter().all(|&v| v >= 1 && v <= n as u64);
        let zero_based = numbers.iter().all(|&v| v < n as u64);
        if !one_based && !zero_based {
            let mut odd: Vec<u64> = numbers.iter().copied().filter(|&v| v >= n as u64).collect();
            odd.sort_unstable();
            odd.dedup();
            let shown: Vec<String> = odd.iter().take(5).map(u64::to_string).collect();
            return Err(Error::in_file(
                path,
                format!(
                    "the ids fit neither 0..{} nor 1..{n} (the header announces {n} units){}: {}",
                    n.saturating_sub(1),
                    if numbers.contains(&0) {
                        ", 0 is used"
                    } else {
                        ""
                    },
                    shown.join(", ")
                ),
            ));
        }
        let base = u64::from(one_based);
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
        assert!(e.contains("fit neither") && e.contains('7'), "{e}");
        std::fs::write(&p, "0 999999999999 x id\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("more than the file can hold"), "{e}");
    }

    #[test]
    fn whole_numbers_are_one_based_only_when_the_whole_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.gwt");
        // GeoDa's 1-based ids; the last unit (4) is an island, so no id reaches n = 4. Read by
        // the largest id this was taken as 0-based and every unit shifted.
        std::fs::write(&p, "0 4 layer id\n1 2 1\n2 1 1\n2 3 1\n3 2 1\n").unwrap();
        let w = read(&p).unwrap();
        assert_eq!(w.neighbors_of(0), &[1]);
        assert_eq!(w.neighbors_of(1), &[0, 2]);
        assert_eq!(w.cardinality(3), 0);
        // 0-based when a 0 appears.
        std::fs::write(&p, "0 4 layer id\n0 1 1\n1 0 1\n").unwrap();
        assert_eq!(read(&p).unwrap().neighbors_of(0), &[1]);
        // Neither: 0 used and n reached.
        std::fs::write(&p, "0 4 layer id\n0 4 1\n4 0 1\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("fit neither") && e.contains('4'), "{e}");
    }

    #[test]
    fn codes_are_matched_to_the_layer_in_any_order() {
        use crate::data::table::{Column, Table};
        let dir = tempfile::tempdir().unwrap();
        let codes = ["0114A0010", "0114A0020", "0114A0030"];
        let table = Table::new(vec![Column::text(
            "deso",
            codes.iter().map(|c| Some(c.to_string())).collect(),
        )])
        .unwrap();
        // The layer's third area first; ids are codes.
        let p = dir.path().join("w.gal");
        std::fs::write(
            &p,
            "0 3 deso deso\n0114A0030 1\n0114A0020\n0114A0010 1\n0114A0020\n0114A0020 2\n0114A0030 0114A0010\n",
        )
        .unwrap();
        let w = read_for_layer(&p, &table).unwrap();
        assert_eq!(w.neighbors_of(0), &[1]);
        assert_eq!(w.neighbors_of(1), &[0, 2]);
        assert_eq!(w.neighbors_of(2), &[1]);
        // A code the layer does not have, and a .gal that leaves an area out.
        std::fs::write(&p, "0 3 x deso\nZZ 1\n0114A0020\n").unwrap();
        assert!(read_for_layer(&p, &table).is_err());
        std::fs::write(
            &p,
            "0 2 x deso\n0114A0010 1\n0114A0020\n0114A0020 1\n0114A0010\n",
        )
        .unwrap();
        let e = read_for_layer(&p, &table).unwrap_err().to_string();
        assert!(e.contains("0114A0030"), "{e}");
    }
}
