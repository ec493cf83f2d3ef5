//! Areas side by side. Each compared unit is one area, or a group of areas sharing the key value
//! (all DeSO of a municipality). Values of a group or of a reference unit (the municipality,
//! county or whole layer) come from summed counts — `sum(a)/sum(b)`, never a mean of ratios —
//! which is the population-weighted value. Variables built from medians, means, percentages or
//! indices cannot be summed: they are shown per area and marked as not aggregable.

use crate::data::expr::{Expr, AREA_KM2};
use crate::data::table::{Column, Table, Values};
use crate::error::{Error, Result};

/// Name fragments of columns that are not counts and so cannot be summed.
const NOT_ADDITIVE: [&str; 14] = [
    "median", "medel", "mean", "avg", "pct", "procent", "andel", "share", "rate", "ratio", "index",
    "socioek", "kvot", "per_",
];

/// Whether a numeric column holds counts that can be summed over areas: a name that does not
/// say median/mean/percent/index, and only non-negative whole numbers.
pub fn is_count_column(table: &Table, name: &str) -> bool {
    if name == AREA_KM2 {
        return true;
    }
    let lower = name.to_lowercase();
    if NOT_ADDITIVE.iter().any(|w| lower.contains(w)) {
        return false;
    }
    match table.column(name).map(|c| &c.values) {
        Some(Values::Number(v)) => v.iter().flatten().all(|x| *x >= 0.0 && x.fract() == 0.0),
        _ => false,
    }
}

/// Whether an expression can be aggregated from summed counts.
pub fn is_aggregable(expr: &Expr, table: &Table) -> bool {
    expr.columns().iter().all(|c| is_count_column(table, c))
}

/// How many of `rows` lack a value in a column the expression reads (left out of sums).
pub fn left_out(expr: &Expr, table: &Table, rows: &[usize]) -> usize {
    let columns: Vec<&[Option<f64>]> = expr
        .columns()
        .into_iter()
        .filter_map(|n| table.numbers(n).ok())
        .collect();
    rows.iter()
        .filter(|&&r| {
            columns
                .iter()
                .any(|c| c.get(r).copied().flatten().is_none())
        })
        .count()
}

/// The value of `expr` over a set of rows, from the sums of its columns over the rows where all
/// of them are present. `None` when nothing is present or the expression is not aggregable.
pub fn aggregate(
    expr: &Expr,
    table: &Table,
    area_km2: Option<&[f64]>,
    rows: &[usize],
) -> Option<f64> {
    if !is_aggregable(expr, table) {
        return None;
    }
    let mut names: Vec<&str> = expr.columns();
    names.sort_unstable();
    names.dedup();
    let series: Vec<Vec<Option<f64>>> = names
        .iter()
        .map(|n| {
            if *n == AREA_KM2 && table.column(n).is_none() {
                area_km2.map(|a| a.iter().map(|x| Some(*x)).collect())
            } else {
                table.numbers(n).ok().map(<[Option<f64>]>::to_vec)
            }
        })
        .collect::<Option<_>>()?;
    let mut sums = vec![0.0; names.len()];
    let mut any = false;
    for &r in rows {
        let vals: Option<Vec<f64>> = series.iter().map(|s| s.get(r).copied().flatten()).collect();
        if let Some(vals) = vals {
            any = true;
            for (s, v) in sums.iter_mut().zip(vals) {
                *s += v;
            }
        }
    }
    if !any {
        return None;
    }
    let mut area = None;
    let mut columns = Vec::new();
    for (n, s) in names.iter().zip(&sums) {
        if *n == AREA_KM2 && table.column(n).is_none() {
            area = Some(vec![*s]);
        } else {
            columns.push(Column::number(*n, vec![Some(*s)]));
        }
    }
    if columns.is_empty() {
        columns.push(Column::number("_row", vec![Some(0.0)]));
    }
    let one = Table::new(columns).ok()?;
    expr.evaluate(&one, area.as_deref())
        .ok()?
        .first()
        .copied()
        .flatten()
}

/// One compared unit: an area or a group of areas.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    /// The layer rows it covers.
    pub rows: Vec<usize>,
    /// One value per variable.
    pub values: Vec<Option<f64>>,
    /// Rank among all areas of the layer (1 = highest), for single areas.
    pub ranks: Vec<Option<usize>>,
    /// Share of the layer's areas with a value at most this one, in percent.
    pub percentiles: Vec<Option<f64>>,
    /// The reference units it belongs to, one per reference field (when unambiguous).
    pub references: Vec<Option<String>>,
    /// Per variable, how many of its areas lack a value and were left out of the sums.
    pub missing: Vec<usize>,
}

/// A reference unit's values (a municipality, a county, or the whole layer).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub field: String,
    pub value: String,
    pub rows: usize,
    pub values: Vec<Option<f64>>,
}

/// Areas side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub variables: Vec<String>,
    /// Per variable: whether groups and references can be computed from summed counts.
    pub aggregable: Vec<bool>,
    pub units: Vec<Unit>,
    pub references: Vec<Reference>,
    /// The whole layer's values.
    pub layer: Vec<Option<f64>>,
}

