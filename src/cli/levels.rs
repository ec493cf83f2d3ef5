//! `segatlas levels TABLE|LAYER --groups G1,G2[,…] --levels lan,kommun,regso,deso [--link FILE
//! [--link-key FIELD:LINK_FIELD]] [--within LEVEL=CODE] [--years Y,…] [--noise MODEL [--draws N]] [--out UNITS.csv]
//! [--json]`:
//! Theil's M and H split exactly over nested levels, with every unit's own M, its population
//! share, its contribution and its rank. The computation is [`crate::analysis::levels`].

use super::input::LayerArgs;
use crate::analysis::levels::{self, Output, Request};
use crate::data::table::{Column, Table};
use crate::data::write::check_not_input;
use crate::error::{Error, Result};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The groups, comma-separated (a name with a comma in double quotes); their sum is the
    /// population
    #[arg(long, required = true)]
    groups: Vec<String>,
    /// The levels, coarsest first: fields, or lan, kommun, regso, deso derived from SCB's codes
    #[arg(long, required = true, value_delimiter = ',')]
    levels: Vec<String>,
    /// A link table adding fields to the rows by code (SCB's DeSO→RegSO koppling)
    #[arg(long)]
    link: Option<PathBuf>,
    /// The link's key: FIELD or FIELD:LINK_FIELD (default: the fields sharing the most codes)
    #[arg(long)]
    link_key: Option<String>,
    /// Only inside one unit: LEVEL=CODE (lan=01, kommun=0180), or a code found at one level
    #[arg(long)]
    within: Option<String>,
    /// One decomposition per year (year-bearing columns of --groups moved to each) and the
    /// change per level from the first year to the last
    #[arg(long, value_delimiter = ',')]
    years: Vec<i32>,
    /// Write every unit of every level (code, name, own M and H, share, contribution, rank):
    /// CSV
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
    /// Seed of --noise's draws (the same bands on any number of threads)
    #[arg(long, default_value_t = crate::measures::autocorrelation::DEFAULT_SEED)]
    seed: u64,
}

pub fn run(a: &Args) -> Result<i32> {
    let mut inputs = vec![a.input.path.as_path()];
    if let Some(l) = &a.link {
        inputs.push(l.as_path());
    }
    if let Some(out) = &a.out {
        check_not_input(out, &inputs)?;
        if !out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            return Err(Error::input(
                "--out writes the units as CSV: give a .csv file",
            ));
        }
    }
    let (_, table) = a.input.load_any()?;
    let path = &a.input.path;
    let linked = match &a.link {
        Some(file) => {
            let link = crate::data::open_table(file)?;
            let (joined, report) = levels::with_link(&table, &link, a.link_key.as_deref())
                .map_err(|e| e.with_file(file))?;
            if !report.unmatched.is_empty() && !a.input.json {
                eprintln!(
                    "segatlas: {} rows have no row in the link table {} ('{}' = '{}'): {}",
                    report.unmatched.len(),
                    file.display(),
                    report.table_field,
                    report.link_field,
                    super::index::shorten_list(&report.unmatched)
                );
            }
            Some((joined, report))
        }
        None => None,
    };
    let (table, link) = match linked {
        Some((t, r)) => (t, Some(r)),
        None => (table, None),
    };
    let noise = a.noise.model()?;
    let req = Request {
        groups: a
            .groups
            .iter()
            .flat_map(|g| crate::data::expr::split_list(g))
            .collect(),
        levels: a.levels.iter().map(|l| l.trim().to_string()).collect(),
        within: a.within.clone(),
        missing: a.input.missing()?,
        noise: noise.map(|n| n.0),
        draws: noise.map_or(0, |n| n.1),
        seed: a.seed,
    };
    let runs: Vec<(Option<i32>, Output)> = if a.years.is_empty() {
        vec![(
            None,
            levels::run(&table, &req).map_err(|e| e.with_file(path))?,
        )]
    } else {
        levels::run_years(&table, &req, &a.years)
            .map_err(|e| e.with_file(path))?
            .into_iter()
            .map(|(y, o)| (Some(y), o))
            .collect()
    };
    crate::work::check_interrupted()?;
    if let Some(out) = &a.out {
        crate::data::write::atomic_write(
            out,
            &crate::data::write::csv_bytes(&units_table(&runs))?,
        )?;
    }
    let last = &runs.last().expect("at least one run").1;
    if !last.excluded.is_empty() && !a.input.json {
        let ids: Vec<String> = last.excluded.iter().map(|e| e.id.clone()).collect();
        eprintln!(
            "segatlas: {} rows left out (a missing count, saknas, or no unit at a level): {}",
            ids.len(),
            super::index::shorten_list(&ids)
        );
    }
    for n in &last.notes {
        if !a.input.json {
            eprintln!("segatlas: {n}");
        }
    }
    if a.input.json {
        let mut v = if a.years.is_empty() {
            decomposition_json(last)
        } else {
            json!({
                "years": runs.iter().map(|(y, o)| {
                    let mut d = decomposition_json(o);
                    d["year"] = json!(y);
                    d
                }).collect::<Vec<_>>(),
                "change": change_json(&runs),
            })
        };
        v["groups"] = json!(req.groups);
        v["link"] = json!(link);
        super::print_json(&v);
    } else {
        for (y, o) in &runs {
            print_text(*y, o);
        }
    }
    Ok(0)
}

