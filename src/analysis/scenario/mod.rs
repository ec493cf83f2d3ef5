//! Planning scenarios: what a plan — new housing, a conversion of rentals, a demolition — would
//! do to segregation before it is built. A scenario is a list of [`Change`]s; each places (or
//! takes away) persons in the areas its polygon covers, in proportion to the overlap, or in a new
//! area of its own cut out of them. The chosen indices are computed before and after, for the
//! whole layer and per region, with SCB's area types before and after when their components are
//! given. The computation is [`crate::analysis::segregation`]'s, on the counts changed: the
//! scenario only changes numbers and outlines, never how an index is computed.

pub mod change;
mod checks;
mod pairs;
pub mod place;

use checks::{area_types, check_counts, label_new_areas, row_list};
use pairs::{locals, pair};

pub use change::{Change, Composition};

use crate::analysis::areatypes;
use crate::analysis::segregation::{self, IndexResult};
use crate::data::expr::Expr;
use crate::data::subset::Missing;
use crate::data::table::{Column, Values};
use crate::data::{Layer, Table};
use crate::error::{Error, Result};

/// The indices a scenario shows unless asked for others.
pub const DEFAULT_INDICES: [&str; 4] = ["dissim", "isolation", "entropy", "spatial-dissim"];

/// One plan: its name and its changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub changes: Vec<Change>,
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub group: Option<String>,
    pub total: Option<String>,
    pub groups: Vec<String>,
    pub names: Vec<&'static str>,
    /// Also per region of this field.
    pub by: Option<String>,
    /// Each change is a new area of its own rather than persons in the areas it covers.
    pub as_new_area: bool,
    /// SCB's area-type components V1, V2, V3 (shares), to show the types that would change.
    pub types: Option<[String; 3]>,
    /// Weight of the area types' mean and deviation (persons: a change adds its persons).
    pub type_weight: Option<String>,
    pub tolerance: f64,
    pub seed: u64,
    pub missing: Missing,
    /// The before-values' bootstrap interval at this level: an after-value outside it exceeds the
    /// index's sampling noise.
    pub ci: Option<f64>,
    /// Bootstrap replicates for `ci`.
    pub replicates: usize,
}

/// One index before and after.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IndexChange {
    pub index: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub difference: Option<f64>,
    /// The before-value's bootstrap interval (with `ci`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_high: Option<f64>,
    /// Whether the after-value lies outside that interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceeds_noise: Option<bool>,
}

/// A per-area index before and after (rows of the after layer; none where left out or new).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalChange {
    pub index: &'static str,
    pub before: Vec<Option<f64>>,
    pub after: Vec<Option<f64>>,
}

/// Persons one change put into one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The area, a row of the after layer (new areas come after the layer's own).
    pub row: usize,
    /// The change, 0-based.
    pub change: usize,
    /// The share of the change's polygon in this area (0–1).
    pub fraction: f64,
    pub persons: f64,
    /// Added to each variable of the request (group and total, or each group).
    pub added: Vec<f64>,
}

/// A new area a change made.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArea {
    pub row: usize,
    pub change: usize,
    /// Its region (the `by` field) taken from the area it overlaps most.
    pub region: Option<String>,
}

/// An area whose SCB type changes (or a new area's type).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeChange {
    pub row: usize,
    pub before: Option<u8>,
    pub after: Option<u8>,
    pub sei_before: Option<f64>,
    pub sei_after: Option<f64>,
}

/// A value per area, none where missing.
pub type PerArea = Vec<Option<f64>>;

/// A scenario's result.
#[derive(Debug, Clone)]
pub struct ScenarioOutcome {
    pub name: String,
    pub indices: Vec<IndexChange>,
    pub local: Vec<LocalChange>,
    pub received: Vec<Received>,
    pub new_areas: Vec<NewArea>,
    pub type_changes: Vec<TypeChange>,
    /// The request's variables per area before (none for new areas) and after.
    pub before_values: Vec<Vec<Option<f64>>>,
    pub after_values: Vec<Vec<Option<f64>>>,
    /// The layer after: new areas appended, the areas they were cut from reshaped.
    pub layer: Layer,
    /// The statistics after (the layer's table with the request's variables changed).
    pub table: Table,
    pub notes: Vec<String>,
}

