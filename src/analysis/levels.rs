//! How much segregation lies at each level — riket, län, kommun, RegSO, DeSO — from one table of
//! counts: the levels found by name (a field, or derived from SCB's codes: län = a DeSO/RegSO/
//! kommun code's first two characters, kommun = its first four, regso/deso = the field whose
//! values are such codes), optionally through a link table (SCB's DeSO→RegSO koppling), and
//! Theil's M decomposed exactly over them ([`crate::measures::segregation::levels`]). The CLI's
//! `levels`, the app's *Nivåer* view and `report --each` all call [`run`].

use crate::analysis::years::move_to_year;
use crate::data::expr::Expr;
use crate::data::subset::{ids_of, Missing, Subset};
use crate::data::table::{Column, Table};
use crate::error::{Error, Result};
use crate::measures::segregation::levels::{decompose, Decomposition, Nested};
use crate::measures::uncertainty::{self, Band, Noise};
use std::collections::HashMap;

/// What to decompose.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// Two or more groups (columns or expressions) whose sum is the population.
    pub groups: Vec<String>,
    /// Level names, coarsest first (`lan,kommun,regso,deso`, or fields).
    pub levels: Vec<String>,
    /// Only inside this unit: `LEVEL=CODE` or a code found at exactly one level.
    pub within: Option<String>,
    pub missing: Missing,
    /// Redraw the counts by this model `draws` times (seeded): bands for the total and parts.
    pub noise: Option<Noise>,
    pub draws: usize,
    pub seed: u64,
}

/// The decomposition over noisy counts: bands for the total M, each part's M and each part's
/// share of the total.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bands {
    pub total: Option<Band>,
    pub parts: Vec<Option<Band>>,
    pub shares: Vec<Option<Band>>,
}

/// One level as found: its name, where its units come from, and its units' codes and names.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub name: String,
    /// How the level was found ("field 'kommun'", "first 4 characters of 'deso'", …).
    pub source: String,
    pub codes: Vec<String>,
    pub names: Vec<Option<String>>,
}

/// Why a row was left out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Left {
    pub id: String,
    pub reason: String,
}

/// The decomposition with its levels (the finest last: the named one when it has one row per
/// unit, else the rows themselves as `areas`).
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub levels: Vec<Level>,
    pub decomposition: Decomposition,
    /// The unit the decomposition is restricted to (level name, code), with `within`.
    pub within: Option<(String, String)>,
    pub excluded: Vec<Left>,
    /// Things a person should know (codes that repeat under different parents, …).
    pub notes: Vec<String>,
    /// The rows decomposed, and the unit of each at each level (to find a unit's areas).
    pub rows: Vec<usize>,
    pub unit_of_row: Vec<Vec<usize>>,
    /// With a noise model: the bands of the total and the parts.
    pub uncertainty: Option<Bands>,
}

impl Output {
    /// The rows of the table in unit `u` of level `l`.
    pub fn rows_of(&self, l: usize, u: usize) -> Vec<usize> {
        self.rows
            .iter()
            .zip(&self.unit_of_row[l])
            .filter(|(_, &x)| x == u)
            .map(|(&r, _)| r)
            .collect()
    }
}

/// Whether a text is a code of some kind.
type CodeTest = fn(&str) -> bool;

/// The levels of SCB's codes a table has (among lan, kommun, regso, deso), coarsest first:
/// what to propose.
pub fn available(table: &Table) -> Vec<&'static str> {
    let looks: [(&str, CodeTest); 4] = [
        ("lan", |k| {
            k.len() == 2 && k.bytes().all(|b| b.is_ascii_digit())
        }),
        ("kommun", is_kommun),
        ("regso", is_regso),
        ("deso", is_deso),
    ];
    looks
        .into_iter()
        .filter(|(l, test)| {
            // Codes, not a count that happens to be called `kommun`.
            resolve(table, l).is_ok_and(|(_, keys)| {
                keys.iter().flatten().next().is_some() && keys.iter().flatten().all(|k| test(k))
            })
        })
        .map(|(l, _)| l)
        .collect()
}

