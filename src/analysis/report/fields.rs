//! The report's helpers: how fields are found (region names, counties, SCB's area types), how a
//! column reads, and the sums, weighted means and aspatial indices the levels are built from.

use super::Request;
use crate::analysis::segregation::{self, IndexResult, Request as IndexRequest};
use crate::analysis::years;
use crate::data::expr::Expr;
use crate::data::{Layer, Table};
use crate::error::Result;
use crate::measures::segregation::single::SingleGroup;
use crate::measures::segregation::{measure, Compute};
use crate::measures::uncertainty::{self, Band, Noise};

/// A column or expression as a person reads it: quotes dropped, underscores as spaces, the first
/// letter capital (`utlandsk_bakgrund_2022` → `Utlandsk bakgrund 2022`).
pub fn readable(expr: &str) -> String {
    let t = expr.replace(['"', '\''], "").replace('_', " ");
    let t = t.trim();
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A field by one of these names (case-insensitive), if the table has it.
pub(super) fn find_field(table: &Table, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| {
        table
            .columns
            .iter()
            .find(|c| c.name.to_lowercase() == *n)
            .map(|c| c.name.clone())
    })
}

/// The field naming the regions of `each` (`kommunnamn` beside `kommun`), if the table has one.
pub fn name_field(table: &Table, each: &str) -> Option<String> {
    let e = each.to_lowercase();
    find_field(
        table,
        &[
            &format!("{e}namn"),
            &format!("{e}_namn"),
            &format!("{e}_name"),
            &format!("{e}name"),
        ],
    )
}

/// The county of each row: from the county field, or the first two digits of a four-digit
/// municipality code.
pub(super) fn counties_of(
    table: &Table,
    each: &str,
    field: Option<&str>,
) -> Result<Vec<Option<String>>> {
    let n = table.len();
    if let Some(f) = field {
        let col = table.require(f)?;
        return Ok((0..n).map(|r| col.key_at(r)).collect());
    }
    if let Some(f) = find_field(table, &["lan", "lan_kod", "län", "lanskod", "lan_code"]) {
        let col = table.require(&f)?;
        return Ok((0..n).map(|r| col.key_at(r)).collect());
    }
    let col = table.require(each)?;
    Ok((0..n)
        .map(|r| {
            let k = col.key_at(r)?;
            (k.len() == 4 && k.chars().all(|c| c.is_ascii_digit())).then(|| k[..2].to_string())
        })
        .collect())
}

/// The area-type column the title page can map (SCB's types 1–5), if the table has one.
pub fn area_type_column(table: &Table) -> Option<String> {
    table
        .columns
        .iter()
        .filter(|c| crate::classify::categories::is_area_type_column(&c.name))
        .find(|c| match table.numbers(&c.name) {
            Ok(v) => {
                v.iter().flatten().count() > 0
                    && v.iter()
                        .flatten()
                        .all(|x| x.fract() == 0.0 && (1.0..=5.0).contains(x))
            }
            Err(_) => false,
        })
        .map(|c| c.name.clone())
}

/// The share of the group in percent, as an expression.
pub fn share_expr(group: &str, total: &str) -> String {
    format!("100 * ({group}) / ({total})")
}

/// A single-group index of counts, computed without geometry (for a national table); None for
/// indices that need the areas' shapes.
pub(super) fn aspatial(name: &str, x: &[f64], t: &[f64]) -> Option<f64> {
    match measure(name)?.compute {
        Compute::Single(f) => {
            let v = f(&SingleGroup { x, t, area: None });
            v.is_finite().then_some(v)
        }
        _ => None,
    }
}

/// An index's band in per-region results (the whole-area value, not a scale's).
pub(super) fn band_of(results: &[IndexResult], index: &str, region: &str) -> Option<Band> {
    results
        .iter()
        .find(|r| r.index == index && r.region.as_deref() == Some(region) && r.scale.is_none())
        .and_then(|r| r.uncertainty.clone())
}

