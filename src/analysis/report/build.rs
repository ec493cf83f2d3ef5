//! The report's numbers for every region: the indices by region, county and country (the same
//! `segregation::run` calls as `index --by`), the indicators, the county's split, the years and
//! the plans.

use super::fields::{
    area_type_column, aspatial, band_of, by_region, counties_of, counts, name_field, national_band,
    readable, share_expr, split_of, weighted_mean, years_of,
};
use super::{
    county_name, Country, IndexRow, Indicator, Levels, NationalShare, PlanRow, RegionReport,
    Report, Request, Split, YearRow, COUNTIES, DEFAULT_INDICES,
};
use crate::analysis::compare;
use crate::analysis::levels;
use crate::analysis::segregation::{self, IndexResult, Request as IndexRequest};
use crate::data::expr::Expr;
use crate::data::{Layer, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::{measure, Compute};
use crate::measures::uncertainty::Band;
use crate::work::{check, Control};

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
    // Without any geometry (SCB's national table alone) the spatial indices cannot be given.
    let placeless = layer.without_geometry().len() == layer.len();
    let indices: Vec<&'static str> = if req.indices.is_empty() {
        DEFAULT_INDICES
            .into_iter()
            .filter(|n| !placeless || measure(n).is_some_and(|m| !m.compute.needs_geometry()))
            .collect()
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
    // Without a name field, municipalities (or counties) are named from the bundled map.
    let bundled_names = if name_col.is_none() {
        let codes: Vec<String> = all_regions.iter().map(|(c, _)| c.clone()).collect();
        crate::analysis::names::bundled(&codes).unwrap_or_default()
    } else {
        Default::default()
    };
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
    // With a noise model every index gets its band: the region's, the county's and the
    // country's.
    let noisy = IndexRequest {
        noise: req.noise,
        draws: req.draws,
        ..base.clone()
    };
    let by_each = run_by(table, &req.each, &noisy)?;
    control.set_progress(0.15);
    let by_county = run_by(&county_table, "\u{0}county", &noisy)?;
    control.set_progress(0.22);
    type CountryIndices = Vec<(&'static str, Option<f64>, Option<Band>)>;
    let country_results: Option<CountryIndices> = match (country_kind, national) {
        (Country::Layer, _) => {
            check(control)?;
            let out = segregation::run(layer, table, &noisy)?;
            Some(
                indices
                    .iter()
                    .map(|&i| {
                        let r = out
                            .results
                            .iter()
                            .find(|r| r.index == i && r.scale.is_none());
                        (
                            i,
                            r.and_then(|r| r.value.number()),
                            r.and_then(|r| r.uncertainty.clone()),
                        )
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
                    .map(|&i| {
                        let band = req.noise.and_then(|noise| {
                            check(control).ok()?;
                            national_band(i, noise, &g, &tt, req.draws, base.seed)
                        });
                        (i, aspatial(i, &x, &tot), band)
                    })
                    .collect(),
            )
        }
        _ => None,
    };
    // What a field is called: its label, else the expression made readable.
    let named = |e: &str| {
        crate::data::labels::label(e, req.lang, &req.labels).unwrap_or_else(|| readable(e))
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
    // The country's segregation within the regions, and each region's share of it.
    let national_shares = match (country_kind, national) {
        (Country::Layer, _) => national_shares(table, req, &req.each),
        (Country::National, Some(t)) => {
            let level = if t.column(&req.each).is_some() {
                req.each.as_str()
            } else {
                "kommun"
            };
            national_shares(t, req, level)
        }
        _ => None,
    };
    let each_col = table.require(&req.each)?;
    let n_regions = chosen.len().max(1);
    for (k, (code, rows)) in chosen.into_iter().enumerate() {
        check(control)?;
        let name = name_col
            .and_then(|c| one(rows, &|r| c.key_at(r)))
            .or_else(|| bundled_names.get(code).cloned())
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
                    label: named(text),
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
                    label: named(t),
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
                band_county: county_code
                    .as_deref()
                    .and_then(|c| band_of(&by_county.results, name, c)),
                band_country: country_results.as_ref().and_then(|v| v[i].2.clone()),
                band: band_of(&by_each.results, name, code),
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
            national: national_shares.as_ref().and_then(|m| m.get(code).cloned()),
        });
        control.set_progress(0.37 + 0.13 * (k + 1) as f32 / n_regions as f32);
    }
    Ok(Report {
        group: req.group.clone(),
        total: req.total.clone(),
        group_label: req.group_label.clone().unwrap_or_else(|| named(&req.group)),
        total_label: req.total_label.clone().unwrap_or_else(|| named(&req.total)),
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

/// Each region's share of the country's segregation within the regions, from the country's
/// areas in `t` with the regions of `level`: None when they do not give one (no such level, a
/// count out of range).
fn national_shares(
    t: &Table,
    req: &Request,
    level: &str,
) -> Option<std::collections::HashMap<String, NationalShare>> {
    let o = levels::run(
        t,
        &levels::Request {
            groups: vec![
                req.group.clone(),
                format!("({}) - ({})", req.total, req.group),
            ],
            levels: vec![level.to_string()],
            within: None,
            missing: req.missing,
            ..Default::default()
        },
    )
    .ok()?;
    // The areas must be finer than the regions: the second level is theirs.
    if o.levels.len() < 2 {
        return None;
    }
    let d = &o.decomposition;
    let ranks = levels::ranks(&o, 0);
    let within: f64 = d.units[0].iter().map(|u| u.contribution_within).sum();
    Some(
        d.units[0]
            .iter()
            .enumerate()
            .filter_map(|(i, u)| {
                Some((
                    o.levels[0].codes[i].clone(),
                    NationalShare {
                        rank: ranks[i],
                        of: d.units[0].len(),
                        share: if within > 0.0 {
                            u.contribution_within / within
                        } else {
                            0.0
                        },
                        m: u.m?,
                        population_share: u.population_share,
                        country_m: d.total,
                        within: d.parts[1],
                    },
                ))
            })
            .collect(),
    )
}