/// The link table's key pair and what matched.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LinkReport {
    pub table_field: String,
    pub link_field: String,
    pub matched: usize,
    /// Rows of the table without a row in the link.
    pub unmatched: Vec<String>,
    /// Rows of the link no row of the table has.
    pub unused: usize,
}

fn is_deso(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'A' | b'B' | b'C')
        && b[5..].iter().all(u8::is_ascii_digit)
}

fn is_regso(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'R'
        && b[5..].iter().all(u8::is_ascii_digit)
}

fn is_kommun(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The first column whose present values (at least one) all pass `test`.
fn column_where(table: &Table, test: fn(&str) -> bool) -> Option<&Column> {
    table.columns.iter().find(|c| {
        let mut any = false;
        (0..table.len()).all(|r| match c.key_at(r) {
            Some(k) => {
                any = true;
                test(&k)
            }
            None => true,
        }) && any
    })
}

/// The units of a level on every row: a field of that name, or derived from SCB's codes.
fn resolve(table: &Table, name: &str) -> Result<(String, Vec<Option<String>>)> {
    let keys = |c: &Column| (0..table.len()).map(|r| c.key_at(r)).collect::<Vec<_>>();
    if let Some(c) = table.column(name).or_else(|| {
        table
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }) {
        return Ok((format!("field '{}'", c.name), keys(c)));
    }
    let lower = name.to_lowercase();
    let prefix = |chars: usize| -> Option<(String, Vec<Option<String>>)> {
        let c = column_where(table, is_deso)
            .or_else(|| column_where(table, is_regso))
            .or_else(|| {
                (chars == 2)
                    .then(|| column_where(table, is_kommun))
                    .flatten()
            })?;
        Some((
            format!("first {chars} characters of '{}'", c.name),
            keys(c)
                .into_iter()
                .map(|k| k.map(|k| k[..chars].to_string()))
                .collect(),
        ))
    };
    let found = match lower.as_str() {
        "lan" | "län" | "county" => prefix(2),
        "kommun" | "municipality" => prefix(4),
        "regso" => column_where(table, is_regso).map(|c| (format!("field '{}'", c.name), keys(c))),
        "deso" => column_where(table, is_deso).map(|c| (format!("field '{}'", c.name), keys(c))),
        _ => None,
    };
    found.ok_or_else(|| {
        let fields: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        Error::input(format!(
            "level '{name}': no field of that name, and it cannot be derived from SCB's codes (lan, kommun, regso, deso); fields: {}",
            fields.join(", ")
        ))
    })
}

/// A column of names for the codes of `field`: one value per code, words rather than codes,
/// named like a name (`…namn`, `…name`) or like the field without `kod`.
fn name_column<'a>(table: &'a Table, field: &str, codes: &[Option<String>]) -> Option<&'a Column> {
    let bare = field.to_lowercase().replace("kod", "").replace("code", "");
    let like_field = table
        .columns
        .iter()
        .filter(|c| c.name != field && c.name.to_lowercase() == bare);
    let like_name = table.columns.iter().filter(|c| {
        let n = c.name.to_lowercase();
        c.name != field && (n.contains("namn") || n.contains("name"))
    });
    like_field.chain(like_name).find(|c| {
        let mut seen: HashMap<&str, String> = HashMap::new();
        let mut wordy = false;
        for (r, code) in codes.iter().enumerate() {
            let (Some(code), Some(v)) = (code, c.key_at(r)) else {
                continue;
            };
            wordy |= v.chars().any(char::is_alphabetic);
            match seen.get(code.as_str()) {
                Some(prev) if *prev != v => return false,
                Some(_) => {}
                None => {
                    seen.insert(code, v);
                }
            }
        }
        // A name tells the units apart (not the municipality's name for each of its areas).
        let distinct: std::collections::HashSet<&String> = seen.values().collect();
        wordy && !seen.is_empty() && distinct.len() * 2 >= seen.len()
    })
}

