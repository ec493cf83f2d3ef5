//! Moving numbers across boundaries (areal interpolation, as PySAL's tobler `area_interpolate`):
//! variables of a source layer (DeSO) estimated on a target layer whose borders follow other
//! lines (the police's areas, a school's catchment, a grid, DeSO of another year). The engine
//! behind `segatlas interpolate`.
//!
//! - An **extensive** variable (a count) goes to each target in proportion to the share of the
//!   source inside it: by area (the share of the source's area; with `allocate_total` the share
//!   of the part that lies in some target, tobler's default, so totals are kept where boundaries
//!   were simplified differently), or **dasymetrically** by an auxiliary quantity — a field of the
//!   targets spread evenly over each target (a grid's population), or a field of a finer layer
//!   (persons are not put in lakes and forests).
//! - An **intensive** variable (a rate, a percentage, a median) is the mean of the sources
//!   overlapping the target, weighted by the area (or auxiliary quantity) of each overlap. A median
//!   cannot be moved exactly; it is treated as any intensive variable and the caller says so.
//! - With a **link table** (SCB's links between old and new areas) a source that the table puts
//!   wholly in one target goes there whole; only the rest is interpolated.
//!
//! What is reported: each extensive variable's total before and after, the sources each target
//! drew from, the share of each source that lies in no target, the targets that receive nothing,
//! and the sources whose value is missing (an extensive target drawing from one is missing; an
//! intensive target is the mean of the sources it has values for).

use crate::data::expr::Expr;
use crate::data::table::{Column, FieldType, Table};
use crate::data::Layer;
use crate::error::{Error, Result};
use crate::spatial::overlay::{self, Overlay, Piece};
use geo::{Area, BooleanOps, MultiPolygon};
use serde::Serialize;
use std::collections::HashMap;

/// What weighs a piece of a source.
#[derive(Debug, Clone, Copy)]
pub enum Weigh<'a> {
    /// Its area.
    Area,
    /// A field of the targets, spread evenly over each target's area.
    TargetField(&'a str),
    /// A field of a finer layer, spread evenly over each of its areas.
    Layer(&'a Layer, &'a Table, &'a str),
}

/// What to move.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub extensive: Vec<String>,
    pub intensive: Vec<String>,
    pub weigh: Weigh<'a>,
    /// Share a source's extensive variables over the part of it that lies in targets (tobler's
    /// `allocate_total`), not over its whole area.
    pub allocate_total: bool,
    /// A link table between the sources' and the targets' codes.
    pub link: Option<&'a Table>,
}

/// An extensive variable's total before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    pub variable: String,
    pub before: f64,
    pub after: f64,
}

/// A source share left in no target (above 0.1 % of the source).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncovered {
    pub id: String,
    pub share: f64,
}

/// Sources missing a variable, and the targets it leaves missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub variable: String,
    pub sources: Vec<String>,
    pub targets_missing: usize,
}

/// What a link table did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Linked {
    /// The link table's fields holding the sources' and the targets' codes.
    pub source_field: String,
    pub target_field: String,
    /// Sources the table puts wholly in one target (moved whole).
    pub whole_sources: usize,
    /// Targets made of whole sources only: exact.
    pub exact_targets: usize,
    /// The table's source codes not found among the sources, and target codes not found.
    pub unknown_sources: Vec<String>,
    pub unknown_targets: Vec<String>,
}

/// The moved variables (one column per variable, one value per target) and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub columns: Vec<Column>,
    pub method: String,
    pub totals: Vec<Total>,
    pub sources_per_target: Vec<usize>,
    pub uncovered: Vec<Uncovered>,
    /// The share of all sources' area that lies in no target.
    pub uncovered_share: f64,
    /// The share of all sources' area that lies in more than one target (targets that overlap
    /// each other): counted twice unless `allocate_total`.
    pub overlap_share: f64,
    pub empty_targets: Vec<String>,
    pub missing: Vec<Missing>,
    /// Sources with no auxiliary quantity in any target, moved by area instead.
    pub by_area_instead: Vec<String>,
    /// Sources without a geometry: they reach no target (their values are in the totals before,
    /// not after).
    pub no_geometry: Vec<String>,
    pub linked: Option<Linked>,
    /// Said when the target was brought into the source's CRS.
    pub reprojected: Option<String>,
}

