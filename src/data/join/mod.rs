//! Joining statistics onto areas by key: a code field (`deso`, `kommun`), or SCB's
//! `Kommun (Område)` labels matched against the layer's municipality-name and area-name fields.
//!
//! The report says what matched, which areas got no statistics, how many rows found no area and
//! which keys repeat. Nothing is dropped or duplicated silently: a key that repeats in the table
//! leaves its areas without values and is reported.

use crate::data::read_note::ReadNote;
use crate::data::scb::split_parenthesised;
use crate::data::table::{Column, Table, Values};
use crate::data::Layer;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Which fields to join on: `FIELD` or `FIELD:TABLE_FIELD`, optionally `@YEAR` for a file of one
/// year whose columns do not say it (`deso@2021`: `folkmangd` joins as `folkmangd_2021`), so that
/// one file per year lines up as years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    pub layer_field: String,
    pub table_field: Option<String>,
    pub year: Option<i32>,
}

impl KeySpec {
    pub fn parse(spec: &str) -> KeySpec {
        let (spec, year) = match spec.rsplit_once('@') {
            Some((s, y)) if y.trim().parse::<i32>().is_ok() => (s, y.trim().parse().ok()),
            _ => (spec, None),
        };
        match spec.split_once(':') {
            Some((l, t)) if !t.trim().is_empty() => KeySpec {
                layer_field: l.trim().to_string(),
                table_field: Some(t.trim().to_string()),
                year,
            },
            _ => KeySpec {
                layer_field: spec.trim_end_matches(':').trim().to_string(),
                table_field: None,
                year,
            },
        }
    }
}

/// The table with `year` added to its numeric columns that carry no year.
pub fn with_year(table: &Table, year: i32) -> Table {
    let mut t = table.clone();
    for c in &mut t.columns {
        if matches!(c.values, crate::data::table::Values::Number(_)) && c.year().is_none() {
            c.name = format!("{}_{year}", c.name);
        }
    }
    t
}

/// How keys were compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// Codes compared as written.
    Code,
    /// `Kommun (Område)` labels against two name fields, compared ignoring case.
    MunicipalityAndArea,
}

/// What the join did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JoinReport {
    pub layer_field: String,
    pub table_field: String,
    pub key_kind: KeyKind,
    /// For name joins: the layer fields the labels were matched against.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub name_fields: Vec<String>,
    /// Areas that got a row.
    pub matched: usize,
    /// Keys of areas without statistics.
    pub unmatched_areas: Vec<String>,
    /// Rows whose key matches no area.
    pub unmatched_rows: usize,
    /// The keys of those rows (shown on request).
    #[serde(skip)]
    pub unmatched_row_keys: Vec<String>,
    /// Keys that occur on more than one row of the table (their areas get no values).
    pub duplicate_keys: Vec<String>,
    /// Keys that more than one area shares (each of them gets the row).
    pub duplicate_area_keys: Vec<String>,
}

/// The layer's attributes with the table's columns added, one row per area.
pub struct Joined {
    pub table: Table,
    pub report: JoinReport,
}

fn norm_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn keys_of(c: &Column) -> Vec<Option<String>> {
    (0..c.values.len())
        .map(|r| c.key_at(r).map(|k| k.trim().to_string()))
        .collect()
}

