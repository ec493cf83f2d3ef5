//! The scenario's checks and finishing touches: counts that stay within their totals (named by
//! area when not), the regions of new areas, and SCB's area types before and after a plan.

use super::*;
use crate::analysis::areatypes;
use crate::data::expr::Expr;
use crate::data::table::{identify_fields, Values};
use crate::data::{Layer, Table};
use crate::error::{Error, Result};
use change::Change;

/// The areas' codes for messages.
pub(super) fn row_list(rows: &[usize], ids: &[String]) -> String {
    rows.iter()
        .map(|&r| ids[r].as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Counts after must still be persons: never negative, a group never above its total.
pub(super) fn check_counts(
    after: &[Vec<Option<f64>>],
    names: &[String],
    r: &Request,
    received: &[Received],
    ids: &[String],
) -> Result<()> {
    let name_of = |row: usize| {
        ids.get(row)
            .cloned()
            .unwrap_or_else(|| format!("new area {}", row + 1))
    };
    for rc in received {
        let at = |k: usize| after[k][rc.row].unwrap_or(0.0);
        if let Some(k) = (0..after.len()).find(|&k| at(k) < -1e-9) {
            return Err(Error::input(format!(
                "change {} takes away more than area {} has: '{}' would be {}",
                rc.change + 1,
                name_of(rc.row),
                names[k],
                crate::data::table::format_number(at(k))
            )));
        }
        if r.group.is_some() && at(0) > at(1) * (1.0 + 1e-12) + 1e-9 {
            return Err(Error::input(format!(
                "change {} leaves area {} with more of the group ({}) than persons ({})",
                rc.change + 1,
                name_of(rc.row),
                crate::data::table::format_number(at(0)),
                crate::data::table::format_number(at(1))
            )));
        }
    }
    Ok(())
}

/// Name the new rows (`ny 1`, … in the code and name fields) and give them their region.
pub(super) fn label_new_areas(
    after: &mut Table,
    r: &Request,
    before: &Table,
    new: Vec<(usize, usize, Option<usize>)>,
) -> Vec<NewArea> {
    let (name, code) = identify_fields(before);
    let mut out = Vec::new();
    for (row, change, largest) in new {
        let label = format!("ny {}", change + 1);
        for field in [&name, &code].into_iter().flatten() {
            if let Some(i) = after.index_of(field) {
                if let Values::Text(v) = &mut after.columns[i].values {
                    v[row] = Some(label.clone());
                }
            }
        }
        let mut region = None;
        if let (Some(by), Some(src)) = (&r.by, largest) {
            if let (Some(i), Some(col)) = (after.index_of(by), before.column(by)) {
                region = col.key_at(src);
                match (&mut after.columns[i].values, &col.values) {
                    (Values::Text(v), Values::Text(s)) => v[row] = s[src].clone(),
                    (Values::Number(v), Values::Number(s)) => v[row] = s[src],
                    _ => {}
                }
            }
        }
        out.push(NewArea {
            row,
            change,
            region,
        });
    }
    out
}

/// SCB's area types on the components, after the changes when there are any: a receiving area's
/// component becomes (V·T + v·p)/(T + p) for p persons of component value v (the change's `v1`…
/// `v3`; the area's own value when not given), T the area's persons before; a new area has the
/// change's values, or no type when one is missing.
pub(super) fn area_types(
    layer: &Layer,
    table: &Table,
    r: &Request,
    vars: &[Vec<Option<f64>>],
    after_vars: &[Vec<Option<f64>>],
    received: &[Received],
    changes: &[Change],
) -> Result<Option<areatypes::AreaTypes>> {
    let Some(exprs) = &r.types else {
        return Ok(None);
    };
    let area = layer.area_km2();
    let mut comps: Vec<Vec<Option<f64>>> = exprs
        .iter()
        .map(|e| Expr::values(e, table, Some(&area)))
        .collect::<Result<_>>()?;
    let mut weight = r
        .type_weight
        .as_deref()
        .map(|e| Expr::values(e, table, Some(&area)))
        .transpose()?;
    let n_after = after_vars.first().map_or(layer.len(), Vec::len);
    for c in comps.iter_mut() {
        c.resize(n_after, None);
    }
    if let Some(w) = weight.as_mut() {
        w.resize(n_after, None);
    }
    // Persons per area before: the total, or the sum of the groups.
    let persons = |v: &[Vec<Option<f64>>], row: usize| -> Option<f64> {
        if r.group.is_some() {
            v[1].get(row).copied().flatten()
        } else {
            v.iter().map(|g| g.get(row).copied().flatten()).sum()
        }
    };
    for rc in received {
        let change = &changes[rc.change];
        let p = rc.persons;
        let t = if rc.row < layer.len() {
            persons(vars, rc.row).unwrap_or(0.0)
        } else {
            0.0
        };
        for (k, comp) in comps.iter_mut().enumerate() {
            comp[rc.row] = match (comp[rc.row], change.components[k]) {
                (Some(v), Some(cv)) if t + p > 0.0 => Some((v * t + cv * p) / (t + p)),
                (own, None) => own,
                (None, Some(cv)) if t == 0.0 => Some(cv),
                _ => None,
            };
        }
        if let Some(w) = weight.as_mut() {
            w[rc.row] = Some(w[rc.row].unwrap_or(0.0) + p);
        }
    }
    areatypes::area_types([&comps[0], &comps[1], &comps[2]], weight.as_deref()).map(Some)
}