/// How a part is called: "between lan", "between kommun within lan".
pub fn part_label(o: &Output, l: usize) -> String {
    let name = &o.levels[l].name;
    match (l, &o.within) {
        (0, None) => format!("between {name}"),
        (0, Some((level, code))) => format!("between {name} within {level} {code}"),
        _ => format!("between {name} within {}", o.levels[l - 1].name),
    }
}

fn num(v: Option<f64>) -> Value {
    v.filter(|x| x.is_finite())
        .map_or(Value::Null, |x| json!(x))
}

fn decomposition_json(o: &Output) -> Value {
    let d = &o.decomposition;
    let share = |m: f64| {
        if d.total > 0.0 {
            json!(m / d.total)
        } else {
            Value::Null
        }
    };
    let parts: Vec<Value> = (0..d.parts.len())
        .map(|l| {
            json!({
                "level": o.levels[l].name,
                "label": part_label(o, l),
                "m": d.parts[l],
                "h": num(d.part_h(l)),
                "share": share(d.parts[l]),
            })
        })
        .collect();
    let last = o.levels.len() - 1;
    let units: serde_json::Map<String, Value> = (0..last)
        .map(|l| (o.levels[l].name.clone(), json!(units_json(o, l))))
        .collect();
    json!({
        "total": {"m": d.total, "h": num(d.total_h()), "entropy": d.entropy, "population": d.population},
        "within": o.within.as_ref().map(|(l, c)| json!({"level": l, "code": c})),
        "levels": o.levels.iter().map(|l| json!({"name": l.name, "source": l.source, "units": l.codes.len()})).collect::<Vec<_>>(),
        "parts": parts,
        "units": units,
        "excluded": o.excluded.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        "excluded_reasons": o.excluded,
        "notes": o.notes,
        "uncertainty": o.uncertainty,
    })
}

fn units_json(o: &Output, l: usize) -> Vec<Value> {
    let d = &o.decomposition;
    let rank = levels::ranks(o, l);
    let within: f64 = d.units[l].iter().map(|u| u.contribution_within).sum();
    let part = d.parts[l + 1];
    d.units[l]
        .iter()
        .enumerate()
        .map(|(i, u)| {
            json!({
                "code": o.levels[l].codes[i],
                "name": o.levels[l].names[i],
                "parent": u.parent.map(|p| o.levels[l - 1].codes[p].clone()),
                "population": u.population,
                "population_share": u.population_share,
                "m": num(u.m),
                "h": num(u.h),
                "m_children": num(u.m_children),
                "h_children": num(u.h_children),
                "contribution": u.contribution_within,
                "contribution_share": if within > 0.0 { json!(u.contribution_within / within) } else { Value::Null },
                "contribution_children": u.contribution,
                "contribution_children_share": if part > 0.0 { json!(u.contribution / part) } else { Value::Null },
                "rank": rank[i],
            })
        })
        .collect()
}

/// Per level (matched by name) the part's M and share in the first and the last year.
fn change_json(runs: &[(Option<i32>, Output)]) -> Vec<Value> {
    let (Some((y0, first)), Some((y1, last))) = (runs.first(), runs.last()) else {
        return Vec::new();
    };
    let (d0, d1) = (&first.decomposition, &last.decomposition);
    let mut out = vec![json!({
        "level": "total", "from": y0, "to": y1,
        "m_from": d0.total, "m_to": d1.total, "m_change": d1.total - d0.total,
    })];
    for (l, level) in first.levels.iter().enumerate().take(d0.parts.len()) {
        let Some(k) = last.levels.iter().position(|x| x.name == level.name) else {
            continue;
        };
        let (a, b) = (d0.parts[l], d1.parts[k]);
        out.push(json!({
            "level": level.name, "label": part_label(first, l), "from": y0, "to": y1,
            "m_from": a, "m_to": b, "m_change": b - a,
            "share_from": a / d0.total, "share_to": b / d1.total,
            "share_change": b / d1.total - a / d0.total,
        }));
    }
    out
}