impl ScenarioOutcome {
    /// The group's share per area (single group), before and after.
    pub fn shares(&self) -> Option<(PerArea, PerArea)> {
        if self.before_values.len() != 2 {
            return None;
        }
        let share = |v: &[Vec<Option<f64>>], i: usize| -> Option<f64> {
            let (x, t) = (
                v[0].get(i).copied().flatten()?,
                v[1].get(i).copied().flatten()?,
            );
            (t > 0.0).then_some(x / t)
        };
        let n = self.layer.len();
        Some((
            (0..n).map(|i| share(&self.before_values, i)).collect(),
            (0..n).map(|i| share(&self.after_values, i)).collect(),
        ))
    }
}

/// The indices before, each scenario after, and the areas left out for a missing value.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub before: Vec<IndexResult>,
    pub scenarios: Vec<ScenarioOutcome>,
    /// Rows of the layer left out of every index for a missing count or for having no
    /// geometry (named, never silent).
    pub excluded: Vec<usize>,
    /// Among `excluded`, those without a geometry.
    pub no_geometry: Vec<usize>,
}

impl Request {
    /// The variable texts in order: group and total, then the groups (the order of
    /// [`Received::added`] and of the outcome's values).
    pub fn variables(&self) -> Vec<String> {
        self.group
            .iter()
            .chain(&self.total)
            .chain(&self.groups)
            .cloned()
            .collect()
    }
}

/// Replace a column's values, or add it.
fn set_column(table: &mut Table, name: &str, values: Vec<Option<f64>>) {
    match table.index_of(name) {
        Some(i) => table.columns[i].values = Values::Number(values),
        None => table.push(Column::number(name, values)),
    }
}

/// The segregation request on the variables as computed columns of the same names.
fn index_request(r: &Request, by: Option<String>, ci: Option<f64>) -> segregation::Request {
    segregation::Request {
        ci,
        permutations: r.replicates.max(1),
        group: r.group.clone(),
        total: r.total.clone(),
        groups: r.groups.clone(),
        names: r.names.clone(),
        by,
        tolerance: r.tolerance,
        seed: r.seed,
        missing: r.missing,
        ..Default::default()
    }
}

/// The indices for the whole layer and, with `by`, per region (with `ci`: their intervals).
fn indices(
    layer: &Layer,
    table: &Table,
    r: &Request,
    ci: Option<f64>,
) -> Result<segregation::Outcome> {
    let mut o = segregation::run(layer, table, &index_request(r, None, ci))?;
    if let Some(by) = &r.by {
        let per = segregation::run(layer, table, &index_request(r, Some(by.clone()), ci))?;
        o.results.extend(per.results);
    }
    Ok(o)
}

/// What a change adds to each variable: group and total, or each group (removals negative).
fn amounts(c: &Change, r: &Request) -> Result<Vec<f64>> {
    let sign = c.persons.signum();
    let single = r.group.is_some();
    match (&c.composition, single) {
        (Composition::Share(s), true) => Ok(vec![c.persons * s, c.persons]),
        (Composition::Counts(k), true) if k.len() == 2 => {
            Ok(vec![sign * k[0], sign * (k[0] + k[1])])
        }
        (Composition::Counts(k), true) => Err(Error::input(format!(
            "{}: with a group and a total, counts= is two numbers (the group, the others); got {}",
            c.label,
            k.len()
        ))),
        (Composition::Counts(k), false) if k.len() == r.groups.len() => {
            Ok(k.iter().map(|x| sign * x).collect())
        }
        (Composition::Counts(k), false) => Err(Error::input(format!(
            "{}: counts= needs one number per group ({}); got {}",
            c.label,
            r.groups.len(),
            k.len()
        ))),
        (Composition::Share(_), false) => Err(Error::input(format!(
            "{}: with several groups, say who the persons are with counts=A,B,… (one per group)",
            c.label
        ))),
    }
}