/// Join `table` onto `layer`.
pub fn join(layer: &Layer, table: &Table, spec: &KeySpec) -> Result<Joined> {
    let dated;
    let table = match spec.year {
        Some(y) => {
            dated = with_year(table, y);
            &dated
        }
        None => table,
    };
    let layer_col = layer
        .table
        .require(&spec.layer_field)
        .map_err(|e| e.with_file(&layer.source))?;
    let layer_codes = keys_of(layer_col);
    let (table_field, kind, name_fields, area_keys, row_keys) = match &spec.table_field {
        Some(tf) => {
            let c = table.require(tf)?;
            let rows = keys_of(c);
            choose_kind(layer, &spec.layer_field, &layer_codes, tf, rows)
        }
        None => pick_table_column(layer, &spec.layer_field, &layer_codes, table)?,
    };
    // Index the table's rows by key; repeated keys are reported, not guessed between.
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(row_keys.len());
    let mut repeated: HashSet<&str> = HashSet::new();
    let mut duplicate_keys = Vec::new();
    for (row, k) in row_keys.iter().enumerate() {
        let Some(k) = k.as_deref() else { continue };
        if index.insert(k, row).is_some() && repeated.insert(k) {
            duplicate_keys.push(display_key(k));
        }
    }
    let mut used: HashSet<&str> = HashSet::new();
    let mut rows: Vec<Option<usize>> = Vec::with_capacity(area_keys.len());
    let mut unmatched_areas = Vec::new();
    let mut seen_area: HashSet<&str> = HashSet::new();
    let mut duplicate_area_keys = Vec::new();
    for (i, k) in area_keys.iter().enumerate() {
        let label = layer_codes[i]
            .clone()
            .unwrap_or_else(|| format!("feature {}", i + 1));
        let Some(k) = k.as_deref() else {
            unmatched_areas.push(label);
            rows.push(None);
            continue;
        };
        if !seen_area.insert(k) {
            duplicate_area_keys.push(label.clone());
        }
        match index.get(k) {
            Some(&r) if !repeated.contains(k) => {
                used.insert(k);
                rows.push(Some(r));
            }
            Some(_) => {
                used.insert(k);
                unmatched_areas.push(label);
                rows.push(None);
            }
            None => {
                unmatched_areas.push(label);
                rows.push(None);
            }
        }
    }
    let unmatched_row_keys: Vec<String> = row_keys
        .iter()
        .flatten()
        .filter(|k| !used.contains(k.as_str()))
        .map(|k| display_key(k))
        .collect();
    let matched = rows.iter().filter(|r| r.is_some()).count();
    let mut out = layer.table.clone();
    let picked = table.take_rows(&rows);
    let mut repeated_columns = Vec::new();
    let mut renamed = Vec::new();
    for c in picked.columns {
        if c.name == table_field {
            continue;
        }
        // A column the layer already has, with the same value on every matched area, adds nothing.
        let same = out.column(&c.name).is_some_and(|own| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.is_some())
                .all(|(i, _)| own.key_at(i) == c.key_at(i))
        });
        if same && matched > 0 {
            repeated_columns.push(c.name.clone());
        } else {
            let name = c.name.clone();
            out.push(c);
            // A name the layer already has: the table's column gets a suffix, and says so.
            if let Some(new) = out
                .columns
                .last()
                .map(|c| c.name.clone())
                .filter(|n| *n != name)
            {
                renamed.push(format!("'{name}' → '{new}'"));
            }
        }
    }
    if !renamed.is_empty() {
        out.notes.push(ReadNote::Renamed(renamed));
    }
    if !repeated_columns.is_empty() {
        out.notes.push(ReadNote::Repeated(repeated_columns));
    }
    out.notes.extend(table.notes.iter().cloned());
    if kind == KeyKind::Code {
        out.notes
            .extend(version_warning(&unmatched_areas, &unmatched_row_keys));
    }
    Ok(Joined {
        table: out,
        report: JoinReport {
            layer_field: spec.layer_field.clone(),
            table_field,
            key_kind: kind,
            name_fields,
            matched,
            unmatched_areas,
            unmatched_rows: unmatched_row_keys.len(),
            unmatched_row_keys,
            duplicate_keys,
            duplicate_area_keys,
        },
    })
}

/// The form of a code: digits as 9, letters as A (`0114A0010` → `9999A9999`).
fn code_shape(k: &str) -> String {
    k.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_alphabetic() {
                'A'
            } else {
                c
            }
        })
        .collect()
}

/// The most common code form among keys, with how many have it.
fn common_shape(keys: &[String]) -> Option<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for k in keys {
        *counts.entry(code_shape(k)).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(s, n)| (*n, s.clone()))
}

