//! The attribute table: named columns of text or numbers, each value possibly missing.
//!
//! One model for every source (a layer's attributes, CSV, Excel, Parquet). Missing values are
//! `None` and stay so through joins and expressions; they are never turned into 0.
//! Column names ending in a year (`Antal 2020`, `folkmangd_2022`) carry that year as data.

use crate::data::cell;
use crate::error::{Error, Place, Result};
use serde::Serialize;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Text(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
}

impl Values {
    pub fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Number(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The type of a column as reported to people and in `info --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Number,
}

/// One named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Values,
}

impl Column {
    pub fn text(name: impl Into<String>, values: Vec<Option<String>>) -> Self {
        Column {
            name: name.into(),
            values: Values::Text(values),
        }
    }

    pub fn number(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Column {
            name: name.into(),
            values: Values::Number(values),
        }
    }

    pub fn field_type(&self) -> FieldType {
        match self.values {
            Values::Text(_) => FieldType::Text,
            Values::Number(_) => FieldType::Number,
        }
    }

    /// The year this column is about, when its name ends in one (`Antal 2021` → 2021).
    pub fn year(&self) -> Option<i32> {
        split_year(&self.name).map(|(_, y)| y)
    }

    /// The name without its year (`Antal 2021` → `Antal`).
    pub fn base_name(&self) -> &str {
        split_year(&self.name).map_or(&self.name, |(b, _)| b)
    }

    /// The value at `row` as key text: text as is, whole numbers without decimals.
    pub fn key_at(&self, row: usize) -> Option<String> {
        match &self.values {
            Values::Text(v) => v.get(row).cloned().flatten(),
            Values::Number(v) => v.get(row).copied().flatten().map(format_number),
        }
    }

    /// Infer the column type from raw cells, as a person would read them.
    ///
    /// Numbers (decimal comma allowed) make a number column; codes with a leading zero keep the
    /// column text; missing markers are missing. A column that is numbers except for a few cells
    /// of text is an error at the first such cell, reported through `place_of(row)`.
    pub fn infer(
        name: &str,
        cells: &[Option<&str>],
        place_of: impl Fn(usize) -> Place,
    ) -> Result<Column> {
        let mut numbers: Vec<Option<f64>> = Vec::with_capacity(cells.len());
        let mut numeric = 0usize;
        let mut texts: Vec<usize> = Vec::new();
        let mut code_like = false;
        for (row, c) in cells.iter().enumerate() {
            let value = match c {
                Some(c) if !cell::is_missing(c) => {
                    code_like |= cell::is_code_like(c);
                    let v = cell::parse_number(c);
                    match v {
                        Some(_) => numeric += 1,
                        None => texts.push(row),
                    }
                    v
                }
                _ => None,
            };
            numbers.push(value);
        }
        // A few words among many numbers are a mistake in a numeric column, not a text column.
        let stray_text = numeric >= 3 && texts.len() <= (numeric / 20).max(1);
        if code_like || numeric == 0 || (!texts.is_empty() && !stray_text) {
            let values = cells
                .iter()
                .map(|c| {
                    c.map(str::trim)
                        .filter(|s| !cell::is_missing(s))
                        .map(str::to_string)
                })
                .collect();
            return Ok(Column::text(name, values));
        }
        if let Some(&row) = texts.first() {
            let bad = cells[row].unwrap_or_default().trim();
            return Err(Error::input(format!(
                "text '{bad}' in numeric column '{name}' (write a number, or leave it empty or '..' for a missing value)"
            ))
            .at(place_of(row)));
        }
        Ok(Column::number(name, numbers))
    }
}

/// Split a trailing year off a column name: `Antal 2020` → (`Antal`, 2020).
pub fn split_year(name: &str) -> Option<(&str, i32)> {
    let t = name.trim();
    if t.len() == 4 {
        return t
            .parse::<i32>()
            .ok()
            .filter(|y| (1800..=2200).contains(y) && t.chars().all(|c| c.is_ascii_digit()))
            .map(|y| ("", y));
    }
    if t.len() < 5 || !t.is_char_boundary(t.len() - 4) {
        return None;
    }
    let (head, tail) = t.split_at(t.len() - 4);
    let year: i32 = tail.parse().ok()?;
    if !(1800..=2200).contains(&year) || !tail.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let sep = head.chars().last()?;
    if !(sep == ' ' || sep == '_' || sep == '-') {
        return None;
    }
    Some((head[..head.len() - 1].trim_end(), year))
}

/// Write a number the way keys and reports show it: `180`, not `180.0`.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A table: columns of equal length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Things a person should know about how the table was read (skipped footnotes, …).
    pub notes: Vec<crate::data::read_note::ReadNote>,
    /// Where each row came from in its file (line or sheet row), when known.
    pub row_places: Vec<Place>,
}

impl Table {
    /// Build a table, checking that all columns have the same length and unique names.
    pub fn new(columns: Vec<Column>) -> Result<Table> {
        if let Some(first) = columns.first() {
            let n = first.values.len();
            if let Some(bad) = columns.iter().find(|c| c.values.len() != n) {
                return Err(Error::input(format!(
                    "column '{}' has {} values where '{}' has {n}",
                    bad.name,
                    bad.values.len(),
                    first.name
                )));
            }
        }
        let mut table = Table {
            columns: Vec::with_capacity(columns.len()),
            ..Table::default()
        };
        // Names taken so far, so that a table of 200,000 columns is not quadratic to build.
        let mut taken: std::collections::HashSet<String> =
            std::collections::HashSet::with_capacity(columns.len());
        for mut c in columns {
            if taken.contains(&c.name) {
                let base = c.name.clone();
                let mut k = 2;
                while taken.contains(&format!("{base}_{k}")) {
                    k += 1;
                }
                c.name = format!("{base}_{k}");
            }
            taken.insert(c.name.clone());
            table.columns.push(c);
        }
        Ok(table)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add a column; a name already taken gets a suffix (`name_2`) rather than hiding data.
    pub fn push(&mut self, mut column: Column) {
        if self.index_of(&column.name).is_some() {
            let base = column.name.clone();
            let mut k = 2;
            while self.index_of(&format!("{base}_{k}")).is_some() {
                k += 1;
            }
            column.name = format!("{base}_{k}");
        }
        self.columns.push(column);
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column, or an error listing what there is.
    pub fn require(&self, name: &str) -> Result<&Column> {
        self.column(name).ok_or_else(|| {
            let names: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
            Error::input(format!(
                "no column '{name}' (columns: {})",
                names.join(", ")
            ))
        })
    }

    /// A numeric column's values, or an error saying why not.
    pub fn numbers(&self, name: &str) -> Result<&[Option<f64>]> {
        match &self.require(name)?.values {
            Values::Number(v) => Ok(v),
            Values::Text(_) => Err(Error::input(format!(
                "column '{name}' holds text, not numbers"
            ))
            .at(Place::Field(name.to_string()))),
        }
    }

    /// The distinct years that column names carry, sorted.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.columns.iter().filter_map(Column::year).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Keep the rows at `rows` (in that order; `None` gives a row of missing values).
    pub fn take_rows(&self, rows: &[Option<usize>]) -> Table {
        let columns = self
            .columns
            .iter()
            .map(|c| {
                let values = match &c.values {
                    Values::Text(v) => {
                        Values::Text(rows.iter().map(|r| r.and_then(|r| v[r].clone())).collect())
                    }
                    Values::Number(v) => {
                        Values::Number(rows.iter().map(|r| r.and_then(|r| v[r])).collect())
                    }
                };
                Column {
                    name: c.name.clone(),
                    values,
                }
            })
            .collect();
        Table {
            columns,
            notes: self.notes.clone(),
            row_places: Vec::new(),
        }
    }

    /// Where row `row` came from, if known.
    pub fn place_of(&self, row: usize) -> Option<Place> {
        self.row_places.get(row).cloned()
    }
}

/// The fields that name and identify areas: a text field called like a name (`*namn*`, `name`)
/// or of words; a text field of unique codes with digits.
pub fn identify_fields(table: &Table) -> (Option<String>, Option<String>) {
    let text: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| c.field_type() == FieldType::Text)
        .collect();
    let unique_codes = |c: &Column| {
        let Values::Text(v) = &c.values else {
            return false;
        };
        let mut seen = std::collections::HashSet::new();
        v.iter()
            .flatten()
            .all(|s| s.chars().any(|ch| ch.is_ascii_digit()) && seen.insert(s))
            && !v.is_empty()
    };
    let wordy = |c: &Column| {
        let Values::Text(v) = &c.values else {
            return false;
        };
        v.iter()
            .flatten()
            .take(50)
            .all(|s| s.chars().any(char::is_alphabetic) && !s.chars().any(|ch| ch.is_ascii_digit()))
    };
    let named = |c: &&Column| {
        let n = c.name.to_lowercase();
        n.contains("namn") || n.contains("name") || n == "lan" || n == "kommun"
    };
    let name = text
        .iter()
        .find(|c| named(c) && wordy(c))
        .or_else(|| text.iter().find(|c| wordy(c)))
        .map(|c| c.name.clone());
    let code = text
        .iter()
        .find(|c| {
            unique_codes(c)
                && (c.name.to_lowercase().ends_with("kod")
                    || c.name.to_lowercase().ends_with("code"))
        })
        .or_else(|| text.iter().find(|c| unique_codes(c)))
        .map(|c| c.name.clone());
    (name, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(v: &[&'a str]) -> Vec<Option<&'a str>> {
        v.iter().map(|s| Some(*s)).collect()
    }

    fn line(row: usize) -> Place {
        Place::Line {
            line: row + 2,
            column: None,
        }
    }

    #[test]
    fn infers_numbers_with_missing_markers() {
        let c = Column::infer("x", &cells(&["1", "2,5", "..", "-", "4"]), line).unwrap();
        assert_eq!(
            c.values,
            Values::Number(vec![Some(1.0), Some(2.5), None, None, Some(4.0)])
        );
    }

    #[test]
    fn codes_stay_text() {
        let c = Column::infer("kommun", &cells(&["0114", "0180", "1280"]), line).unwrap();
        assert_eq!(c.field_type(), FieldType::Text);
        assert_eq!(c.key_at(1).as_deref(), Some("0180"));
    }

    #[test]
    fn text_in_numeric_column_names_the_line() {
        let e = Column::infer("pop", &cells(&["1", "2", "3", "4", "fem", "6"]), line).unwrap_err();
        assert_eq!(e.place, Some(line(4)));
        assert!(e.message.contains("'fem'"), "{e}");
    }

    #[test]
    fn names_are_text() {
        let c = Column::infer("namn", &cells(&["Täby", "Solna", "1"]), line).unwrap();
        assert_eq!(c.field_type(), FieldType::Text);
    }

    #[test]
    fn year_is_read_from_the_name() {
        assert_eq!(split_year("Antal 2020"), Some(("Antal", 2020)));
        assert_eq!(split_year("folkmangd_2022"), Some(("folkmangd", 2022)));
        assert_eq!(
            split_year("Medelvärde, tkr 2023"),
            Some(("Medelvärde, tkr", 2023))
        );
        assert_eq!(split_year("deso"), None);
        assert_eq!(split_year("x12345"), None);
        assert_eq!(split_year("2020"), Some(("", 2020)));
        assert_eq!(split_year("0114"), None);
    }

    #[test]
    fn duplicate_names_get_a_suffix() {
        let t = Table::new(vec![
            Column::number("a", vec![Some(1.0)]),
            Column::number("a", vec![Some(2.0)]),
        ])
        .unwrap();
        assert_eq!(t.columns[1].name, "a_2");
    }

    #[test]
    fn ragged_columns_are_refused() {
        let e = Table::new(vec![
            Column::number("a", vec![Some(1.0)]),
            Column::number("b", vec![]),
        ]);
        assert!(e.is_err());
    }
}