/// Compare the units named by `ids` (values of `key`) on `variables`, against the units of the
/// `references` fields they lie in and the whole layer.
pub fn compare(
    table: &Table,
    area_km2: Option<&[f64]>,
    key: &str,
    ids: &[String],
    variables: &[String],
    references: &[String],
) -> Result<Comparison> {
    if ids.is_empty() {
        return Err(Error::input("name at least one area to compare"));
    }
    let keys = table.require(key)?;
    let mut units = Vec::new();
    for id in ids {
        let rows: Vec<usize> = (0..table.len())
            .filter(|&r| keys.key_at(r).as_deref() == Some(id.as_str()))
            .collect();
        if rows.is_empty() {
            return Err(Error::input(format!("no area has {key} = '{id}'")));
        }
        units.push((id.clone(), rows));
    }
    compare_rows(table, area_km2, &units, variables, references)
}

/// Compare units given as (label, layer rows) — what the app's selection gives.
pub fn compare_rows(
    table: &Table,
    area_km2: Option<&[f64]>,
    unit_rows: &[(String, Vec<usize>)],
    variables: &[String],
    references: &[String],
) -> Result<Comparison> {
    let exprs: Vec<Expr> = variables
        .iter()
        .map(|v| Expr::for_table(v, table))
        .collect::<Result<_>>()?;
    let per_area: Vec<Vec<Option<f64>>> = exprs
        .iter()
        .map(|e| e.evaluate(table, area_km2))
        .collect::<Result<_>>()?;
    let aggregable: Vec<bool> = exprs.iter().map(|e| is_aggregable(e, table)).collect();
    let ref_columns: Vec<&Column> = references
        .iter()
        .map(|r| table.require(r))
        .collect::<Result<_>>()?;
    let n = table.len();
    let all: Vec<usize> = (0..n).collect();
    let mut units = Vec::new();
    for (id, rows) in unit_rows {
        if rows.is_empty() {
            return Err(Error::input(format!("'{id}' has no areas")));
        }
        let rows = rows.clone();
        let single = rows.len() == 1;
        let mut values = Vec::new();
        let mut ranks = Vec::new();
        let mut percentiles = Vec::new();
        for (i, e) in exprs.iter().enumerate() {
            let v = if single {
                per_area[i][rows[0]]
            } else {
                aggregate(e, table, area_km2, &rows)
            };
            values.push(v);
            let (rank, pct) = match (single, v) {
                (true, Some(v)) => {
                    let present: Vec<f64> = per_area[i].iter().flatten().copied().collect();
                    let above = present.iter().filter(|x| **x > v).count();
                    let at_most = present.iter().filter(|x| **x <= v).count();
                    (
                        Some(above + 1),
                        Some(at_most as f64 / present.len() as f64 * 100.0),
                    )
                }
                _ => (None, None),
            };
            ranks.push(rank);
            percentiles.push(pct);
        }
        let unit_refs = ref_columns
            .iter()
            .map(|c| {
                let first = c.key_at(rows[0]);
                rows.iter()
                    .all(|&r| c.key_at(r) == first)
                    .then_some(first)
                    .flatten()
            })
            .collect();
        let missing = exprs.iter().map(|e| left_out(e, table, &rows)).collect();
        units.push(Unit {
            missing,
            id: id.clone(),
            rows,
            values,
            ranks,
            percentiles,
            references: unit_refs,
        });
    }
    let mut refs = Vec::new();
    for (fi, (f, c)) in references.iter().zip(&ref_columns).enumerate() {
        let mut seen: Vec<String> = units
            .iter()
            .filter_map(|u| u.references[fi].clone())
            .collect();
        seen.sort();
        seen.dedup();
        for value in seen {
            let rows: Vec<usize> = (0..n)
                .filter(|&r| c.key_at(r).as_deref() == Some(value.as_str()))
                .collect();
            let values = exprs
                .iter()
                .map(|e| aggregate(e, table, area_km2, &rows))
                .collect();
            refs.push(Reference {
                field: f.clone(),
                value,
                rows: rows.len(),
                values,
            });
        }
    }
    let layer = exprs
        .iter()
        .map(|e| aggregate(e, table, area_km2, &all))
        .collect();
    Ok(Comparison {
        variables: variables.to_vec(),
        aggregable,
        units,
        references: refs,
        layer,
    })
}

/// The comparison as bar panels, one per variable: the units, then their reference units and
/// the whole layer in grey. `unit_label` and `reference_label` name them for people.
pub fn to_chart(
    c: &Comparison,
    title: &str,
    unit_label: &dyn Fn(&Unit) -> String,
    reference_label: &dyn Fn(&Reference) -> String,
    all_label: &str,
    not_aggregable_note: &str,
) -> crate::figure::chart::Chart {
    use crate::figure::chart::{Bar, BarPanel, Chart};
    let panels = c
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut bars: Vec<Bar> = c
                .units
                .iter()
                .map(|u| Bar {
                    label: unit_label(u),
                    value: u.values[i],
                    reference: false,
                })
                .collect();
            if c.aggregable[i] {
                bars.extend(c.references.iter().map(|r| Bar {
                    label: reference_label(r),
                    value: r.values[i],
                    reference: true,
                }));
                bars.push(Bar {
                    label: all_label.to_string(),
                    value: c.layer[i],
                    reference: true,
                });
            }
            BarPanel {
                title: v.clone(),
                bars,
                note: (!c.aggregable[i]).then(|| not_aggregable_note.to_string()),
            }
        })
        .collect();
    Chart::Bars {
        title: title.to_string(),
        panels,
    }
}