/// The targets' geometry in the sources' working CRS.
fn in_source_crs(
    source: &Layer,
    target: &Layer,
) -> Result<(Vec<MultiPolygon<f64>>, Option<String>)> {
    use crate::data::crs::{Crs, Projector};
    use geo::MapCoords;
    if source.working_crs == target.working_crs {
        return Ok((target.projected.clone(), None));
    }
    if source.working_crs == Crs::Planar || target.working_crs == Crs::Planar {
        return Err(Error::input(format!(
            "{} has planar coordinates and {} a coordinate reference system: they cannot be laid over each other (declare the CRS with --crs)",
            if source.working_crs == Crs::Planar { source.source.display() } else { target.source.display() },
            if source.working_crs == Crs::Planar { target.source.display() } else { source.source.display() },
        )));
    }
    let p = Projector::new(target.working_crs, source.working_crs)?;
    let geoms = target
        .projected
        .iter()
        .map(|g| {
            g.map_coords(|c| match p.project(c.x, c.y) {
                Some((x, y)) => geo::Coord { x, y },
                None => geo::Coord {
                    x: f64::NAN,
                    y: f64::NAN,
                },
            })
        })
        .collect();
    Ok((
        geoms,
        Some(format!(
            "{} reprojected from {} to {}",
            target.source.display(),
            target.working_crs.label().unwrap_or_default(),
            source.working_crs.label().unwrap_or_default()
        )),
    ))
}

/// The link table's fields that hold `table`'s codes: (link field, table field, matches), the
/// pair sharing the most distinct codes.
fn best_pair(link: &Table, table: &Table, skip: Option<&str>) -> Option<(String, String, usize)> {
    use std::collections::HashSet;
    let keys = |t: &Table, c: &Column| -> HashSet<String> {
        (0..t.len()).filter_map(|r| c.key_at(r)).collect()
    };
    let mut best: Option<(String, String, usize)> = None;
    for lc in &link.columns {
        if skip == Some(lc.name.as_str()) {
            continue;
        }
        let lk = keys(link, lc);
        for tc in &table.columns {
            if tc.field_type() != FieldType::Text {
                continue;
            }
            let n = keys(table, tc).intersection(&lk).count();
            if n > 0 && best.as_ref().is_none_or(|b| n > b.2) {
                best = Some((lc.name.clone(), tc.name.clone(), n));
            }
        }
    }
    best
}

/// The pieces with the link table's whole sources put wholly in their one target.
fn apply_link(
    pieces: &mut Vec<Piece>,
    link: &Table,
    sources: &Table,
    targets: &Table,
    source_area: &[f64],
) -> Result<Linked> {
    let (ls, sf, _) = best_pair(link, sources, None)
        .ok_or_else(|| Error::input("the link table has no field with the sources' codes"))?;
    let (lt, tf, _) = best_pair(link, targets, Some(&ls))
        .ok_or_else(|| Error::input("the link table has no field with the targets' codes"))?;
    let row_of = |t: &Table, field: &str| -> HashMap<String, usize> {
        let c = t.column(field).expect("a field found above");
        (0..t.len())
            .filter_map(|r| Some((c.key_at(r)?, r)))
            .collect()
    };
    let (src_row, tgt_row) = (row_of(sources, &sf), row_of(targets, &tf));
    let (lsc, ltc) = (link.column(&ls).unwrap(), link.column(&lt).unwrap());
    let mut targets_of: HashMap<usize, Vec<usize>> = HashMap::new();
    let (mut unknown_sources, mut unknown_targets) = (Vec::new(), Vec::new());
    for r in 0..link.len() {
        let (Some(s), Some(t)) = (lsc.key_at(r), ltc.key_at(r)) else {
            continue;
        };
        match (src_row.get(&s), tgt_row.get(&t)) {
            (Some(&i), Some(&j)) => targets_of.entry(i).or_default().push(j),
            (None, _) => unknown_sources.push(s),
            (_, None) => unknown_targets.push(t),
        }
    }
    let whole: HashMap<usize, usize> = targets_of
        .iter()
        .filter_map(|(&i, ts)| {
            let mut ts = ts.clone();
            ts.sort_unstable();
            ts.dedup();
            (ts.len() == 1).then_some((i, ts[0]))
        })
        .collect();
    pieces.retain(|p| !whole.contains_key(&p.source));
    for (&i, &j) in &whole {
        pieces.push(Piece {
            source: i,
            target: j,
            area: source_area[i],
        });
    }
    pieces.sort_by_key(|p| (p.source, p.target));
    // A target is exact when every source reaching it is a whole one.
    let mut partial = vec![false; targets.len()];
    let mut reached = vec![false; targets.len()];
    for p in pieces.iter() {
        reached[p.target] = true;
        if !whole.contains_key(&p.source) {
            partial[p.target] = true;
        }
    }
    unknown_sources.sort();
    unknown_sources.dedup();
    unknown_targets.sort();
    unknown_targets.dedup();
    Ok(Linked {
        source_field: ls,
        target_field: lt,
        whole_sources: whole.len(),
        exact_targets: (0..targets.len())
            .filter(|&j| reached[j] && !partial[j])
            .count(),
        unknown_sources,
        unknown_targets,
    })
}

