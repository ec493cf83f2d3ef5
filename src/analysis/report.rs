//! The contents of a report per region (one per municipality, `--each kommun`): the region's key
//! indicators against its county (län) and the country (riket), its segregation indices with the
//! county's and the country's, the county's Theil's M split into a between-municipality and a
//! within-municipality part (and this municipality's share of the within part), and the indices
//! over the years when the statistics have years. Engine only: numbers, no drawing — the pages
//! are drawn by `figure::report`, for the CLI's `segatlas report` and the app's *Arkiv → Rapport…*.
//!
//! Every number comes from the engine's own functions, computed once for all regions:
//! [`segregation::run`] by the region field (the same call as `index --by kommun`, so a report
//! shows exactly the values `index` gives), by the county field, and on the county's areas for
//! the decomposition. Indicators of a region, county or the country are built from summed counts
//! (`compare::aggregate`, the population-weighted value). The country comes from the layer when
//! it covers all 21 counties, else from a national table of areas (`--national`, e.g. SCB's 5,984
//! DeSO), which has no geometry: its spatial indices are not given.

use crate::analysis::compare;
use crate::analysis::segregation::{self, IndexResult, Request as IndexRequest};
use crate::analysis::years;
use crate::data::expr::Expr;
use crate::data::subset::Missing;
use crate::data::{Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::single::SingleGroup;
use crate::measures::segregation::{measure, Compute};
use crate::work::{check, Control};
use serde::Serialize;

/// The indices a report shows unless told otherwise.
pub const DEFAULT_INDICES: [&str; 4] = ["dissim", "isolation", "entropy", "spatial-dissim"];

/// Sweden's 21 counties by SCB's code.
pub const COUNTIES: [(&str, &str); 21] = [
    ("01", "Stockholms län"),
    ("03", "Uppsala län"),
    ("04", "Södermanlands län"),
    ("05", "Östergötlands län"),
    ("06", "Jönköpings län"),
    ("07", "Kronobergs län"),
    ("08", "Kalmar län"),
    ("09", "Gotlands län"),
    ("10", "Blekinge län"),
    ("12", "Skåne län"),
    ("13", "Hallands län"),
    ("14", "Västra Götalands län"),
    ("17", "Värmlands län"),
    ("18", "Örebro län"),
    ("19", "Västmanlands län"),
    ("20", "Dalarnas län"),
    ("21", "Gävleborgs län"),
    ("22", "Västernorrlands län"),
    ("23", "Jämtlands län"),
    ("24", "Västerbottens län"),
    ("25", "Norrbottens län"),
];

/// The name of a county code ("01" → "Stockholms län").
pub fn county_name(code: &str) -> Option<&'static str> {
    COUNTIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// What to report on.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The group and its total (counts): the indices' group, and the first indicator (its
    /// share in percent).
    pub group: String,
    pub total: String,
    /// What the group and the total are called in the report's text (default: the expression,
    /// readable).
    pub group_label: Option<String>,
    pub total_label: Option<String>,
    /// More key indicators (columns or expressions of counts: shares are aggregated from sums).
    pub variables: Vec<String>,
    /// The region field, one report per value (kommun).
    pub each: String,
    /// The county field; found by name (`lan`, `lan_kod`, `län`) or from the first two digits of
    /// four-digit municipality codes when not given.
    pub county: Option<String>,
    /// The field with the regions' names; found (`kommunnamn`, `kommun_namn`) when not given.
    pub names: Option<String>,
    /// Only these regions (codes); all when empty.
    pub only: Vec<String>,
    /// Indices from the registry (single-group ones); [`DEFAULT_INDICES`] when empty.
    pub indices: Vec<String>,
    pub missing: Missing,
    /// Contiguity tolerance for the spatial indices.
    pub tolerance: f64,
    /// Plans (see [`crate::analysis::scenario`]): a page of the municipalities they reach, with
    /// the indices before and after each.
    pub scenarios: Vec<crate::analysis::scenario::Scenario>,
}