/// An aspatial index's band on a table of counts without areas (SCB's national table): the
/// group and the rest of each row redrawn by the model as `index --noise` does (a suppressed
/// count filled), rows drawn empty left out of that draw.
pub(super) fn national_band(
    name: &str,
    noise: Noise,
    group: &[Option<f64>],
    total: &[Option<f64>],
    draws: usize,
    seed: u64,
) -> Option<Band> {
    if !matches!(measure(name)?.compute, Compute::Single(_)) {
        return None;
    }
    // The complete rows, then (when the model fills them) the rest: the order `index` draws
    // them in, so the band is the one `index --noise` gives on the same table.
    let complete = |r: &usize| group[*r].is_some() && total[*r].is_some();
    let rows: Vec<usize> = (0..group.len())
        .filter(complete)
        .chain((0..group.len()).filter(|r| noise.fills_missing() && !complete(r)))
        .collect();
    let values = uncertainty::simulate(draws, seed, |r| {
        let (mut x, mut t) = (
            Vec::with_capacity(rows.len()),
            Vec::with_capacity(rows.len()),
        );
        for &row in &rows {
            if let Some((g, tt)) = noise
                .pair(group[row], total[row], r)
                .filter(|(_, tt)| *tt > 0.0)
            {
                x.push(g);
                t.push(tt);
            }
        }
        aspatial(name, &x, &t)
    });
    Band::of(noise, &values)
}

/// The group and total of complete rows.
pub(super) fn counts(
    group: &[Option<f64>],
    total: &[Option<f64>],
    rows: &[usize],
) -> (Vec<f64>, Vec<f64>) {
    rows.iter()
        .filter_map(|&r| Some((group[r]?, total[r]?)))
        .unzip()
}

/// The mean of `values` over `rows` weighted by `weights` (areas missing either left out).
pub(super) fn weighted_mean(
    values: &[Option<f64>],
    weights: &[Option<f64>],
    rows: &[usize],
) -> Option<f64> {
    let (mut sw, mut swv) = (0.0, 0.0);
    for &r in rows {
        if let (Some(v), Some(w)) = (values[r], weights[r]) {
            sw += w;
            swv += w * v;
        }
    }
    (sw > 0.0).then(|| swv / sw)
}

/// The number of each index in results by region.
pub(super) fn by_region(results: &[IndexResult], index: &str, region: &str) -> Option<f64> {
    results
        .iter()
        .find(|r| r.index == index && r.region.as_deref() == Some(region) && r.scale.is_none())
        .and_then(|r| r.value.number())
}

/// The years the group and total both have, when more than one.
pub(super) fn years_of(table: &Table, req: &Request) -> Vec<i32> {
    let (Ok(g), Ok(t)) = (
        Expr::for_table(&req.group, table),
        Expr::for_table(&req.total, table),
    ) else {
        return Vec::new();
    };
    let gy = years::years_of(&g, table);
    let ty = years::years_of(&t, table);
    let both: Vec<i32> = if gy.is_empty() {
        ty
    } else if ty.is_empty() {
        gy
    } else {
        gy.into_iter().filter(|y| ty.contains(y)).collect()
    };
    if both.len() > 1 {
        both
    } else {
        Vec::new()
    }
}

/// The county's Theil's M of the group against the rest, between and within its regions, and
/// each region's own M (as `index --by … --groups G,REST --decompose`).
pub(super) fn split_of(
    layer: &Layer,
    table: &Table,
    req: &Request,
    county_rows: &[usize],
) -> Result<(f64, f64, f64, Vec<IndexResult>)> {
    let sub = layer.subset(county_rows);
    let t = table.take_rows(&county_rows.iter().map(|&r| Some(r)).collect::<Vec<_>>());
    let rest = format!("({}) - ({})", req.total, req.group);
    let out = segregation::run(
        &sub,
        &t,
        &IndexRequest {
            groups: vec![req.group.clone(), rest],
            names: vec!["multi-divergence"],
            by: Some(req.each.clone()),
            decompose: true,
            missing: req.missing,
            tolerance: req.tolerance,
            ..Default::default()
        },
    )?;
    let part = |c: &str| {
        out.results
            .iter()
            .find(|r| r.component == Some(c))
            .and_then(|r| r.value.number())
            .unwrap_or(f64::NAN)
    };
    let per_region = out
        .results
        .iter()
        .filter(|r| r.component.is_none())
        .cloned()
        .collect();
    Ok((part("total"), part("between"), part("within"), per_region))
}