/// Each piece's auxiliary quantity: the part of each finer area's quantity that lies in it.
fn layer_weights(
    sources: &[MultiPolygon<f64>],
    targets: &[MultiPolygon<f64>],
    pieces: &[Piece],
    aux: &[MultiPolygon<f64>],
    z: &[Option<f64>],
) -> Result<(Vec<f64>, Vec<f64>)> {
    let index = overlay::Index::new(aux);
    let convex: Vec<_> = crate::work::parallel_over(aux, overlay::convex_outline);
    let aux_area: Vec<f64> = aux.iter().map(|g| g.unsigned_area()).collect();
    let quantity_in = |shape: &MultiPolygon<f64>| -> Option<f64> {
        let own = overlay::convex_outline(shape);
        let mut w = 0.0;
        for k in index.candidates(shape) {
            let (Some(zk), true) = (z[k], aux_area[k] > 0.0) else {
                continue;
            };
            let a =
                overlay::intersection_area(shape, &aux[k], own.as_deref(), convex[k].as_deref())?;
            w += zk * a / aux_area[k];
        }
        Some(w)
    };
    let per_piece: Vec<Option<f64>> = crate::work::parallel(pieces.len(), |p| {
        let (s, t) = (&sources[pieces[p].source], &targets[pieces[p].target]);
        let shape = crate::work::guarded(|| s.intersection(t))?;
        quantity_in(&shape)
    });
    let per_source: Vec<Option<f64>> = crate::work::parallel_over(sources, quantity_in);
    let broken = || Error::input("an overlay with the auxiliary layer failed on broken geometry");
    Ok((
        per_piece
            .into_iter()
            .map(|w| w.ok_or_else(broken))
            .collect::<Result<_>>()?,
        per_source
            .into_iter()
            .map(|w| w.ok_or_else(broken))
            .collect::<Result<_>>()?,
    ))
}

/// What to call each row in messages: its code, else its name (the police's areas have only
/// names), else its feature number.
pub fn labels(table: &Table) -> Vec<String> {
    let (name, code) = crate::data::table::identify_fields(table);
    let c = code.or(name).and_then(|f| table.column(&f).cloned());
    (0..table.len())
        .map(|r| {
            c.as_ref()
                .and_then(|c| c.key_at(r))
                .unwrap_or_else(|| format!("#{}", r + 1))
        })
        .collect()
}

/// The target column name for a moved variable: its own, unless the targets have that column.
fn column_name(targets: &Table, text: &str) -> String {
    if targets.column(text).is_some() {
        format!("{text}_moved")
    } else {
        text.to_string()
    }
}

