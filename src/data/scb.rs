//! What SCB's exports need after reading: area labels split into code and name
//! (`0114A0010 Upplands Väsby`) or municipality and area (`Upplands Väsby (Bollstanäs)`), and
//! long tables (one row per area × category) pivoted to one row per area, so that a join
//! neither duplicates nor drops anything. Year columns keep their year in the name.

use crate::data::table::{Column, Table, Values};
use std::collections::{HashMap, HashSet};

/// Apply every SCB step to a freshly read table.
pub fn tidy(mut table: Table) -> Table {
    split_labels(&mut table);
    pivot_long(table)
}

/// `Upplands Väsby (Bollstanäs)` → (`Upplands Väsby`, `Bollstanäs`).
pub fn split_parenthesised(label: &str) -> Option<(&str, &str)> {
    let t = label.trim();
    let inner = t.strip_suffix(')')?;
    let open = inner.find(" (")?;
    let (outer, area) = (inner[..open].trim(), inner[open + 2..].trim());
    (!outer.is_empty() && !area.is_empty()).then_some((outer, area))
}

/// `0114A0010 Upplands Väsby` → (`0114A0010`, `Upplands Väsby`): a first word with a digit.
pub fn split_code_name(label: &str) -> Option<(&str, &str)> {
    let t = label.trim();
    let (code, name) = t.split_once(' ')?;
    let name = name.trim();
    (code.len() >= 2 && code.chars().any(|c| c.is_ascii_digit()) && !name.is_empty())
        .then_some((code, name))
}

/// Add `<col>_kod`/`<col>_namn` or `<col>_kommun`/`<col>_omrade` beside text columns whose labels
/// (nearly all) have one of SCB's two combined forms.
fn split_labels(table: &mut Table) {
    type Split = fn(&str) -> Option<(&str, &str)>;
    let forms: [(Split, &str, &str); 2] = [
        (split_code_name, "kod", "namn"),
        (split_parenthesised, "kommun", "omrade"),
    ];
    let mut added = Vec::new();
    for col in &table.columns {
        let Values::Text(v) = &col.values else {
            continue;
        };
        let present: Vec<&str> = v.iter().flatten().map(String::as_str).collect();
        if present.is_empty() {
            continue;
        }
        for (split, a, b) in forms {
            let hits = present.iter().filter(|s| split(s).is_some()).count();
            if hits * 10 >= present.len() * 9 {
                let parts: Vec<Option<(&str, &str)>> =
                    v.iter().map(|s| s.as_deref().and_then(split)).collect();
                let first = parts.iter().map(|p| p.map(|p| p.0.to_string())).collect();
                let second = parts.iter().map(|p| p.map(|p| p.1.to_string())).collect();
                added.push(Column::text(format!("{}_{a}", col.name), first));
                added.push(Column::text(format!("{}_{b}", col.name), second));
                break;
            }
        }
    }
    for c in added {
        table.push(c);
    }
}

