//! `segatlas scenario PATH [--stats T --key K] (--group EXPR --total EXPR | --groups A,B,…)
//! --change "POLYGON((…))|FILE:persons=N:share=S[:scenario=NAME]" [--change …] [--as-new-area]
//! [--index NAME,…] [--by FIELD] [--types V1,V2,V3 [--type-weight EXPR]] [--out FILE] [--json]`:
//! what a plan would do to segregation before it is built — the indices before and after (for
//! the whole layer and per region), the areas that receive persons, the new areas and their
//! neighbours, and the SCB area types that would change. The computation is
//! [`crate::analysis::scenario`].

use super::input::LayerArgs;
use crate::analysis::scenario::{self, Outcome, Request, ScenarioOutcome, DEFAULT_INDICES};
use crate::data::subset::ids_of;
use crate::data::table::{identify_fields, Column, Table};
use crate::data::write::check_not_input;
use crate::error::{Error, Result};
use crate::spatial::{self, WeightsSpec};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The group (single-group indices): a column or an expression
    #[arg(long)]
    group: Option<String>,
    /// The total (single-group indices)
    #[arg(long)]
    total: Option<String>,
    /// The groups (multigroup indices), comma-separated; a change then gives counts=A,B,…
    #[arg(long)]
    groups: Vec<String>,
    /// A change: a polygon (WKT in the layer's CRS, or a file of polygons) and its persons:
    /// "POLYGON((x y, …)):persons=N:share=S" (share 0–1 or "50%"; counts=A,B instead of share;
    /// persons negative removes; scenario=NAME groups changes into plans side by side;
    /// v1=,v2=,v3= the area-type components among the persons). Give it again for more
    #[arg(long = "change", required = true)]
    changes: Vec<String>,
    /// Each change is a new area of its own, cut out of the areas it covers (it then has
    /// neighbours along the cut), instead of persons placed into them by overlap
    #[arg(long)]
    as_new_area: bool,
    /// Index names, comma-separated, or `all`
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_INDICES.map(String::from))]
    index: Vec<String>,
    /// Also per region of this field (e.g. kommun)
    #[arg(long)]
    by: Option<String>,
    /// SCB's area-type components V1,V2,V3 (shares, as for `areatypes`): lists the areas whose
    /// type would change
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
    /// With --types: weight μ and σ by this (persons; a change adds its persons)
    #[arg(long)]
    type_weight: Option<String>,
    /// Snapping tolerance for contiguity (default: 25 m projected, 0 planar)
    #[arg(long)]
    tolerance: Option<f64>,
    /// The before-values' bootstrap interval at this level (e.g. 0.95): each index row says
    /// whether the after-value lies outside it (`exceeds_noise`)
    #[arg(long)]
    ci: Option<f64>,
    /// Bootstrap replicates for --ci
    #[arg(long, default_value_t = 999)]
    replicates: usize,
    /// Seed of the simulation-based indices and of the bootstrap
    #[arg(long, default_value_t = crate::measures::segregation::corrected::DEFAULT_SEED)]
    seed: u64,
    /// Write the areas after (values before and after, the group's share and its change, the
    /// persons received, types): .geojson, .gpkg or .csv; with several scenarios one file each,
    /// named FILE_SCENARIO.ext
    #[arg(long)]
    out: Option<PathBuf>,
    /// A map of each plan's change in the group's share, in diverging colours with the plan's
    /// polygons drawn over (with --by: only the regions the plan changes): .svg, .png or .pdf;
    /// with several scenarios one file each, named FILE_SCENARIO.ext, and FILE itself the plans
    /// side by side on one legend
    #[arg(long)]
    figure: Option<PathBuf>,
    /// The figure's title (default: the plan and what the map shows)
    #[arg(long)]
    title: Option<String>,
    /// The figure's source line, e.g. "Källa: SCB"
    #[arg(long, default_value = "")]
    source: String,
    /// The figure's size in pixels, WIDTHxHEIGHT
    #[arg(long, default_value = "1600x900")]
    size: String,
    /// sv or en (the figure's legend numbers and words)
    #[arg(long, default_value = "sv")]
    lang: String,
}