/// Move the request's variables from `source` (attributes `sources`) onto `target` (`targets`).
pub fn run(
    source: &Layer,
    sources: &Table,
    target: &Layer,
    targets: &Table,
    req: &Request,
) -> Result<Outcome> {
    if req.extensive.is_empty() && req.intensive.is_empty() {
        return Err(Error::input(
            "name what to move: --extensive for counts, --intensive for rates, shares and medians",
        ));
    }
    let (target_geoms, reprojected) = in_source_crs(source, target)?;
    let (source_ids, target_ids) = (labels(sources), labels(targets));
    let area = source.area_km2();
    let values = |e: &String| -> Result<(String, Vec<Option<f64>>)> {
        Ok((e.clone(), Expr::values(e, sources, Some(&area))?))
    };
    let extensive: Vec<_> = req.extensive.iter().map(values).collect::<Result<_>>()?;
    let intensive: Vec<_> = req.intensive.iter().map(values).collect::<Result<_>>()?;
    let Overlay {
        mut pieces,
        source_area,
        target_area,
    } = overlay::overlay(
        &source.projected,
        &target_geoms,
        &|i| source_ids[i].clone(),
        &|j| target_ids[j].clone(),
    )?;
    if pieces.is_empty() {
        let bbox = |g: &[MultiPolygon<f64>]| {
            crate::data::layer::bbox_of(g).map_or("no extent".to_string(), |b| {
                format!("{:.0}, {:.0} – {:.0}, {:.0}", b[0], b[1], b[2], b[3])
            })
        };
        return Err(Error::input(format!(
            "{} and {} do not overlap (extents {} and {} in {}): nothing can be moved",
            source.source.display(),
            target.source.display(),
            bbox(&source.projected),
            bbox(&target_geoms),
            source
                .working_crs
                .label()
                .unwrap_or_else(|| "planar units".into())
        )));
    }
    let linked = match req.link {
        Some(link) => Some(apply_link(
            &mut pieces,
            link,
            sources,
            targets,
            &source_area,
        )?),
        None => None,
    };
    let (n, m) = (source.len(), target.len());
    // Each piece's weight and each source's whole weight (the denominator of its shares).
    let (weight, mut whole, method): (Vec<f64>, Vec<f64>, String) = match req.weigh {
        Weigh::Area => (
            pieces.iter().map(|p| p.area).collect(),
            source_area.clone(),
            "area-weighted".into(),
        ),
        Weigh::TargetField(field) => {
            let z = targets.numbers(field)?;
            let w: Vec<f64> = pieces
                .iter()
                .map(|p| {
                    let (a, z) = (target_area[p.target], z[p.target].unwrap_or(0.0));
                    if a > 0.0 {
                        p.area / a * z
                    } else {
                        0.0
                    }
                })
                .collect();
            let mut whole = vec![0.0; n];
            for (p, w) in pieces.iter().zip(&w) {
                whole[p.source] += w;
            }
            (w, whole, format!("dasymetric by the targets' {field}"))
        }
        Weigh::Layer(aux, aux_table, field) => {
            let z = Expr::values(field, aux_table, Some(&aux.area_km2()))?;
            let (aux_geoms, _) = in_source_crs(source, aux)?;
            let (w, whole) =
                layer_weights(&source.projected, &target_geoms, &pieces, &aux_geoms, &z)?;
            (
                w,
                whole,
                format!("dasymetric by {} of {}", field, aux.source.display()),
            )
        }
    };
    let mut covered = vec![0.0; n];
    let mut covered_weight = vec![0.0; n];
    for (p, w) in pieces.iter().zip(&weight) {
        covered[p.source] += p.area;
        covered_weight[p.source] += w;
    }
    if req.allocate_total || matches!(req.weigh, Weigh::TargetField(_)) {
        whole = covered_weight.clone();
    }
    // A source with no auxiliary quantity where it meets the targets is moved by area.
    let mut by_area_instead = Vec::new();
    let mut share = vec![0.0; pieces.len()];
    for (k, p) in pieces.iter().enumerate() {
        let i = p.source;
        share[k] = if whole[i] > 0.0 {
            weight[k] / whole[i]
        } else {
            let den = if req.allocate_total {
                covered[i]
            } else {
                source_area[i]
            };
            if den > 0.0 {
                p.area / den
            } else {
                0.0
            }
        };
    }
    if !matches!(req.weigh, Weigh::Area) {
        for i in 0..n {
            if covered[i] > 0.0 && whole[i] <= 0.0 {
                by_area_instead.push(source_ids[i].clone());
            }
        }
    }
    let mut sources_per_target = vec![0usize; m];
    for p in &pieces {
        sources_per_target[p.target] += 1;
    }
    let mut columns = Vec::new();
    let mut totals = Vec::new();
    let mut missing = Vec::new();
    // The sources meeting a target without a value, and the targets (that drew from some
    // source) left missing.
    let missing_of = |text: &String, v: &[Option<f64>], est: &[Option<f64>]| -> Option<Missing> {
        let sources: Vec<String> = (0..n)
            .filter(|&i| v[i].is_none() && covered[i] > 0.0)
            .map(|i| source_ids[i].clone())
            .collect();
        (!sources.is_empty()).then(|| Missing {
            variable: text.clone(),
            sources,
            targets_missing: est
                .iter()
                .zip(&sources_per_target)
                .filter(|(e, &s)| e.is_none() && s > 0)
                .count(),
        })
    };
    for (text, v) in &extensive {
        let mut est = vec![Some(0.0); m];
        for (k, p) in pieces.iter().enumerate() {
            est[p.target] = match (est[p.target], v[p.source]) {
                (Some(e), Some(x)) => Some(e + x * share[k]),
                _ => None,
            };
        }
        for (j, e) in est.iter_mut().enumerate() {
            if sources_per_target[j] == 0 {
                *e = None;
            }
        }
        let before: f64 = v.iter().flatten().sum();
        let after: f64 = est.iter().flatten().sum();
        missing.extend(missing_of(text, v, &est));
        totals.push(Total {
            variable: text.clone(),
            before,
            after,
        });
        columns.push(Column::number(column_name(targets, text), est));
    }
    for (text, v) in &intensive {
        let (mut num, mut den) = (vec![0.0; m], vec![0.0; m]);
        for (k, p) in pieces.iter().enumerate() {
            if let Some(x) = v[p.source] {
                num[p.target] += x * weight[k];
                den[p.target] += weight[k];
            }
        }
        // Where the targets' weights are all 0 (no auxiliary quantity), the area decides.
        let (mut anum, mut aden) = (vec![0.0; m], vec![0.0; m]);
        for p in &pieces {
            if let Some(x) = v[p.source] {
                anum[p.target] += x * p.area;
                aden[p.target] += p.area;
            }
        }
        let est: Vec<Option<f64>> = (0..m)
            .map(|j| {
                if den[j] > 0.0 {
                    Some(num[j] / den[j])
                } else if aden[j] > 0.0 {
                    Some(anum[j] / aden[j])
                } else {
                    None
                }
            })
            .collect();
        missing.extend(missing_of(text, v, &est));
        columns.push(Column::number(column_name(targets, text), est));
    }
    let uncovered: Vec<Uncovered> = (0..n)
        .filter(|&i| source_area[i] > 0.0)
        .map(|i| Uncovered {
            id: source_ids[i].clone(),
            share: (1.0 - covered[i] / source_area[i]).max(0.0),
        })
        .filter(|u| u.share > 0.001)
        .collect();
    let total_area: f64 = source_area.iter().sum();
    let uncovered_share = if total_area > 0.0 {
        (1.0 - covered.iter().sum::<f64>() / total_area).max(0.0)
    } else {
        0.0
    };
    let overlap_share = if total_area > 0.0 {
        (0..n)
            .map(|i| (covered[i] - source_area[i]).max(0.0))
            .sum::<f64>()
            / total_area
    } else {
        0.0
    };
    Ok(Outcome {
        no_geometry: (0..n)
            .filter(|&i| !source.has_geometry(i))
            .map(|i| source_ids[i].clone())
            .collect(),
        overlap_share,
        columns,
        method,
        totals,
        empty_targets: (0..m)
            .filter(|&j| sources_per_target[j] == 0)
            .map(|j| target_ids[j].clone())
            .collect(),
        sources_per_target,
        uncovered,
        uncovered_share,
        missing,
        by_area_instead,
        linked,
        reprojected,
    })
}