/// Every unit of every level but the finest, one row each (per year with --years).
fn units_table(runs: &[(Option<i32>, Output)]) -> Table {
    let (mut year, mut level, mut code, mut name, mut parent) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut nums: Vec<Vec<Option<f64>>> = vec![Vec::new(); 9];
    for (y, o) in runs {
        let d = &o.decomposition;
        for l in 0..o.levels.len() - 1 {
            let rank = levels::ranks(o, l);
            let within: f64 = d.units[l].iter().map(|u| u.contribution_within).sum();
            for (i, u) in d.units[l].iter().enumerate() {
                year.push(y.map(f64::from));
                level.push(Some(o.levels[l].name.clone()));
                code.push(Some(o.levels[l].codes[i].clone()));
                name.push(o.levels[l].names[i].clone());
                parent.push(u.parent.map(|p| o.levels[l - 1].codes[p].clone()));
                let share = (within > 0.0).then(|| u.contribution_within / within);
                for (k, v) in [
                    Some(u.population),
                    Some(u.population_share),
                    u.m,
                    u.h,
                    u.m_children,
                    u.h_children,
                    Some(u.contribution_within),
                    share,
                    Some(rank[i] as f64),
                ]
                .into_iter()
                .enumerate()
                {
                    nums[k].push(v);
                }
            }
        }
    }
    let mut columns = Vec::new();
    if runs.iter().any(|(y, _)| y.is_some()) {
        columns.push(Column::number("year", year));
    }
    columns.push(Column::text("level", level));
    columns.push(Column::text("code", code));
    columns.push(Column::text("name", name));
    columns.push(Column::text("parent", parent));
    let names = [
        "population",
        "population_share",
        "m",
        "h",
        "m_children",
        "h_children",
        "contribution",
        "contribution_share",
        "rank",
    ];
    for (n, v) in names.into_iter().zip(nums) {
        columns.push(Column::number(n, v));
    }
    Table::new(columns).expect("columns of one length")
}

fn print_text(year: Option<i32>, o: &Output) {
    let d = &o.decomposition;
    let head = year.map(|y| format!("{y}: ")).unwrap_or_default();
    println!(
        "{head}Theil's M = {:.6}, H = {} ({} persons)",
        d.total,
        d.total_h().map_or("–".into(), |h| format!("{h:.6}")),
        d.population
    );
    let band = |b: Option<&crate::measures::uncertainty::Band>, scale: f64, digits: usize| {
        b.map_or(String::new(), |b| {
            format!(
                "  (95 %: {:.digits$}–{:.digits$})",
                b.low * scale,
                b.high * scale
            )
        })
    };
    if let Some(u) = &o.uncertainty {
        let b = u.total.as_ref();
        println!(
            "  M over {} draws of {}:{}",
            b.map_or(0, |b| b.draws),
            b.map_or(String::new(), |b| b.model.clone()),
            band(b, 1.0, 6)
        );
    }
    for l in 0..d.parts.len() {
        let u = o.uncertainty.as_ref();
        println!(
            "  {:<40} M = {:.6}{}  {:>5.1} %{}",
            part_label(o, l),
            d.parts[l],
            band(u.and_then(|u| u.parts[l].as_ref()), 1.0, 6),
            if d.total > 0.0 {
                100.0 * d.parts[l] / d.total
            } else {
                0.0
            },
            band(u.and_then(|u| u.shares[l].as_ref()), 100.0, 1)
        );
    }
    for l in 0..o.levels.len().saturating_sub(1) {
        let order = levels::order(o, l);
        println!(
            "  {} carrying most of the segregation within them:",
            o.levels[l].name
        );
        let within: f64 = d.units[l].iter().map(|u| u.contribution_within).sum();
        for (r, &i) in order.iter().take(5).enumerate() {
            let u = &d.units[l][i];
            println!(
                "    {}. {} {}  M = {:.4}, {:.1} % of the persons, {:.1} % of the segregation within {}",
                r + 1,
                o.levels[l].codes[i],
                o.levels[l].names[i].as_deref().unwrap_or(""),
                u.m.unwrap_or(f64::NAN),
                100.0 * u.population_share,
                if within > 0.0 { 100.0 * u.contribution_within / within } else { 0.0 },
                o.levels[l].name
            );
        }
    }
}
