//! `segatlas report PATH [--stats T --key K] --group EXPR --total EXPR [--var EXPR…] --each kommun
//! [--only CODE,…] [--national TABLE] [--lang sv|en] --out FOLDER [--json]`: one PDF per region
//! (`0180 Stockholm.pdf`) — the map of its areas with a locator inset, key indicators against
//! the county and the country, segregation indices explained, the county's between/within
//! split, the indices over the years — from the engine's [`crate::analysis::report`] and the
//! pages of [`crate::figure::report`]. A progress line per report on stderr.

use super::input::LayerArgs;
use crate::analysis::report::{build, Request};
use crate::error::{Error, Result};
use crate::spatial;
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct Args {
    #[command(flatten)]
    input: LayerArgs,
    /// The group: a column or an expression of counts
    #[arg(long)]
    group: String,
    /// The group's total
    #[arg(long)]
    total: String,
    /// What the group is called in the report (e.g. "utrikes födda"; default: the expression)
    #[arg(long = "group-label")]
    group_label: Option<String>,
    /// What the total is called in the report (e.g. "befolkningen")
    #[arg(long = "total-label")]
    total_label: Option<String>,
    /// A field's label in the report (repeatable): FIELD=TEXT; SCB's fields have theirs already
    /// ("Utländsk bakgrund 2022")
    #[arg(long = "label")]
    label: Vec<String>,
    /// More key indicators (columns or expressions of counts), comma-separated or repeated
    #[arg(long = "var")]
    var: Vec<String>,
    /// One report per value of this field (kommun)
    #[arg(long)]
    each: String,
    /// Only these regions (codes of --each), comma-separated; all when not given
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// The county field (default: lan/lan_kod/län, else the first two digits of four-digit codes)
    #[arg(long)]
    county: Option<String>,
    /// The field with the regions' names (default: kommunnamn or the like)
    #[arg(long)]
    names: Option<String>,
    /// A table of all the country's areas with the same columns (e.g. SCB's 5,984 DeSO), for the
    /// country's values when the layer does not cover Sweden
    #[arg(long)]
    national: Option<PathBuf>,
    /// Indices from the registry, comma-separated (default: dissim, isolation, entropy,
    /// spatial-dissim)
    #[arg(long, value_delimiter = ',')]
    index: Vec<String>,
    /// A plan to show on a page of the municipalities it reaches, as `segatlas scenario` takes
    /// it: "POLYGON((…))|FILE.geojson:persons=N:share=S[:scenario=NAME]" (repeat for several)
    #[arg(long = "change")]
    changes: Vec<String>,
    /// The date the reports carry, YYYY-MM-DD (default: today): the same inputs and date give
    /// the same pages
    #[arg(long)]
    date: Option<String>,
    /// The reports' language
    #[arg(long, default_value = "sv")]
    lang: String,
    /// Snapping tolerance for contiguity (default: 25 m projected, 0 planar)
    #[arg(long)]
    tolerance: Option<f64>,
    /// The folder the PDFs are written to (created if needed)
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    noise: super::noise::NoiseArgs,
}