/// When areas and rows are left over on both sides with codes of the same form, the boundaries
/// and the statistics are likely different versions (DeSO 2018 against DeSO 2025): say so
/// instead of leaving a silent mismatch.
fn version_warning(unmatched_areas: &[String], unmatched_rows: &[String]) -> Option<ReadNote> {
    let (a, na) = common_shape(unmatched_areas)?;
    let (b, nb) = common_shape(unmatched_rows)?;
    if a != b || na < 2 || nb < 2 || !a.contains('9') {
        return None;
    }
    let ex_a = unmatched_areas.iter().find(|k| code_shape(k) == a)?;
    let ex_b = unmatched_rows.iter().find(|k| code_shape(k) == b)?;
    Some(ReadNote::Versions {
        areas: na,
        rows: nb,
        area: ex_a.clone(),
        row: ex_b.clone(),
    })
}

/// The error to show when the table repeats keys: names the file, the row and the key.
pub fn duplicate_error(
    table: &Table,
    report: &JoinReport,
    rows_key: &[Option<String>],
) -> Option<Error> {
    let first = report.duplicate_keys.first()?;
    let mut seen = Vec::new();
    for (row, k) in rows_key.iter().enumerate() {
        if k.as_deref().map(display_key).as_deref() == Some(first.as_str()) {
            seen.push(row);
        }
    }
    let (a, b) = (*seen.first()?, *seen.get(1)?);
    let at = |r: usize| {
        table
            .place_of(r)
            .map_or(format!("row {}", r + 1), |p| p.to_string())
    };
    let mut e = Error::input(format!(
        "key '{first}' occurs more than once in column '{}' (also at {}); {} keys repeat — each area can take one row, so filter the table first",
        report.table_field,
        at(a),
        report.duplicate_keys.len()
    ));
    if let Some(p) = table.place_of(b) {
        e = e.at(p);
    }
    Some(e)
}

/// The key column values of `table` for the report's table field, as the join compared them.
pub fn table_keys(table: &Table, report: &JoinReport) -> Vec<Option<String>> {
    let Some(c) = table.column(&report.table_field) else {
        return Vec::new();
    };
    match report.key_kind {
        KeyKind::Code => keys_of(c),
        KeyKind::MunicipalityAndArea => keys_of(c)
            .into_iter()
            .map(|k| k.as_deref().and_then(label_key))
            .collect(),
    }
}

const SEP: char = '\u{1f}';

fn display_key(k: &str) -> String {
    match k.split_once(SEP) {
        Some((a, b)) => format!("{a} ({b})"),
        None => k.to_string(),
    }
}

fn label_key(label: &str) -> Option<String> {
    split_parenthesised(label).map(|(a, b)| format!("{}{SEP}{}", norm_name(a), norm_name(b)))
}

type Choice = (
    String,
    KeyKind,
    Vec<String>,
    Vec<Option<String>>,
    Vec<Option<String>>,
);

fn overlap(a: &[Option<String>], b: &HashSet<&str>) -> usize {
    a.iter()
        .flatten()
        .filter(|k| b.contains(k.as_str()))
        .count()
}

/// Decide between a code join and a `Kommun (Område)` name join for a given table column.
fn choose_kind(
    layer: &Layer,
    layer_field: &str,
    layer_codes: &[Option<String>],
    table_field: &str,
    rows: Vec<Option<String>>,
) -> Choice {
    let code_set: HashSet<&str> = layer_codes.iter().flatten().map(String::as_str).collect();
    let code_hits = overlap(&rows, &code_set);
    if code_hits == 0 {
        if let Some((fields, area_keys, hits)) = name_join(layer, layer_field, &rows) {
            if hits > 0 {
                let row_keys = rows
                    .iter()
                    .map(|k| k.as_deref().and_then(label_key))
                    .collect();
                return (
                    table_field.to_string(),
                    KeyKind::MunicipalityAndArea,
                    fields,
                    area_keys,
                    row_keys,
                );
            }
        }
    }
    (
        table_field.to_string(),
        KeyKind::Code,
        vec![],
        layer_codes.to_vec(),
        rows,
    )
}