/// Pivot a long table to one row per area. Applies when the first column repeats and the other
/// text columns (the categories, e.g. `födelseregion`, `kön`) make each row unique; every numeric
/// column then becomes one column per category combination: `Antal 2020` → `Antal Sverige totalt 2020`.
pub fn pivot_long(table: Table) -> Table {
    let table = year_field_as_text(table);
    let Some(key) = table.columns.first() else {
        return table;
    };
    let Values::Text(keys) = &key.values else {
        return table;
    };
    let distinct: HashSet<&Option<String>> = keys.iter().collect();
    if distinct.len() == keys.len() {
        return table;
    }
    let key_parts: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            *i > 0 && matches!(c.values, Values::Text(_)) && !derived_from(&c.name, &key.name)
        })
        .map(|(i, _)| i)
        .collect();
    // A year field goes last, so that pivoted names end in the year (`Antal Sverige 2020`).
    let mut key_parts = key_parts;
    key_parts.sort_by_key(|&i| is_year_field(&table.columns[i].name));
    if key_parts.is_empty() {
        return table;
    }
    let category = |row: usize| -> String {
        key_parts
            .iter()
            .map(|&i| {
                table.columns[i]
                    .key_at(row)
                    .unwrap_or_else(|| "saknas".into())
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut seen = HashSet::new();
    for (row, key) in keys.iter().enumerate() {
        if !seen.insert((key.clone(), category(row))) {
            return table; // categories do not make rows unique: leave as is, the join reports duplicates
        }
    }
    // Rows of the output: first appearance of each key.
    let mut out_row: HashMap<&Option<String>, usize> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    for (row, k) in keys.iter().enumerate() {
        out_row.entry(k).or_insert_with(|| {
            order.push(row);
            order.len() - 1
        });
    }
    let mut categories: Vec<String> = Vec::new();
    for row in 0..keys.len() {
        let c = category(row);
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    // A pivot is for categories (a few values repeated for every area) and numbers to spread.
    let has_numbers = table
        .columns
        .iter()
        .any(|c| matches!(c.values, Values::Number(_)));
    if !has_numbers || categories.len() > 100 || categories.len() * 2 > keys.len() {
        return table;
    }
    let n = order.len();
    let mut columns: Vec<Column> = Vec::new();
    // Key and the columns that depend on it only (e.g. split labels) keep their first value.
    for c in table
        .columns
        .iter()
        .filter(|c| c.name == key.name || derived_from(&c.name, &key.name))
    {
        columns.push(Column::text(
            c.name.clone(),
            order.iter().map(|&r| c.key_at(r)).collect(),
        ));
    }
    for c in &table.columns {
        let Values::Number(v) = &c.values else {
            continue;
        };
        for cat in &categories {
            let mut out = vec![None; n];
            for row in 0..keys.len() {
                if &category(row) == cat {
                    out[out_row[&keys[row]]] = v[row];
                }
            }
            let name = match (c.year(), c.base_name()) {
                (Some(y), "") => format!("{cat} {y}"),
                (Some(y), base) => format!("{base} {cat} {y}"),
                (None, _) => format!("{} {cat}", c.name),
            };
            columns.push(Column::number(name, out));
        }
    }
    let dims: Vec<&str> = key_parts
        .iter()
        .map(|&i| table.columns[i].name.as_str())
        .collect();
    let mut pivoted = Table::new(columns).unwrap_or_default();
    pivoted.notes = table.notes.clone();
    pivoted
        .notes
        .push(crate::data::read_note::ReadNote::Pivoted {
            key: key.name.clone(),
            categories: dims.iter().map(|d| d.to_string()).collect(),
            rows: keys.len(),
            to: n,
        });
    pivoted
}

fn derived_from(name: &str, key: &str) -> bool {
    name.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|suffix| ["kod", "namn", "kommun", "omrade"].contains(&suffix))
}

/// Whether a column name says it holds the year (`år`, `year`, `tid`).
fn is_year_field(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "år" | "ar" | "year" | "tid" | "period"
    )
}

/// A long table's numeric year field becomes text, so that the pivot spreads it into columns
/// named by year (one column per variable and year) instead of treating it as a value.
fn year_field_as_text(mut table: Table) -> Table {
    for c in table.columns.iter_mut().skip(1) {
        if !is_year_field(&c.name) {
            continue;
        }
        if let Values::Number(v) = &c.values {
            let years = v
                .iter()
                .flatten()
                .all(|y| y.fract() == 0.0 && (1800.0..=2200.0).contains(y));
            if years {
                let text = v
                    .iter()
                    .map(|y| y.map(|y| format!("{}", y as i64)))
                    .collect();
                c.values = Values::Text(text);
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, v: &[&str]) -> Column {
        Column::text(name, v.iter().map(|s| Some(s.to_string())).collect())
    }

    #[test]
    fn label_forms() {
        assert_eq!(
            split_parenthesised("Upplands Väsby (Runby norra)"),
            Some(("Upplands Väsby", "Runby norra"))
        );
        assert_eq!(split_parenthesised("Solna"), None);
        assert_eq!(
            split_code_name("0114A0010 Upplands Väsby"),
            Some(("0114A0010", "Upplands Väsby"))
        );
        assert_eq!(split_code_name("Upplands Väsby"), None);
    }

    #[test]
    fn long_table_becomes_one_row_per_area() {
        let t = Table::new(vec![
            text("region", &["A (x)", "A (x)", "B (y)", "B (y)"]),
            text("född", &["Sverige", "totalt", "Sverige", "totalt"]),
            Column::number("Antal 2020", vec![Some(1.0), Some(3.0), Some(2.0), None]),
        ])
        .unwrap();
        let t = tidy(t);
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.numbers("Antal Sverige 2020").unwrap(),
            &[Some(1.0), Some(2.0)]
        );
        assert_eq!(t.numbers("Antal totalt 2020").unwrap(), &[Some(3.0), None]);
        assert_eq!(
            t.column("region_omrade").unwrap().key_at(1).as_deref(),
            Some("y")
        );
        assert_eq!(t.years(), vec![2020]);
        assert!(t.notes[0].to_string().contains("pivoted"));
    }

    #[test]
    fn link_tables_are_not_pivoted() {
        let t = Table::new(vec![
            text("kommun", &["0114", "0114", "0115"]),
            text("deso", &["A", "B", "C"]),
        ])
        .unwrap();
        assert_eq!(tidy(t).len(), 3);
    }

    #[test]
    fn true_duplicates_are_left_for_the_join_to_report() {
        let t = Table::new(vec![
            text("k", &["a", "a"]),
            text("c", &["x", "x"]),
            Column::number("v", vec![Some(1.0), Some(2.0)]),
        ])
        .unwrap();
        assert_eq!(tidy(t).len(), 2);
    }
}