/// A value for the region, its county and the country (None: not available).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Levels {
    pub region: Option<f64>,
    pub county: Option<f64>,
    pub country: Option<f64>,
}

/// One key indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// The expression as given (or the group share's).
    pub variable: String,
    /// What it is, when segatlas knows better than the expression (`share`, `population`,
    /// `challenged_areas`).
    pub kind: &'static str,
    pub values: Levels,
    /// The values are the population-weighted mean of the areas' values (weights: the total),
    /// because the variable is not a count (a percentage, a median): an approximation, said so.
    pub weighted: bool,
}

/// One segregation index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexRow {
    pub index: &'static str,
    pub values: Levels,
}

/// The county's Theil's M (the group against the rest) split exactly into the part between its
/// regions and the part within them; the region's own M and its weight (its share of the
/// county's persons), so that weight × M is its contribution to the within part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Split {
    pub county_m: f64,
    pub between: f64,
    pub within: f64,
    pub region_m: f64,
    pub region_weight: f64,
}

/// The indices in one year: the region's and its county's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRow {
    pub year: i32,
    /// One per index of the report, in its order.
    pub region: Vec<Option<f64>>,
    pub county: Vec<Option<f64>>,
}

/// What one plan would do in a region: the persons it adds there and the indices after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub name: String,
    /// Persons added in the region, and of them in the group.
    pub persons: f64,
    pub group_persons: f64,
    /// Areas of the region receiving persons (new areas included).
    pub areas: usize,
    /// One per index of the report, in its order: (before, after).
    pub indices: Vec<(Option<f64>, Option<f64>)>,
}

/// One region's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionReport {
    pub code: String,
    pub name: String,
    pub county_code: Option<String>,
    pub county_name: Option<String>,
    /// The layer's rows of the region.
    #[serde(skip)]
    pub rows: Vec<usize>,
    pub areas: usize,
    /// Areas of the region left out of the indices for a missing group or total.
    pub left_out: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub indices: Vec<IndexRow>,
    pub split: Option<Split>,
    pub years: Vec<YearRow>,
    /// The plans that add persons in the region (empty without plans).
    pub plans: Vec<PlanRow>,
}

/// Where the country's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    /// The layer covers every county.
    Layer,
    /// A national table of areas (aspatial values only).
    National,
    /// Not available.
    None,
}