/// The table's key column: the one named like the layer field, else the one whose values look
/// most like the layer's keys, else one whose `Kommun (Område)` labels match the layer's names.
fn pick_table_column(
    layer: &Layer,
    layer_field: &str,
    layer_codes: &[Option<String>],
    table: &Table,
) -> Result<Choice> {
    if table.column(layer_field).is_some() {
        let rows = keys_of(table.require(layer_field)?);
        return Ok(choose_kind(
            layer,
            layer_field,
            layer_codes,
            layer_field,
            rows,
        ));
    }
    // Hits are counted on the layer's side: how many areas would find a row.
    let best_code = table
        .columns
        .iter()
        .map(|c| {
            let values = keys_of(c);
            let set: HashSet<&str> = values.iter().flatten().map(String::as_str).collect();
            (overlap(layer_codes, &set), c)
        })
        .filter(|(hits, _)| *hits > 0)
        .max_by_key(|(hits, _)| *hits);
    let mut best_name: Option<(usize, Choice)> = None;
    for c in &table.columns {
        if !matches!(c.values, Values::Text(_)) {
            continue;
        }
        let rows = keys_of(c);
        if let Some((fields, area_keys, hits)) = name_join(layer, layer_field, &rows) {
            if hits > 0 && best_name.as_ref().is_none_or(|(h, _)| hits > *h) {
                let row_keys = rows
                    .iter()
                    .map(|k| k.as_deref().and_then(label_key))
                    .collect();
                best_name = Some((
                    hits,
                    (
                        c.name.clone(),
                        KeyKind::MunicipalityAndArea,
                        fields,
                        area_keys,
                        row_keys,
                    ),
                ));
            }
        }
    }
    // `Kommun (Område)` labels are more specific than an area name alone: prefer them on a tie.
    if let Some((code_hits, c)) = best_code {
        if best_name.as_ref().is_none_or(|(h, _)| *h < code_hits) {
            return Ok((
                c.name.clone(),
                KeyKind::Code,
                vec![],
                layer_codes.to_vec(),
                keys_of(c),
            ));
        }
    }
    best_name.map(|(_, c)| c).ok_or_else(|| {
        Error::input(format!(
            "no column of the table matches the layer's '{layer_field}' values (give the table's key column as --key {layer_field}:COLUMN)"
        ))
    })
}

/// Match `Kommun (Område)` labels: find the layer's text fields that best match the municipality
/// part and the area part; the requested field is preferred for the area part.
fn name_join(
    layer: &Layer,
    layer_field: &str,
    rows: &[Option<String>],
) -> Option<(Vec<String>, Vec<Option<String>>, usize)> {
    let parts: Vec<(String, String)> = rows
        .iter()
        .flatten()
        .filter_map(|l| split_parenthesised(l).map(|(a, b)| (norm_name(a), norm_name(b))))
        .collect();
    if parts.is_empty() {
        return None;
    }
    let outer: HashSet<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    let inner: HashSet<&str> = parts.iter().map(|p| p.1.as_str()).collect();
    let text_fields: Vec<(&str, Vec<Option<String>>)> = layer
        .table
        .columns
        .iter()
        .filter(|c| matches!(c.values, Values::Text(_)))
        .map(|c| {
            let v = keys_of(c)
                .into_iter()
                .map(|k| k.map(|k| norm_name(&k)))
                .collect();
            (c.name.as_str(), v)
        })
        .collect();
    let best = |set: &HashSet<&str>, prefer: Option<&str>| {
        text_fields
            .iter()
            .map(|(n, v)| (overlap(v, set) * 2 + usize::from(Some(*n) == prefer), *n, v))
            .filter(|(h, _, _)| *h > 1)
            .max_by_key(|(h, _, _)| *h)
    };
    let (_, area_field, area_vals) = best(&inner, Some(layer_field))?;
    let (_, muni_field, muni_vals) = best(&outer, None)?;
    let area_keys: Vec<Option<String>> = muni_vals
        .iter()
        .zip(area_vals)
        .map(|(m, a)| Some(format!("{}{SEP}{}", m.as_ref()?, a.as_ref()?)))
        .collect();
    let label_set: HashSet<String> = rows.iter().flatten().filter_map(|l| label_key(l)).collect();
    let hits = area_keys
        .iter()
        .flatten()
        .filter(|k| label_set.contains(k.as_str()))
        .count();
    Some((
        vec![muni_field.to_string(), area_field.to_string()],
        area_keys,
        hits,
    ))
}

#[cfg(test)]
mod tests;