/// Compute every scenario's indices against the layer as it is.
pub fn run(layer: &Layer, table: &Table, r: &Request, scenarios: &[Scenario]) -> Result<Outcome> {
    let names = r.variables();
    if names.is_empty() || r.group.is_some() != r.total.is_some() {
        return Err(Error::input(
            "give a group and a total, or groups, to say whose segregation the plan changes",
        ));
    }
    if scenarios.iter().all(|s| s.changes.is_empty()) {
        return Err(Error::input(
            "a scenario needs at least one change (a polygon with persons)",
        ));
    }
    let area = layer.area_km2();
    let vars: Vec<Vec<Option<f64>>> = names
        .iter()
        .map(|e| Expr::values(e, table, Some(&area)))
        .collect::<Result<_>>()?;
    let mut base = table.clone();
    for (n, v) in names.iter().zip(&vars) {
        set_column(&mut base, n, v.clone());
    }
    let before = indices(layer, &base, r, r.ci)?;
    crate::work::report_progress(0.3);
    let types_before = area_types(layer, table, r, &vars, &vars, &[], &[])?;
    let ids = crate::data::subset::ids_of(table, &(0..layer.len()).collect::<Vec<_>>());
    let base = Base {
        layer,
        table,
        r,
        names: &names,
        vars: &vars,
        ids: &ids,
        before: &before.results,
        types_before: types_before.as_ref(),
    };
    let mut out = Outcome {
        before: before.results.clone(),
        scenarios: Vec::new(),
        excluded: before.excluded.clone(),
        no_geometry: before.no_geometry.clone(),
    };
    for (i, s) in scenarios.iter().enumerate() {
        if crate::work::stopping() {
            return Err(Error::cancelled());
        }
        // The bar moves within each plan too: persons placed, indices after, types after.
        let n = scenarios.len() as f32;
        let step = |f: f32| crate::work::report_progress(0.3 + 0.7 * (i as f32 + f) / n);
        step(0.0);
        out.scenarios.push(
            one(&base, s, &step).map_err(|e| Error::input(format!("{}: {}", s.name, e.message)))?,
        );
        step(1.0);
    }
    Ok(out)
}

/// The layer as it is, what every scenario is measured against.
struct Base<'a> {
    layer: &'a Layer,
    table: &'a Table,
    r: &'a Request,
    /// The request's variable texts and their values per area.
    names: &'a [String],
    vars: &'a [Vec<Option<f64>>],
    /// How messages name the areas (their codes).
    ids: &'a [String],
    before: &'a [IndexResult],
    types_before: Option<&'a areatypes::AreaTypes>,
}