/// Join a link table (e.g. SCB's DeSO→RegSO koppling) onto the table: `key` is `FIELD` or
/// `FIELD:LINK_FIELD`; without it, the pair of fields with the most matching codes. The link's
/// other fields are added (a name the table has already gets ` (link)`).
pub fn with_link(table: &Table, link: &Table, key: Option<&str>) -> Result<(Table, LinkReport)> {
    let keys = |t: &Table, c: &Column| (0..t.len()).map(|r| c.key_at(r)).collect::<Vec<_>>();
    let (tf, lf) = match key {
        Some(k) => {
            let (a, b) = k.split_once(':').unwrap_or((k, k));
            (
                table.require(a.trim())?,
                link.require(b.trim())
                    .map_err(|e| Error::input(format!("the link table: {e}")))?,
            )
        }
        None => {
            let mut best: Option<(usize, &Column, &Column)> = None;
            for lc in &link.columns {
                let present: Vec<String> = keys(link, lc).into_iter().flatten().collect();
                let set: std::collections::HashSet<String> = present.iter().cloned().collect();
                if set.len() < present.len() {
                    continue; // not a key: a code repeats
                }
                for tc in &table.columns {
                    let hits = keys(table, tc)
                        .iter()
                        .flatten()
                        .filter(|k| set.contains(*k))
                        .count();
                    if hits > best.map_or(0, |b| b.0) {
                        best = Some((hits, tc, lc));
                    }
                }
            }
            let (_, tc, lc) = best.ok_or_else(|| {
                Error::input("the link table has no field of unique codes shared with the table (give --link-key FIELD:LINK_FIELD)")
            })?;
            (tc, lc)
        }
    };
    let mut at: HashMap<String, usize> = HashMap::new();
    for (r, k) in keys(link, lf).into_iter().enumerate() {
        if let Some(k) = k {
            if at.insert(k.clone(), r).is_some() {
                return Err(Error::input(format!(
                    "the link table has '{k}' twice in '{}': a link gives each code once",
                    lf.name
                )));
            }
        }
    }
    let rows: Vec<Option<usize>> = keys(table, tf)
        .iter()
        .map(|k| k.as_ref().and_then(|k| at.get(k).copied()))
        .collect();
    let matched = rows.iter().flatten().count();
    let unmatched_rows: Vec<usize> = (0..table.len()).filter(|&r| rows[r].is_none()).collect();
    let mut out = table.clone();
    let added = link.take_rows(&rows);
    for c in added.columns {
        if c.name == lf.name {
            continue;
        }
        let mut c = c;
        if out.column(&c.name).is_some() {
            c.name = format!("{} (link)", c.name);
        }
        out.push(c);
    }
    let report = LinkReport {
        table_field: tf.name.clone(),
        link_field: lf.name.clone(),
        matched,
        unmatched: ids_of(table, &unmatched_rows),
        unused: at.len().saturating_sub(matched),
    };
    Ok((out, report))
}