pub fn run(a: &Args) -> Result<i32> {
    let lang = super::render::parse_lang(&a.lang)?;
    // A layer, or a table of areas without geometry (SCB's national DeSO table): then the
    // municipality is drawn on the bundled map.
    let (layer, table, placeless) = a.input.load_layer_or_table()?;
    let path = &a.input.path;
    let national = match &a.national {
        Some(p) => Some(crate::data::open_table(p)?),
        None => None,
    };
    let tol = super::check::tolerance(
        a.tolerance
            .unwrap_or_else(|| spatial::default_tolerance(&layer)),
    )?;
    let variables: Vec<String> = a
        .var
        .iter()
        .flat_map(|v| super::input::variables(v, &table))
        .collect();
    let noise = a.noise.model()?;
    let req = Request {
        group: a.group.clone(),
        total: a.total.clone(),
        group_label: a.group_label.clone(),
        total_label: a.total_label.clone(),
        variables,
        each: a.each.clone(),
        county: a.county.clone(),
        names: a.names.clone(),
        only: a.only.clone(),
        indices: a.index.clone(),
        missing: a.input.missing()?,
        tolerance: tol,
        scenarios: crate::analysis::scenario::from_texts(&a.changes, &layer)
            .map_err(|e| e.with_file(path))?,
        labels: crate::data::labels::parse(&a.label)?,
        lang,
        noise: noise.map(|n| n.0),
        draws: noise.map_or(0, |n| n.1),
    };
    let control = crate::work::Control::new();
    let report = build(&layer, &table, national.as_ref(), &req, &control).map_err(|e| {
        match (&a.national, e.message.starts_with("the national table")) {
            (Some(n), true) => e.with_file(n),
            _ => e.with_file(path),
        }
    })?;
    if report.regions.is_empty() {
        return Err(Error::input(format!("no area has a value of {}", a.each)));
    }
    let stats: Vec<(PathBuf, String)> = a
        .input
        .stats
        .iter()
        .map(|s| (s.clone(), a.input.key.clone().unwrap_or_default()))
        .collect();
    let sources =
        crate::figure::report::source_lines(path, &stats, a.national.as_deref(), &report, lang);
    let mut inputs: Vec<&std::path::Path> = vec![path.as_path()];
    inputs.extend(a.input.stats.as_deref());
    inputs.extend(a.national.as_deref());
    let date = match &a.date {
        Some(d) => {
            let ok = d.len() == 10
                && d.char_indices().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
                && match (
                    d[0..4].parse::<u32>(),
                    d[5..7].parse::<u32>(),
                    d[8..10].parse::<u32>(),
                ) {
                    (Ok(y), Ok(m @ 1..=12), Ok(day)) => day >= 1 && day <= days_in_month(y, m),
                    _ => false,
                };
            if !ok {
                return Err(Error::input(format!(
                    "--date {d}: give the date as YYYY-MM-DD"
                )));
            }
            d.clone()
        }
        None => crate::figure::report::today(),
    };
    let written = crate::figure::report::write_all(
        &report,
        &layer,
        &table,
        &a.each,
        &sources,
        &date,
        lang,
        &a.out,
        &inputs,
        &control,
        &|k, n, r| eprintln!("segatlas: report {} of {n}: {} {}", k + 1, r.code, r.name),
    )?;
    // Areas without a geometry are drawn on no map and left out of the spatial indices: named.
    // (A table has no geometry at all: nothing is left out for that.)
    let no_geometry = if placeless {
        Vec::new()
    } else {
        layer.without_geometry()
    };
    let reasons = crate::data::subset::reasons_of(&table, &no_geometry, &no_geometry);
    if !no_geometry.is_empty() && !a.input.json {
        eprintln!(
            "segatlas: {} areas have no geometry: on no map and left out of the spatial indices: {}",
            no_geometry.len(),
            reasons
                .iter()
                .take(10)
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if a.input.json {
        let reports: Vec<serde_json::Value> = report
            .regions
            .iter()
            .zip(&written)
            .map(|(r, w)| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                v["file"] = json!(w.file);
                v["pages"] = json!(w.pages);
                v
            })
            .collect();
        super::print_json(&json!({
            "out": a.out,
            "group": report.group,
            "total": report.total,
            "indices": report.indices,
            "map_variable": report.map_variable,
            "area_types": report.area_types,
            "country": report.country,
            "national_areas": report.national_areas,
            "excluded": reasons.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
            "excluded_reasons": reasons,
            "reports": reports,
        }));
    } else {
        println!("{} reports in {}", written.len(), a.out.display());
    }
    Ok(0)
}

/// The days of a month of the Gregorian calendar (2026-02-30 is no date).
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