/// One scenario after.
fn one(b: &Base, s: &Scenario, step: &dyn Fn(f32)) -> Result<ScenarioOutcome> {
    let Base {
        layer,
        table,
        r,
        names,
        vars,
        ids,
        before,
        types_before,
    } = *b;
    let n = layer.len();
    let complete = |row: usize| vars.iter().all(|v| v.get(row).copied().flatten().is_some());
    let mut after_layer = layer.clone();
    let mut after_vars: Vec<Vec<Option<f64>>> = vars.to_vec();
    let mut received = Vec::new();
    let mut new_areas = Vec::new();
    let mut notes = Vec::new();
    let mut source_rows: Vec<Option<usize>> = (0..n).map(Some).collect();
    // The areas' boxes, built again only when a new area changes the outlines.
    let mut index = place::Index::new(&after_layer.projected);
    for (k, c) in s.changes.iter().enumerate() {
        let add = amounts(c, r)?;
        let all = place::overlaps(&after_layer.projected, &index, &c.shape, None)?;
        if r.as_new_area {
            if c.persons < 0.0 {
                return Err(Error::input(format!(
                    "{}: a new area cannot take persons away (persons={})",
                    c.label, c.persons
                )));
            }
            let row = after_layer.len();
            let largest = all
                .iter()
                .max_by(|a, b| a.area.total_cmp(&b.area))
                .map(|o| o.row);
            for (cut_row, rest) in place::carve(&after_layer.projected, &c.shape, &all)? {
                if geo::Area::unsigned_area(&rest) <= 0.0 {
                    return Err(Error::input(format!(
                        "{}: the new area covers all of area {}, whose residents would have nowhere to live; draw it smaller, or without --as-new-area",
                        c.label,
                        ids[cut_row]
                    )));
                }
                after_layer.geometries[cut_row] =
                    change::to_working(&rest, layer.working_crs, layer.crs)?;
                after_layer.projected[cut_row] = rest;
            }
            after_layer.geometries.push(change::to_working(
                &c.shape,
                layer.working_crs,
                layer.crs,
            )?);
            after_layer.projected.push(c.shape.clone());
            source_rows.push(None);
            for (v, a) in after_vars.iter_mut().zip(&add) {
                v.push(Some(*a));
            }
            received.push(Received {
                row,
                change: k,
                fraction: 1.0,
                persons: c.persons,
                added: add.clone(),
            });
            new_areas.push((row, k, largest));
            index = place::Index::new(&after_layer.projected);
            continue;
        }
        let usable: Vec<&place::Overlap> = all.iter().filter(|o| complete(o.row)).collect();
        let left: Vec<usize> = all
            .iter()
            .filter(|o| !complete(o.row))
            .map(|o| o.row)
            .collect();
        if usable.is_empty() {
            return Err(Error::input(if all.is_empty() {
                format!(
                    "{} lies outside every area; draw it over the areas, or make it a new area (--as-new-area)",
                    c.label
                )
            } else {
                format!(
                    "{} lies only on areas whose counts are missing (saknas): {}",
                    c.label,
                    row_list(&left, ids)
                )
            }));
        }
        if !left.is_empty() {
            notes.push(format!(
                "{}: its persons went to the {} areas with counts; {} covered areas with missing counts (saknas) got none: {}",
                c.label,
                usable.len(),
                left.len(),
                row_list(&left, ids)
            ));
        }
        let usable: Vec<place::Overlap> = usable.into_iter().cloned().collect();
        let sum: f64 = usable.iter().map(|o| o.area).sum();
        for o in &usable {
            let f = o.area / sum;
            let added: Vec<f64> = add.iter().map(|a| a * f).collect();
            for (v, a) in after_vars.iter_mut().zip(&added) {
                if let Some(x) = v[o.row].as_mut() {
                    *x += a;
                }
            }
            received.push(Received {
                row: o.row,
                change: k,
                fraction: f,
                persons: c.persons * f,
                added,
            });
        }
    }
    check_counts(&after_vars, names, r, &received, ids)?;
    // The statistics after: the layer's rows (new areas as missing rows), the variables changed.
    let mut after_table = table.take_rows(&source_rows);
    for (name, v) in names.iter().zip(&after_vars) {
        set_column(&mut after_table, name, v.clone());
    }
    let new_areas = label_new_areas(&mut after_table, r, table, new_areas);
    step(0.3);
    let after = indices(&after_layer, &after_table, r, None)?;
    step(0.7);
    let types_after = area_types(layer, table, r, vars, &after_vars, &received, &s.changes)?;
    let type_changes = match (types_before, &types_after) {
        (Some(b), Some(a)) => (0..a.types.len())
            .filter_map(|i| {
                let tb = b.types.get(i).copied().flatten();
                let ta = a.types[i];
                (tb != ta).then(|| TypeChange {
                    row: i,
                    before: tb,
                    after: ta,
                    sei_before: b.sei.get(i).copied().flatten(),
                    sei_after: a.sei[i],
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut before_values: Vec<Vec<Option<f64>>> = vars.to_vec();
    for v in &mut before_values {
        v.resize(after_layer.len(), None);
    }
    Ok(ScenarioOutcome {
        name: s.name.clone(),
        indices: pair(before, &after.results),
        local: locals(before, &after.results, after_layer.len()),
        received,
        new_areas,
        type_changes,
        before_values,
        after_values: after_vars,
        layer: after_layer,
        table: after_table,
        notes,
    })
}

/// A scenario's changes, as the command line writes them, grouped by their `scenario=` names
/// in order of appearance (unnamed changes form "scenario").
pub fn from_texts(texts: &[String], layer: &Layer) -> Result<Vec<Scenario>> {
    let mut out: Vec<Scenario> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let p = change::parse(t, layer, i + 1)?;
        let name = if p.scenario.is_empty() {
            "scenario".to_string()
        } else {
            p.scenario
        };
        match out.iter_mut().find(|s| s.name == name) {
            Some(s) => s.changes.push(p.change),
            None => out.push(Scenario {
                name,
                changes: vec![p.change],
            }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