/// Decompose Theil's M of the groups over the levels.
pub fn run(table: &Table, req: &Request) -> Result<Output> {
    if req.groups.len() < 2 {
        return Err(Error::input(
            "levels needs --groups with two or more groups (e.g. svensk_bakgrund_2022,utlandsk_bakgrund_2022)",
        ));
    }
    if req.levels.is_empty() {
        return Err(Error::input(
            "levels needs --levels (e.g. lan,kommun,regso,deso)",
        ));
    }
    let vars: Vec<(String, Vec<Option<f64>>)> = req
        .groups
        .iter()
        .map(|g| Ok((g.clone(), Expr::values(g, table, None)?)))
        .collect::<Result<_>>()?;
    let mut found: Vec<(String, String, Vec<Option<String>>)> = Vec::new();
    for name in &req.levels {
        let (source, keys) = resolve(table, name)?;
        found.push((name.clone(), source, keys));
    }
    let n = table.len();
    let ids = ids_of(table, &(0..n).collect::<Vec<_>>());
    let mut excluded = Vec::new();
    // Rows without a unit at some level.
    let mut candidates = Vec::with_capacity(n);
    for r in 0..n {
        match found.iter().find(|(_, _, k)| k[r].is_none()) {
            None => candidates.push(r),
            Some((name, source, _)) => {
                if req.missing == Missing::Error {
                    return Err(Error::input(format!(
                        "area {} has no {name} ({source}); --missing skip leaves it out",
                        ids[r]
                    )));
                }
                excluded.push((r, format!("no {name} ({source})")));
            }
        }
    }
    let named: Vec<(&str, &[Option<f64>])> = vars
        .iter()
        .map(|(t, v)| (t.as_str(), v.as_slice()))
        .collect();
    let s = Subset::complete(n, Some(&candidates), &named, req.missing)?;
    excluded.extend(s.excluded.iter().map(|&r| (r, "missing value".to_string())));
    let mut rows = s.rows;
    // Rows left out for a missing count whose missing counts the noise model draws: they join
    // the draws (not the value).
    let mut fill: Vec<usize> = match req.noise {
        Some(noise) if noise.fills_missing() => s.excluded.clone(),
        _ => Vec::new(),
    };
    let mut within = None;
    let mut skip = 0;
    if let Some(w) = &req.within {
        let (l, code) = find_within(w, &req.levels, &found, &rows)?;
        rows.retain(|&r| found[l].2[r].as_deref() == Some(code.as_str()));
        fill.retain(|&r| found[l].2[r].as_deref() == Some(code.as_str()));
        within = Some((req.levels[l].clone(), code));
        skip = l + 1;
    }
    if rows.is_empty() {
        return Err(Error::input(
            "levels: no area has every group and every level",
        ));
    }
    let values: Vec<Vec<f64>> = vars
        .iter()
        .map(|(_, v)| rows.iter().map(|&r| v[r].unwrap_or(0.0)).collect())
        .collect();
    let named: Vec<(&str, &[f64])> = vars
        .iter()
        .zip(&values)
        .map(|((t, _), v)| (t.as_str(), v.as_slice()))
        .collect();
    crate::data::counts::check(table, &rows, &named, &[])?;
    for (name, v) in &vars {
        let present: Vec<usize> = fill.iter().copied().filter(|&r| v[r].is_some()).collect();
        let values: Vec<f64> = present.iter().filter_map(|&r| v[r]).collect();
        crate::data::counts::check(table, &present, &[(name, &values)], &[])?;
    }
    let counts: Vec<Vec<f64>> = (0..rows.len())
        .map(|i| values.iter().map(|v| v[i]).collect())
        .collect();
    // Units qualified by their parent, so that a name repeated under two parents is two units.
    let found = &found[skip..];
    let mut notes = Vec::new();
    let (mut levels, mut of_row) = nest(found, &rows, &mut notes);
    let finest_is_rows = of_row
        .last()
        .is_some_and(|u| levels.last().is_some_and(|l| l.codes.len() == u.len()));
    if !finest_is_rows {
        let code = crate::data::table::identify_fields(table).1;
        levels.push(Level {
            name: code.clone().unwrap_or_else(|| "areas".into()),
            source: code.map_or("the rows".into(), |c| format!("the rows (by '{c}')")),
            codes: rows.iter().map(|&r| ids[r].clone()).collect(),
            names: vec![None; rows.len()],
        });
        of_row.push((0..rows.len()).collect());
    }
    name_units(table, &mut levels, &rows, skip, &req.levels);
    let decomposition = decompose(&Nested {
        counts: &counts,
        levels: &of_row,
    })?;
    excluded.sort_by_key(|e| e.0);
    let uncertainty = req.noise.map(|noise| {
        if fill.is_empty() {
            let cells: Vec<Vec<Option<f64>>> = counts
                .iter()
                .map(|r| r.iter().map(|c| Some(*c)).collect())
                .collect();
            return bands(noise, req, &cells, &of_row, decomposition.parts.len());
        }
        // The draws cover the rows and the filled ones, nested the same way.
        let all: Vec<usize> = rows.iter().chain(&fill).copied().collect();
        let (_, mut wide) = nest(found, &all, &mut Vec::new());
        if !finest_is_rows {
            wide.push((0..all.len()).collect());
        }
        let cells: Vec<Vec<Option<f64>>> = all
            .iter()
            .map(|&r| vars.iter().map(|(_, v)| v[r]).collect())
            .collect();
        notes.push(format!(
            "{}: {} row{} left out of the value for a missing count join the draws, the missing counts drawn",
            noise.name(),
            fill.len(),
            if fill.len() == 1 { "" } else { "s" }
        ));
        bands(noise, req, &cells, &wide, decomposition.parts.len())
    });
    Ok(Output {
        uncertainty,
        levels,
        decomposition,
        within,
        rows,
        unit_of_row: of_row,
        excluded: excluded
            .into_iter()
            .map(|(r, reason)| Left {
                id: ids[r].clone(),
                reason,
            })
            .collect(),
        notes,
    })
}