pub fn run(a: &Args) -> Result<i32> {
    let (layer, table) = a.input.load()?;
    for out in a.out.iter().chain(&a.figure) {
        check_not_input(out, &[&a.input.path])?;
    }
    let lang = super::render::parse_lang(&a.lang)?;
    let size = crate::figure::parse_size(&a.size)?;
    if a.figure.is_some() && a.group.is_none() {
        return Err(Error::input(
            "--figure maps the change in the group's share: give --group and --total",
        ));
    }
    let types = match a.types.len() {
        0 => None,
        3 => Some([a.types[0].clone(), a.types[1].clone(), a.types[2].clone()]),
        n => {
            return Err(Error::input(format!(
                "--types needs the three components V1,V2,V3; got {n}"
            )))
        }
    };
    if a.type_weight.is_some() && types.is_none() {
        return Err(Error::input("--type-weight needs --types"));
    }
    let tolerance = super::check::tolerance(
        a.tolerance
            .unwrap_or_else(|| spatial::default_tolerance(&layer)),
    )?;
    let req = Request {
        group: a.group.clone(),
        total: a.total.clone(),
        groups: a
            .groups
            .iter()
            .flat_map(|g| crate::data::expr::split_list(g))
            .collect(),
        names: super::check::index_names(&a.index)?,
        by: a.by.clone(),
        as_new_area: a.as_new_area,
        types,
        type_weight: a.type_weight.clone(),
        tolerance,
        seed: a.seed,
        missing: a.input.missing()?,
        ci: a.ci.map(super::check::level).transpose()?,
        replicates: super::check::permutations(a.replicates)?,
    };
    let path = &a.input.path;
    let scenarios = scenario::from_texts(&a.changes, &layer)?;
    let start = Instant::now();
    let o = scenario::run(&layer, &table, &req, &scenarios).map_err(|e| a.input.err(e))?;
    let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
    crate::work::check_interrupted()?;
    let ids = ids_of(&table, &(0..layer.len()).collect::<Vec<_>>());
    let mut written = Vec::new();
    let names: Vec<&str> = o.scenarios.iter().map(|s| s.name.as_str()).collect();
    if let Some(out) = &a.out {
        for (s, file) in o.scenarios.iter().zip(named_all(out, &names)) {
            check_not_input(&file, &[path])?;
            write_areas(&file, s, &req, &layer.name)?;
            written.push(file);
        }
    }
    if let Some(out) = &a.figure {
        for (s, file) in o.scenarios.iter().zip(named_all(out, &names)) {
            let svg = figure_svg(s, &req, &scenarios, a, lang, size)?;
            super::render::write_figure(&file, &svg, size.0, size.1, &[path])?;
            written.push(file);
        }
        // Several plans: FILE itself shows them side by side on one legend.
        if o.scenarios.len() > 1 {
            let svg = crate::figure::plans::side_by_side(
                &o.scenarios,
                &scenarios,
                req.group.as_deref().unwrap_or_default(),
                req.by.as_deref(),
                a.title.as_deref().unwrap_or_default(),
                &a.source,
                size,
                lang,
            )?;
            super::render::write_figure_as(out, &svg, size, &[path], lang, None)?;
            written.push(out.clone());
        }
    }
    let mut scenario_json = Vec::new();
    for s in &o.scenarios {
        scenario_json.push(scenario_value(s, &req, &ids)?);
    }
    if a.input.json {
        let mut v = json!({
            "before": o.before.iter().filter(|r| r.value.number().is_some()).collect::<Vec<_>>(),
            "scenarios": scenario_json,
            "excluded": ids_of(&table, &o.excluded),
            "excluded_reasons": crate::data::subset::reasons_of(&table, &o.excluded, &o.no_geometry),
            "written": written,
            "elapsed_ms": elapsed_ms,
        });
        // One scenario: its rows also at the top, as `indices`, `areas`, `type_changes`.
        if let [only] = scenario_json.as_slice() {
            for key in ["indices", "areas", "new_areas", "type_changes", "notes"] {
                v[key] = only[key].clone();
            }
        }
        super::print_json(&v);
    } else {
        print_text(&o, &scenario_json, &ids);
    }
    Ok(0)
}