/// Whether a variable is a median or a mean by its name: it cannot be moved exactly (the
/// targets get a weighted mean of the sources' values), which the CLI and the app say.
pub fn not_exact(text: &str) -> bool {
    let t = text.to_lowercase();
    ["median", "medel", "mean"].iter().any(|w| t.contains(w))
}

/// Whether a column holds counts: whole, non-negative numbers, not all 0, and not a percentage,
/// median, mean, index or area by its name. Counts move as extensive variables, the rest as
/// intensive ones.
pub fn is_count(table: &Table, name: &str) -> bool {
    let n = name.to_lowercase();
    if [
        "pct", "andel", "median", "medel", "mean", "index", "kvot", "km2", "area",
    ]
    .iter()
    .any(|w| n.contains(w))
    {
        return false;
    }
    match table.column(name).map(|c| &c.values) {
        Some(crate::data::table::Values::Number(v)) => {
            v.iter().flatten().any(|x| *x != 0.0)
                && v.iter().flatten().all(|x| *x >= 0.0 && x.fract() == 0.0)
        }
        _ => false,
    }
}

/// A year of a series whose columns came from another layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BroughtYear {
    pub year: i32,
    /// The layer the year's columns were read from.
    pub from: String,
    /// The columns moved: counts as extensive, the others as intensive.
    pub extensive: Vec<String>,
    pub intensive: Vec<String>,
    /// How: "area-weighted", or with SCB's link table.
    pub method: String,
    /// The areas the year's counts came out missing on (they drew from a source without one),
    /// and each count's total before and after.
    pub totals: Vec<Total>,
}