/// The decomposition on `req.draws` draws of the counts (each group's count of each row redrawn
/// on its own, a missing one drawn when the model fills it, else 0; rows drawn empty carry no
/// weight).
fn bands(
    noise: Noise,
    req: &Request,
    counts: &[Vec<Option<f64>>],
    of_row: &[Vec<usize>],
    parts: usize,
) -> Bands {
    let draws: Vec<Option<(f64, Vec<f64>)>> = uncertainty::simulate(req.draws, req.seed, |r| {
        let drawn: Vec<Vec<f64>> = counts
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| noise.cell(*c, r).unwrap_or(0.0))
                    .collect()
            })
            .collect();
        let d = decompose(&Nested {
            counts: &drawn,
            levels: of_row,
        })
        .ok()?;
        Some((d.total, d.parts))
    });
    let done: Vec<&(f64, Vec<f64>)> = draws.iter().flatten().collect();
    let total: Vec<Option<f64>> = done.iter().map(|d| Some(d.0)).collect();
    let part = |l: usize, share: bool| -> Option<Band> {
        let v: Vec<Option<f64>> = done
            .iter()
            .map(|d| {
                let m = *d.1.get(l)?;
                if share {
                    (d.0 > 0.0).then(|| m / d.0)
                } else {
                    Some(m)
                }
            })
            .collect();
        Band::of(noise, &v)
    };
    Bands {
        total: Band::of(noise, &total),
        parts: (0..parts).map(|l| part(l, false)).collect(),
        shares: (0..parts).map(|l| part(l, true)).collect(),
    }
}

/// The same decomposition for each year: year-bearing columns of the groups moved to it.
pub fn run_years(table: &Table, req: &Request, years: &[i32]) -> Result<Vec<(i32, Output)>> {
    years
        .iter()
        .map(|&y| {
            let mut moved = req.clone();
            moved.groups = req
                .groups
                .iter()
                .map(|g| {
                    let e = Expr::for_table(g, table)?;
                    move_to_year(&e, table, y)
                        .map(|m| m.to_string())
                        .ok_or_else(|| Error::input(format!("'{g}' has no columns for {y}")))
                })
                .collect::<Result<_>>()?;
            let out = run(table, &moved).map_err(|mut e| {
                e.message = format!("{y}: {}", e.message);
                e
            })?;
            Ok((y, out))
        })
        .collect()
}

/// The units of level `l` by what they carry of the segregation within the level's units
/// (their contribution, largest first; ties by code).
pub fn order(o: &Output, l: usize) -> Vec<usize> {
    let units = &o.decomposition.units[l];
    let mut idx: Vec<usize> = (0..units.len()).collect();
    idx.sort_by(|&a, &b| {
        units[b]
            .contribution_within
            .total_cmp(&units[a].contribution_within)
            .then_with(|| o.levels[l].codes[a].cmp(&o.levels[l].codes[b]))
    });
    idx
}