/// The map of a plan's change in the group's share (percentage points), the app's map: the
/// regions the plan changes with `--by`, else the whole layer; the plan's polygons over it.
fn figure_svg(
    s: &ScenarioOutcome,
    req: &Request,
    plans: &[scenario::Scenario],
    a: &Args,
    lang: crate::i18n::Lang,
    (width, height): (f64, f64),
) -> Result<String> {
    let rows = crate::figure::plans::rows_of(s, req.by.as_deref())?;
    let change = crate::figure::plans::change_of(s, &rows)?;
    let what = format!(
        "{} ({})",
        lang.t("group_share_change"),
        lang.t("percentage_points")
    );
    let rendered = crate::classify::change::diverging(
        change,
        format!(
            "{} ({})",
            req.group.as_deref().unwrap_or_default(),
            lang.t("percentage_points")
        ),
        lang,
    );
    let areas: Vec<geo::MultiPolygon<f64>> =
        rows.iter().map(|&r| s.layer.projected[r].clone()).collect();
    let overlay: Vec<geo::MultiPolygon<f64>> = plans
        .iter()
        .find(|p| p.name == s.name)
        .map(|p| p.changes.iter().map(|c| c.shape.clone()).collect())
        .unwrap_or_default();
    let f = crate::figure::Figure {
        areas: &areas,
        rendered: &rendered,
        title: a
            .title
            .clone()
            .unwrap_or_else(|| format!("{} · {what}", s.name)),
        subtitle: String::new(),
        legend_title: rendered.title.clone().unwrap_or_default(),
        source: a.source.clone(),
        metres: s.layer.working_crs != crate::data::crs::Crs::Planar,
        width,
        height,
        lang,
        overlay: &overlay,
        labels: &[],
        bivariate: None,
        extent: None,
        locator: None,
        legend_at: crate::figure::Place::Auto,
        scale_at: crate::figure::Place::Auto,
        north_at: crate::figure::Place::Auto,
    };
    Ok(f.svg())
}