/// Reports for every region asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub group: String,
    pub total: String,
    pub group_label: String,
    pub total_label: String,
    pub indices: Vec<&'static str>,
    /// The variable the title page's map shows, and whether it is SCB's area types.
    pub map_variable: String,
    pub area_types: bool,
    pub country: Country,
    /// Areas in the national table (when it gave the country's values).
    pub national_areas: Option<usize>,
    pub regions: Vec<RegionReport>,
    /// Every layer row of each county of the reported regions (for the locator inset).
    #[serde(skip)]
    pub county_rows: std::collections::BTreeMap<String, Vec<usize>>,
}

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
fn find_field(table: &Table, names: &[&str]) -> Option<String> {
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
fn counties_of(table: &Table, each: &str, field: Option<&str>) -> Result<Vec<Option<String>>> {
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
fn aspatial(name: &str, x: &[f64], t: &[f64]) -> Option<f64> {
    match measure(name)?.compute {
        Compute::Single(f) => {
            let v = f(&SingleGroup { x, t, area: None });
            v.is_finite().then_some(v)
        }
        _ => None,
    }
}

/// The group and total of complete rows.
fn counts(group: &[Option<f64>], total: &[Option<f64>], rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    rows.iter()
        .filter_map(|&r| Some((group[r]?, total[r]?)))
        .unzip()
}

/// The mean of `values` over `rows` weighted by `weights` (areas missing either left out).
fn weighted_mean(values: &[Option<f64>], weights: &[Option<f64>], rows: &[usize]) -> Option<f64> {
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
fn by_region(results: &[IndexResult], index: &str, region: &str) -> Option<f64> {
    results
        .iter()
        .find(|r| r.index == index && r.region.as_deref() == Some(region) && r.scale.is_none())
        .and_then(|r| r.value.number())
}

/// Everything a report needs, for every region (or those of `req.only`). `national` is a table
/// of the country's areas with the same columns, used when the layer does not cover Sweden.
/// Progress goes to one half: the pages ([`crate::figure::report::write_all`]) are the other.
pub fn build(
    layer: &Layer,
    table: &Table,
    national: Option<&Table>,
    req: &Request,
    control: &Control,
) -> Result<Report> {
    let indices: Vec<&'static str> = if req.indices.is_empty() {
        DEFAULT_INDICES.to_vec()
    } else {
        req.indices
            .iter()
            .map(|n| {
                let m = measure(n).ok_or_else(|| Error::input(format!("unknown index '{n}'")))?;
                match m.compute {
                    Compute::Multi(_)
                    | Compute::Ordered(_)
                    | Compute::Local(_)
                    | Compute::LocalSingle(_) => Err(Error::input(format!(
                        "a report's indices are of one group and its total; '{n}' is not"
                    ))),
                    _ => Ok(m.name),
                }
            })
            .collect::<Result<_>>()?
    };
    let area = layer.area_km2();
    let group = Expr::values(&req.group, table, Some(&area))?;
    let total = Expr::values(&req.total, table, Some(&area))?;
    table.require(&req.each)?;
    let names = match &req.names {
        Some(f) => Some(table.require(f)?.name.clone()),
        None => name_field(table, &req.each),
    };
    let county = counties_of(table, &req.each, req.county.as_deref())?;
    // The regions, in code order, each with its rows and (unambiguous) name and county.
    let all_regions = segregation::regions(table, &req.each)?;
    for code in &req.only {
        if !all_regions.iter().any(|(c, _)| c == code) {
            return Err(Error::input(format!("no area has {} = '{code}'", req.each)));
        }
    }
    let chosen: Vec<&(String, Vec<usize>)> = all_regions
        .iter()
        .filter(|(c, _)| req.only.is_empty() || req.only.contains(c))
        .collect();
    let one = |rows: &[usize], of: &dyn Fn(usize) -> Option<String>| -> Option<String> {
        let first = of(rows[0])?;
        rows.iter()
            .all(|&r| of(r).as_deref() == Some(first.as_str()))
            .then_some(first)
    };
    let name_col = names.as_deref().and_then(|n| table.column(n));
    // The country: the layer when it covers every county, else the national table.
    let counties_in_layer: std::collections::BTreeSet<&str> =
        county.iter().flatten().map(String::as_str).collect();
    let covers_sweden = COUNTIES.iter().all(|(c, _)| counties_in_layer.contains(c));
    let country_kind = if covers_sweden {
        Country::Layer
    } else if national.is_some() {
        Country::National
    } else {
        Country::None
    };
    control.set_progress(0.01);
    // The indices by region and by county: the same call as `index --by`.
    let base = IndexRequest {
        group: Some(req.group.clone()),
        total: Some(req.total.clone()),
        names: indices.clone(),
        tolerance: req.tolerance,
        missing: req.missing,
        seed: crate::measures::segregation::corrected::DEFAULT_SEED,
        ..Default::default()
    };
    let county_table = {
        let mut t = table.clone();
        t.push(crate::data::table::Column::text(
            "\u{0}county",
            county.clone(),
        ));
        t
    };
    let run_by = |t: &Table, field: &str, r: &IndexRequest| -> Result<segregation::Outcome> {
        check(control)?;
        segregation::run(
            layer,
            t,
            &IndexRequest {
                by: Some(field.to_string()),
                ..r.clone()
            },
        )
    };
    let by_each = run_by(table, &req.each, &base)?;
    control.set_progress(0.15);
    let by_county = run_by(&county_table, "\u{0}county", &base)?;
    control.set_progress(0.22);
    let country_results: Option<Vec<(&'static str, Option<f64>)>> = match (country_kind, national) {
        (Country::Layer, _) => {
            check(control)?;
            let out = segregation::run(layer, table, &base)?;
            Some(
                indices
                    .iter()
                    .map(|&i| {
                        let v = out
                            .results
                            .iter()
                            .find(|r| r.index == i && r.scale.is_none())
                            .and_then(|r| r.value.number());
                        (i, v)
                    })
                    .collect(),
            )
        }
        (Country::National, Some(t)) => {
            let national_err =
                |e: Error| Error::input(format!("the national table: {}", e.message));
            let g = Expr::values(&req.group, t, None).map_err(national_err)?;
            let tt = Expr::values(&req.total, t, None).map_err(national_err)?;
            let (x, tot) = counts(&g, &tt, &(0..t.len()).collect::<Vec<_>>());
            Some(
                indices
                    .iter()
                    .map(|&i| (i, aspatial(i, &x, &tot)))
                    .collect(),
            )
        }
        _ => None,
    };
    // Key indicators: the group's share, the population, the persons in areas of types 1–2,
    // then what the person asked for.
    let share = share_expr(&req.group, &req.total);
    let types_col = area_type_column(table);
    let mut indicator_exprs: Vec<(String, &'static str)> =
        vec![(share.clone(), "share"), (req.total.clone(), "population")];
    for v in &req.variables {
        indicator_exprs.push((v.clone(), "variable"));
    }
    let parsed: Vec<(Expr, &'static str, String)> = indicator_exprs
        .iter()
        .map(|(e, k)| Ok((Expr::for_table(e, table)?, *k, e.clone())))
        .collect::<Result<_>>()?;
    let national_parsed: Vec<Option<Expr>> = parsed
        .iter()
        .map(|(_, _, text)| national.and_then(|t| Expr::for_table(text, t).ok()))
        .collect();
    let all_rows: Vec<usize> = (0..table.len()).collect();
    // Counts are summed; other variables (percentages, medians) averaged with the total as
    // weight.
    let weighted: Vec<Option<Vec<Option<f64>>>> = parsed
        .iter()
        .map(|(e, _, _)| {
            (!compare::is_aggregable(e, table))
                .then(|| e.evaluate(table, Some(&area)))
                .transpose()
        })
        .collect::<Result<_>>()?;
    let national_total: Option<Vec<Option<f64>>> =
        national.and_then(|t| Expr::values(&req.total, t, None).ok());
    let national_weighted: Vec<Option<Vec<Option<f64>>>> = national_parsed
        .iter()
        .map(|e| {
            let (e, t) = (e.as_ref()?, national?);
            (!compare::is_aggregable(e, t)).then(|| e.evaluate(t, None).ok())?
        })
        .collect();
    let agg = |k: usize, rows: &[usize]| match &weighted[k] {
        Some(v) => weighted_mean(v, &total, rows),
        None => compare::aggregate(&parsed[k].0, table, Some(&area), rows),
    };
    // Persons in areas of types 1–2, in percent of all persons (of areas with a type).
    let challenged = |rows: &[usize]| -> Option<f64> {
        let types = table.numbers(types_col.as_deref()?).ok()?;
        let (mut all, mut low) = (0.0, 0.0);
        for &r in rows {
            if let (Some(ty), Some(t)) = (types[r], total[r]) {
                all += t;
                if ty <= 2.0 {
                    low += t;
                }
            }
        }
        (all > 0.0).then(|| 100.0 * low / all)
    };
    // The county's split, once per county.
    let mut splits: std::collections::HashMap<String, (f64, f64, f64, Vec<IndexResult>)> =
        Default::default();
    let mut out = Vec::new();
    let mut county_rows_of = std::collections::BTreeMap::new();
    let years = years_of(table, req);
    let mut by_year: Vec<(i32, segregation::Outcome, segregation::Outcome)> = Vec::new();
    for (k, &y) in years.iter().enumerate() {
        check(control)?;
        let r = base.in_year(table, y)?;
        let e = run_by(table, &req.each, &r)?;
        let c = run_by(&county_table, "\u{0}county", &r)?;
        by_year.push((y, e, c));
        control.set_progress(0.22 + 0.15 * (k + 1) as f32 / years.len() as f32);
    }
    // Plans: once for every region, per region of the report's field.
    let plans = if req.scenarios.is_empty() {
        None
    } else {
        check(control)?;
        Some(crate::analysis::scenario::run(
            layer,
            table,
            &crate::analysis::scenario::Request {
                group: Some(req.group.clone()),
                total: Some(req.total.clone()),
                names: indices.clone(),
                by: Some(req.each.clone()),
                tolerance: req.tolerance,
                seed: crate::measures::segregation::corrected::DEFAULT_SEED,
                missing: req.missing,
                replicates: 0,
                ..Default::default()
            },
            &req.scenarios,
        )?)
    };
    let each_col = table.require(&req.each)?;
    let n_regions = chosen.len().max(1);
    for (k, (code, rows)) in chosen.into_iter().enumerate() {
        check(control)?;
        let name = name_col
            .and_then(|c| one(rows, &|r| c.key_at(r)))
            .unwrap_or_else(|| code.clone());
        let county_code = one(rows, &|r| county[r].clone());
        let county_rows: Vec<usize> = match &county_code {
            Some(c) => (0..table.len())
                .filter(|&r| county[r].as_deref() == Some(c.as_str()))
                .collect(),
            None => Vec::new(),
        };
        let indicators = parsed
            .iter()
            .enumerate()
            .map(|(k, (_, kind, text))| {
                let country = match (country_kind, national) {
                    (Country::Layer, _) => agg(k, &all_rows),
                    (Country::National, Some(t)) => {
                        let every: Vec<usize> = (0..t.len()).collect();
                        match (&national_parsed[k], &national_weighted[k], &national_total) {
                            (Some(_), Some(v), Some(w)) => weighted_mean(v, w, &every),
                            (Some(e), None, _) => compare::aggregate(e, t, None, &every),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                Indicator {
                    variable: text.clone(),
                    kind,
                    values: Levels {
                        region: agg(k, rows),
                        county: (!county_rows.is_empty())
                            .then(|| agg(k, &county_rows))
                            .flatten(),
                        country,
                    },
                    weighted: weighted[k].is_some(),
                }
            })
            .chain(types_col.as_ref().map(|t| {
                Indicator {
                    variable: t.clone(),
                    kind: "challenged_areas",
                    values: Levels {
                        region: challenged(rows),
                        county: challenged(&county_rows),
                        country: (country_kind == Country::Layer)
                            .then(|| challenged(&all_rows))
                            .flatten(),
                    },
                    weighted: false,
                }
            }))
            .collect();
        let index_rows = indices
            .iter()
            .enumerate()
            .map(|(i, &name)| IndexRow {
                index: name,
                values: Levels {
                    region: by_region(&by_each.results, name, code),
                    county: county_code
                        .as_deref()
                        .and_then(|c| by_region(&by_county.results, name, c)),
                    country: country_results.as_ref().and_then(|v| v[i].1),
                },
            })
            .collect();
        // The split of the county by the region field (once per county).
        let split = match &county_code {
            Some(c) if county_rows.len() > 1 => {
                if !splits.contains_key(c) {
                    splits.insert(c.clone(), split_of(layer, table, req, &county_rows)?);
                }
                let (m, between, within, per_region) = &splits[c];
                let region_m = by_region(per_region, "multi-divergence", code);
                let (_, t) = counts(&group, &total, rows);
                let (_, tc) = counts(&group, &total, &county_rows);
                let weight = t.iter().sum::<f64>() / tc.iter().sum::<f64>();
                region_m.map(|region_m| Split {
                    county_m: *m,
                    between: *between,
                    within: *within,
                    region_m,
                    region_weight: weight,
                })
            }
            _ => None,
        };
        let year_rows = by_year
            .iter()
            .map(|(y, e, c)| YearRow {
                year: *y,
                region: indices
                    .iter()
                    .map(|i| by_region(&e.results, i, code))
                    .collect(),
                county: indices
                    .iter()
                    .map(|i| {
                        county_code
                            .as_deref()
                            .and_then(|cc| by_region(&c.results, i, cc))
                    })
                    .collect(),
            })
            .collect();
        let ids = crate::data::subset::ids_of(table, &by_each.excluded);
        let in_region: std::collections::HashSet<usize> = rows.iter().copied().collect();
        let left_out = by_each
            .excluded
            .iter()
            .zip(ids)
            .filter(|(r, _)| in_region.contains(r))
            .map(|(_, id)| id)
            .collect();
        if let Some(c) = &county_code {
            county_rows_of
                .entry(c.clone())
                .or_insert_with(|| county_rows.clone());
        }
        let plan_rows = plans
            .as_ref()
            .map(|o| {
                o.scenarios
                    .iter()
                    .filter_map(|s| {
                        // The region of a receiving area: its own, or a new area's.
                        let region_of = |row: usize| {
                            if row < table.len() {
                                each_col.key_at(row)
                            } else {
                                s.new_areas
                                    .iter()
                                    .find(|n| n.row == row)
                                    .and_then(|n| n.region.clone())
                            }
                        };
                        let here: Vec<_> = s
                            .received
                            .iter()
                            .filter(|r| region_of(r.row).as_deref() == Some(code.as_str()))
                            .collect();
                        if here.is_empty() {
                            return None;
                        }
                        let mut rows: Vec<usize> = here.iter().map(|r| r.row).collect();
                        rows.sort_unstable();
                        rows.dedup();
                        Some(PlanRow {
                            name: s.name.clone(),
                            persons: here.iter().map(|r| r.persons).sum(),
                            group_persons: here
                                .iter()
                                .map(|r| r.added.first().copied().unwrap_or(0.0))
                                .sum(),
                            areas: rows.len(),
                            indices: indices
                                .iter()
                                .map(|i| {
                                    s.indices
                                        .iter()
                                        .find(|c| {
                                            c.index == *i && c.region.as_deref() == Some(code)
                                        })
                                        .map_or((None, None), |c| (c.before, c.after))
                                })
                                .collect(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(RegionReport {
            code: code.clone(),
            name,
            county_name: county_code
                .as_deref()
                .and_then(county_name)
                .map(str::to_string),
            county_code,
            rows: rows.clone(),
            areas: rows.len(),
            left_out,
            indicators,
            indices: index_rows,
            split,
            years: year_rows,
            plans: plan_rows,
        });
        control.set_progress(0.37 + 0.13 * (k + 1) as f32 / n_regions as f32);
    }
    Ok(Report {
        group: req.group.clone(),
        total: req.total.clone(),
        group_label: req
            .group_label
            .clone()
            .unwrap_or_else(|| readable(&req.group)),
        total_label: req
            .total_label
            .clone()
            .unwrap_or_else(|| readable(&req.total)),
        indices,
        map_variable: types_col.clone().unwrap_or(share),
        area_types: types_col.is_some(),
        country: country_kind,
        national_areas: match country_kind {
            Country::National => national.map(Table::len),
            _ => None,
        },
        regions: out,
        county_rows: county_rows_of,
    })
}

/// The years the group and total both have, when more than one.
fn years_of(table: &Table, req: &Request) -> Vec<i32> {
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
fn split_of(
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