/// Each unit's rank (1 = carries the most) in [`order`].
pub fn ranks(o: &Output, l: usize) -> Vec<usize> {
    let mut rank = vec![0; o.decomposition.units[l].len()];
    for (r, i) in order(o, l).into_iter().enumerate() {
        rank[i] = r + 1;
    }
    rank
}

/// The level and code of `--within`: `LEVEL=CODE`, or a code found at exactly one level.
fn find_within(
    w: &str,
    names: &[String],
    found: &[(String, String, Vec<Option<String>>)],
    rows: &[usize],
) -> Result<(usize, String)> {
    let has = |l: usize, code: &str| rows.iter().any(|&r| found[l].2[r].as_deref() == Some(code));
    if let Some((level, code)) = w.split_once('=') {
        let l = names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(level.trim()))
            .ok_or_else(|| {
                Error::input(format!(
                    "--within {w}: '{level}' is not one of the levels ({})",
                    names.join(", ")
                ))
            })?;
        let code = code.trim().to_string();
        if !has(l, &code) {
            return Err(Error::input(format!(
                "--within {w}: no area is in {level} {code}"
            )));
        }
        return Ok((l, code));
    }
    let at: Vec<usize> = (0..names.len()).filter(|&l| has(l, w.trim())).collect();
    match at.as_slice() {
        [l] => Ok((*l, w.trim().to_string())),
        [] => Err(Error::input(format!(
            "--within {w}: no unit of any level has that code"
        ))),
        _ => Err(Error::input(format!(
            "--within {w}: the code is a unit of several levels ({}); write LEVEL=CODE",
            at.iter()
                .map(|&l| names[l].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The units of every level found (coarsest first) on the kept rows, and each row's unit at
/// each level.
fn nest(
    found: &[(String, String, Vec<Option<String>>)],
    rows: &[usize],
    notes: &mut Vec<String>,
) -> (Vec<Level>, Vec<Vec<usize>>) {
    let mut levels: Vec<Level> = Vec::new();
    let mut of_row: Vec<Vec<usize>> = Vec::new();
    for (name, source, keys) in found {
        let (level, units) = units_of(name, source.clone(), keys, rows, of_row.last(), notes);
        levels.push(level);
        of_row.push(units);
    }
    (levels, of_row)
}

/// The units of one level on the kept rows, each qualified by its parent unit.
fn units_of(
    name: &str,
    source: String,
    keys: &[Option<String>],
    rows: &[usize],
    parents: Option<&Vec<usize>>,
    notes: &mut Vec<String>,
) -> (Level, Vec<usize>) {
    let mut index: HashMap<(usize, &str), usize> = HashMap::new();
    let mut codes: Vec<String> = Vec::new();
    let mut units = Vec::with_capacity(rows.len());
    let mut parent_of: HashMap<&str, usize> = HashMap::new();
    let mut repeated: Vec<&str> = Vec::new();
    for (i, &r) in rows.iter().enumerate() {
        let code = keys[r].as_deref().expect("rows have every level");
        let parent = parents.map_or(0, |p| p[i]);
        let next = codes.len();
        let u = *index.entry((parent, code)).or_insert_with(|| {
            codes.push(code.to_string());
            next
        });
        if let Some(p) = parent_of.insert(code, parent) {
            if p != parent && !repeated.contains(&code) {
                repeated.push(code);
            }
        }
        units.push(u);
    }
    if !repeated.is_empty() {
        let shown: Vec<&str> = repeated.iter().take(5).copied().collect();
        notes.push(format!(
            "level '{name}': {} code{} occur under more than one unit of the level above and count as separate units: {}{}",
            repeated.len(),
            if repeated.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if repeated.len() > 5 { ", …" } else { "" }
        ));
    }
    let count = codes.len();
    (
        Level {
            name: name.to_string(),
            source,
            codes,
            names: vec![None; count],
        },
        units,
    )
}

/// Names for the units: a name column of the table beside the level's field, else the bundled
/// counties' and municipalities' names for their codes.
fn name_units(table: &Table, levels: &mut [Level], rows: &[usize], skip: usize, asked: &[String]) {
    for (l, level) in levels.iter_mut().enumerate() {
        let field = asked.get(l + skip).and_then(|a| resolve(table, a).ok());
        let from_table = field.as_ref().and_then(|(source, keys)| {
            let f = source.strip_prefix("field '")?.strip_suffix('\'')?;
            let c = name_column(table, f, keys)?;
            let mut map = HashMap::new();
            for &r in rows {
                if let (Some(k), Some(v)) = (&keys[r], c.key_at(r)) {
                    map.entry(k.clone()).or_insert(v);
                }
            }
            Some(map)
        });
        let map = from_table.or_else(|| crate::analysis::names::bundled(&level.codes));
        if let Some(map) = map {
            level.names = level.codes.iter().map(|c| map.get(c).cloned()).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let text = |name: &str, v: &[&str]| {
            Column::text(name, v.iter().map(|s| Some(s.to_string())).collect())
        };
        let num =
            |name: &str, v: &[f64]| Column::number(name, v.iter().map(|x| Some(*x)).collect());
        Table::new(vec![
            text(
                "deso",
                &[
                    "0114A0010",
                    "0114C1010",
                    "0180C1020",
                    "0180C1030",
                    "0380A0010",
                    "0380C1010",
                ],
            ),
            num("a", &[10.0, 30.0, 50.0, 5.0, 80.0, 60.0]),
            num("b", &[90.0, 70.0, 50.0, 20.0, 20.0, 40.0]),
        ])
        .unwrap()
    }

    #[test]
    fn levels_are_derived_from_deso_codes_and_named_from_the_bundled_map() {
        let t = table();
        let o = run(
            &t,
            &Request {
                groups: vec!["a".into(), "b".into()],
                levels: vec!["lan".into(), "kommun".into(), "deso".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(o.levels[0].codes, ["01", "03"]);
        assert_eq!(o.levels[1].codes, ["0114", "0180", "0380"]);
        assert_eq!(o.levels[1].names[1].as_deref(), Some("Stockholm"));
        assert_eq!(o.levels[0].names[1].as_deref(), Some("Uppsala län"));
        assert_eq!(
            o.levels.len(),
            3,
            "deso is one row per unit: no extra level"
        );
        let d = &o.decomposition;
        assert!((d.parts.iter().sum::<f64>() - d.total).abs() < 1e-15);
        // A unit's rows of the table (the app selects them on the map): Stockholm county's
        // four DeSO, municipality 0180's two, Uppsala county's last two.
        assert_eq!(o.rows_of(0, 0), [0, 1, 2, 3]);
        assert_eq!(o.rows_of(1, 1), [2, 3]);
        assert_eq!(o.rows_of(0, 1), [4, 5]);
        // Within Stockholm county, the county's own decomposition.
        let w = run(
            &t,
            &Request {
                within: Some("lan=01".into()),
                groups: vec!["a".into(), "b".into()],
                levels: vec!["lan".into(), "kommun".into(), "deso".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(w.within, Some(("lan".into(), "01".into())));
        assert_eq!(w.levels[0].codes, ["0114", "0180"]);
        assert!((w.decomposition.total - d.units[0][0].m.unwrap()).abs() < 1e-14);
    }

    #[test]
    fn a_level_not_in_the_table_is_refused_naming_the_fields() {
        let e = run(
            &table(),
            &Request {
                groups: vec!["a".into(), "b".into()],
                levels: vec!["stadsdel".into()],
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("stadsdel") && e.contains("fields: deso, a, b"),
            "{e}"
        );
    }
}