/// The files of the scenarios: `out` itself for one, else one each named by [`named_for`],
/// made distinct when two names clean to the same file (`A/B` and `A_B`).
fn named_all(out: &Path, scenarios: &[&str]) -> Vec<PathBuf> {
    if scenarios.len() == 1 {
        return vec![out.to_path_buf()];
    }
    let names: Vec<String> = scenarios
        .iter()
        .map(|s| {
            named_for(out, s)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    crate::data::write::distinct_names(&names)
        .into_iter()
        .map(|n| out.with_file_name(n))
        .collect()
}

/// `plan.geojson` for scenario "A" → `plan_A.geojson`.
fn named_for(out: &Path, scenario: &str) -> PathBuf {
    let safe: String = scenario
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = out.file_stem().unwrap_or_default().to_string_lossy();
    let name = match out.extension() {
        Some(e) => format!("{stem}_{safe}.{}", e.to_string_lossy()),
        None => format!("{stem}_{safe}"),
    };
    out.with_file_name(name)
}

/// The ids of the after layer's rows: the layer's own, then the new areas' labels.
fn after_ids(s: &ScenarioOutcome, ids: &[String]) -> Vec<String> {
    (0..s.layer.len())
        .map(|r| match ids.get(r) {
            Some(id) => id.clone(),
            None => ids_of(&s.table, &[r]).pop().unwrap_or_default(),
        })
        .collect()
}

/// One scenario as JSON.
fn scenario_value(s: &ScenarioOutcome, req: &Request, ids: &[String]) -> Result<Value> {
    let ids = after_ids(s, ids);
    let names = req.variables();
    let shares = s.shares();
    let areas: Vec<Value> = s
        .received
        .iter()
        .map(|r| {
            let mut v = json!({
                "id": ids[r.row],
                "change": r.change + 1,
                "fraction": r.fraction,
                "persons": r.persons,
                "added": names.iter().zip(&r.added).map(|(n, x)| (n.clone(), json!(x))).collect::<serde_json::Map<_, _>>(),
            });
            if let Some((b, a)) = &shares {
                v["share_before"] = json!(b[r.row]);
                v["share_after"] = json!(a[r.row]);
            }
            v
        })
        .collect();
    let mut new_areas = Vec::new();
    if !s.new_areas.is_empty() {
        let w = spatial::build_rows(
            &s.layer,
            &(0..s.layer.len()).collect::<Vec<_>>(),
            &WeightsSpec::Queen,
            req.tolerance,
        )?;
        for n in &s.new_areas {
            new_areas.push(json!({
                "id": ids[n.row],
                "change": n.change + 1,
                "region": n.region,
                "neighbours": w.neighbors_of(n.row).iter().map(|&j| ids[j as usize].clone()).collect::<Vec<_>>(),
            }));
        }
    }
    let type_changes: Vec<Value> = s
        .type_changes
        .iter()
        .map(|t| {
            json!({
                "id": ids[t.row],
                "before": t.before,
                "after": t.after,
                "sei_before": t.sei_before,
                "sei_after": t.sei_after,
            })
        })
        .collect();
    Ok(json!({
        "name": s.name,
        "indices": s.indices,
        "areas": areas,
        "new_areas": new_areas,
        "type_changes": type_changes,
        "notes": s.notes,
    }))
}

/// The areas after, with the values before and after.
fn write_areas(out: &Path, s: &ScenarioOutcome, req: &Request, layer_name: &str) -> Result<()> {
    let (name, code) = identify_fields(&s.table);
    let mut cols: Vec<Column> = [code, name, req.by.clone()]
        .into_iter()
        .flatten()
        .filter_map(|f| s.table.column(&f).cloned())
        .collect();
    cols.dedup_by(|a, b| a.name == b.name);
    let names = req.variables();
    for (k, n) in names.iter().enumerate() {
        cols.push(Column::number(
            format!("{n} före"),
            s.before_values[k].clone(),
        ));
        cols.push(Column::number(
            format!("{n} efter"),
            s.after_values[k].clone(),
        ));
    }
    if let Some((b, a)) = s.shares() {
        let diff = b
            .iter()
            .zip(&a)
            .map(|(b, a)| b.zip(*a).map(|(b, a)| a - b))
            .collect();
        cols.push(Column::number("andel_fore", b));
        cols.push(Column::number("andel_efter", a));
        cols.push(Column::number("andel_forandring", diff));
    }
    let mut persons = vec![None; s.layer.len()];
    for r in &s.received {
        *persons[r.row].get_or_insert(0.0) += r.persons;
    }
    cols.push(Column::number("personer_tillagda", persons));
    for l in &s.local {
        cols.push(Column::number(
            format!("{} före", l.index),
            l.before.clone(),
        ));
        cols.push(Column::number(
            format!("{} efter", l.index),
            l.after.clone(),
        ));
    }
    let table = Table::new(cols)?;
    crate::data::write::areas(
        out,
        layer_name,
        "areas",
        &s.layer.geometries,
        s.layer.crs,
        &table,
    )
}

fn print_text(o: &Outcome, scenarios: &[Value], ids: &[String]) {
    for (s, v) in o.scenarios.iter().zip(scenarios) {
        println!("{}:", s.name);
        println!(
            "  {:<28} {:>10} {:>10} {:>10}",
            "index", "före", "efter", "skillnad"
        );
        let f = |x: Option<f64>| x.map_or_else(|| "saknas".to_string(), |x| format!("{x:.4}"));
        for i in &s.indices {
            let label = match &i.region {
                Some(r) => format!("{} ({r})", i.index),
                None => i.index.to_string(),
            };
            println!(
                "  {label:<28} {:>10} {:>10} {:>10}",
                f(i.before),
                f(i.after),
                f(i.difference)
            );
        }
        println!("  persons into {} areas", s.received.len());
        if let Some(list) = v["type_changes"].as_array().filter(|l| !l.is_empty()) {
            println!("  area types that change: {}", list.len());
        }
        for n in &s.notes {
            println!("  note: {n}");
        }
    }
    if !o.excluded.is_empty() {
        let named: Vec<&str> = o.excluded.iter().map(|&r| ids[r].as_str()).collect();
        eprintln!(
            "segatlas: {} areas left out for a missing value (saknas): {}",
            named.len(),
            named.join(", ")
        );
    }
}