/// A follow-up across a boundary revision: the years of `exprs` (columns naming a year, as
/// `utlandsk_bakgrund_2020/folkmangd_2020*100`) whose columns `table` lacks but `other_table`
/// (`other`'s attributes) has are moved onto `layer`'s areas — counts in proportion to area (whole where `link` says
/// so), rates as area-weighted means — and added to `table` under their own names, so the
/// series reads them as if published on `layer`. Years `table` has are left alone.
pub fn bring_years(
    layer: &Layer,
    table: &mut Table,
    other: &Layer,
    other_table: &Table,
    exprs: &[String],
    years: &[i32],
    link: Option<&Table>,
) -> Result<Vec<BroughtYear>> {
    use crate::analysis::years::move_to_year;
    let mut brought = Vec::new();
    for &year in years {
        let mut missing: Vec<String> = Vec::new();
        for text in exprs {
            let Ok(expr) =
                Expr::for_table(text, other_table).or_else(|_| Expr::for_table(text, table))
            else {
                continue;
            };
            if move_to_year(&expr, table, year).is_some() {
                continue;
            }
            let Some(there) = move_to_year(&expr, other_table, year) else {
                continue;
            };
            for c in there.columns() {
                if table.column(c).is_none() && !missing.iter().any(|m| m == c) {
                    missing.push(c.to_string());
                }
            }
        }
        if missing.is_empty() {
            continue;
        }
        let (extensive, intensive): (Vec<String>, Vec<String>) =
            missing.into_iter().partition(|c| is_count(other_table, c));
        let req = Request {
            extensive: extensive.clone(),
            intensive: intensive.clone(),
            weigh: Weigh::Area,
            allocate_total: true,
            link,
        };
        let o = run(other, other_table, layer, table, &req).map_err(|e| {
            Error::input(format!(
                "{year} from {}: {}",
                other.source.display(),
                e.message
            ))
        })?;
        for (c, name) in o
            .columns
            .into_iter()
            .zip(extensive.iter().chain(&intensive))
        {
            // Under the year's own name, so the series finds it.
            table.push(Column {
                name: name.clone(),
                values: c.values,
            });
        }
        brought.push(BroughtYear {
            year,
            from: other.source.display().to_string(),
            extensive,
            intensive,
            method: match &o.linked {
                Some(l) => format!(
                    "{}, {} of {} areas exact by the link table",
                    o.method,
                    l.exact_targets,
                    table.len()
                ),
                None => format!("{} (each source shared over what it covers)", o.method),
            },
            totals: o.totals,
        });
    }
    Ok(brought)
}
